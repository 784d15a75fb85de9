// Merging the actions of the rules that fired on one subject (rules/action_plan.hpp): every
// cross-rule conflict is settled by the documented policy and explained.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/action_plan.hpp"

namespace ordo::rules {
namespace {

FiredAction Fired(const std::string& rule, const std::string& action, const std::string& params = "{}") {
  return FiredAction{"orders", 3, rule, Action{action, params}};
}

ActionPlan Plan(const std::vector<FiredAction>& fired) {
  auto plan = PlanActions(fired);
  EXPECT_TRUE(plan.has_value());
  return plan.has_value() ? *plan : ActionPlan{};
}

TEST(ActionPlanTest, HoldBeatsReleaseWhicheverFiresFirst) {
  const ActionPlan release_first =
      Plan({Fired("vip", "release"), Fired("risky", "hold", R"({"reason":"manual review"})")});
  ASSERT_TRUE(release_first.hold_reason);
  EXPECT_EQ(*release_first.hold_reason, "manual review");
  EXPECT_EQ(release_first.hold_rule, "risky");
  EXPECT_FALSE(release_first.release);
  ASSERT_EQ(release_first.overridden.size(), 1U);
  EXPECT_EQ(release_first.overridden[0].rule_id, "vip");
  EXPECT_EQ(release_first.overridden[0].action, "release");

  const ActionPlan hold_first =
      Plan({Fired("risky", "hold", R"({"reason":"r1"})"), Fired("vip", "release"), Fired("other", "hold", R"({"reason":"r2"})")});
  EXPECT_EQ(*hold_first.hold_reason, "r1");
  EXPECT_FALSE(hold_first.release);
  EXPECT_EQ(hold_first.overridden.size(), 2U);
}

TEST(ActionPlanTest, ReleaseAloneReleases) {
  const ActionPlan plan = Plan({Fired("vip", "release")});
  EXPECT_TRUE(plan.release);
  EXPECT_FALSE(plan.hold_reason);
}

TEST(ActionPlanTest, FirstForceWinsAndExcludeBeatsPrefer) {
  const ActionPlan plan = Plan({Fired("a", "route.force", R"({"location":"WH-SH"})"),
                                Fired("b", "route.force", R"({"location":"WH-BJ"})"),
                                Fired("c", "route.exclude", R"({"location":"WH-SH"})"),
                                Fired("d", "route.prefer", R"({"location":"WH-GZ"})"),
                                Fired("e", "route.exclude", R"({"location":"WH-GZ"})")});
  ASSERT_TRUE(plan.force_location);
  EXPECT_EQ(*plan.force_location, "WH-SH");
  EXPECT_FALSE(plan.excluded_locations.contains("WH-SH"));
  EXPECT_TRUE(plan.excluded_locations.contains("WH-GZ"));
  EXPECT_FALSE(plan.preferred_locations.contains("WH-GZ"));
  ASSERT_EQ(plan.overridden.size(), 3U);
  EXPECT_EQ(plan.overridden[0].rule_id, "b");
  EXPECT_EQ(plan.overridden[1].rule_id, "c");
  EXPECT_EQ(plan.overridden[2].rule_id, "d");
  EXPECT_TRUE(plan.routes());
}

TEST(ActionPlanTest, ForceToAnExcludedLocationIsOverridden) {
  const ActionPlan plan = Plan({Fired("a", "route.exclude", R"({"location":"WH-SH"})"),
                                Fired("b", "route.force", R"({"location":"WH-SH"})")});
  EXPECT_FALSE(plan.force_location);
  EXPECT_TRUE(plan.excluded_locations.contains("WH-SH"));
  ASSERT_EQ(plan.overridden.size(), 1U);
  EXPECT_EQ(plan.overridden[0].rule_id, "b");
}

TEST(ActionPlanTest, CarrierSwitchesNeverChainOrCycle) {
  const ActionPlan plan = Plan({Fired("a", "switch_carrier", R"({"from":"sf","to":"zto"})"),
                                Fired("b", "switch_carrier", R"({"from":"zto","to":"yto"})"),
                                Fired("c", "switch_carrier", R"({"from":"jd","to":"sf"})"),
                                Fired("d", "switch_carrier", R"({"from":"sf","to":"yto"})"),
                                Fired("e", "switch_carrier", R"({"from":"ems","to":"yto"})")});
  EXPECT_EQ(plan.carrier_switches.size(), 2U);
  EXPECT_EQ(plan.carrier_switches.at("sf"), "zto");
  EXPECT_EQ(plan.carrier_switches.at("ems"), "yto");
  EXPECT_EQ(plan.carrier_switch_rules.at("sf"), "a");
  EXPECT_EQ(plan.carrier_switch_rules.at("ems"), "e");
  EXPECT_EQ(plan.overridden.size(), 3U);
}

TEST(ActionPlanTest, AccumulatesTheRest) {
  const ActionPlan plan =
      Plan({Fired("a", "tag", R"({"tag":"vip"})"), Fired("b", "tag", R"({"tag":"vip"})"),
            Fired("c", "notify", R"({"webhook":"purchasing","template":"low-stock"})"),
            Fired("d", "limit_quantity", R"({"max":2,"per":["buyer","city"],"window_hours":24})"),
            Fired("e", "block_ordering", R"({"region":"310000"})"),
            Fired("f", "hide_sku", R"({"channel":"douyin"})"),
            Fired("g", "set_priority", R"({"level":"urgent"})"), Fired("h", "set_priority", R"({"level":"low"})"),
            Fired("i", "set_field", R"({"field":"gift_message","value":12.5})")});
  EXPECT_EQ(plan.tags, std::vector<std::string>{"vip"});
  ASSERT_EQ(plan.notifications.size(), 1U);
  EXPECT_EQ(plan.notifications[0].template_name, "low-stock");
  ASSERT_EQ(plan.limits.size(), 1U);
  EXPECT_EQ(plan.limits[0].max_units, 2);
  EXPECT_EQ(plan.limits[0].per, (std::vector<std::string>{"buyer", "city"}));
  EXPECT_EQ(plan.limits[0].window_hours, 24);
  EXPECT_EQ(plan.blocked_regions, std::vector<std::string>{"310000"});
  EXPECT_EQ(plan.blocked_region_rules.at("310000"), "e");
  ASSERT_EQ(plan.hidden_skus.size(), 1U);
  EXPECT_EQ(plan.hidden_skus[0].sku, "");
  EXPECT_EQ(*plan.priority_level, "urgent");
  ASSERT_EQ(plan.fields.size(), 1U);
  EXPECT_EQ(plan.fields[0].value_json, "12.5");
  ASSERT_EQ(plan.overridden.size(), 1U);
  EXPECT_EQ(plan.overridden[0].rule_id, "h");
}

TEST(ActionPlanTest, RefusesMalformedParameters) {
  EXPECT_FALSE(PlanActions({Fired("a", "hold", R"({"why":"x"})")}).has_value());
  EXPECT_FALSE(PlanActions({Fired("a", "set_priority", R"({"level":"asap"})")}).has_value());
  EXPECT_FALSE(PlanActions({Fired("a", "teleport")}).has_value());
  EXPECT_FALSE(PlanActions({Fired("a", "tag", "not json")}).has_value());
}

TEST(ActionPlanTest, PriorityRanks) {
  EXPECT_EQ(PriorityRank("low"), 0);
  EXPECT_EQ(PriorityRank("urgent"), 3);
  EXPECT_FALSE(PriorityRank("URGENT"));
}

}  // namespace
}  // namespace ordo::rules
