#pragma once
// Adding check outcomes up (quality/metrics.hpp): per day, channel and province while orders are
// profiled (QualityTally), then scores per dimension with the trend against the previous period
// of the same length, per channel, field, check and day (Summarize), and the (day, channel,
// dimension) scores under their threshold (FindBreaches). Pure; value types.
//
// A score is the share of checks that passed, in percent: 100 × passed / checks, or no score at
// all when no check of that kind ran. Example: 1,000 orders, 12 without a district →
// completeness has 7,000 checks (7 per order; 4 for an anonymised one), 6,988 passed → 99.83.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "quality/metrics.hpp"

namespace ordo::quality {

struct CheckCounts {
  std::int64_t checks = 0;
  std::int64_t passed = 0;
  std::int64_t failed() const { return checks - passed; }
  std::optional<double> Score() const;  // nullopt when checks == 0
  CheckCounts& operator+=(const CheckCounts& other) {
    checks += other.checks;
    passed += other.passed;
    return *this;
  }
};

// One (day, channel, province)'s counts, per check.
struct TallyGroup {
  std::string day;       // "2026-11-28"
  std::string channel;
  std::string province;  // as stored on the orders (the scope filter compares it the same way)
  std::array<CheckCounts, kCheckCount> checks{};
};

// Not thread-safe; one per profiling run.
class QualityTally {
 public:
  void Add(std::string_view day, std::string_view channel, std::string_view province,
           std::span<const CheckOutcome> outcomes);
  // Sorted by (day, channel, province).
  std::vector<TallyGroup> Groups() const;
  // Every group's counts of one check added up.
  CheckCounts Total(CheckId id) const;
  std::vector<std::string> Days() const;  // ascending, each once

 private:
  using Key = std::tuple<std::string, std::string, std::string>;
  using KeyView = std::tuple<std::string_view, std::string_view, std::string_view>;
  // Finds a group by views without building its strings. Spelled out because comparing
  // tuple<string…> with tuple<string_view…> directly compiles with GCC but not with clang.
  struct KeyLess {
    using is_transparent = void;
    static KeyView View(const Key& key) { return {std::get<0>(key), std::get<1>(key), std::get<2>(key)}; }
    static KeyView View(const KeyView& key) { return key; }
    template <class Lhs, class Rhs>
    bool operator()(const Lhs& lhs, const Rhs& rhs) const {
      return View(lhs) < View(rhs);
    }
  };
  std::map<Key, std::array<CheckCounts, kCheckCount>, KeyLess> groups_;
};

// Counts of one check on one (day, channel): what the store returns from quality_daily (with
// the caller's scope applied) and what Summarize reads.
struct QualityCountRow {
  std::string day;
  std::string channel;
  CheckId check = CheckId::kNameRequired;
  CheckCounts counts;
};

// The rows of `groups` with the provinces added up.
std::vector<QualityCountRow> CountRows(std::span<const TallyGroup> groups);

// Inclusive calendar days, "YYYY-MM-DD".
struct DayRange {
  std::string from;
  std::string to;
};
// Days since 1970-01-01 for "YYYY-MM-DD"; nullopt for anything else (also 2026-02-30).
std::optional<std::int64_t> ParseDay(std::string_view day);
std::string FormatDay(std::int64_t days_since_epoch);
// The range of the same length that ends the day before `range` starts.
DayRange PreviousRange(const DayRange& range);

struct DimensionScore {
  Dimension dimension = Dimension::kCompleteness;
  CheckCounts counts;
  std::optional<double> score;
  std::optional<double> previous_score;
  std::optional<double> trend;  // score − previous_score, in percentage points
  double threshold = 0;
  bool below_threshold = false;  // a score exists and is under the threshold
};

struct ChannelScores {
  std::string channel;
  std::int64_t orders = 0;
  std::vector<DimensionScore> dimensions;  // all six, in kAllDimensions order
};

struct FieldScore {
  Dimension dimension = Dimension::kCompleteness;
  std::string_view field;
  CheckCounts counts;
};

struct CheckScore {
  CheckId check = CheckId::kNameRequired;
  CheckCounts counts;
};

struct DayScores {
  std::string day;
  std::int64_t orders = 0;
  std::array<std::optional<double>, kDimensionCount> scores{};
};

struct QualitySummary {
  DayRange range;
  DayRange previous;
  std::int64_t orders = 0;           // every order is checked for lines once: that count
  std::int64_t previous_orders = 0;
  std::vector<DimensionScore> dimensions;  // all six
  std::vector<ChannelScores> by_channel;   // channels with orders in the range, by name
  std::vector<FieldScore> by_field;        // (dimension, field) that ran, in check-table order
  std::vector<CheckScore> by_check;        // checks that ran, most failures first
  std::vector<DayScores> by_day;           // days with orders, ascending
};

// `rows` may cover both periods; rows outside both are ignored.
QualitySummary Summarize(std::span<const QualityCountRow> rows, const DayRange& range, const MetricsConfig& config);

// A dimension's score on one channel and day under its threshold.
struct Breach {
  std::string day;
  std::string channel;
  Dimension dimension = Dimension::kCompleteness;
  double score = 0;
  double threshold = 0;
  std::int64_t orders = 0;
};
// Every (day, channel, dimension) of `rows` with at least config.min_orders_for_ticket orders
// whose score is under its threshold, sorted by (day, channel, dimension).
std::vector<Breach> FindBreaches(std::span<const QualityCountRow> rows, const MetricsConfig& config);

}  // namespace ordo::quality
