#include "app/demo_data.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "order/order_json.hpp"
#include "order/state_machine.hpp"

namespace ordo::app {
namespace {

constexpr core::UnixMillis kNow = 1'795'000'000'000;  // 2026-11-18, injected: tests never read the clock
constexpr core::UnixMillis kDay = 86'400'000;

DemoSpec Spec(int orders, std::uint64_t seed) {
  DemoSpec spec;
  spec.orders = orders;
  spec.seed = seed;
  spec.now = kNow;
  return spec;
}

TEST(DemoRng, SplitMix64MatchesTheReferenceSequence) {
  // First outputs of splitmix64 seeded with 0 (Vigna's reference implementation).
  DemoRng rng(0);
  EXPECT_EQ(rng.Next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(rng.Next(), 0x6e789e6aa1b965f4ULL);
}

TEST(DemoRng, WeightedNeverPicksAZeroWeight) {
  DemoRng rng(7);
  const int weights[] = {0, 3, 0, 1};
  for (int draw = 0; draw < 1000; ++draw) {
    const std::size_t pick = rng.Weighted(weights, 4);
    EXPECT_TRUE(pick == 1 || pick == 3);
  }
}

TEST(DemoData, SameSeedGivesIdenticalOrders) {
  const auto first = GenerateDemoOrders(Spec(300, 42));
  const auto second = GenerateDemoOrders(Spec(300, 42));
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t order_idx = 0; order_idx < first.size(); ++order_idx) {
    EXPECT_EQ(DemoOrderJson(first[order_idx].order), DemoOrderJson(second[order_idx].order));
    EXPECT_EQ(first[order_idx].received_at, second[order_idx].received_at);
    ASSERT_EQ(first[order_idx].steps.size(), second[order_idx].steps.size());
    for (std::size_t step_idx = 0; step_idx < first[order_idx].steps.size(); ++step_idx) {
      EXPECT_EQ(first[order_idx].steps[step_idx].at, second[order_idx].steps[step_idx].at);
      EXPECT_EQ(first[order_idx].steps[step_idx].to, second[order_idx].steps[step_idx].to);
    }
  }
}

TEST(DemoData, DifferentSeedsGiveDifferentOrders) {
  const auto first = GenerateDemoOrders(Spec(20, 1));
  const auto second = GenerateDemoOrders(Spec(20, 2));
  EXPECT_NE(DemoOrderJson(first[0].order), DemoOrderJson(second[0].order));
}

TEST(DemoData, EveryOrderPassesStrictParseAndRoundTrips) {
  for (const DemoOrder& demo : GenerateDemoOrders(Spec(2000, 42))) {
    const std::string json = DemoOrderJson(demo.order);
    const auto parsed = order::ParseOrder(json, order::ParseOptions{.strict = true}, kNow);
    ASSERT_TRUE(parsed.has_value()) << json << "\n" << parsed.error().detail << " "
                                    << (parsed.error().fields.empty() ? "" : parsed.error().fields[0].field);
    EXPECT_EQ(order::ContentFingerprint(*parsed), order::ContentFingerprint(demo.order)) << json;
  }
}

TEST(DemoData, TotalsAddUp) {
  for (const DemoOrder& demo : GenerateDemoOrders(Spec(2000, 7))) {
    const order::Order& order = demo.order;
    std::int64_t items = 0;
    for (const order::OrderLine& line : order.lines) {
      EXPECT_EQ(line.line_total, line.qty * line.unit_price - line.discount);
      EXPECT_GT(line.qty, 0);
      items += line.line_total;
    }
    EXPECT_EQ(order.totals.items, items);
    EXPECT_EQ(order.totals.grand_total,
              order.totals.items + order.totals.shipping + order.totals.tax - order.totals.discount);
    EXPECT_GE(order.totals.grand_total, 0);
    for (const order::Payment& payment : order.payments) EXPECT_EQ(payment.amount, order.totals.grand_total);
  }
}

TEST(DemoData, StepsAreLegalTransitionsInTimeOrderUpToNow) {
  for (const DemoOrder& demo : GenerateDemoOrders(Spec(2000, 42))) {
    EXPECT_GE(demo.received_at, demo.order.created_at);
    EXPECT_LT(demo.received_at, kNow);
    order::Order current = demo.order;
    core::UnixMillis last = demo.received_at;
    for (const DemoStep& step : demo.steps) {
      EXPECT_GT(step.at, last);
      EXPECT_LE(step.at, kNow);
      last = step.at;
      auto next = order::Transition(current, step.to, step.reason, step.at);
      ASSERT_TRUE(next.has_value()) << next.error().detail;
      current = std::move(next).value();
    }
  }
}

TEST(DemoData, OrdersSpreadOverTheLastNinetyDays) {
  const auto orders = GenerateDemoOrders(Spec(3000, 42));
  std::set<std::int64_t> weeks;
  for (const DemoOrder& demo : orders) {
    EXPECT_LT(demo.order.created_at, kNow);
    EXPECT_GE(demo.order.created_at, kNow - 91 * kDay);
    weeks.insert((kNow - demo.order.created_at) / (7 * kDay));
  }
  EXPECT_GE(weeks.size(), 13u);
  for (std::size_t order_idx = 1; order_idx < orders.size(); ++order_idx) {
    EXPECT_LE(orders[order_idx - 1].order.created_at, orders[order_idx].order.created_at);
  }
}

TEST(DemoData, CoversChannelsProvincesSkusAndStatuses) {
  const auto orders = GenerateDemoOrders(Spec(3000, 42));
  std::set<std::string> channels, provinces, skus;
  std::map<order::OrderStatus, int> statuses;
  std::set<std::pair<std::string, std::string>> ids;
  for (const DemoOrder& demo : orders) {
    channels.insert(demo.order.channel);
    provinces.insert(demo.order.shipping_address.province);
    for (const auto& line : demo.order.lines) skus.insert(line.sku);
    ++statuses[FinalStatus(demo)];
    EXPECT_TRUE(ids.emplace(demo.order.channel, demo.order.external_id).second) << demo.order.external_id;
    const std::string& phone = demo.order.shipping_address.phone;
    EXPECT_EQ(phone.size(), 11u);
    EXPECT_EQ(phone[0], '1');
  }
  EXPECT_EQ(channels.size(), 8u);
  EXPECT_GE(provinces.size(), 20u);
  EXPECT_GE(skus.size(), 30u);
  for (order::OrderStatus status :
       {order::OrderStatus::kPaid, order::OrderStatus::kAllocated, order::OrderStatus::kShipped,
        order::OrderStatus::kDelivered, order::OrderStatus::kCompleted, order::OrderStatus::kCancelled,
        order::OrderStatus::kRefunded}) {
    EXPECT_GT(statuses[status], 0) << order::StatusName(status);
  }
  // Most orders are old enough to have finished their journey.
  EXPECT_GT(statuses[order::OrderStatus::kCompleted], 3000 / 2);
}

TEST(DemoData, FixedLinesAndPrefixShapeLoadBodies) {
  DemoSpec spec = Spec(50, 3);
  spec.fixed_lines = 3;
  spec.external_id_prefix = "LOAD-";
  spec.with_timeline = false;
  for (const DemoOrder& demo : GenerateDemoOrders(spec)) {
    EXPECT_EQ(demo.order.lines.size(), 3u);
    EXPECT_THAT(demo.order.external_id, ::testing::StartsWith("LOAD-"));
    EXPECT_TRUE(demo.steps.empty());
  }
}

DemoSpec DirtySpec(int orders, double rate) {
  DemoSpec spec = Spec(orders, 42);
  spec.dirty_rate = rate;
  return spec;
}

TEST(DemoDirt, RateZeroLeavesEveryOrderAsItWas) {
  const auto clean = GenerateDemoOrders(Spec(500, 42));
  const auto zero = GenerateDemoOrders(DirtySpec(500, 0.0));
  ASSERT_EQ(clean.size(), zero.size());
  for (std::size_t order_idx = 0; order_idx < clean.size(); ++order_idx) {
    EXPECT_EQ(DemoOrderJson(clean[order_idx].order), DemoOrderJson(zero[order_idx].order));
    EXPECT_TRUE(zero[order_idx].dirt.empty());
  }
}

TEST(DemoDirt, DirtIsDeterministicNearTheRateAndOfEveryKind) {
  const auto first = GenerateDemoOrders(DirtySpec(2000, 0.3));
  const auto second = GenerateDemoOrders(DirtySpec(2000, 0.3));
  const auto clean = GenerateDemoOrders(Spec(2000, 42));
  std::map<std::string, int> kinds;
  for (std::size_t order_idx = 0; order_idx < first.size(); ++order_idx) {
    EXPECT_EQ(DemoOrderJson(first[order_idx].order), DemoOrderJson(second[order_idx].order));
    EXPECT_EQ(first[order_idx].dirt, second[order_idx].dirt);
    if (first[order_idx].dirt.empty()) {
      EXPECT_EQ(DemoOrderJson(first[order_idx].order), DemoOrderJson(clean[order_idx].order));
    } else {
      EXPECT_NE(DemoOrderJson(first[order_idx].order), DemoOrderJson(clean[order_idx].order)) << first[order_idx].dirt;
      ++kinds[first[order_idx].dirt];
    }
  }
  int dirty = 0;
  for (const auto& [kind, count] : kinds) dirty += count;
  EXPECT_NEAR(dirty, 600, 60);
  for (const std::string& kind : DemoDirtKinds()) EXPECT_GT(kinds[kind], 10) << kind;
}

TEST(DemoDirt, EachKindLooksLikeItsName) {
  const auto dirty = GenerateDemoOrders(DirtySpec(2000, 0.3));
  const auto clean = GenerateDemoOrders(Spec(2000, 42));
  for (std::size_t order_idx = 0; order_idx < dirty.size(); ++order_idx) {
    const DemoOrder& demo = dirty[order_idx];
    const order::Order& order = demo.order;
    const order::Order& before = clean[order_idx].order;
    SCOPED_TRACE(demo.dirt + " " + order.external_id);
    if (demo.dirt == "phone_too_short") {
      EXPECT_EQ(order.shipping_address.phone.size(), 10u);
    } else if (demo.dirt == "province_short_name") {
      EXPECT_LT(order.shipping_address.province.size(), before.shipping_address.province.size());
    } else if (demo.dirt == "district_missing") {
      EXPECT_TRUE(order.shipping_address.district.empty());
    } else if (demo.dirt == "totals_mismatch") {
      std::int64_t lines = 0;
      for (const order::OrderLine& line : order.lines) lines += line.line_total;
      const order::Totals& totals = order.totals;
      EXPECT_TRUE(totals.items != lines ||
                  totals.grand_total != totals.items + totals.shipping + totals.tax - totals.discount);
    } else if (demo.dirt == "late_receipt") {
      EXPECT_GE(demo.received_at - order.created_at, 2 * 3'600'000);
    } else if (demo.dirt == "duplicate_across_channels") {
      // An earlier order of another channel with the same phone, lines and total, minutes before.
      bool found = false;
      for (std::size_t back = 1; back <= 30 && back <= order_idx && !found; ++back) {
        const order::Order& original = dirty[order_idx - back].order;
        found = original.channel != order.channel && original.shipping_address.phone == order.shipping_address.phone &&
                original.lines == order.lines && original.totals == order.totals &&
                order.created_at - original.created_at <= 20 * 60'000;
      }
      EXPECT_TRUE(found);
    }
  }
}

}  // namespace
}  // namespace ordo::app
