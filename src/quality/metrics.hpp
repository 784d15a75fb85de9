#pragma once
// Data-quality metrics of orders (issue 4, item 4): each order is put through a closed table of
// checks, each belonging to one of six dimensions (completeness, validity, consistency,
// timeliness, uniqueness, accuracy) and naming the field it looks at. A dimension's score is the
// share of its checks that passed, 0–100 (quality/metrics_tally.hpp adds them up per channel,
// field and day). Pure: no I/O, no clock (`now` is passed in); thread-safe except
// DuplicateTracker, which one thread feeds in order.
//
//   std::vector<CheckOutcome> out;
//   EvaluateOrder({.order = order, .timeline = events}, now, MetricsConfig{}, out);
//   // out: one outcome per check that applies, e.g. {kPhoneValid, passed=false, "too_short"}
//
// A check whose input is missing is not counted outside completeness (an order without a phone
// fails phone/required once, not also phone_valid and phone_reachable). Failure details never
// hold personal data: they name a reason code, amounts, times or another order's id.
// docs/quality.md ("Metrics") lists every check with its rule.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "order/order.hpp"
#include "order/timeline.hpp"

namespace ordo::quality {

enum class Dimension : std::uint8_t {
  kCompleteness,
  kValidity,
  kConsistency,
  kTimeliness,
  kUniqueness,
  kAccuracy,
};
inline constexpr std::size_t kDimensionCount = 6;
inline constexpr std::array<Dimension, kDimensionCount> kAllDimensions = {
    Dimension::kCompleteness, Dimension::kValidity,   Dimension::kConsistency,
    Dimension::kTimeliness,   Dimension::kUniqueness, Dimension::kAccuracy};

std::string_view DimensionName(Dimension dimension);  // "completeness", …
std::optional<Dimension> ParseDimension(std::string_view name);

// Every check there is. The table in metrics.cpp gives each its dimension, field and name.
enum class CheckId : std::uint8_t {
  // completeness: the field is present (non-blank)
  kNameRequired,
  kPhoneRequired,
  kProvinceRequired,
  kCityRequired,
  kDistrictRequired,
  kStreetRequired,
  kLinesRequired,
  // validity: the value has a valid form
  kPhoneValid,         // NormalizePhone says valid
  kPhoneNormalised,    // a valid phone stored in its normalised form (no spaces, brackets, 0086 …)
  kProvinceCanonical,  // the province field is the division's current full name
  kCityCanonical,
  kDistrictCanonical,
  kCurrencyCode,       // an ISO 4217 code
  kAmountsInRange,     // quantities ≥ 1, money ≥ 0, discounts not above what they discount
  kPostcodeFormat,     // six digits (Chinese addresses)
  // consistency: values agree with each other
  kCityInProvince,     // ParseAddress(province, city) finds no contradiction
  kDistrictInCity,     // ParseAddress(city, district) finds no contradiction
  kTotalsAddUp,        // Σ line totals = items; items + shipping + tax − discount = grand total
  kLineTotalsAddUp,    // qty × unit price − discount = line total, every line
  kStatusSequence,     // the timeline replays through the state machine to the order's status
  // timeliness
  kReceiptLag,         // received_at − created_at within the limit
  kStatusAge,          // an open order's current status is younger than its status's limit
  // uniqueness (DuplicateTracker: needs the orders seen before)
  kDuplicateOrder,     // no other channel's order with the same phone, lines and total nearby in time
  kDuplicateCustomer,  // no other customer_ref with the same phone on the same channel
  // accuracy: the value matches the real world
  kPhoneReachable,     // mobile or fixed line (not virtual/privacy relay, service or unknown)
  kAddressResolved,    // the address resolves to a district without contradiction or ambiguity
};
inline constexpr std::size_t kCheckCount = 26;

struct CheckInfo {
  CheckId id;
  Dimension dimension;
  std::string_view field;  // "phone", "totals", "received_at", …
  std::string_view name;   // "phone_valid"; unique across checks
};

std::span<const CheckInfo> AllChecks();  // in CheckId order
const CheckInfo& InfoOf(CheckId id);
std::optional<CheckId> ParseCheck(std::string_view name);
inline std::size_t IndexOf(CheckId id) { return static_cast<std::size_t>(id); }

struct CheckOutcome {
  CheckId id = CheckId::kNameRequired;
  bool passed = true;
  std::string detail;  // failures only: a reason code and figures, never personal data
};

struct MetricsConfig {
  // A dimension below its threshold (percent) on a channel and day raises a ticket.
  std::array<double, kDimensionCount> thresholds = {95, 95, 95, 95, 95, 95};
  core::UnixMillis max_receipt_lag = 30LL * 60 * 1000;  // channel creation → Ordo receipt
  core::UnixMillis clock_skew = 5LL * 60 * 1000;        // created_at this much after receipt is fine
  core::UnixMillis duplicate_window = 6LL * 60 * 60 * 1000;
  int day_utc_offset_minutes = 8 * 60;  // days are Beijing days
  // A (day, channel) with fewer orders raises no ticket: its score is too noisy to act on.
  std::int64_t min_orders_for_ticket = 5;

  double Threshold(Dimension dimension) const { return thresholds[static_cast<std::size_t>(dimension)]; }
};

// "completeness=98.5" (a dimension name, '=', a percentage 0–100) sets that threshold;
// kInvalidArgument naming what is wrong otherwise.
core::Status ApplyThresholdArgument(MetricsConfig& config, std::string_view argument);

// How long an open order may stay in `status` before kStatusAge fails; 0 for terminal statuses
// (completed, cancelled, refunded), which are never stale. docs/quality.md has the table.
core::UnixMillis StatusAgeLimit(order::OrderStatus status);

// "2026-11-28": the calendar day of `at` at the configured UTC offset.
std::string QualityDay(core::UnixMillis at, int utc_offset_minutes);

struct OrderEvidence {
  const order::Order& order;
  // The order's timeline in seq order; empty when not known (the status checks are skipped).
  std::span<const order::TimelineEvent> timeline = {};
  // Retention removed its personal data: name, phone and street are not checked.
  bool anonymised = false;
};

// Appends the outcome of every check except uniqueness that applies to the order.
void EvaluateOrder(const OrderEvidence& evidence, core::UnixMillis now, const MetricsConfig& config,
                   std::vector<CheckOutcome>& out);

// The uniqueness checks, which compare an order with the ones evaluated before it. Feed orders
// in ascending id (receipt) order; the later of two duplicates is the one that fails. Memory
// grows with the distinct (phone, lines, total) keys seen. Not thread-safe.
class DuplicateTracker {
 public:
  explicit DuplicateTracker(const MetricsConfig& config) : window_(config.duplicate_window) {}
  // Appends kDuplicateOrder and kDuplicateCustomer outcomes (when the order has a phone).
  void Evaluate(const order::Order& order, std::vector<CheckOutcome>& out);

 private:
  struct Seen {
    core::UnixMillis created_at;
    std::int64_t order_id;
    std::string channel;
  };
  core::UnixMillis window_;
  std::unordered_map<std::string, std::vector<Seen>> orders_;     // (phone, lines, total) → orders
  std::unordered_map<std::string, std::string> customer_refs_;    // (channel, phone) → first ref
};

// The phone as the uniqueness checks compare it: E.164 when valid, else its ASCII digits.
std::string PhoneKey(std::string_view raw);

}  // namespace ordo::quality
