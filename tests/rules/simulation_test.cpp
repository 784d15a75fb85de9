// The simulation's comparison (rules/simulation.hpp) with hand-made rule sets: counts per rule
// and action on both sides, differing orders and their sample, no baseline, cross-rule conflicts,
// merging per-thread simulators, and the report JSON.
#include <gtest/gtest.h>

#include <string>

#include "core/json.hpp"
#include "rules/simulation.hpp"

namespace ordo::rules {
namespace {

class SimulationTest : public ::testing::Test {
 protected:
  std::shared_ptr<const CompiledRuleSet> Compile(const std::string& rules) {
    const auto parsed = ParseRuleSet(R"({"rules":[)" + rules + "]}", catalogue_);
    EXPECT_TRUE(parsed.has_value()) << rules;
    if (!parsed) return nullptr;
    return CompiledRuleSet::Compile(*parsed, catalogue_);
  }
  FactSnapshot Order(std::int64_t total, const std::string& channel) {
    FactSnapshot snapshot;
    EXPECT_TRUE(snapshot.SetDecimal(catalogue_, "order.grand_total", total * kDecimalScale));
    EXPECT_TRUE(snapshot.SetString(catalogue_, "order.channel", channel));
    return snapshot;
  }
  static std::string Rule(const std::string& id, const std::string& when, const std::string& then,
                          const std::string& trigger = "order.created") {
    return R"({"id":")" + id + R"(","trigger":")" + trigger + R"(","when":)" + when + R"(,"then":)" + then + "}";
  }
  static std::string Over(int total) {
    return R"({"fact":"order.grand_total","op":">","value":)" + std::to_string(total) + "}";
  }
  static std::string Channel(const std::string& channel) {
    return R"({"fact":"order.channel","op":"==","value":")" + channel + R"("})";
  }

  FactCatalogue catalogue_ = FactCatalogue::Standard();
};

TEST_F(SimulationTest, CountsBothSidesAndSamplesTheDifferingOrders) {
  const auto baseline = Compile(Rule("big", Over(1000), R"([{"action":"hold","reason":"big"}])") + "," +
                                Rule("jd", Channel("jd"), R"([{"action":"tag","tag":"jd"}])"));
  // The draft lowers the threshold and drops the jd rule; adds one for stock (another trigger).
  const auto candidate = Compile(Rule("big", Over(500), R"([{"action":"hold","reason":"big"}])") + "," +
                                 Rule("stock", R"({"fact":"stock.available","op":"<","value":3})",
                                      R"([{"action":"tag","tag":"low"}])", "stock.changed"));
  Simulator simulator(baseline, candidate, Trigger::kOrderCreated);
  simulator.Add(1, 0, Order(2000, "tmall"));  // big on both: same
  simulator.Add(2, 0, Order(700, "tmall"));   // big only in the draft
  simulator.Add(3, 0, Order(100, "jd"));      // jd only in the baseline
  simulator.Add(4, 0, Order(100, "tmall"));   // nothing on both
  const SimulationReport report = simulator.Finish();
  EXPECT_EQ(report.trigger, "order.created");
  EXPECT_EQ(report.orders, 4);
  EXPECT_EQ(report.differing, 2);
  ASSERT_EQ(report.rules.size(), 2U);  // the stock rule is of another trigger
  EXPECT_EQ(report.rules.at("big").baseline_fired, 1);
  EXPECT_EQ(report.rules.at("big").candidate_fired, 2);
  EXPECT_EQ(report.rules.at("jd").baseline_fired, 1);
  EXPECT_EQ(report.rules.at("jd").candidate_fired, 0);
  EXPECT_EQ(report.actions.at("hold").baseline_fired, 1);
  EXPECT_EQ(report.actions.at("hold").candidate_fired, 2);
  EXPECT_EQ(report.actions.at("tag").baseline_fired, 1);
  EXPECT_EQ(report.actions.at("tag").candidate_fired, 0);
  ASSERT_EQ(report.sample.size(), 2U);
  EXPECT_EQ(report.sample[0].order_id, 2);
  EXPECT_TRUE(report.sample[0].baseline.rules.empty());
  EXPECT_EQ(report.sample[0].candidate.rules, std::vector<std::string>{"big"});
  EXPECT_EQ(report.sample[0].candidate.actions, std::vector<std::string>{R"(hold {"reason":"big"})"});
  EXPECT_EQ(report.sample[1].order_id, 3);
  EXPECT_EQ(report.sample[1].baseline.rules, std::vector<std::string>{"jd"});
  EXPECT_TRUE(report.conflicts.empty());
}

TEST_F(SimulationTest, ADifferentActionParameterIsADifferentOutcome) {
  const auto baseline = Compile(Rule("r", Over(10), R"([{"action":"route.prefer","location":"WH-A"}])"));
  const auto candidate = Compile(Rule("r", Over(10), R"([{"action":"route.prefer","location":"WH-B"}])"));
  Simulator simulator(baseline, candidate, Trigger::kOrderCreated);
  simulator.Add(1, 0, Order(20, "jd"));
  EXPECT_EQ(simulator.Finish().differing, 1);
}

TEST_F(SimulationTest, WithoutABaselineEveryFiringOrderDiffers) {
  const auto candidate = Compile(Rule("big", Over(1000), R"([{"action":"hold","reason":"big"}])"));
  Simulator simulator(nullptr, candidate, Trigger::kOrderCreated);
  for (std::int64_t order_id = 1; order_id <= 30; ++order_id) simulator.Add(order_id, 0, Order(2000, "jd"));
  simulator.Add(31, 0, Order(5, "jd"));
  const SimulationReport report = simulator.Finish();
  EXPECT_EQ(report.orders, 31);
  EXPECT_EQ(report.differing, 30);
  EXPECT_EQ(report.rules.at("big").baseline_fired, 0);
  ASSERT_EQ(report.sample.size(), kSimulationSampleSize);  // the first 20 by id
  EXPECT_EQ(report.sample.front().order_id, 1);
  EXPECT_EQ(report.sample.back().order_id, 20);
}

TEST_F(SimulationTest, EnabledDatesApplyAtTheTimeTheOrderWasJudged) {
  const auto candidate =
      Compile(R"({"id":"dec","trigger":"order.created","enabled_from":"2026-12-01T00:00:00Z","when":)" + Over(1) +
              R"(,"then":[{"action":"tag","tag":"x"}]})");
  Simulator simulator(nullptr, candidate, Trigger::kOrderCreated);
  simulator.Add(1, 1796083200000 - 1, Order(5, "jd"));  // a millisecond before
  simulator.Add(2, 1796083200000, Order(5, "jd"));  // 2026-12-01T00:00:00Z
  EXPECT_EQ(simulator.Finish().rules.at("dec").candidate_fired, 1);
}

TEST_F(SimulationTest, FindsConflictsBetweenRulesOnRealOrders) {
  const auto candidate = Compile(
      Rule("hold-big", Over(1000), R"([{"action":"hold","reason":"big"}])") + "," +
      Rule("release-jd", Channel("jd"), R"([{"action":"release"}])") + "," +
      Rule("force-a", Over(500), R"([{"action":"route.force","location":"WH-A"}])") + "," +
      Rule("force-b", Channel("tmall"), R"([{"action":"route.force","location":"WH-B"}])") + "," +
      Rule("exclude-a", Channel("jd"), R"([{"action":"route.exclude","location":"WH-A"}])") + "," +
      Rule("sf-zto", Over(1), R"([{"action":"switch_carrier","from":"sf","to":"zto"}])") + "," +
      Rule("sf-yto", Channel("douyin"), R"([{"action":"switch_carrier","from":"sf","to":"yto"}])"));
  Simulator simulator(nullptr, candidate, Trigger::kOrderCreated);
  simulator.Add(1, 0, Order(2000, "jd"));     // hold+release, force-a + exclude-a
  simulator.Add(2, 0, Order(600, "tmall"));   // force-a + force-b
  simulator.Add(3, 0, Order(5, "douyin"));    // sf→zto and sf→yto
  simulator.Add(4, 0, Order(5, "pos"));       // only sf-zto: no conflict
  const SimulationReport report = simulator.Finish();
  ASSERT_EQ(report.conflicts.size(), 4U);
  const auto find = [&](const std::string& kind) -> const SimulationConflict& {
    for (const SimulationConflict& conflict : report.conflicts) {
      if (conflict.kind == kind) return conflict;
    }
    ADD_FAILURE() << kind;
    return report.conflicts.front();
  };
  EXPECT_EQ(find("hold_release").first_rule, "hold-big");
  EXPECT_EQ(find("hold_release").second_rule, "release-jd");
  EXPECT_EQ(find("hold_release").example_order_ids, std::vector<std::int64_t>{1});
  EXPECT_EQ(find("force_excluded").first_rule, "exclude-a");
  EXPECT_EQ(find("force_excluded").second_rule, "force-a");
  EXPECT_EQ(find("force_two_locations").example_order_ids, std::vector<std::int64_t>{2});
  EXPECT_EQ(find("switch_carrier").first_rule, "sf-yto");
  EXPECT_EQ(find("switch_carrier").orders, 1);
}

TEST_F(SimulationTest, MergedSimulatorsEqualOneOverTheWholeRange) {
  const auto baseline = Compile(Rule("big", Over(1000), R"([{"action":"hold","reason":"big"}])"));
  const auto candidate = Compile(Rule("big", Over(500), R"([{"action":"hold","reason":"big"}])") + "," +
                                 Rule("rel", Over(800), R"([{"action":"release"}])"));
  Simulator whole(baseline, candidate, Trigger::kOrderCreated);
  Simulator low(baseline, candidate, Trigger::kOrderCreated);
  Simulator high(baseline, candidate, Trigger::kOrderCreated);
  Simulator odd(baseline, candidate, Trigger::kOrderCreated);
  Simulator even(baseline, candidate, Trigger::kOrderCreated);
  for (std::int64_t order_id = 1; order_id <= 60; ++order_id) {
    const FactSnapshot order = Order(order_id * 30, order_id % 2 ? "jd" : "tmall");
    whole.Add(order_id, 0, order);
    (order_id <= 25 ? low : high).Add(order_id, 0, order);
    (order_id % 2 ? odd : even).Add(order_id, 0, order);  // pages handed to two threads
  }
  const std::string expected = SimulationReportJson(whole.Finish(), 2, 1, 0);
  EXPECT_GT(whole.Finish().sample.size(), 10U);
  low.Merge(high);
  EXPECT_EQ(SimulationReportJson(low.Finish(), 2, 1, 0), expected);
  even.Merge(odd);
  EXPECT_EQ(SimulationReportJson(even.Finish(), 2, 1, 0), expected);
}

TEST_F(SimulationTest, ReportJsonCarriesEveryPart) {
  const auto candidate = Compile(Rule("big", Over(10), R"([{"action":"hold","reason":"big"}])") + "," +
                                 Rule("rel", Over(10), R"([{"action":"release"}])"));
  Simulator simulator(nullptr, candidate, Trigger::kOrderCreated);
  simulator.Add(7, 0, Order(20, "jd"));
  simulator.CountUndecodable();
  rapidjson::Document doc;
  ASSERT_TRUE(core::ParseJson(SimulationReportJson(simulator.Finish(), 3, 0, 42), doc));
  EXPECT_EQ(doc["version"].GetInt64(), 3);
  EXPECT_EQ(doc["baseline_version"].GetInt64(), 0);
  EXPECT_EQ(doc["orders"].GetInt64(), 1);
  EXPECT_EQ(doc["differing"].GetInt64(), 1);
  EXPECT_EQ(doc["undecodable"].GetInt64(), 1);
  EXPECT_EQ(doc["elapsed_ms"].GetInt64(), 42);
  EXPECT_EQ(doc["rules"].Size(), 2U);
  EXPECT_EQ(doc["actions"].Size(), 2U);
  EXPECT_EQ(doc["sample"][0]["order_id"].GetInt64(), 7);
  EXPECT_EQ(doc["sample"][0]["candidate"]["rules"].Size(), 2U);
  EXPECT_STREQ(doc["conflicts"][0]["kind"].GetString(), "hold_release");
  EXPECT_EQ(doc["conflicts"][0]["example_order_ids"][0].GetInt64(), 7);
}

}  // namespace
}  // namespace ordo::rules
