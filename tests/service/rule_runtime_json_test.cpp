// The rule runtime's data pieces (service/rule_runtime_json.hpp): stored routing directives
// round-trip, standing effects belong to their subjects, explanations and action results are
// recorded as JSON without losing what overrode what.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "core/json.hpp"
#include "service/rule_runtime_json.hpp"

namespace ordo::service {
namespace {

rapidjson::Document Parse(const std::string& json) {
  rapidjson::Document doc;
  EXPECT_TRUE(core::ParseJson(json, doc).has_value()) << json;
  return doc;
}

rules::FiredAction Fired(const std::string& rule, const std::string& action, const std::string& params) {
  return rules::FiredAction{"orders", 2, rule, rules::Action{action, params}};
}

TEST(RuleRuntimeJsonTest, DirectivesRoundTrip) {
  const auto plan = rules::PlanActions({Fired("a", "route.force", R"({"location":"WH-SH"})"),
                                        Fired("b", "route.exclude", R"({"location":"WH-BJ"})"),
                                        Fired("c", "route.prefer", R"({"location":"WH-GZ"})")});
  ASSERT_TRUE(plan.has_value());
  const std::string json = DirectivesJson(*plan);
  const auto parsed = ParseDirectivesJson(json);
  ASSERT_TRUE(parsed.has_value()) << json;
  const sourcing::RuleDirectives direct = ToDirectives(*plan);
  EXPECT_EQ(parsed->forced_location, direct.forced_location);
  EXPECT_EQ(parsed->excluded_locations, direct.excluded_locations);
  EXPECT_EQ(parsed->preferred_locations, direct.preferred_locations);
  EXPECT_EQ(*parsed->forced_location, "WH-SH");

  const auto empty = ParseDirectivesJson(DirectivesJson(rules::ActionPlan{}));
  ASSERT_TRUE(empty.has_value());
  EXPECT_FALSE(empty->forced_location);
  EXPECT_TRUE(empty->excluded_locations.empty());
  EXPECT_FALSE(ParseDirectivesJson(R"({"exclude":"WH-1"})").has_value());
  EXPECT_FALSE(ParseDirectivesJson("[").has_value());
}

TEST(RuleRuntimeJsonTest, EffectsBelongToTheirSubjects) {
  const store::RuleEffectRecord hidden{std::string(kEffectHideSku), "douyin:MUG", "", "stock", 1, "low", 0};
  EXPECT_TRUE(EffectBelongsTo(hidden, "stock:MUG"));
  EXPECT_FALSE(EffectBelongsTo(hidden, "stock:UG"));
  EXPECT_FALSE(EffectBelongsTo(hidden, "stock:MUG2"));
  EXPECT_FALSE(EffectBelongsTo(hidden, "carrier:MUG"));
  const store::RuleEffectRecord switched{std::string(kEffectSwitchCarrier), "zto", "yto", "carriers", 1, "sla", 0};
  EXPECT_TRUE(EffectBelongsTo(switched, "carrier:zto"));
  EXPECT_FALSE(EffectBelongsTo(switched, "carrier:yto"));

  const auto shown = UndoEvent(hidden);
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->event_type, kEventSkuShown);
  const rapidjson::Document payload = Parse(shown->payload_json);
  EXPECT_STREQ(payload["channel"].GetString(), "douyin");
  EXPECT_STREQ(payload["sku"].GetString(), "MUG");
  const auto back = UndoEvent(switched);
  ASSERT_TRUE(back);
  EXPECT_FALSE(Parse(back->payload_json)["active"].GetBool());
  EXPECT_FALSE(UndoEvent(store::RuleEffectRecord{std::string(kEffectBlockOrdering), "310000", "", "", 0, "", 0}));
}

TEST(RuleRuntimeJsonTest, ActionsRecordWhatHappenedToEach) {
  const std::vector<rules::FiredAction> fired = {Fired("vip", "release", "{}"),
                                                 Fired("vip", "tag", R"({"tag":"vip"})"),
                                                 Fired("risky", "hold", R"({"reason":"review"})")};
  const auto plan = rules::PlanActions(fired);
  ASSERT_TRUE(plan.has_value());
  const rapidjson::Document vip = Parse(ActionsJson(fired, *plan, "vip"));
  ASSERT_EQ(vip.Size(), 2U);
  EXPECT_STREQ(vip[0]["action"].GetString(), "release");
  EXPECT_STREQ(vip[0]["result"].GetString(), "overridden");
  EXPECT_NE(std::string(vip[0]["reason"].GetString()).find("risky"), std::string::npos);
  EXPECT_STREQ(vip[1]["result"].GetString(), "applied");
  EXPECT_STREQ(vip[1]["params"]["tag"].GetString(), "vip");
  const rapidjson::Document risky = Parse(ActionsJson(fired, *plan, "risky"));
  ASSERT_EQ(risky.Size(), 1U);
  EXPECT_STREQ(risky[0]["result"].GetString(), "applied");
}

TEST(RuleRuntimeJsonTest, LeafMatchesKeepTheirJsonValues) {
  const rapidjson::Document leaves = Parse(LeafMatchesJson(
      {rules::LeafMatch{"order.grand_total", ">=", "1000", "1299.5", true},
       rules::LeafMatch{"order.address.province_code", "==", "\"310000\"", "null", false}}));
  ASSERT_EQ(leaves.Size(), 2U);
  EXPECT_DOUBLE_EQ(leaves[0]["actual"].GetDouble(), 1299.5);
  EXPECT_TRUE(leaves[0]["held"].GetBool());
  EXPECT_TRUE(leaves[1]["actual"].IsNull());
  EXPECT_STREQ(leaves[1]["expected"].GetString(), "310000");
}

}  // namespace
}  // namespace ordo::service
