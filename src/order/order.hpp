#pragma once
// The canonical order: what every channel adapter produces and every module reads.
// Money is int64 minor units of `currency`; times are Unix milliseconds (UTC).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "order/status.hpp"

namespace ordo::order {

inline constexpr std::size_t kMaxLinesPerOrder = 500;
inline constexpr std::int64_t kMaxLineQty = 1'000'000;

struct OrderLine {
  std::string sku;
  std::string title;
  std::int64_t qty = 0;
  std::int64_t unit_price = 0;
  std::int64_t discount = 0;    // line-level discount; line_total = qty × unit_price − discount
  std::int64_t line_total = 0;
  bool operator==(const OrderLine&) const = default;
};

struct Address {
  std::string name;      // personal data
  std::string phone;     // personal data
  std::string province;
  std::string city;
  std::string district;
  std::string street;    // personal data
  std::string postcode;
  std::string country;   // ISO 3166-1 alpha-2, "CN" by default
  bool operator==(const Address&) const = default;
};

struct Payment {
  std::string method;          // "alipay", "wechat_pay", "card", …
  std::string transaction_id;
  std::int64_t amount = 0;
  std::optional<core::UnixMillis> paid_at;
  bool operator==(const Payment&) const = default;
};

struct Totals {
  std::int64_t items = 0;     // Σ line_total
  std::int64_t shipping = 0;
  std::int64_t discount = 0;  // order-level discount
  std::int64_t tax = 0;
  std::int64_t grand_total = 0;  // items + shipping + tax − discount
  bool operator==(const Totals&) const = default;
};

// A value as the channel sent it, for a field that entry normalisation changed
// (quality::NormalizeOrder): kept with the order for audit. `field` is the entry-rule catalogue
// name ("shipping_address.phone"); the personal ones (IsPersonalField) are personal data and are
// stored encrypted like the fields themselves.
struct OriginalField {
  std::string field;
  std::string value;
  bool operator==(const OriginalField&) const = default;
};

// Whether a catalogue field name ("shipping_address.phone") holds personal data: the recipient's
// name, phone and street.
constexpr bool IsPersonalField(std::string_view field) {
  return field == "shipping_address.name" || field == "shipping_address.phone" || field == "shipping_address.street";
}

// The hold reason of an order quarantined by the entry rules (held for a person to check its data).
inline constexpr std::string_view kHoldReasonDataReview = "data_review";

struct Order {
  std::int64_t id = 0;        // assigned by the store; 0 before the first write
  std::string channel;        // "shopify", "tmall", "api", …
  std::string external_id;    // the channel's order number; (channel, external_id) is unique
  OrderStatus status = OrderStatus::kPendingPayment;
  std::optional<OrderStatus> held_from;  // set while on_hold: where release returns to
  std::string hold_reason;
  std::int64_t version = 0;   // optimistic concurrency: +1 on every change
  std::string customer_ref;
  std::string buyer_note;
  // Buy online, pick up in store: the location the buyer collects from ("" = ship to the
  // address). Sourcing fills it from that store, or ships the missing lines there.
  std::string pickup_location_id;
  std::string currency;       // ISO 4217
  core::UnixMillis created_at = 0;           // at the channel
  std::optional<core::UnixMillis> paid_at;
  core::UnixMillis updated_at = 0;           // in Ordo
  core::UnixMillis received_at = 0;          // first seen by Ordo
  std::vector<OrderLine> lines;
  Address shipping_address;
  std::vector<Payment> payments;
  Totals totals;
  // Set by entry normalisation (Ordo's, not the channel's): the values it replaced, and how
  // sure the address parser was of the address (0–1; nullopt when not parsed, e.g. abroad).
  std::vector<OriginalField> original_fields;
  std::optional<double> address_confidence;
};

}  // namespace ordo::order
