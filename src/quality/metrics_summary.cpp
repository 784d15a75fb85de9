#include "quality/metrics_summary.hpp"

#include <algorithm>

namespace ordo::quality {
namespace {

constexpr std::int64_t kDayMillis = 86'400'000;

// Which period a row's day falls in.
enum class Period { kCurrent, kPrevious, kNeither };

std::array<CheckCounts, kDimensionCount> ByDimension(const std::array<CheckCounts, kCheckCount>& checks) {
  std::array<CheckCounts, kDimensionCount> out{};
  for (const CheckInfo& info : AllChecks()) {
    out[static_cast<std::size_t>(info.dimension)] += checks[IndexOf(info.id)];
  }
  return out;
}

std::vector<DimensionScore> Scores(const std::array<CheckCounts, kCheckCount>& current,
                                   const std::array<CheckCounts, kCheckCount>& previous, const MetricsConfig& config) {
  const auto now = ByDimension(current);
  const auto before = ByDimension(previous);
  std::vector<DimensionScore> out;
  out.reserve(kDimensionCount);
  for (Dimension dimension : kAllDimensions) {
    const auto idx = static_cast<std::size_t>(dimension);
    DimensionScore score;
    score.dimension = dimension;
    score.counts = now[idx];
    score.score = now[idx].Score();
    score.previous_score = before[idx].Score();
    if (score.score && score.previous_score) score.trend = *score.score - *score.previous_score;
    score.threshold = config.Threshold(dimension);
    score.below_threshold = score.score && *score.score < score.threshold;
    out.push_back(score);
  }
  return out;
}

std::int64_t Orders(const std::array<CheckCounts, kCheckCount>& checks) {
  return checks[IndexOf(CheckId::kLinesRequired)].checks;
}

}  // namespace

std::optional<double> CheckCounts::Score() const {
  if (checks <= 0) return std::nullopt;
  return 100.0 * static_cast<double>(passed) / static_cast<double>(checks);
}

void QualityTally::Add(std::string_view day, std::string_view channel, std::string_view province,
                       std::span<const CheckOutcome> outcomes) {
  auto found = groups_.find(KeyView{day, channel, province});
  if (found == groups_.end()) {
    found = groups_.emplace(Key{std::string(day), std::string(channel), std::string(province)},
                            std::array<CheckCounts, kCheckCount>{}).first;
  }
  for (const CheckOutcome& outcome : outcomes) {
    CheckCounts& counts = found->second[IndexOf(outcome.id)];
    ++counts.checks;
    if (outcome.passed) ++counts.passed;
  }
}

std::vector<TallyGroup> QualityTally::Groups() const {
  std::vector<TallyGroup> out;
  out.reserve(groups_.size());
  for (const auto& [key, checks] : groups_) {
    out.push_back(TallyGroup{std::get<0>(key), std::get<1>(key), std::get<2>(key), checks});
  }
  return out;
}

CheckCounts QualityTally::Total(CheckId id) const {
  CheckCounts total;
  for (const auto& [key, checks] : groups_) total += checks[IndexOf(id)];
  return total;
}

std::vector<std::string> QualityTally::Days() const {
  std::vector<std::string> days;
  for (const auto& [key, checks] : groups_) {
    if (days.empty() || days.back() != std::get<0>(key)) days.push_back(std::get<0>(key));
  }
  return days;
}

std::vector<QualityCountRow> CountRows(std::span<const TallyGroup> groups) {
  std::map<std::pair<std::string, std::string>, std::array<CheckCounts, kCheckCount>> merged;
  for (const TallyGroup& group : groups) {
    auto& checks = merged[{group.day, group.channel}];
    for (std::size_t check_idx = 0; check_idx < kCheckCount; ++check_idx) checks[check_idx] += group.checks[check_idx];
  }
  std::vector<QualityCountRow> rows;
  for (const auto& [key, checks] : merged) {
    for (const CheckInfo& info : AllChecks()) {
      const CheckCounts& counts = checks[IndexOf(info.id)];
      if (counts.checks > 0) rows.push_back({key.first, key.second, info.id, counts});
    }
  }
  return rows;
}

std::optional<std::int64_t> ParseDay(std::string_view day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
  const auto number = [&](std::size_t from, std::size_t count) -> std::optional<unsigned> {
    unsigned value = 0;
    for (std::size_t pos = from; pos < from + count; ++pos) {
      if (day[pos] < '0' || day[pos] > '9') return std::nullopt;
      value = value * 10 + static_cast<unsigned>(day[pos] - '0');
    }
    return value;
  };
  const auto year = number(0, 4);
  const auto month = number(5, 2);
  const auto dom = number(8, 2);
  if (!year || !month || !dom || *month < 1 || *month > 12 || *dom < 1 || *dom > 31) return std::nullopt;
  const std::int64_t days = core::DaysFromCivil(*year, *month, *dom);
  if (FormatDay(days) != day) return std::nullopt;  // 2026-02-30 and the like
  return days;
}

std::string FormatDay(std::int64_t days_since_epoch) {
  return core::FormatRfc3339(days_since_epoch * kDayMillis).substr(0, 10);
}

DayRange PreviousRange(const DayRange& range) {
  const std::optional<std::int64_t> from = ParseDay(range.from);
  const std::optional<std::int64_t> to = ParseDay(range.to);
  if (!from || !to || *to < *from) return {};
  const std::int64_t length = *to - *from + 1;
  return {FormatDay(*from - length), FormatDay(*from - 1)};
}

QualitySummary Summarize(std::span<const QualityCountRow> rows, const DayRange& range, const MetricsConfig& config) {
  QualitySummary summary;
  summary.range = range;
  summary.previous = PreviousRange(range);
  const auto period_of = [&](const std::string& day) {
    if (day >= range.from && day <= range.to) return Period::kCurrent;
    if (!summary.previous.from.empty() && day >= summary.previous.from && day <= summary.previous.to) {
      return Period::kPrevious;
    }
    return Period::kNeither;
  };

  using Checks = std::array<CheckCounts, kCheckCount>;
  Checks current{};
  Checks previous{};
  std::map<std::string, std::pair<Checks, Checks>> channels;  // current, previous
  std::map<std::string, Checks> days;
  for (const QualityCountRow& row : rows) {
    const Period period = period_of(row.day);
    if (period == Period::kNeither) continue;
    const std::size_t idx = IndexOf(row.check);
    auto& channel = channels[row.channel];
    if (period == Period::kCurrent) {
      current[idx] += row.counts;
      channel.first[idx] += row.counts;
      days[row.day][idx] += row.counts;
    } else {
      previous[idx] += row.counts;
      channel.second[idx] += row.counts;
    }
  }

  summary.orders = Orders(current);
  summary.previous_orders = Orders(previous);
  summary.dimensions = Scores(current, previous, config);
  for (const auto& [channel, checks] : channels) {
    if (Orders(checks.first) == 0) continue;  // only in the previous period
    summary.by_channel.push_back({channel, Orders(checks.first), Scores(checks.first, checks.second, config)});
  }
  for (const CheckInfo& info : AllChecks()) {
    const CheckCounts& counts = current[IndexOf(info.id)];
    if (counts.checks == 0) continue;
    auto same_field = [&](const FieldScore& field) {
      return field.dimension == info.dimension && field.field == info.field;
    };
    auto field = std::find_if(summary.by_field.begin(), summary.by_field.end(), same_field);
    if (field == summary.by_field.end()) {
      summary.by_field.push_back({info.dimension, info.field, counts});
    } else {
      field->counts += counts;
    }
    summary.by_check.push_back({info.id, counts});
  }
  std::stable_sort(summary.by_check.begin(), summary.by_check.end(),
                   [](const CheckScore& a, const CheckScore& b) { return a.counts.failed() > b.counts.failed(); });
  for (const auto& [day, checks] : days) {
    DayScores scores{day, Orders(checks), {}};
    const auto dimensions = ByDimension(checks);
    for (std::size_t dimension_idx = 0; dimension_idx < kDimensionCount; ++dimension_idx) {
      scores.scores[dimension_idx] = dimensions[dimension_idx].Score();
    }
    summary.by_day.push_back(std::move(scores));
  }
  return summary;
}

std::vector<Breach> FindBreaches(std::span<const QualityCountRow> rows, const MetricsConfig& config) {
  std::map<std::pair<std::string, std::string>, std::array<CheckCounts, kCheckCount>> groups;
  for (const QualityCountRow& row : rows) groups[{row.day, row.channel}][IndexOf(row.check)] += row.counts;
  std::vector<Breach> out;
  for (const auto& [key, checks] : groups) {
    const std::int64_t orders = Orders(checks);
    if (orders < config.min_orders_for_ticket) continue;
    const auto dimensions = ByDimension(checks);
    for (Dimension dimension : kAllDimensions) {
      const std::optional<double> score = dimensions[static_cast<std::size_t>(dimension)].Score();
      if (score && *score < config.Threshold(dimension)) {
        out.push_back({key.first, key.second, dimension, *score, config.Threshold(dimension), orders});
      }
    }
  }
  return out;
}

}  // namespace ordo::quality
