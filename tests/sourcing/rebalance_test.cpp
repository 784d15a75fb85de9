#include "sourcing/rebalance.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

namespace ordo::sourcing {
namespace {

using ::testing::ElementsAre;

constexpr std::int64_t kToday = 20'785;

WaitingOrder Order(std::string id, core::UnixMillis since, std::vector<WaitingLine> lines, int priority = 0,
                   std::int64_t promise_day = kToday + 30) {
  return WaitingOrder{std::move(id), priority, since, promise_day, std::move(lines)};
}

std::vector<std::string> FilledIds(const RebalancePlan& plan) {
  std::vector<std::string> ids;
  for (const FilledOrder& order : plan.filled) ids.push_back(order.order_id);
  return ids;
}

RebalancePlan Fcfs(const RebalanceInput& input) {
  auto plan = AllocateFirstComeFirstServed(input);
  EXPECT_TRUE(plan.has_value());
  return plan.value();
}

RebalancePlan Mip(const RebalanceInput& input, RebalanceOptions options = {}) {
  auto plan = AllocateByMip(input, options);
  EXPECT_TRUE(plan.has_value()) << (plan.has_value() ? "" : plan.error().detail);
  return plan.value();
}

// Checked from the input, independently of the library: every filled order has each line from
// one location, no (sku, location) gives more than it has, no location ships more parcels than
// its capacity; the summary adds up.
void ExpectWithinLimits(const RebalanceInput& input, const RebalancePlan& plan) {
  std::map<std::pair<std::string, std::string>, std::int64_t> left;
  for (const StockRow& row : input.stock) left[{row.sku, row.location_id}] = row.available;
  std::map<std::string, std::int64_t> parcels_left;
  for (const ParcelCapacity& row : input.capacities) parcels_left[row.location_id] = row.parcels;
  std::map<std::string, const WaitingOrder*> by_id;
  for (const WaitingOrder& order : input.orders) by_id[order.id] = &order;
  std::int64_t units = 0, value = 0;
  for (const FilledOrder& filled : plan.filled) {
    const WaitingOrder& order = *by_id.at(filled.order_id);
    ASSERT_EQ(filled.lines.size(), order.lines.size()) << filled.order_id;
    std::set<std::string> used;
    for (std::size_t line_idx = 0; line_idx < filled.lines.size(); ++line_idx) {
      EXPECT_EQ(filled.lines[line_idx].line_index, line_idx);
      const WaitingLine& line = order.lines[line_idx];
      left[{line.sku, filled.lines[line_idx].location_id}] -= line.qty;
      EXPECT_GE((left[{line.sku, filled.lines[line_idx].location_id}]), 0) << line.sku;
      used.insert(filled.lines[line_idx].location_id);
      units += line.qty;
    }
    for (const std::string& location : used) {
      if (parcels_left.contains(location)) {
        EXPECT_GE(--parcels_left[location], 0) << location;
      }
    }
    EXPECT_EQ(filled.weight, OrderWeight(order, input.today, {}));
    value += filled.weight;
  }
  EXPECT_EQ(plan.summary.orders_filled, static_cast<std::int64_t>(plan.filled.size()));
  EXPECT_EQ(plan.summary.units, units);
  EXPECT_EQ(plan.summary.weighted_value, value);
}

TEST(OrderWeight, RisesWithPriorityAndUrgency) {
  const OrderWeightPolicy policy;
  EXPECT_EQ(OrderWeight(Order("a", 0, {{"A", 1}}, 0, kToday + 30), kToday, policy), 100);
  EXPECT_EQ(OrderWeight(Order("a", 0, {{"A", 1}}, 2, kToday + 30), kToday, policy), 300);
  EXPECT_EQ(OrderWeight(Order("a", 0, {{"A", 1}}, 0, kToday + 5), kToday, policy), 140);  // 2 days inside a week
  EXPECT_EQ(OrderWeight(Order("a", 0, {{"A", 1}}, 0, kToday), kToday, policy), 240);
  EXPECT_EQ(OrderWeight(Order("a", 0, {{"A", 1}}, 0, kToday - 3), kToday, policy), 240);  // overdue: capped
}

// The oldest order takes both scarce SKUs; the two younger ones need one each. First come fills
// one order (100), the MIP the two others (200).
TEST(Rebalance, MipFillsMoreWhereFirstComeBlocks) {
  RebalanceInput input;
  input.today = kToday;
  input.orders = {Order("o1", 1, {{"A", 1}, {"B", 1}}), Order("o2", 2, {{"A", 1}}), Order("o3", 3, {{"B", 1}})};
  input.stock = {{"A", "L1", 1}, {"B", "L2", 1}};
  const RebalancePlan fcfs = Fcfs(input);
  const RebalancePlan mip = Mip(input);
  EXPECT_THAT(FilledIds(fcfs), ElementsAre("o1"));
  EXPECT_THAT(FilledIds(mip), ElementsAre("o2", "o3"));
  EXPECT_TRUE(mip.optimal);
  EXPECT_FALSE(mip.hit_limit);
  EXPECT_FALSE(mip.fell_back_to_greedy);
  EXPECT_EQ(mip.value_bound, 200);
  const RebalanceComparison comparison = CompareRebalance(fcfs, mip);
  EXPECT_EQ(comparison.first_come_first_served, (RebalanceSummary{1, 100, 2}));
  EXPECT_EQ(comparison.mip, (RebalanceSummary{2, 200, 2}));
  EXPECT_TRUE(comparison.mip_optimal);
  ExpectWithinLimits(input, fcfs);
  ExpectWithinLimits(input, mip);
}

// L1 may ship one parcel. First come sends o1's A from L1 (tie on stock, lower id), so o2, whose
// B only L1 holds, cannot get its parcel there. The MIP sends o1 from L2 and fills both.
TEST(Rebalance, ParcelCapacityChoosesTheLocation) {
  RebalanceInput input;
  input.today = kToday;
  input.orders = {Order("o1", 1, {{"A", 1}}), Order("o2", 2, {{"A", 1}, {"B", 1}})};
  input.stock = {{"A", "L1", 1}, {"A", "L2", 1}, {"B", "L1", 1}};
  input.capacities = {{"L1", 1}};
  const RebalancePlan fcfs = Fcfs(input);
  EXPECT_THAT(FilledIds(fcfs), ElementsAre("o1"));
  EXPECT_EQ(fcfs.filled[0].lines[0].location_id, "L1");
  const RebalancePlan mip = Mip(input);
  ASSERT_THAT(FilledIds(mip), ElementsAre("o1", "o2"));
  EXPECT_EQ(mip.filled[0].lines[0].location_id, "L2");
  EXPECT_THAT(mip.filled[1].lines, ElementsAre(LineSource{0, "L1"}, LineSource{1, "L1"}));
  EXPECT_TRUE(mip.optimal);
  ExpectWithinLimits(input, fcfs);
  ExpectWithinLimits(input, mip);
}

TEST(Rebalance, PriorityAndUrgencyWinTheScarceUnit) {
  RebalanceInput input;
  input.today = kToday;
  input.stock = {{"A", "L1", 1}};
  input.orders = {Order("old", 1, {{"A", 1}}), Order("vip", 2, {{"A", 1}}, 2)};
  EXPECT_THAT(FilledIds(Fcfs(input)), ElementsAre("old"));
  EXPECT_THAT(FilledIds(Mip(input)), ElementsAre("vip"));
  input.orders = {Order("later", 1, {{"A", 1}}, 0, kToday + 20), Order("due", 2, {{"A", 1}}, 0, kToday + 1)};
  EXPECT_THAT(FilledIds(Mip(input)), ElementsAre("due"));
  // One order due today (240) outweighs two plain ones (100 + 100)…
  input.stock = {{"A", "L1", 2}};
  input.orders = {Order("due", 1, {{"A", 2}}, 0, kToday), Order("p1", 2, {{"A", 1}}), Order("p2", 3, {{"A", 1}})};
  EXPECT_THAT(FilledIds(Mip(input)), ElementsAre("due"));
  // …and two due today (240 + 240) outweigh one of priority 1 due in a month (200).
  input.orders = {Order("vip", 1, {{"A", 2}}, 1), Order("d1", 2, {{"A", 1}}, 0, kToday), Order("d2", 3, {{"A", 1}}, 0, kToday)};
  EXPECT_THAT(FilledIds(Mip(input)), ElementsAre("d1", "d2"));
}

TEST(Rebalance, AnOrderIsAllOrNothingAndNeedsEachLineWholeAtOneLocation) {
  RebalanceInput input;
  input.today = kToday;
  // 2 + 1 of A exist but not 3 at one location; o1's B exists nowhere.
  input.stock = {{"A", "L1", 2}, {"A", "L2", 1}, {"C", "L1", 5}};
  input.orders = {Order("o1", 1, {{"C", 1}, {"B", 1}}), Order("o2", 2, {{"A", 3}}), Order("o3", 3, {{"C", 5}})};
  const RebalancePlan fcfs = Fcfs(input);
  const RebalancePlan mip = Mip(input);
  EXPECT_THAT(FilledIds(fcfs), ElementsAre("o3"));  // o1's C was given back when B was missing
  EXPECT_THAT(FilledIds(mip), ElementsAre("o3"));
  EXPECT_TRUE(mip.optimal);
}

// Generated scarce instances: the MIP never does worse than first come and never over-allocates.
RebalanceInput Generated(unsigned seed, int order_count) {
  RebalanceInput input;
  input.today = kToday;
  unsigned state = seed;
  auto next = [&](unsigned bound) {
    state = state * 1'103'515'245u + 12'345u;
    return (state >> 16) % bound;
  };
  for (int sku_idx = 0; sku_idx < 6; ++sku_idx) {
    for (int location_idx = 0; location_idx < 4; ++location_idx) {
      if (next(2) == 0) {
        input.stock.push_back({"S" + std::to_string(sku_idx), "L" + std::to_string(location_idx),
                               static_cast<std::int64_t>(next(4))});
      }
    }
  }
  input.capacities = {{"L0", 3}, {"L2", 5}};
  for (int order_idx = 0; order_idx < order_count; ++order_idx) {
    WaitingOrder order = Order("o" + std::to_string(order_idx), order_idx, {}, static_cast<int>(next(3)),
                               kToday + static_cast<std::int64_t>(next(10)));
    const unsigned lines = 1 + next(3);
    for (unsigned line_idx = 0; line_idx < lines; ++line_idx) {
      order.lines.push_back({"S" + std::to_string(next(6)), 1 + static_cast<std::int64_t>(next(2))});
    }
    input.orders.push_back(std::move(order));
  }
  return input;
}

TEST(Rebalance, NeverWorseThanFirstComeAndNeverOverAllocates) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    const RebalanceInput input = Generated(seed, 25);
    const RebalancePlan fcfs = Fcfs(input);
    const RebalancePlan mip = Mip(input);
    EXPECT_TRUE(mip.optimal) << seed;
    EXPECT_GE(mip.summary.weighted_value, fcfs.summary.weighted_value) << seed;
    ExpectWithinLimits(input, fcfs);
    ExpectWithinLimits(input, mip);
    const RebalancePlan again = Mip(input);
    EXPECT_EQ(again.filled, mip.filled) << "deterministic, seed " << seed;
  }
}

// A node limit stops branch and bound early: the plan is the best found, flagged not optimal,
// still within the limits and at least as good as first come (GLPK starts from that plan).
TEST(Rebalance, StoppedSearchKeepsTheBestPlanFound) {
  bool limit_reached = false;
  for (unsigned seed = 1; seed <= 20; ++seed) {
    const RebalanceInput input = Generated(seed, 60);
    RebalanceOptions options;
    options.max_nodes = 1;
    const RebalancePlan stopped = Mip(input, options);
    const RebalancePlan fcfs = Fcfs(input);
    ExpectWithinLimits(input, stopped);
    EXPECT_GE(stopped.summary.weighted_value, fcfs.summary.weighted_value) << seed;
    EXPECT_EQ(stopped.optimal, !stopped.hit_limit) << seed;
    if (stopped.hit_limit) {
      limit_reached = true;
      const RebalancePlan optimum = Mip(input);
      EXPECT_LE(stopped.summary.weighted_value, optimum.summary.weighted_value) << seed;
      EXPECT_GE(stopped.value_bound, optimum.summary.weighted_value) << seed;
    }
  }
  EXPECT_TRUE(limit_reached) << "no generated instance needed more than the root node";
}

TEST(Rebalance, RejectsBadInputNamingTheField) {
  RebalanceInput input;
  input.orders = {Order("o1", 1, {{"A", 1}}), Order("o1", 2, {{"A", 1}})};
  auto plan = AllocateByMip(input);
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(plan.error().fields.at(0).field, "orders/1/id");
  input.orders = {Order("o1", 1, {{"A", 0}})};
  EXPECT_EQ(AllocateFirstComeFirstServed(input).error().fields.at(0).field, "orders/0/lines/0/qty");
  input.orders = {Order("o1", 1, {{"A", 1}}, -1)};
  EXPECT_EQ(AllocateFirstComeFirstServed(input).error().fields.at(0).field, "orders/0/priority");
  input.orders = {Order("o1", 1, {})};
  EXPECT_EQ(AllocateFirstComeFirstServed(input).error().fields.at(0).field, "orders/0/lines");
  input.orders = {Order("o1", 1, {{"A", 1}})};
  input.stock = {{"A", "L1", 1}, {"A", "L1", 2}};
  EXPECT_EQ(AllocateFirstComeFirstServed(input).error().fields.at(0).field, "stock/1");
  input.stock = {{"A", "L1", 1}};
  input.capacities = {{"L1", -1}};
  EXPECT_EQ(AllocateFirstComeFirstServed(input).error().fields.at(0).field, "capacities/0/parcels");
}

TEST(Rebalance, NothingToFillIsAnEmptyOptimalPlan) {
  RebalanceInput input;
  input.orders = {Order("o1", 1, {{"A", 1}})};
  const RebalancePlan mip = Mip(input);
  EXPECT_TRUE(mip.filled.empty());
  EXPECT_TRUE(mip.optimal);
}

}  // namespace
}  // namespace ordo::sourcing
