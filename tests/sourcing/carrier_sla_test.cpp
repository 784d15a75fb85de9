#include "sourcing/carrier_sla.hpp"

#include <gtest/gtest.h>

namespace ordo::sourcing {
namespace {

constexpr std::int64_t kToday = 20'785;  // 2026-11-28; the last complete day is the 27th

CarrierDayOutcome Day(const std::string& carrier, std::int64_t days_ago, std::int64_t due, std::int64_t on_time,
                      std::int64_t late = 0) {
  return CarrierDayOutcome{carrier, kToday - days_ago, due, on_time, late, due - on_time - late};
}

const CarrierSlaStatus& Of(const std::vector<CarrierSlaStatus>& statuses, const std::string& carrier) {
  for (const CarrierSlaStatus& status : statuses) {
    if (status.carrier == carrier) return status;
  }
  ADD_FAILURE() << "no status for " << carrier;
  static const CarrierSlaStatus none;
  return none;
}

TEST(CarrierSlaTest, CountsMissedDaysRunningToTheLastCompleteDay) {
  const std::vector<CarrierDayOutcome> outcomes = {
      Day("zto", 5, 100, 99),                    // met
      Day("zto", 4, 100, 90, 5),                 // missed, but before a met day
      Day("zto", 3, 100, 96),                    // met: ends the streak walking back
      Day("zto", 2, 100, 94, 6), Day("zto", 1, 40, 30, 2), Day("zto", 0, 100, 100),  // today: not judged
      Day("sf", 1, 50, 49),
  };
  const auto statuses = CarrierSlaStatuses(outcomes, {}, kToday - 1, 14);
  ASSERT_EQ(statuses.size(), 2U);
  EXPECT_EQ(statuses[0].carrier, "sf");  // by carrier
  const CarrierSlaStatus& zto = Of(statuses, "zto");
  EXPECT_EQ(zto.sla_miss_days, 2);
  ASSERT_EQ(zto.days.size(), 14U);
  EXPECT_EQ(zto.days.front().local_day, kToday - 14);
  EXPECT_EQ(zto.days.back().local_day, kToday - 1);
  const CarrierSlaDay& last = zto.days.back();
  EXPECT_EQ(last.due, 40);
  EXPECT_EQ(last.late, 2);
  EXPECT_EQ(last.open, 8);  // open parcels miss the day too
  ASSERT_TRUE(last.on_time_rate.has_value());
  EXPECT_DOUBLE_EQ(*last.on_time_rate, 0.75);
  EXPECT_EQ(last.verdict, SlaDayVerdict::kMissed);
  EXPECT_EQ(zto.days[zto.days.size() - 3].verdict, SlaDayVerdict::kMet);
  EXPECT_FALSE(zto.days.front().on_time_rate.has_value());
  EXPECT_EQ(zto.reason,
            "missed 2 counted days running: 2026-11-26 94.0% of 100, 2026-11-27 75.0% of 40; met on 2026-11-25 "
            "(threshold 95.0% on time; days under 20 parcels not counted)");
  EXPECT_EQ(Of(statuses, "sf").sla_miss_days, 0);
  EXPECT_EQ(Of(statuses, "sf").reason,
            "met on 2026-11-27 (98.0% of 50), the last counted day (threshold 95.0% on time; days under 20 parcels "
            "not counted)");
}

TEST(CarrierSlaTest, QuietDaysNeitherBreakNorExtendAStreak) {
  const std::vector<CarrierDayOutcome> outcomes = {
      Day("yto", 6, 100, 100), Day("yto", 5, 100, 80), Day("yto", 4, 5, 5),  // quiet, all on time
      Day("yto", 3, 100, 80), Day("yto", 2, 19, 0),                           // quiet, all late
      Day("yto", 1, 20, 18),                                                  // exactly the minimum: counted
  };
  const auto statuses = CarrierSlaStatuses(outcomes, {}, kToday - 1, 14);
  const CarrierSlaStatus& yto = Of(statuses, "yto");
  EXPECT_EQ(yto.sla_miss_days, 3);
  EXPECT_EQ(yto.days[yto.days.size() - 2].verdict, SlaDayVerdict::kTooFewParcels);
  EXPECT_EQ(yto.days.back().verdict, SlaDayVerdict::kMissed);
}

TEST(CarrierSlaTest, PolicyAndThresholdEdge) {
  const std::vector<CarrierDayOutcome> outcomes = {Day("jd", 1, 100, 95), Day("jd", 2, 10, 5)};
  EXPECT_EQ(Of(CarrierSlaStatuses(outcomes, {}, kToday - 1, 7), "jd").sla_miss_days, 0);  // 95 % is met
  CarrierSlaPolicy strict;
  strict.on_time_threshold = 0.99;
  strict.min_parcels = 10;
  EXPECT_EQ(Of(CarrierSlaStatuses(outcomes, {}, kToday - 1, 7, strict), "jd").sla_miss_days, 2);
}

TEST(CarrierSlaTest, WindowBoundsTheStreakAndKnownCarriersAppear) {
  std::vector<CarrierDayOutcome> outcomes;
  for (int ago = 1; ago <= 20; ++ago) outcomes.push_back(Day("ems", ago, 30, 10));
  outcomes.push_back(Day("ems", 1, 30, 10));  // a second row of a day is added to it
  const auto statuses = CarrierSlaStatuses(outcomes, {"ems", "sf"}, kToday - 1, 3);
  ASSERT_EQ(statuses.size(), 2U);
  EXPECT_EQ(Of(statuses, "ems").sla_miss_days, 3);
  EXPECT_EQ(Of(statuses, "ems").days.back().due, 60);
  EXPECT_EQ(Of(statuses, "ems").reason.rfind("missed 3 counted days running:", 0), 0U);
  const CarrierSlaStatus& quiet = Of(statuses, "sf");
  EXPECT_EQ(quiet.sla_miss_days, 0);
  EXPECT_EQ(quiet.days.size(), 3U);
  EXPECT_EQ(quiet.reason, "no counted day in the window (threshold 95.0% on time; days under 20 parcels not counted)");
}

}  // namespace
}  // namespace ordo::sourcing
