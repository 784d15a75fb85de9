#pragma once
// The arithmetic and clean-up every adapter shares: turning a channel's line into a canonical
// line, closing the totals so that the canonical equations hold, classifying a receiver's phone,
// and parsing the raw body. Internal to the channels module.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "channels/channel_order.hpp"
#include "channels/status_mapping.hpp"
#include "channels/detail/payload_reader.hpp"
#include "core/result.hpp"
#include "order/order.hpp"

namespace ordo::channels::detail {

// Canonical text bounds (order/order_json.cpp), so that an accepted order also reads back.
inline constexpr std::size_t kMaxSku = 64;
inline constexpr std::size_t kMaxTitle = 256;
inline constexpr std::size_t kMaxShortText = 128;
inline constexpr std::size_t kMaxNote = 1000;
inline constexpr std::size_t kMaxRegion = 64;
inline constexpr std::size_t kMaxStreet = 512;
inline constexpr std::size_t kMaxPostcode = 16;
inline constexpr std::size_t kMaxPaymentMethod = 32;
inline constexpr std::size_t kMaxPayments = 20;

// Parses the raw body (a UTF-8 BOM in front is dropped: Douyin's samples carry one).
// kMalformed when it is not JSON; the document owns its strings.
core::Status ParsePayload(std::string_view raw_json, rapidjson::Document& doc);

// `text` cut to at most `max_len` bytes without splitting a UTF-8 sequence.
std::string CutUtf8(std::string_view text, std::size_t max_len);

// A payment method name as the canonical order takes it: cut to its length, "unknown" when blank.
std::string PaymentMethodName(std::string_view name);

// ceil(a / b) for a ≥ 0, b ≥ 1.
constexpr std::int64_t CeilDiv(std::int64_t a, std::int64_t b) { return a / b + (a % b != 0 ? 1 : 0); }

// A canonical line from what channels give: a quantity, the listed unit price and the line's
// own total after its line-level discounts. Holds line_total = qty × unit_price − discount with
// discount ≥ 0: when the channel's total is above qty × price (a seller raised the price) the
// unit price becomes ceil(total / qty) and the rounding rest is the discount.
// Preconditions (the caller's reads guarantee them): qty ≥ 1, prices and total in [0, 10^12].
order::OrderLine MakeLine(std::string sku, std::string title, std::int64_t qty, std::int64_t unit_price,
                          std::int64_t line_total);

// qty × unit_price, or a failure at `at` when it leaves the canonical bounds.
std::optional<std::int64_t> LineGross(PayloadReader& reader, const Location& at, std::int64_t qty,
                                      std::int64_t unit_price);

// Closes order.totals: items = Σ line_total, then the order-level discount.
//   `expected_discount` given: grand_total must equal items + shipping + tax − it, else
//   "total_mismatch" at `grand_total_at` (the channel's numbers do not add up).
//   not given: the discount is what is left, items + shipping + tax − grand_total, and must not
//   be negative ("total_mismatch": the channel charged more than its parts).
// Also fails "too_many"/"required" on the line count and "too_large" past the bounds.
void SettleTotals(PayloadReader& reader, const Location& lines_at, const Location& grand_total_at,
                  order::Order& order, std::int64_t shipping, std::int64_t tax, std::int64_t grand_total,
                  std::optional<std::int64_t> expected_discount);

// Puts a status decision on the order (and its hold reason), or fails at `at` with the
// decision's code and reason.
void ApplyStatus(PayloadReader& reader, const Location& at, const StatusDecision& decision, ChannelOrder& out);

// Sets the receiver phone from a channel value according to what it is (ClassifyPhone): clear
// and privacy-relay numbers are kept, masked ones are not.
void SetReceiverPhone(std::string phone, ChannelOrder& out);

// What a receiver phone value is: "" → absent, '*' in it → masked, an 11-digit mobile with an
// extension after -, _, #, ',', 转 or 分机 → privacy relay, else clear.
ContactForm ClassifyPhone(std::string_view phone);

// True when the value shows masking asterisks ("张*", "138****1234", "**街道***").
bool LooksMasked(std::string_view value);

// Street lines joined with a space, blanks skipped.
std::string JoinStreet(std::string_view first, std::string_view second);

// A sku that is never empty: the merchant's code when there is one, else "<channel>:<kind>:<id>".
std::string SkuOrFallback(std::string merchant_code, std::string_view channel, std::string_view kind,
                          std::string_view id);

}  // namespace ordo::channels::detail
