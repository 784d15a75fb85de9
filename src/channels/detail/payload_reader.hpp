#pragma once
// Reading a channel payload field by field while remembering where each value sits, so that the
// first broken rule can be reported as a JSON pointer (RFC 6901) into the raw body. Internal to
// the channels module.
//
//   PayloadReader reader;
//   const Node root = reader.Root(doc);
//   const Node lines = reader.Array(root, "line_items", Need::kRequired);
//   const Node line = reader.Element(lines, 0);
//   auto price = reader.Decimal(line, "price", Need::kRequired, 2);   // "199.00" → 19900
//   if (!reader.ok()) return reader.TakeError("the Shopify order");   // "/line_items/0/price"
//
// Only the first failure is kept (the brief of every adapter: "the first bad field"); later
// reads still return what they can so that the adapter's code stays straight-line.
// Not thread-safe; one reader per mapping call.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::channels::detail {

// Where a value sits. A Location points at its parent's, so it must not outlive it: Nodes live
// on the stack of one mapping call and are never stored in containers that move them.
class Location {
 public:
  Location() = default;
  Location Member(std::string_view key) const;  // `key` must outlive the Location (literals)
  Location Index(std::size_t index) const;
  std::string Pointer() const;  // "" for the root, else "/a/0/b" with ~ and / escaped

 private:
  const Location* parent_ = nullptr;
  std::string_view key_;
  std::size_t index_ = 0;
  enum class Kind : std::uint8_t { kRoot, kMember, kIndex } kind_ = Kind::kRoot;
};

// A located value. `value` is nullptr when the member is absent or JSON null.
struct Node {
  const rapidjson::Value* value = nullptr;
  Location at;
  bool present() const { return value != nullptr; }
};

enum class Need : std::uint8_t { kOptional, kRequired };

// How a channel writes times.
enum class TimeForm : std::uint8_t {
  kRfc3339,         // "2021-12-31T19:00:00-05:00" (Shopify)
  kUtcWithoutZone,  // "2017-03-22T19:28:08" meaning UTC (WooCommerce *_gmt)
  kBeijing,         // "2024-06-01 10:00:00" meaning UTC+8 (Taobao, JD); JD's "0001-01-01 00:00:00"
                    // and "1970-01-01 00:00:00" mean "not yet" and read as absent
  kUnixSeconds,     // 1617355413 or "1617355413" (Douyin); 0 reads as absent
};

// Canonical bounds (order/order_json.cpp): amounts ≤ 10^12 minor units; times from 1970 to
// 9999-12-31T23:59:59.999Z (RFC 3339 with a four-digit year, as the storage document writes them).
inline constexpr std::int64_t kMaxAmount = 1'000'000'000'000;
inline constexpr core::UnixMillis kMaxTime = 253'402'300'799'999;

class PayloadReader {
 public:
  bool ok() const { return !failed_; }
  // Records a failure at `at` unless one is recorded already. `message` names the rule, never
  // the value (payloads carry personal data).
  void Fail(const Location& at, std::string_view code, std::string message);
  // The first failure as kInvalidArgument: detail "<what> cannot be mapped: <pointer>: <code>".
  core::Error TakeError(std::string_view what) const;

  Node Root(const rapidjson::Value& value) const { return Node{&value, Location()}; }
  // The member as it is (any type); absent when `parent` is not an object.
  Node Child(const Node& parent, std::string_view key) const;
  Node Object(const Node& parent, std::string_view key, Need need);
  Node Array(const Node& parent, std::string_view key, Need need);
  Node Element(const Node& array, std::size_t index) const;
  std::size_t Size(const Node& array) const;  // 0 unless an array

  // A string member as sent ("" when absent); fails "type" for non-strings, "encoding" for lone
  // surrogates, "required" when required and blank.
  std::string_view Text(const Node& parent, std::string_view key, Need need);
  // An identifier: a string, or an integer kept exact (64-bit ids never pass through a double).
  // Fails "too_long" beyond `max_len`, "control_character" on control characters.
  std::string Identifier(const Node& parent, std::string_view key, Need need, std::size_t max_len = 128);
  // A short personal or address field (name, phone, city): fails like Identifier.
  std::string Field(const Node& parent, std::string_view key, std::size_t max_len);
  // Free text (titles, notes): control characters become spaces, and text beyond `max_len`
  // bytes is cut at a character boundary — a long title is not a reason to lose the order.
  std::string FreeText(const Node& parent, std::string_view key, std::size_t max_len);

  // A decimal money string ("199.00"; an integer JSON number is read as whole major units;
  // a fractional JSON number is refused, code "float_amount"). In minor units, within
  // [−kMaxAmount, kMaxAmount] and ≥ 0 unless `allow_negative`.
  std::optional<std::int64_t> Decimal(const Node& parent, std::string_view key, Need need, int minor_digits,
                                      bool allow_negative = false);
  // Integer minor units (fen): an integer JSON number or a string of digits. Same bounds.
  std::optional<std::int64_t> Fen(const Node& parent, std::string_view key, Need need,
                                  bool allow_negative = false);
  // An integer count or code: a JSON integer or a string of digits, within [min, max].
  std::optional<std::int64_t> Integer(const Node& parent, std::string_view key, Need need, std::int64_t min,
                                      std::int64_t max);
  std::optional<core::UnixMillis> Time(const Node& parent, std::string_view key, Need need, TimeForm form);
  // true/false, or "true"/"false" as some SDK samples spell them. Absent: nullopt.
  std::optional<bool> Bool(const Node& parent, std::string_view key);

 private:
  bool failed_ = false;
  std::string pointer_;
  std::string code_;
  std::string message_;
};

}  // namespace ordo::channels::detail
