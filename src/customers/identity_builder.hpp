#pragma once
// From what a channel tells about a buyer to the engine's BuyerIdentity. Runs in the API/service
// layer, which owns the blind-index key: it passes `hasher`, normally
//   [&cipher](std::string_view value) { return cipher.BlindIndex(value); }
// so that only keyed hashes of phone, email and buyer id reach the engine. The same *KeyValue
// functions serve lookups (GET /api/v1/customers?q=): hash what they return, then FindByKey.
//
//   PhoneKeyValue("+86 138-1234-5678")   → "+8613812345678"
//   PhoneKeyValue("17012345678-1234")    → nullopt: a marketplace privacy relay, shared by many buyers
//   EmailKeyValue("  Li.Na@Example.COM ") → "li.na@example.com"
//   ChannelBuyerKeyValue("tmall", "AAH3x…") → "tmall:AAH3x…"
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "customers/buyer_identity.hpp"
#include "order/order.hpp"

namespace ordo::customers {

using KeyHasher = std::function<std::string(std::string_view normalised_value)>;

// E.164 of a valid number that is not a privacy relay (a number with an extension: the AXN
// pattern of Taobao/Douyin order protection); the extension is not part of the key.
std::optional<std::string> PhoneKeyValue(std::string_view raw_phone);
// Trimmed and ASCII lower-cased; nullopt unless it has text, one '@', and text after it.
std::optional<std::string> EmailKeyValue(std::string_view raw_email);
// "<channel>:<buyer id>" (buyer ids are only unique within their channel); nullopt when empty.
std::optional<std::string> ChannelBuyerKeyValue(std::string_view channel, std::string_view buyer_id);

struct BuyerFacts {
  std::int64_t order_id = 0;
  std::string channel;
  std::string channel_buyer_id;
  std::string name;
  std::string phone;
  std::string email;
  order::Address address;
  std::int64_t amount = 0;
  core::UnixMillis ordered_at = 0;
};

// The canonical order carries no email; the channel adapter passes it when it has one.
BuyerFacts BuyerFactsFromOrder(const order::Order& order, std::string_view email = {});

BuyerIdentity BuildBuyerIdentity(const BuyerFacts& facts, const KeyHasher& hasher);

}  // namespace ordo::customers
