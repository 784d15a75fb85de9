#include "sourcing/decide_sourcing.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ordo::sourcing {
namespace {

using ::testing::ElementsAre;

// 2026-11-28 10:00 in Shanghai (02:00 UTC): before every 16:00 cut-off.
constexpr core::UnixMillis kMorning = 1'795'831'200'000;
constexpr char kShanghai[] = "310000";
constexpr char kZhejiang[] = "330000";
constexpr char kGuangdong[] = "440000";

Location Warehouse(std::string id, std::string province) {
  Location location;
  location.id = std::move(id);
  location.province_code = std::move(province);
  location.daily_capacity = 1000;
  return location;
}

CarrierRate Rate(std::string origin, std::string destination, std::int64_t cost, int days = 2,
                 std::string carrier = "zto") {
  return CarrierRate{std::move(carrier), "standard", std::move(origin), std::move(destination), 0, 30'000, days, cost};
}

struct Fixture {
  std::vector<Location> locations;
  std::vector<CarrierRate> rates;
  StockView stock;
  RuleDirectives directives;
  SourcingOrder order;
  CostPolicy policy;

  SourcingDecision Decide() const {
    auto result = DecideSourcing(order, stock, locations, CarrierTable(rates), directives, kMorning, policy);
    EXPECT_TRUE(result.has_value());
    return std::move(result).value();
  }
};

// Two lines to Shanghai; A (Shanghai, 10.00) and B (Zhejiang, 12.00), C (Guangdong, 20.00).
Fixture ThreeWarehouses() {
  Fixture f;
  f.locations = {Warehouse("A", kShanghai), Warehouse("B", kZhejiang), Warehouse("C", kGuangdong)};
  f.rates = {Rate(kShanghai, kShanghai, 1000, 1), Rate(kZhejiang, kShanghai, 1200, 1), Rate(kGuangdong, kShanghai, 2000, 3)};
  f.order.destination_province = kShanghai;
  f.order.promise_day = LocalDay(kMorning) + 3;
  f.order.lines = {{"SKU-1", 1, 500}, {"SKU-2", 2, 800}};
  f.policy.capacity_pressure_at_full = 0;
  return f;
}

std::vector<std::string> LocationsOf(const SourcingPlan& plan) {
  std::vector<std::string> ids;
  for (const PlanLine& line : plan.lines) ids.push_back(line.location_id);
  return ids;
}

TEST(DecideSourcing, CheapestSingleLocationHoldingEverythingWins) {
  Fixture f = ThreeWarehouses();
  for (const char* id : {"A", "B", "C"}) {
    f.stock.Set("SKU-1", id, 5);
    f.stock.Set("SKU-2", id, 5);
  }
  const SourcingDecision decision = f.Decide();
  EXPECT_THAT(LocationsOf(decision.chosen), ElementsAre("A", "A"));
  EXPECT_EQ(decision.chosen.parcels, 1);
  EXPECT_EQ(decision.chosen.cost.shipping, 1000);
  EXPECT_EQ(decision.chosen.cost.total, 1000);
  EXPECT_EQ(decision.chosen.lines[0].promised_day, LocalDay(kMorning) + 1);
  EXPECT_TRUE(decision.exact);
  ASSERT_FALSE(decision.runners_up.empty());
  EXPECT_THAT(LocationsOf(decision.runners_up[0]), ElementsAre("B", "B"));
  EXPECT_EQ(decision.runners_up[0].note, "without A");
}

TEST(DecideSourcing, SplitsWhenNoLocationHoldsEveryLineAndChargesTheExtraParcel) {
  Fixture f = ThreeWarehouses();
  f.stock.Set("SKU-1", "A", 5);
  f.stock.Set("SKU-2", "B", 5);
  const SourcingDecision decision = f.Decide();
  EXPECT_THAT(LocationsOf(decision.chosen), ElementsAre("A", "B"));
  EXPECT_EQ(decision.chosen.parcels, 2);
  EXPECT_EQ(decision.chosen.cost.extra_parcel_penalty, f.policy.extra_parcel_penalty);
  EXPECT_EQ(decision.chosen.cost.total, 1000 + 1200 + f.policy.extra_parcel_penalty);
}

TEST(DecideSourcing, SingleDearerLocationBeatsASplitWhoseParcelPenaltyCostsMore) {
  Fixture f = ThreeWarehouses();
  f.stock.Set("SKU-1", "A", 5);
  f.stock.Set("SKU-1", "B", 5);
  f.stock.Set("SKU-2", "B", 5);
  const SourcingDecision decision = f.Decide();
  EXPECT_THAT(LocationsOf(decision.chosen), ElementsAre("B", "B"));  // 12.00 < 10.00 + 12.00 + 8.00
}

TEST(DecideSourcing, EveryLeftOutLocationHasItsReason) {
  Fixture f = ThreeWarehouses();
  f.locations.push_back(Warehouse("D", "650000"));  // Xinjiang: no lane to Shanghai
  f.locations.push_back(Warehouse("E", kShanghai));
  f.locations.back().capacity_used = 1000;
  f.locations.push_back(Warehouse("F", kShanghai));
  f.locations.back().ships = false;
  f.locations[2].status = LocationStatus::kClosed;
  f.locations[2].status_reason = "暴雨";
  f.directives.excluded_locations = {"B"};
  for (const char* id : {"A", "B", "C", "D", "E", "F"}) f.stock.Set("SKU-1", id, 5);
  f.stock.Set("SKU-2", "A", 5);
  f.locations.push_back(Warehouse("G", kShanghai));  // holds nothing
  const SourcingDecision decision = f.Decide();
  EXPECT_THAT(decision.exclusions,
              ElementsAre(Exclusion{"B", ExclusionReason::kExcludedByRule, ""},
                          Exclusion{"C", ExclusionReason::kClosed, "暴雨"},
                          Exclusion{"D", ExclusionReason::kNoCarrierToDestination, kShanghai},
                          Exclusion{"E", ExclusionReason::kOverCapacity, "1000/1000"},
                          Exclusion{"F", ExclusionReason::kNoFulfilmentType, "does not ship"},
                          Exclusion{"G", ExclusionReason::kNoStock, ""}));
  EXPECT_THAT(LocationsOf(decision.chosen), ElementsAre("A", "A"));
}

TEST(DecideSourcing, ALineNoLocationHoldsIsUnfilledAndTheRestIsPlanned) {
  Fixture f = ThreeWarehouses();
  f.stock.Set("SKU-1", "A", 5);
  f.stock.Set("SKU-2", "A", 1);  // the line wants 2
  const SourcingDecision decision = f.Decide();
  EXPECT_THAT(decision.unfilled_lines, ElementsAre(1u));
  EXPECT_THAT(LocationsOf(decision.chosen), ElementsAre("A"));
}

TEST(DecideSourcing, ForcedLocationIsTheOnlyOneConsidered) {
  Fixture f = ThreeWarehouses();
  for (const char* id : {"A", "B", "C"}) {
    f.stock.Set("SKU-1", id, 5);
    f.stock.Set("SKU-2", id, 5);
  }
  f.directives.forced_location = "C";
  const SourcingDecision decision = f.Decide();
  EXPECT_THAT(LocationsOf(decision.chosen), ElementsAre("C", "C"));
  EXPECT_THAT(decision.exclusions, ElementsAre(Exclusion{"A", ExclusionReason::kNotForcedLocation, "C"},
                                               Exclusion{"B", ExclusionReason::kNotForcedLocation, "C"}));
}

TEST(DecideSourcing, PreferredLocationWinsWhenItsCreditCoversTheDifference) {
  Fixture f = ThreeWarehouses();
  for (const char* id : {"A", "B"}) {
    f.stock.Set("SKU-1", id, 5);
    f.stock.Set("SKU-2", id, 5);
  }
  f.directives.preferred_locations = {"B"};
  f.policy.preference_credit = 300;  // 12.00 − 3.00 < 10.00
  const SourcingDecision decision = f.Decide();
  EXPECT_THAT(LocationsOf(decision.chosen), ElementsAre("B", "B"));
  EXPECT_EQ(decision.chosen.cost.preference_credit, 300);
  EXPECT_EQ(decision.chosen.cost.total, 900);
  f.policy.preference_credit = 100;  // 12.00 − 1.00 > 10.00
  EXPECT_THAT(LocationsOf(f.Decide().chosen), ElementsAre("A", "A"));
}

TEST(DecideSourcing, DegradedLocationHasLessCapacityAndMorePressure) {
  Fixture f = ThreeWarehouses();
  f.policy.capacity_pressure_at_full = 600;
  for (const char* id : {"A", "B"}) {
    f.stock.Set("SKU-1", id, 5);
    f.stock.Set("SKU-2", id, 5);
  }
  f.locations[0].capacity_used = 400;
  f.locations[0].status = LocationStatus::kDegraded;  // 400/500 → 4.80: 14.80 > 12.00
  SourcingDecision decision = f.Decide();
  EXPECT_THAT(LocationsOf(decision.chosen), ElementsAre("B", "B"));
  f.locations[0].capacity_used = 500;  // a degraded location keeps 50 %: full
  decision = f.Decide();
  ASSERT_FALSE(decision.exclusions.empty());
  EXPECT_EQ(decision.exclusions[0], (Exclusion{"A", ExclusionReason::kOverCapacity, "500/500"}));
  f.locations[0].status = LocationStatus::kOpen;
  f.locations[0].capacity_used = 0;
  EXPECT_THAT(LocationsOf(f.Decide().chosen), ElementsAre("A", "A"));
}

TEST(DecideSourcing, LatePromiseIsPenalisedPerDayAndCanOutweighCheaperShipping) {
  Fixture f = ThreeWarehouses();
  f.stock.Set("SKU-1", "C", 5);
  f.stock.Set("SKU-2", "C", 5);
  f.stock.Set("SKU-1", "B", 5);
  f.stock.Set("SKU-2", "B", 5);
  f.rates[1].cost = 3000;  // B dearer than C, but C arrives in 3 days
  f.order.promise_day = LocalDay(kMorning) + 1;
  const SourcingDecision decision = f.Decide();
  // C: 20.00 + 2 days × 15.00 = 50.00; B: 30.00 on time.
  EXPECT_THAT(LocationsOf(decision.chosen), ElementsAre("B", "B"));
  ASSERT_FALSE(decision.runners_up.empty());
  EXPECT_EQ(decision.runners_up[0].cost.late_penalty, 2 * f.policy.late_penalty_per_day);
}

TEST(DecideSourcing, AfterTheCutOffTheParcelLeavesTomorrow) {
  Fixture f = ThreeWarehouses();
  f.stock.Set("SKU-1", "A", 5);
  f.stock.Set("SKU-2", "A", 5);
  f.locations[0].cutoff_minute = 9 * 60;  // 10:00 is past it
  EXPECT_EQ(f.Decide().chosen.lines[0].promised_day, LocalDay(kMorning) + 2);
}

Fixture PickupAtStore() {
  Fixture f = ThreeWarehouses();
  Location store = Warehouse("S1", kShanghai);
  store.kind = LocationKind::kStore;
  store.pickup = true;
  f.locations.push_back(store);
  f.order.fulfilment = FulfilmentType::kPickup;
  f.order.pickup_location_id = "S1";
  f.order.destination_province.clear();
  return f;
}

TEST(DecideSourcing, PickupUsesTheChosenStoreWithoutCarrier) {
  Fixture f = PickupAtStore();
  f.stock.Set("SKU-1", "S1", 5);
  f.stock.Set("SKU-2", "S1", 5);
  f.stock.Set("SKU-1", "A", 5);
  f.stock.Set("SKU-2", "A", 5);
  const SourcingDecision decision = f.Decide();
  EXPECT_THAT(LocationsOf(decision.chosen), ElementsAre("S1", "S1"));
  EXPECT_EQ(decision.chosen.lines[0].carrier, "");
  EXPECT_EQ(decision.chosen.cost.total, 0);
}

TEST(DecideSourcing, PickupStoreOutOfStockIsFilledFromAWarehouseShippingToTheStore) {
  Fixture f = PickupAtStore();
  Location other_store = Warehouse("S2", kShanghai);
  other_store.kind = LocationKind::kStore;
  f.locations.push_back(other_store);
  f.stock.Set("SKU-1", "S1", 5);
  f.stock.Set("SKU-2", "S2", 5);  // a store: not a ship-to-store source
  f.stock.Set("SKU-2", "B", 5);
  const SourcingDecision decision = f.Decide();
  EXPECT_THAT(LocationsOf(decision.chosen), ElementsAre("S1", "B"));
  EXPECT_EQ(decision.chosen.lines[1].carrier, "zto");
  EXPECT_EQ(decision.chosen.cost.total, 1200 + f.policy.extra_parcel_penalty);
  f.order.allow_ship_to_store = false;
  EXPECT_THAT(f.Decide().unfilled_lines, ElementsAre(1u));
}

TEST(DecideSourcing, PickupAtAClosedStoreIsRejected) {
  Fixture f = PickupAtStore();
  f.locations.back().status = LocationStatus::kClosed;
  const auto result = DecideSourcing(f.order, f.stock, f.locations, CarrierTable(f.rates), f.directives, kMorning);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kRejected);
}

TEST(DecideSourcing, EqualCostsGoToTheLowerLocationIdWhateverTheInputOrder) {
  Fixture f = ThreeWarehouses();
  f.locations = {Warehouse("W2", kShanghai), Warehouse("W1", kShanghai), Warehouse("W3", kShanghai)};
  for (const char* id : {"W1", "W2", "W3"}) {
    f.stock.Set("SKU-1", id, 5);
    f.stock.Set("SKU-2", id, 5);
  }
  const SourcingDecision first = f.Decide();
  EXPECT_THAT(LocationsOf(first.chosen), ElementsAre("W1", "W1"));
  std::reverse(f.locations.begin(), f.locations.end());
  const SourcingDecision second = f.Decide();
  EXPECT_EQ(first.chosen, second.chosen);
  EXPECT_EQ(first.runners_up, second.runners_up);
  EXPECT_EQ(first.exclusions, second.exclusions);
}

TEST(DecideSourcing, CarrierTieBreaksByNameAndTheCheaperCarrierWins) {
  Fixture f = ThreeWarehouses();
  f.rates = {Rate(kShanghai, kShanghai, 900, 1, "yto"), Rate(kShanghai, kShanghai, 900, 1, "sf"),
             Rate(kShanghai, kShanghai, 950, 1, "best")};
  f.stock.Set("SKU-1", "A", 5);
  f.stock.Set("SKU-2", "A", 5);
  EXPECT_EQ(f.Decide().chosen.lines[0].carrier, "sf");
}

TEST(DecideSourcing, LargeOrdersUseTheHeuristicAndStillFillEveryLineFeasibly) {
  Fixture f = ThreeWarehouses();
  f.order.lines.clear();
  for (int line_idx = 0; line_idx < 14; ++line_idx) {
    const std::string sku = "SKU-" + std::to_string(line_idx);
    f.order.lines.push_back({sku, 1, 300});
    f.stock.Set(sku, line_idx % 2 == 0 ? "A" : "B", 1);  // A holds the even lines, B the odd ones
    f.stock.Set(sku, "C", 1);
  }
  const SourcingDecision decision = f.Decide();
  EXPECT_FALSE(decision.exact);
  ASSERT_EQ(decision.chosen.lines.size(), 14u);
  for (const PlanLine& line : decision.chosen.lines) {
    EXPECT_GE(f.stock.Available(f.order.lines[line.line_index].sku, line.location_id), 1) << line.line_index;
  }
  // C alone (20.00) beats A + B (10.00 + 12.00 + 8.00).
  EXPECT_THAT(decision.chosen.parcels, 1);
  EXPECT_EQ(decision.chosen.cost.total, 2000);
}

TEST(DecideSourcing, NonPositiveQuantityIsInvalid) {
  Fixture f = ThreeWarehouses();
  f.order.lines[1].qty = 0;
  const auto result = DecideSourcing(f.order, f.stock, f.locations, CarrierTable(f.rates), f.directives, kMorning);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ordo::sourcing

namespace ordo::sourcing {
namespace {

TEST(DecideSourcing, HeuristicPathAgreesWithTheExactOneOnASmallOrder) {
  Fixture f = ThreeWarehouses();
  f.stock.Set("SKU-1", "A", 5);
  f.stock.Set("SKU-2", "B", 5);
  f.stock.Set("SKU-1", "C", 5);
  f.stock.Set("SKU-2", "C", 5);
  const SourcingDecision exact = f.Decide();
  f.policy.exact_line_limit = 0;
  const SourcingDecision heuristic = f.Decide();
  EXPECT_TRUE(exact.exact);
  EXPECT_FALSE(heuristic.exact);
  EXPECT_EQ(heuristic.chosen, exact.chosen);
}

}  // namespace
}  // namespace ordo::sourcing
