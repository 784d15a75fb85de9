// Validation of the rule language (rules/rule_set.hpp): each bad node is named by its JSON pointer.
#include "rules/rule_set.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ordo::rules {
namespace {

std::string OneRule(const std::string& body) { return R"({"rules":[)" + body + "]}"; }

std::vector<std::pair<std::string, std::string>> Problems(const std::string& json) {
  const auto parsed = ParseRuleSet(json, FactCatalogue::Standard());
  EXPECT_FALSE(parsed.has_value()) << json;
  std::vector<std::pair<std::string, std::string>> out;
  if (parsed.has_value()) return out;
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
  for (const core::FieldError& field : parsed.error().fields) out.emplace_back(field.field, field.code);
  return out;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(RuleSetTest, AcceptsTheIssueExampleAndKeepsEveryPart) {
  const auto parsed = ParseRuleSet(OneRule(R"({"id":"low-stock","trigger":"stock.changed","priority":5,
      "stop_processing":true,"enabled_from":"2026-12-01T00:00:00Z","enabled_to":"2027-01-01T00:00:00Z",
      "when":{"all":[{"fact":"stock.available","op":"<=","value":10},
                     {"not":{"fact":"order.channel","op":"in","value":["pos","web"]}}]},
      "then":[{"action":"hide_sku","channel":"douyin"},{"action":"notify","webhook":"purchasing","template":"low"}]})"),
                                   FactCatalogue::Standard());
  ASSERT_TRUE(parsed.has_value()) << parsed.error().detail;
  ASSERT_EQ(parsed->rules.size(), 1U);
  const Rule& rule = parsed->rules[0];
  EXPECT_EQ(rule.id, "low-stock");
  EXPECT_EQ(rule.trigger, Trigger::kStockChanged);
  EXPECT_EQ(rule.priority, 5);
  EXPECT_TRUE(rule.stop_processing);
  ASSERT_TRUE(rule.enabled_from.has_value());
  EXPECT_LT(*rule.enabled_from, *rule.enabled_to);
  ASSERT_EQ(rule.when.kind, Condition::Kind::kAll);
  ASSERT_EQ(rule.when.children.size(), 2U);
  EXPECT_EQ(rule.when.children[0].numbers, std::vector<std::int64_t>{10});
  EXPECT_EQ(rule.when.children[1].kind, Condition::Kind::kNot);
  ASSERT_EQ(rule.then.size(), 2U);
  EXPECT_EQ(rule.then[0].name, "hide_sku");
  EXPECT_EQ(rule.then[0].params_json, R"({"channel":"douyin"})");
}

TEST(RuleSetTest, NamesTheUnknownFact) {
  EXPECT_EQ(Problems(OneRule(R"({"id":"a","trigger":"order.created","when":{"any":[
      {"fact":"order.grand_total","op":">","value":1},{"fact":"order.colour","op":"==","value":"red"}]},
      "then":[{"action":"release"}]})")),
            (Pairs{{"/rules/0/when/any/1/fact", "unknown_fact"}}));
}

TEST(RuleSetTest, RefusesAnOperatorThatDoesNotFitTheFactType) {
  EXPECT_EQ(Problems(OneRule(R"({"id":"a","trigger":"order.created",
      "when":{"fact":"order.grand_total","op":"starts_with","value":"1"},"then":[{"action":"release"}]})")),
            (Pairs{{"/rules/0/when/op", "operator_type"}}));
  EXPECT_EQ(Problems(OneRule(R"({"id":"a","trigger":"order.created",
      "when":{"fact":"order.is_gift","op":"<","value":true},"then":[{"action":"release"}]})")),
            (Pairs{{"/rules/0/when/op", "operator_type"}}));
  EXPECT_EQ(Problems(OneRule(R"({"id":"a","trigger":"order.created",
      "when":{"fact":"order.channel","op":"~=","value":"x"},"then":[{"action":"release"}]})")),
            (Pairs{{"/rules/0/when/op", "unknown_operator"}}));
}

TEST(RuleSetTest, RefusesValuesOfTheWrongType) {
  EXPECT_EQ(Problems(OneRule(R"({"id":"a","trigger":"order.created","when":{"all":[
      {"fact":"customer.orders_30d","op":">","value":1.5},
      {"fact":"order.channel","op":"==","value":3},
      {"fact":"order.grand_total","op":"in","value":[1,"x"]},
      {"fact":"quality.address_confidence","op":"<","value":0.123456},
      {"fact":"order.grand_total","op":"between","value":[10,1]},
      {"fact":"order.lines[*].sku","op":"contains","value":["A"]}]},"then":[{"action":"release"}]})")),
            (Pairs{{"/rules/0/when/all/0/value", "value_type"},
                   {"/rules/0/when/all/1/value", "value_type"},
                   {"/rules/0/when/all/2/value/1", "value_type"},
                   {"/rules/0/when/all/3/value", "value_type"},
                   {"/rules/0/when/all/4/value", "value_range"},
                   {"/rules/0/when/all/5/value", "value_type"}}));
}

TEST(RuleSetTest, RefusesUnknownActionsAndBadParameters) {
  EXPECT_EQ(Problems(OneRule(R"({"id":"a","trigger":"order.created","when":{"fact":"order.is_gift","op":"==","value":true},
      "then":[{"action":"explode"},{"action":"hold"},{"action":"set_priority","level":"max"},
              {"action":"limit_quantity","max":0,"per":["planet"],"window_hours":24,"colour":1}]})")),
            (Pairs{{"/rules/0/then/0/action", "unknown_action"},
                   {"/rules/0/then/1/reason", "required"},
                   {"/rules/0/then/2/level", "param_value"},
                   {"/rules/0/then/3/max", "param_type"},
                   {"/rules/0/then/3/per/0", "param_value"},
                   {"/rules/0/then/3/colour", "unknown_param"}}));
}

TEST(RuleSetTest, RefusesConflictingActionsInOneRule) {
  EXPECT_EQ(Problems(OneRule(R"({"id":"a","trigger":"order.created","when":{"fact":"order.is_gift","op":"exists"},
      "then":[{"action":"hold","reason":"x"},{"action":"release"},{"action":"route.force","location":"A"},
              {"action":"route.force","location":"B"},{"action":"switch_carrier","from":"sf","to":"sf"}]})")),
            (Pairs{{"/rules/0/then/3", "conflict"}, {"/rules/0/then/4/to", "conflict"}, {"/rules/0/then/1", "conflict"}}));
}

TEST(RuleSetTest, ChecksTheCronOfAScheduleRule) {
  const std::string when = R"("when":{"fact":"carrier.sla_miss_days","op":">=","value":3},"then":[{"action":"tag","tag":"x"}])";
  EXPECT_EQ(Problems(OneRule(R"({"id":"a","trigger":"schedule","cron":"0 25 * * *",)" + when + "}")),
            (Pairs{{"/rules/0/cron", "cron"}}));
  EXPECT_EQ(Problems(OneRule(R"({"id":"a","trigger":"schedule",)" + when + "}")), (Pairs{{"/rules/0/cron", "required"}}));
  EXPECT_EQ(Problems(OneRule(R"({"id":"a","trigger":"order.created","cron":"* * * * *",)" + when + "}")),
            (Pairs{{"/rules/0/cron", "unexpected"}}));
  EXPECT_TRUE(ParseRuleSet(OneRule(R"({"id":"a","trigger":"schedule","cron":"*/15 8-18 * * 1-5",)" + when + "}"),
                           FactCatalogue::Standard())
                  .has_value());
}

TEST(RuleSetTest, NamesMembersIdsTriggersAndDates) {
  EXPECT_EQ(Problems(R"({"rules":[{"id":"a","trigger":"order.created","when":{"fact":"order.is_gift","op":"exists"},
      "then":[{"action":"release"}],"colour":1},
      {"id":"a","trigger":"order.created","when":{"fact":"order.is_gift","op":"exists"},"then":[{"action":"release"}]},
      {"id":"-b","trigger":"order.paid","when":{"all":[]},"then":[],"enabled_from":"yesterday"}],"x":1})"),
            (Pairs{{"/x", "unknown_field"},
                   {"/rules/0/colour", "unknown_field"},
                   {"/rules/1/id", "duplicate"},
                   {"/rules/2/id", "id"},
                   {"/rules/2/trigger", "trigger"},
                   {"/rules/2/when/all", "type"},
                   {"/rules/2/then", "type"},
                   {"/rules/2/enabled_from", "date"}}));
}

TEST(RuleSetTest, NotJsonIsMalformed) {
  const auto parsed = ParseRuleSet("{\"rules\": [", FactCatalogue::Standard());
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kMalformed);
}

TEST(RuleSetTest, CatalogueTakesNewFactsAndRefusesATypeChange) {
  FactCatalogue catalogue = FactCatalogue::Standard();
  EXPECT_FALSE(catalogue.Find("risk.score").has_value());
  EXPECT_TRUE(catalogue.Add("risk.score", FactType::kDecimal, "risk").has_value());
  EXPECT_TRUE(catalogue.Find("risk.score").has_value());
  EXPECT_FALSE(catalogue.Add("risk.score", FactType::kString, "risk").has_value());
  EXPECT_FALSE(catalogue.Add("risk..score", FactType::kInt, "bad").has_value());
  EXPECT_TRUE(ParseRuleSet(OneRule(R"({"id":"r","trigger":"order.created","when":{"fact":"risk.score","op":">","value":0.8},
      "then":[{"action":"hold","reason":"risk"}]})"), catalogue).has_value());
}

}  // namespace
}  // namespace ordo::rules
