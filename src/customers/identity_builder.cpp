#include "customers/identity_builder.hpp"

#include <algorithm>

#include "quality/phone.hpp"

namespace ordo::customers {
namespace {

std::string_view Trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> PhoneKeyValue(std::string_view raw_phone) {
  if (Trim(raw_phone).empty()) return std::nullopt;
  const quality::NormalizedPhone phone = quality::NormalizePhone(raw_phone);
  if (!phone.valid || phone.privacy_relay || !phone.extension.empty()) return std::nullopt;
  return phone.e164;
}

std::optional<std::string> EmailKeyValue(std::string_view raw_email) {
  const std::string_view email = Trim(raw_email);
  const std::size_t at = email.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == email.size() || email.find('@', at + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string value(email);
  std::transform(value.begin(), value.end(), value.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return value;
}

std::optional<std::string> ChannelBuyerKeyValue(std::string_view channel, std::string_view buyer_id) {
  buyer_id = Trim(buyer_id);
  if (channel.empty() || buyer_id.empty()) return std::nullopt;
  std::string value(channel);
  value.push_back(':');
  value.append(buyer_id);
  return value;
}

BuyerFacts BuyerFactsFromOrder(const order::Order& order, std::string_view email) {
  BuyerFacts facts;
  facts.order_id = order.id;
  facts.channel = order.channel;
  facts.channel_buyer_id = order.customer_ref;
  facts.name = order.shipping_address.name;
  facts.phone = order.shipping_address.phone;
  facts.email = std::string(email);
  facts.address = order.shipping_address;
  facts.amount = order.totals.grand_total;
  facts.ordered_at = order.created_at;
  return facts;
}

BuyerIdentity BuildBuyerIdentity(const BuyerFacts& facts, const KeyHasher& hasher) {
  BuyerIdentity identity;
  identity.order_id = facts.order_id;
  identity.channel = facts.channel;
  if (auto value = ChannelBuyerKeyValue(facts.channel, facts.channel_buyer_id)) identity.channel_buyer_key = hasher(*value);
  if (auto value = PhoneKeyValue(facts.phone)) identity.phone_key = hasher(*value);
  if (auto value = EmailKeyValue(facts.email)) identity.email_key = hasher(*value);
  identity.name = MakeNameFeatures(facts.name);
  identity.address = MakeAddressFeatures(facts.address);
  identity.amount = facts.amount;
  identity.ordered_at = facts.ordered_at;
  return identity;
}

}  // namespace ordo::customers
