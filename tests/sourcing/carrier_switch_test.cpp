#include "sourcing/carrier_switch.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ordo::sourcing {
namespace {

CarrierRate Rate(std::string carrier, std::string origin, std::string destination, std::int64_t max_grams = 30'000) {
  return CarrierRate{std::move(carrier), "standard", std::move(origin), std::move(destination), 0, max_grams, 2, 1000};
}

std::set<std::string> CarriersOn(const CarrierTable& table, const char* origin, const char* destination) {
  std::set<std::string> carriers;
  for (const CarrierRate& rate : table.Find(origin, destination).rates) carriers.insert(rate.carrier);
  return carriers;
}

const std::vector<CarrierRate> kRates = {
    Rate("zto", "310000", "110000"), Rate("zto", "310000", "110000", 60'000),  // two bands
    Rate("sf", "310000", "110000"),  Rate("zto", "310000", "650000"),          // only zto to Xinjiang
    Rate("zto", "440000", "310000"), Rate("sf", "440000", "310000"), Rate("yto", "440000", "310000"),
};

TEST(CarrierSwitchTest, DropsFromWhereToServesAndKeepsItElsewhere) {
  const SwitchedCarriers switched = ApplyCarrierSwitches(CarrierTable(kRates), {{"zto", "sf"}});
  EXPECT_EQ(CarriersOn(switched.table, "310000", "110000"), (std::set<std::string>{"sf"}));
  EXPECT_EQ(CarriersOn(switched.table, "310000", "650000"), (std::set<std::string>{"zto"}));  // late beats never
  EXPECT_EQ(CarriersOn(switched.table, "440000", "310000"), (std::set<std::string>{"sf", "yto"}));
  ASSERT_EQ(switched.switches.size(), 1U);
  EXPECT_EQ(switched.switches[0].from, "zto");
  EXPECT_EQ(switched.switches[0].to, "sf");
  EXPECT_EQ(switched.switches[0].lanes_switched, 2);
  EXPECT_EQ(switched.switches[0].lanes_kept, 1);
  EXPECT_EQ(switched.table.rates().size(), kRates.size() - 3);  // both zto bands Shanghai → Beijing gone
}

TEST(CarrierSwitchTest, NoSwitchesOrIdleOnesChangeNothing) {
  for (const std::map<std::string, std::string>& from_to : std::vector<std::map<std::string, std::string>>{
           {}, {{"zto", "zto"}}, {{"ems", "sf"}}, {{"zto", "jd"}}}) {
    const SwitchedCarriers switched = ApplyCarrierSwitches(CarrierTable(kRates), from_to);
    EXPECT_EQ(switched.table.rates().size(), kRates.size());
    for (const CarrierSwitchOutcome& outcome : switched.switches) EXPECT_EQ(outcome.lanes_switched, 0);
  }
  EXPECT_EQ(ApplyCarrierSwitches(CarrierTable(kRates), {{"zto", "jd"}}).switches[0].lanes_kept, 3);
}

TEST(CarrierSwitchTest, SwitchesApplyInTurnSoTwoWayKeepsOne) {
  const SwitchedCarriers switched = ApplyCarrierSwitches(CarrierTable(kRates), {{"sf", "zto"}, {"zto", "sf"}});
  // "sf→zto" first drops sf wherever zto serves; then zto has no sf to switch to.
  EXPECT_EQ(CarriersOn(switched.table, "310000", "110000"), (std::set<std::string>{"zto"}));
  EXPECT_EQ(CarriersOn(switched.table, "440000", "310000"), (std::set<std::string>{"yto", "zto"}));
  EXPECT_EQ(switched.switches[0].lanes_switched, 2);
  EXPECT_EQ(switched.switches[1].lanes_switched, 0);
  EXPECT_EQ(switched.switches[1].lanes_kept, 3);
}

}  // namespace
}  // namespace ordo::sourcing
