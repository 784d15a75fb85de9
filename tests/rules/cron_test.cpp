#include "rules/cron.hpp"

#include <gtest/gtest.h>

namespace ordo::rules {
namespace {

TEST(CronTest, AcceptsTheFiveFieldForms) {
  for (const char* valid : {"* * * * *", "0 3 * * *", "*/5 * * * *", "0 8-18/2 1,15 1-12 0-7", "59 23 31 12 7"}) {
    EXPECT_FALSE(CronProblem(valid).has_value()) << valid;
  }
}

TEST(CronTest, RefusesWhatItCannotRead) {
  for (const char* invalid : {"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *",
                              "* * * * 8", "5-1 * * * *", "*/0 * * * *", "a * * * *", "1,,2 * * * *", "@daily"}) {
    EXPECT_TRUE(CronProblem(invalid).has_value()) << invalid;
  }
  EXPECT_EQ(*CronProblem("* 24 * * *"), "the hour field is not valid (range 0-23)");
}

}  // namespace
}  // namespace ordo::rules

namespace ordo::rules {
namespace {

constexpr core::UnixMillis kMinute = 60'000;

// UTC instant of a China-time (UTC+8) wall clock.
core::UnixMillis ChinaTime(int year, unsigned month, unsigned day, int hour, int minute) {
  return (core::DaysFromCivil(year, month, day) * 1440 + hour * 60 + minute - 480) * kMinute;
}

CronSchedule Parse(const char* expression) {
  auto parsed = ParseCron(expression);
  EXPECT_TRUE(parsed.has_value()) << expression;
  return parsed ? *parsed : CronSchedule{};
}

TEST(CronMatchTest, ParseGivesTheFieldsAsSets) {
  const CronSchedule schedule = Parse("5/20 8-18/5 1,15 */6 7");
  EXPECT_EQ(schedule.minutes.to_ullong(), (1ULL << 5) | (1ULL << 25) | (1ULL << 45));
  EXPECT_EQ(schedule.hours.to_ullong(), (1ULL << 8) | (1ULL << 13) | (1ULL << 18));
  EXPECT_EQ(schedule.days_of_month.to_ullong(), (1ULL << 1) | (1ULL << 15));
  EXPECT_EQ(schedule.months.to_ullong(), (1ULL << 1) | (1ULL << 7));
  EXPECT_EQ(schedule.days_of_week.to_ullong(), 1ULL);  // 7 is Sunday = 0
  EXPECT_TRUE(schedule.day_of_month_restricted);
  EXPECT_TRUE(schedule.day_of_week_restricted);
  EXPECT_FALSE(Parse("* * */2 * *").day_of_month_restricted);
  auto bad = ParseCron("* * * * 8");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().detail, "the day of week field is not valid (range 0-7)");
}

TEST(CronMatchTest, ReadsTheExpressionInTheGivenOffset) {
  const CronSchedule two_am = Parse("0 2 * * *");
  // 02:00 China time is 18:00 UTC the day before.
  EXPECT_TRUE(CronMatches(two_am, ChinaTime(2026, 11, 28, 2, 0), kChinaUtcOffsetMinutes));
  EXPECT_TRUE(CronMatches(two_am, ChinaTime(2026, 11, 28, 2, 0) + 59'999, kChinaUtcOffsetMinutes));
  EXPECT_FALSE(CronMatches(two_am, ChinaTime(2026, 11, 28, 2, 1), kChinaUtcOffsetMinutes));
  EXPECT_FALSE(CronMatches(two_am, ChinaTime(2026, 11, 28, 2, 0), 0));
  EXPECT_TRUE(CronMatches(two_am, ChinaTime(2026, 11, 28, 10, 0), 0));
  EXPECT_TRUE(CronMatches(two_am, ChinaTime(1969, 12, 31, 2, 0), kChinaUtcOffsetMinutes));  // before the epoch
}

TEST(CronMatchTest, WeekdaysAndSundaySeven) {
  // 2026-11-28 is a Saturday, 2026-11-29 a Sunday, 2026-11-30 a Monday.
  const CronSchedule weekdays = Parse("0 2 * * 1-5");
  EXPECT_FALSE(CronMatches(weekdays, ChinaTime(2026, 11, 28, 2, 0), kChinaUtcOffsetMinutes));
  EXPECT_TRUE(CronMatches(weekdays, ChinaTime(2026, 11, 30, 2, 0), kChinaUtcOffsetMinutes));
  for (const char* sunday : {"0 9 * * 0", "0 9 * * 7"}) {
    const CronSchedule schedule = Parse(sunday);
    EXPECT_TRUE(CronMatches(schedule, ChinaTime(2026, 11, 29, 9, 0), kChinaUtcOffsetMinutes)) << sunday;
    EXPECT_FALSE(CronMatches(schedule, ChinaTime(2026, 11, 28, 9, 0), kChinaUtcOffsetMinutes)) << sunday;
  }
}

TEST(CronMatchTest, DayOfMonthOrDayOfWeekWhenBothAreRestricted) {
  const CronSchedule either = Parse("0 9 1 * 1");  // the 1st, and every Monday
  EXPECT_TRUE(CronMatches(either, ChinaTime(2026, 12, 1, 9, 0), kChinaUtcOffsetMinutes));    // Tuesday the 1st
  EXPECT_TRUE(CronMatches(either, ChinaTime(2026, 11, 30, 9, 0), kChinaUtcOffsetMinutes));   // Monday the 30th
  EXPECT_FALSE(CronMatches(either, ChinaTime(2026, 12, 2, 9, 0), kChinaUtcOffsetMinutes));   // Wednesday the 2nd
  const CronSchedule both = Parse("0 9 */2 * 1");  // "*…" day of month: Mondays on odd days only
  EXPECT_FALSE(CronMatches(both, ChinaTime(2026, 11, 30, 9, 0), kChinaUtcOffsetMinutes));    // Monday the 30th
  EXPECT_TRUE(CronMatches(both, ChinaTime(2026, 12, 7, 9, 0), kChinaUtcOffsetMinutes));      // Monday the 7th
  EXPECT_FALSE(CronMatches(both, ChinaTime(2026, 12, 9, 9, 0), kChinaUtcOffsetMinutes));     // Wednesday the 9th
}

TEST(CronMatchTest, LeapDayAndMonths) {
  const CronSchedule leap = Parse("30 0 29 2 *");
  EXPECT_TRUE(CronMatches(leap, ChinaTime(2028, 2, 29, 0, 30), kChinaUtcOffsetMinutes));
  EXPECT_FALSE(CronMatches(leap, ChinaTime(2027, 3, 1, 0, 30), kChinaUtcOffsetMinutes));
  const std::vector<core::UnixMillis> due =
      DueMinutes(leap, ChinaTime(2026, 1, 1, 0, 0), ChinaTime(2034, 1, 1, 0, 0), kChinaUtcOffsetMinutes, 10);
  EXPECT_EQ(due, (std::vector<core::UnixMillis>{ChinaTime(2028, 2, 29, 0, 30), ChinaTime(2032, 2, 29, 0, 30)}));
}

TEST(CronMatchTest, DueMinutesAreTheMatchingMinutesInTheWindow) {
  const CronSchedule quarter = Parse("*/15 9 * * *");
  const core::UnixMillis nine = ChinaTime(2026, 11, 28, 9, 0);
  // (after, upto]: a firing exactly at `after` is not due again; one exactly at `upto` is.
  EXPECT_EQ(DueMinutes(quarter, nine, nine + 30 * kMinute, kChinaUtcOffsetMinutes, 10),
            (std::vector<core::UnixMillis>{nine + 15 * kMinute, nine + 30 * kMinute}));
  EXPECT_EQ(DueMinutes(quarter, nine - 1, nine + 29 * kMinute, kChinaUtcOffsetMinutes, 10),
            (std::vector<core::UnixMillis>{nine, nine + 15 * kMinute}));
  // Downtime over two days: the max earliest ones, each of them matching.
  const auto caught_up = DueMinutes(quarter, nine - 60 * kMinute, nine + 2 * 1440 * kMinute, kChinaUtcOffsetMinutes, 5);
  EXPECT_EQ(caught_up, (std::vector<core::UnixMillis>{nine, nine + 15 * kMinute, nine + 30 * kMinute,
                                                      nine + 45 * kMinute, nine + 1440 * kMinute}));
  EXPECT_TRUE(DueMinutes(quarter, nine, nine, kChinaUtcOffsetMinutes, 10).empty());
  EXPECT_TRUE(DueMinutes(quarter, nine, nine + 1000 * kMinute, kChinaUtcOffsetMinutes, 0).empty());
}

TEST(CronMatchTest, DueMinutesAgreesWithMatchingMinuteByMinute) {
  for (const char* expression : {"*/7 */5 * * *", "0 0 1,15 * 3", "10-20/3 22 * 2-3 6", "0 2 * * 1-5"}) {
    const CronSchedule schedule = Parse(expression);
    const core::UnixMillis from = ChinaTime(2026, 1, 27, 5, 3) + 123;
    const core::UnixMillis to = from + 70LL * 1440 * kMinute;
    std::vector<core::UnixMillis> expected;
    for (core::UnixMillis minute = (from / kMinute + 1) * kMinute; minute <= to; minute += kMinute) {
      if (CronMatches(schedule, minute, kChinaUtcOffsetMinutes)) expected.push_back(minute);
    }
    EXPECT_FALSE(expected.empty()) << expression;
    EXPECT_EQ(DueMinutes(schedule, from, to, kChinaUtcOffsetMinutes, 1'000'000), expected) << expression;
  }
}

TEST(CronMatchTest, AScheduleThatNeverFiresEndsTheScan) {
  const CronSchedule never = Parse("0 0 30 2 *");
  EXPECT_TRUE(DueMinutes(never, 0, std::int64_t{1} << 62, kChinaUtcOffsetMinutes, 10).empty());
}

}  // namespace
}  // namespace ordo::rules
