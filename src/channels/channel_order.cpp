#include "channels/channel_order.hpp"

#include <array>
#include <utility>

namespace ordo::channels {
namespace {
constexpr std::array<std::pair<Channel, std::string_view>, 6> kNames = {{
    {Channel::kShopify, "shopify"},
    {Channel::kWooCommerce, "woocommerce"},
    {Channel::kTaobao, "taobao"},
    {Channel::kJd, "jd"},
    {Channel::kDouyin, "douyin"},
    {Channel::kPosCsv, "pos_csv"},
}};
}  // namespace

std::string_view ChannelName(Channel channel) {
  for (const auto& [candidate, name] : kNames) {
    if (candidate == channel) return name;
  }
  return "unknown";
}

std::optional<Channel> ParseChannel(std::string_view name) {
  for (const auto& [channel, candidate] : kNames) {
    if (candidate == name) return channel;
  }
  return std::nullopt;
}

std::string_view ContactFormName(ContactForm form) {
  switch (form) {
    case ContactForm::kClear: return "clear";
    case ContactForm::kPrivacyRelay: return "privacy_relay";
    case ContactForm::kMasked: return "masked";
    case ContactForm::kEncrypted: return "encrypted";
    case ContactForm::kAbsent: return "absent";
  }
  return "absent";
}

}  // namespace ordo::channels
