#pragma once
// What the resolution engine is told about one order's buyer. The API/service layer builds it
// (identity_builder.hpp): deterministic keys arrive as blind indexes, so the engine never holds a
// phone number or an email address; the name and address arrive as the features fuzzy matching
// compares (name_features.hpp, address_features.hpp).
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "customers/address_features.hpp"
#include "customers/name_features.hpp"

namespace ordo::customers {

// Deterministic keys, in the order the engine prefers them when an order's keys name different
// customers: the order joins the customer of the first kind, and the others are merged into it.
enum class KeyKind : std::uint8_t {
  kChannelBuyer,  // the channel's own buyer id (Taobao open uid, JD pin, Shopify customer id …)
  kPhone,         // a normalised E.164 number that belongs to the buyer (never a privacy relay)
  kEmail,         // trimmed and lower-cased
};
inline constexpr int kKeyKindCount = 3;
std::string_view KeyKindName(KeyKind kind);  // "channel_buyer", "phone", "email"

// A set of key kinds, as bits: results and evidence carry it without allocating.
class KeyKinds {
 public:
  KeyKinds() = default;
  KeyKinds(std::initializer_list<KeyKind> kinds) {
    for (const KeyKind kind : kinds) Add(kind);
  }
  void Add(KeyKind kind) { bits_ = static_cast<std::uint8_t>(bits_ | Bit(kind)); }
  bool Has(KeyKind kind) const { return (bits_ & Bit(kind)) != 0; }
  bool empty() const { return bits_ == 0; }
  std::vector<KeyKind> List() const {  // in KeyKind order
    std::vector<KeyKind> kinds;
    for (int kind = 0; kind < kKeyKindCount; ++kind) {
      if (Has(static_cast<KeyKind>(kind))) kinds.push_back(static_cast<KeyKind>(kind));
    }
    return kinds;
  }
  bool operator==(const KeyKinds&) const = default;

 private:
  static std::uint8_t Bit(KeyKind kind) { return static_cast<std::uint8_t>(1u << static_cast<int>(kind)); }
  std::uint8_t bits_ = 0;
};

struct BuyerIdentity {
  // The store's id of the order: non-zero, one per order. Resolving the same id again returns
  // the first answer and changes nothing.
  std::int64_t order_id = 0;
  std::string channel;  // "tmall", "jd", "shopify", "pos", …
  // Each key: the blind index (security::PiiCipher::BlindIndex, 64 hex characters) of the value
  // that identity_builder.hpp normalises, or any other stable string in tests. Empty: absent.
  std::string channel_buyer_key;
  std::string phone_key;
  std::string email_key;
  NameFeatures name;
  AddressFeatures address;
  std::int64_t amount = 0;  // the order's grand total, minor units of the merchant's reporting currency
  core::UnixMillis ordered_at = 0;
};

}  // namespace ordo::customers
