// Decision tables (rules/decision_table.hpp): both hit policies, any cells, every error pointer,
// and a table that answers like the equivalent rules.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "rules/compiled_rule_set.hpp"
#include "rules/decision_table.hpp"

namespace ordo::rules {
namespace {

class DecisionTableTest : public ::testing::Test {
 protected:
  std::shared_ptr<const CompiledDecisionTable> Compile(const std::string& json) {
    const auto parsed = ParseDecisionTable(json, catalogue_);
    EXPECT_TRUE(parsed.has_value()) << json;
    if (!parsed.has_value()) return nullptr;
    return CompiledDecisionTable::Compile(*parsed, catalogue_);
  }
  // Every field pointer of a refused table.
  std::vector<std::string> Errors(const std::string& json) {
    const auto parsed = ParseDecisionTable(json, catalogue_);
    EXPECT_FALSE(parsed.has_value()) << json;
    std::vector<std::string> fields;
    if (parsed.has_value()) return fields;
    EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
    for (const core::FieldError& error : parsed.error().fields) fields.push_back(error.field);
    return fields;
  }
  Slot S(const char* path) { return *catalogue_.Find(path); }

  FactCatalogue catalogue_ = FactCatalogue::Standard();
};

// Channel × total → review level. Row 2 matches any channel, row 3 is the catch-all.
const char* const kReviewTable = R"({"id":"review","hit_policy":"%s",
  "inputs":["order.channel","order.grand_total"],"outputs":["level","hold"],
  "rows":[{"when":[{"op":"==","value":"douyin"},{"op":">=","value":1000}],"then":["high",true]},
          {"when":["-",{"op":">=","value":5000.5}],"then":["high",true]},
          {"when":[{"op":"in","value":["tmall","jd"]},null],"then":["low",false]},
          {"when":[null,"-"],"then":["none",null]}]})";

std::string ReviewTable(const char* policy) {
  std::string json = kReviewTable;
  json.replace(json.find("%s"), 2, policy);
  return json;
}

std::vector<std::uint32_t> Rows(const CompiledDecisionTable& table, const std::string& channel, std::int64_t total) {
  Facts facts(table.rules());
  facts.SetString(*FactCatalogue::Standard().Find("order.channel"), channel);
  facts.SetDecimal(*FactCatalogue::Standard().Find("order.grand_total"), total * kDecimalScale);
  TableHits hits(table);
  table.Evaluate(facts, hits);
  std::vector<std::uint32_t> rows;
  for (std::size_t idx = 0; idx < hits.size(); ++idx) rows.push_back(hits[idx]);
  return rows;
}

TEST_F(DecisionTableTest, FirstReturnsTheFirstMatchingRowAndItsOutputs) {
  const auto table = Compile(ReviewTable("first"));
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(Rows(*table, "douyin", 2000), std::vector<std::uint32_t>{0});
  EXPECT_EQ(Rows(*table, "douyin", 999), std::vector<std::uint32_t>{3});
  EXPECT_EQ(Rows(*table, "jd", 6000), std::vector<std::uint32_t>{1});
  EXPECT_EQ(Rows(*table, "tmall", 10), std::vector<std::uint32_t>{2});
  EXPECT_EQ(table->outputs(0), (std::vector<std::string>{"\"high\"", "true"}));
  EXPECT_EQ(table->outputs(3), (std::vector<std::string>{"\"none\"", "null"}));
  EXPECT_EQ(table->table().hit_policy, HitPolicy::kFirst);
}

TEST_F(DecisionTableTest, CollectReturnsEveryMatchingRowInOrder) {
  const auto table = Compile(ReviewTable("collect"));
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(Rows(*table, "douyin", 6000), (std::vector<std::uint32_t>{0, 1, 3}));
  EXPECT_EQ(Rows(*table, "jd", 6000), (std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_EQ(Rows(*table, "pos", 10), std::vector<std::uint32_t>{3});
}

TEST_F(DecisionTableTest, AnyCellsMatchAbsentFactsButConditionsDoNot) {
  const auto table = Compile(ReviewTable("collect"));
  ASSERT_NE(table, nullptr);
  Facts facts(table->rules());  // neither fact set
  TableHits hits(*table);
  table->Evaluate(facts, hits);
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(hits[0], 3U);
}

TEST_F(DecisionTableTest, NoMatchingRowGivesNoHit) {
  const auto table = Compile(R"({"id":"t","hit_policy":"first","inputs":["order.item_count"],"outputs":["o"],
    "rows":[{"when":[{"op":">","value":5}],"then":[1]}]})");
  ASSERT_NE(table, nullptr);
  Facts facts(table->rules());
  facts.SetInt(S("order.item_count"), 5);
  TableHits hits(*table);
  table->Evaluate(facts, hits);
  EXPECT_EQ(hits.size(), 0U);
  facts.Clear();
  facts.SetInt(S("order.item_count"), 6);
  table->Evaluate(facts, hits);
  EXPECT_EQ(hits.size(), 1U);
}

TEST_F(DecisionTableTest, AnswersLikeTheEquivalentRules) {
  const auto table = Compile(R"({"id":"eq","hit_policy":"collect",
    "inputs":["order.channel","order.is_gift","order.lines[*].sku","customer.orders_30d"],"outputs":["action"],
    "rows":[{"when":[{"op":"==","value":"douyin"},{"op":"==","value":true},"-","-"],"then":["wrap"]},
            {"when":["-","-",{"op":"contains","value":"SKU-1"},{"op":"between","value":[3,10]}],"then":["hold"]},
            {"when":[{"op":"starts_with","value":"tm"},"-","-",{"op":"exists","value":false}],"then":["tag"]}]})");
  ASSERT_NE(table, nullptr);
  const auto rules = ParseRuleSet(R"({"rules":[
    {"id":"wrap","trigger":"order.created","then":[{"action":"tag","tag":"wrap"}],
     "when":{"all":[{"fact":"order.channel","op":"==","value":"douyin"},{"fact":"order.is_gift","op":"==","value":true}]}},
    {"id":"hold","trigger":"order.created","then":[{"action":"tag","tag":"hold"}],
     "when":{"all":[{"fact":"order.lines[*].sku","op":"contains","value":"SKU-1"},
                    {"fact":"customer.orders_30d","op":"between","value":[3,10]}]}},
    {"id":"tag","trigger":"order.created","then":[{"action":"tag","tag":"tag"}],
     "when":{"all":[{"fact":"order.channel","op":"starts_with","value":"tm"},
                    {"fact":"customer.orders_30d","op":"exists","value":false}]}}]})",
                                  catalogue_);
  ASSERT_TRUE(rules.has_value());
  const auto compiled = CompiledRuleSet::Compile(*rules, catalogue_);
  struct Order {
    const char* channel;
    bool gift;
    std::vector<const char*> skus;
    std::optional<std::int64_t> orders_30d;
  };
  const std::vector<Order> orders = {
      {"douyin", true, {"SKU-1"}, 5}, {"douyin", false, {"SKU-2"}, 5}, {"tmall", false, {"SKU-1"}, std::nullopt},
      {"tmall", true, {"SKU-1", "SKU-3"}, 4}, {"jd", false, {}, 11}, {"douyin", true, {}, std::nullopt}};
  std::size_t total_hits = 0;
  for (const Order& order : orders) {
    const auto fill = [&](Facts& facts) {
      facts.SetString(S("order.channel"), order.channel);
      facts.SetBool(S("order.is_gift"), order.gift);
      for (const char* sku : order.skus) facts.AddToList(S("order.lines[*].sku"), sku);
      if (order.orders_30d) facts.SetInt(S("customer.orders_30d"), *order.orders_30d);
    };
    Facts table_facts(table->rules());
    fill(table_facts);
    TableHits hits(*table);
    table->Evaluate(table_facts, hits);
    Facts rule_facts(*compiled);
    fill(rule_facts);
    FiredRules fired(*compiled);
    compiled->Evaluate(rule_facts, Trigger::kOrderCreated, 0, fired);
    std::vector<std::string> from_table;
    for (std::size_t idx = 0; idx < hits.size(); ++idx) from_table.push_back(table->outputs(hits[idx])[0]);
    std::vector<std::string> from_rules;
    for (std::size_t idx = 0; idx < fired.size(); ++idx) from_rules.push_back("\"" + compiled->rule(fired[idx]).id + "\"");
    EXPECT_EQ(from_table, from_rules) << order.channel;
    total_hits += hits.size();
  }
  EXPECT_EQ(total_hits, 5U);  // wrap: orders 0 and 5; hold: 0 and 3; tag: 2 (no 30-day count)
}

TEST_F(DecisionTableTest, ReportsEveryBadNodeWithItsPointer) {
  EXPECT_EQ(Errors(R"({"id":"t","hit_policy":"unique","inputs":["order.nope","order.channel","order.is_gift"],
    "outputs":["o"],"extra":1,
    "rows":[{"when":["-",{"op":"<","value":"a"},{"op":"==","value":1}],"then":[1]},
            {"when":["-","-"],"then":[1]},
            {"when":["-",{"op":"==","value":"x","fact":"order.channel"},"x"],"then":[{"a":1}],"why":1},
            {"when":["-",{"op":"bogus","value":"x"},{"op":"=="}],"then":[1,2]}]})"),
            (std::vector<std::string>{"/extra", "/hit_policy", "/inputs/0", "/rows/0/when/1/op", "/rows/0/when/2/value",
                                      "/rows/1/when", "/rows/2/why", "/rows/2/when/1/fact", "/rows/2/when/2",
                                      "/rows/2/then/0", "/rows/3/when/1/op", "/rows/3/when/2/value", "/rows/3/then"}));
  EXPECT_EQ(Errors(R"({"id":"t","hit_policy":"first","inputs":["order.channel"],"outputs":["o"],"rows":[]})"),
            std::vector<std::string>{"/rows"});
  EXPECT_EQ(Errors(R"({"hit_policy":"first","inputs":[],"outputs":[7],"rows":{}})"),
            (std::vector<std::string>{"/id", "/inputs", "/outputs/0", "/rows"}));
  EXPECT_EQ(Errors(R"({"id":"t","inputs":["order.channel"],"outputs":["o"]})"),
            (std::vector<std::string>{"/hit_policy", "/rows"}));
  EXPECT_EQ(Errors(R"({"id":"t","hit_policy":"first","inputs":["order.channel"],"outputs":["o","p","o"],
    "rows":[{"when":["-"],"then":[1,2,3]}]})"),
            std::vector<std::string>{"/outputs/2"});
  EXPECT_EQ(Errors("[1]"), std::vector<std::string>{""});
  const auto malformed = ParseDecisionTable("{", catalogue_);
  ASSERT_FALSE(malformed.has_value());
  EXPECT_EQ(malformed.error().code, core::ErrorCode::kMalformed);
}

TEST_F(DecisionTableTest, NamesTheRuleEachErrorBreaks) {
  const auto parsed = ParseDecisionTable(R"({"id":"t","hit_policy":"any","inputs":["order.nope","order.is_gift"],
    "outputs":["o"],"rows":[{"when":["-",{"op":"contains","value":"x"}],"then":[1]},{"when":["-"],"then":[1]}]})",
                                         catalogue_);
  ASSERT_FALSE(parsed.has_value());
  std::vector<std::string> codes;
  for (const core::FieldError& error : parsed.error().fields) codes.push_back(error.field + " " + error.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"/hit_policy hit_policy", "/inputs/0 unknown_fact",
                                             "/rows/0/when/1/op operator_type", "/rows/1/when width"}));
  const auto empty = ParseDecisionTable(R"({"id":"t","hit_policy":"collect","inputs":["order.is_gift"],
    "outputs":["o"],"rows":[]})", catalogue_);
  ASSERT_FALSE(empty.has_value());
  ASSERT_EQ(empty.error().fields.size(), 1U);
  EXPECT_EQ(empty.error().fields[0].code, "empty");
}

}  // namespace
}  // namespace ordo::rules
