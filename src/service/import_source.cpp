#include "service/import_source.hpp"

#include <array>
#include <utility>

#include "channels/douyin.hpp"
#include "channels/jd.hpp"
#include "channels/shopify.hpp"
#include "channels/taobao.hpp"
#include "channels/woocommerce.hpp"
#include "order/order_json.hpp"

namespace ordo::service {
namespace {

constexpr std::array<std::pair<ImportSource, std::string_view>, 7> kNames = {{
    {ImportSource::kShopify, "shopify"},
    {ImportSource::kWooCommerce, "woocommerce"},
    {ImportSource::kTaobao, "taobao"},
    {ImportSource::kJd, "jd"},
    {ImportSource::kDouyin, "douyin"},
    {ImportSource::kApi, "api"},
    {ImportSource::kPosCsv, "pos_csv"},
}};

core::Result<order::Order> OrderOf(core::Result<channels::ChannelOrder> mapped) {
  if (!mapped) return std::move(mapped).error();
  return std::move(mapped->order);
}

}  // namespace

std::optional<ImportSource> ParseImportSource(std::string_view channel) {
  for (const auto& [source, name] : kNames) {
    if (name == channel) return source;
  }
  return std::nullopt;
}

std::string_view ImportSourceName(ImportSource source) {
  for (const auto& [candidate, name] : kNames) {
    if (candidate == source) return name;
  }
  return "unknown";
}

core::Result<order::Order> MapJsonRow(ImportSource source, std::string_view line, core::UnixMillis now) {
  switch (source) {
    case ImportSource::kShopify: return OrderOf(channels::MapShopifyOrder(line, now));
    case ImportSource::kWooCommerce: return OrderOf(channels::MapWooOrder(line, now));
    case ImportSource::kTaobao: return OrderOf(channels::MapTaobaoTrade(line, now));
    case ImportSource::kJd: return OrderOf(channels::MapJdOrder(line, now));
    case ImportSource::kDouyin: return OrderOf(channels::MapDouyinOrder(line, now));
    case ImportSource::kApi: {
      // As the order intake parses POST /orders: strict, the address left to the entry rules.
      const order::ParseOptions options{.strict = true, .from_storage = false, .address_required = false};
      return order::ParseOrder(line, options, now);
    }
    case ImportSource::kPosCsv: break;
  }
  return core::MakeError(core::ErrorCode::kInvalidArgument, "this channel is read as CSV, not JSON lines");
}

}  // namespace ordo::service
