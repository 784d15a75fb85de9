#pragma once
// The canonical order JSON: reading (with every rule checked) and writing.
//
// Wire field names are stable (issue #2): id, channel, external_id, status, version, currency,
// customer_ref, buyer_note, created_at, paid_at, updated_at, lines[] {sku, title, qty,
// unit_price, discount, line_total}, shipping_address {name, phone, province, city, district,
// street, postcode, country}, payments[] {method, transaction_id, amount, paid_at}, totals
// {items, shipping, discount, tax, grand_total}. Money is integer minor units.
#include <cstdint>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "core/json.hpp"
#include "core/result.hpp"
#include "order/order.hpp"

namespace ordo::order {

struct ParseOptions {
  bool strict = true;  // unknown fields are errors (code "unknown_field")
  bool from_storage = false;  // our own stored document: on_hold is a status it may carry
  // shipping_address name, phone, province, city and street are required (code "required").
  // The order intake turns it off: there the entry rules (quality/entry_rules.hpp) decide, per
  // channel, whether a missing one rejects or quarantines the order. Stored documents never
  // require them.
  bool address_required = true;
};

// Reads one canonical order from `body`.
//   kMalformed        — not JSON / not UTF-8 (the detail says where)
//   kInvalidArgument  — every violated rule, each as {field: "lines/0/qty", code, message}
// Messages name the rule, never the value. Server-owned fields (id, version, updated_at) are
// rejected in strict mode and ignored otherwise. `now` fills created_at when it is absent.
core::Result<Order> ParseOrder(std::string_view body, const ParseOptions& options, core::UnixMillis now);
// The same for an already parsed value (one item of a batch). `field_prefix` ("orders/3/")
// is put before every field path in errors.
core::Result<Order> ParseOrderValue(const rapidjson::Value& value, const ParseOptions& options,
                                    core::UnixMillis now, std::string_view field_prefix = {});

enum class PiiView { kMasked, kClear };

// Writes the order as the API shows it. kMasked (the default everywhere) masks name and phone
// and hides the street — also in `original_fields`, whose personal entries are masked the same
// way as the fields they came from.
void WriteOrder(const Order& order, core::JsonWriter& writer, PiiView view);
std::string OrderToJson(const Order& order, PiiView view);

// The storage document: every field in clear, including held_from/hold_reason/received_at,
// original_fields and address_confidence (Ordo's fields: not part of the content fingerprint).
// Encryption of the personal fields at rest belongs to the store (issue #3). When
// `content_fingerprint` is given it receives ContentFingerprint(order), computed from the same
// serialisation (the content is written first, then Ordo's own fields).
std::string OrderToStorageJson(const Order& order, std::uint64_t* content_fingerprint = nullptr);
core::Result<Order> OrderFromStorageJson(std::string_view json);

// A 64-bit fingerprint of the client-provided content (not id, version or Ordo's timestamps):
// an ingest whose fingerprint equals the stored one is a repeat, otherwise an update.
std::uint64_t ContentFingerprint(const Order& order);
// Continues a fingerprint over more bytes (content that is stored apart, e.g. encrypted).
std::uint64_t ExtendFingerprint(std::uint64_t fingerprint, std::string_view more);

}  // namespace ordo::order
