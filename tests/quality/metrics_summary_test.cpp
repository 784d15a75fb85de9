// Adding check outcomes up into scores (quality/metrics_summary.hpp): shares of passing checks,
// trends against the previous period, breakdowns, and the breaches that raise tickets.
#include "quality/metrics_summary.hpp"

#include <gtest/gtest.h>

namespace ordo::quality {
namespace {

// One order's outcomes: the lines check (every order has it) plus `extra`.
std::vector<CheckOutcome> OrderOutcomes(std::vector<CheckOutcome> extra) {
  extra.push_back({CheckId::kLinesRequired, true, {}});
  return extra;
}

QualityCountRow Row(std::string day, std::string channel, CheckId check, std::int64_t checks, std::int64_t passed) {
  return {std::move(day), std::move(channel), check, {checks, passed}};
}

const DimensionScore& ScoreOf(const std::vector<DimensionScore>& scores, Dimension dimension) {
  return scores[static_cast<std::size_t>(dimension)];
}

TEST(QualityScores, ShareOfPassingChecksInPercentNoneWithoutChecks) {
  EXPECT_FALSE(CheckCounts{}.Score().has_value());
  EXPECT_DOUBLE_EQ(*(CheckCounts{8, 6}.Score()), 75.0);
  EXPECT_EQ((CheckCounts{8, 6}).failed(), 2);
}

TEST(QualityScores, TallyGroupsByDayChannelAndProvince) {
  QualityTally tally;
  tally.Add("2026-11-01", "tmall", "浙江省", OrderOutcomes({{CheckId::kPhoneValid, false, "too_short"}}));
  tally.Add("2026-11-01", "tmall", "浙江省", OrderOutcomes({{CheckId::kPhoneValid, true, {}}}));
  tally.Add("2026-11-01", "jd", "浙江省", OrderOutcomes({}));
  tally.Add("2026-11-02", "tmall", "江苏省", OrderOutcomes({}));
  const std::vector<TallyGroup> groups = tally.Groups();
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].channel, "jd");
  EXPECT_EQ(groups[1].checks[IndexOf(CheckId::kPhoneValid)].checks, 2);
  EXPECT_EQ(groups[1].checks[IndexOf(CheckId::kPhoneValid)].passed, 1);
  EXPECT_EQ(tally.Total(CheckId::kLinesRequired).checks, 4);
  EXPECT_EQ(tally.Days(), (std::vector<std::string>{"2026-11-01", "2026-11-02"}));
  // Provinces added up: one row per (day, channel, check) that ran.
  const std::vector<QualityCountRow> rows = CountRows(groups);
  EXPECT_EQ(rows.size(), 4u);  // (01, jd, lines), (01, tmall, lines), (01, tmall, phone), (02, tmall, lines)
}

TEST(QualityScores, DaysParseOnlyRealDatesAndPreviousRangeHasTheSameLength) {
  EXPECT_TRUE(ParseDay("2026-11-28").has_value());
  EXPECT_FALSE(ParseDay("2026-02-30").has_value());
  EXPECT_FALSE(ParseDay("2026-1-28").has_value());
  EXPECT_FALSE(ParseDay("yesterday").has_value());
  EXPECT_EQ(FormatDay(*ParseDay("2026-03-01") - 1), "2026-02-28");
  const DayRange previous = PreviousRange({"2026-11-01", "2026-11-30"});
  EXPECT_EQ(previous.from, "2026-10-02");
  EXPECT_EQ(previous.to, "2026-10-31");
}

TEST(QualityScores, SummaryScoresEachDimensionWithItsTrendAgainstThePreviousPeriod) {
  const std::vector<QualityCountRow> rows = {
      // previous period (2026-10-30 … 2026-10-31): validity 50 %
      Row("2026-10-31", "tmall", CheckId::kLinesRequired, 2, 2),
      Row("2026-10-31", "tmall", CheckId::kPhoneValid, 2, 1),
      // this period (2026-11-01 … 2026-11-02): validity 75 %, completeness 100 %
      Row("2026-11-01", "tmall", CheckId::kLinesRequired, 3, 3),
      Row("2026-11-01", "tmall", CheckId::kPhoneValid, 3, 2),
      Row("2026-11-02", "jd", CheckId::kLinesRequired, 1, 1),
      Row("2026-11-02", "jd", CheckId::kPhoneValid, 1, 1),
      Row("2026-11-02", "jd", CheckId::kCurrencyCode, 1, 1),
      // outside both
      Row("2026-09-01", "tmall", CheckId::kPhoneValid, 100, 0),
  };
  const QualitySummary summary = Summarize(rows, {"2026-11-01", "2026-11-02"}, MetricsConfig{});
  EXPECT_EQ(summary.previous.from, "2026-10-30");
  EXPECT_EQ(summary.orders, 4);
  EXPECT_EQ(summary.previous_orders, 2);
  const DimensionScore& validity = ScoreOf(summary.dimensions, Dimension::kValidity);
  EXPECT_EQ(validity.counts.checks, 5);
  EXPECT_DOUBLE_EQ(*validity.score, 80.0);
  EXPECT_DOUBLE_EQ(*validity.previous_score, 50.0);
  EXPECT_DOUBLE_EQ(*validity.trend, 30.0);
  EXPECT_TRUE(validity.below_threshold);
  const DimensionScore& completeness = ScoreOf(summary.dimensions, Dimension::kCompleteness);
  EXPECT_DOUBLE_EQ(*completeness.score, 100.0);
  EXPECT_DOUBLE_EQ(*completeness.trend, 0.0);
  EXPECT_FALSE(ScoreOf(summary.dimensions, Dimension::kTimeliness).score.has_value());

  ASSERT_EQ(summary.by_channel.size(), 2u);
  EXPECT_EQ(summary.by_channel[0].channel, "jd");
  EXPECT_EQ(summary.by_channel[0].orders, 1);
  EXPECT_FALSE(ScoreOf(summary.by_channel[0].dimensions, Dimension::kValidity).trend.has_value());  // new channel
  EXPECT_DOUBLE_EQ(*ScoreOf(summary.by_channel[1].dimensions, Dimension::kValidity).trend, 66.0 + 2.0 / 3.0 - 50.0);

  // Fields merge checks on the same field; checks are listed most failures first.
  ASSERT_FALSE(summary.by_check.empty());
  EXPECT_EQ(summary.by_check.front().check, CheckId::kPhoneValid);
  EXPECT_EQ(summary.by_check.front().counts.failed(), 1);
  ASSERT_EQ(summary.by_day.size(), 2u);
  EXPECT_EQ(summary.by_day[0].day, "2026-11-01");
  EXPECT_EQ(summary.by_day[0].orders, 3);
}

TEST(QualityScores, BreachesAreDayChannelDimensionsUnderThresholdWithEnoughOrders) {
  MetricsConfig config;
  config.min_orders_for_ticket = 3;
  config.thresholds[static_cast<std::size_t>(Dimension::kValidity)] = 70;
  const std::vector<QualityCountRow> rows = {
      Row("2026-11-01", "tmall", CheckId::kLinesRequired, 3, 3),
      Row("2026-11-01", "tmall", CheckId::kPhoneValid, 3, 2),   // 66.7 < 70: breach
      Row("2026-11-01", "jd", CheckId::kLinesRequired, 2, 2),
      Row("2026-11-01", "jd", CheckId::kPhoneValid, 2, 0),      // 0 %, but only 2 orders
      Row("2026-11-02", "tmall", CheckId::kLinesRequired, 4, 4),
      Row("2026-11-02", "tmall", CheckId::kPhoneValid, 4, 3),   // 75 ≥ 70
  };
  const std::vector<Breach> breaches = FindBreaches(rows, config);
  ASSERT_EQ(breaches.size(), 1u);
  EXPECT_EQ(breaches[0].day, "2026-11-01");
  EXPECT_EQ(breaches[0].channel, "tmall");
  EXPECT_EQ(breaches[0].dimension, Dimension::kValidity);
  EXPECT_NEAR(breaches[0].score, 66.67, 0.01);
  EXPECT_EQ(breaches[0].threshold, 70);
  EXPECT_EQ(breaches[0].orders, 3);
}

}  // namespace
}  // namespace ordo::quality
