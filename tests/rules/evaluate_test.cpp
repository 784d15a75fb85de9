// The compiler and evaluator (rules/compiled_rule_set.hpp): every operator on every fact type,
// all/any/not, missing facts, priorities, stop_processing, triggers and enabled dates.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "rules/compiled_rule_set.hpp"
#include "rules/neutral_ruleset.hpp"

namespace ordo::rules {
namespace {

class EvaluateTest : public ::testing::Test {
 protected:
  // One rule "r" over `when`; evaluates it against facts filled by `fill`.
  bool Fires(const std::string& when, const std::function<void(Facts&, const FactCatalogue&)>& fill) {
    const std::string json = R"({"rules":[{"id":"r","trigger":"order.created","when":)" + when +
                             R"(,"then":[{"action":"tag","tag":"t"}]}]})";
    const auto parsed = ParseRuleSet(json, catalogue_);
    EXPECT_TRUE(parsed.has_value()) << json;
    if (!parsed.has_value()) return false;
    const auto compiled = CompiledRuleSet::Compile(*parsed, catalogue_);
    Facts facts(*compiled);
    fill(facts, catalogue_);
    FiredRules fired(*compiled);
    compiled->Evaluate(facts, Trigger::kOrderCreated, 0, fired);
    return fired.size() == 1;
  }
  Slot S(const char* path) { return *catalogue_.Find(path); }

  FactCatalogue catalogue_ = FactCatalogue::Standard();
};

std::string Leaf(const std::string& fact, const std::string& op, const std::string& value) {
  return R"({"fact":")" + fact + R"(","op":")" + op + R"(","value":)" + value + "}";
}

TEST_F(EvaluateTest, ComparesIntegers) {
  const auto orders = [this](std::int64_t count) {
    return [this, count](Facts& facts, const FactCatalogue&) { facts.SetInt(S("customer.orders_30d"), count); };
  };
  EXPECT_TRUE(Fires(Leaf("customer.orders_30d", "==", "3"), orders(3)));
  EXPECT_FALSE(Fires(Leaf("customer.orders_30d", "==", "3"), orders(4)));
  EXPECT_TRUE(Fires(Leaf("customer.orders_30d", "!=", "3"), orders(4)));
  EXPECT_TRUE(Fires(Leaf("customer.orders_30d", "<", "3"), orders(2)));
  EXPECT_FALSE(Fires(Leaf("customer.orders_30d", "<", "3"), orders(3)));
  EXPECT_TRUE(Fires(Leaf("customer.orders_30d", "<=", "3"), orders(3)));
  EXPECT_FALSE(Fires(Leaf("customer.orders_30d", ">", "3"), orders(3)));
  EXPECT_TRUE(Fires(Leaf("customer.orders_30d", ">=", "3"), orders(3)));
  EXPECT_TRUE(Fires(Leaf("customer.orders_30d", "between", "[3,5]"), orders(5)));
  EXPECT_FALSE(Fires(Leaf("customer.orders_30d", "between", "[3,5]"), orders(6)));
  const std::string many = "[1,3,5,7,9,11,13,15,17,19,21]";  // > 8 values: the binary search path
  EXPECT_TRUE(Fires(Leaf("customer.orders_30d", "in", many), orders(19)));
  EXPECT_FALSE(Fires(Leaf("customer.orders_30d", "in", many), orders(18)));
  EXPECT_TRUE(Fires(Leaf("customer.orders_30d", "not_in", "[1,2]"), orders(18)));
  EXPECT_FALSE(Fires(Leaf("customer.orders_30d", "not_in", "[1,2]"), orders(2)));
}

TEST_F(EvaluateTest, ComparesDecimalsExactly) {
  const auto total = [this](std::int64_t scaled) {
    return [this, scaled](Facts& facts, const FactCatalogue&) { facts.SetDecimal(S("order.grand_total"), scaled); };
  };
  EXPECT_TRUE(Fires(Leaf("order.grand_total", ">", "1999.99"), total(20'000'000)));
  EXPECT_FALSE(Fires(Leaf("order.grand_total", ">", "2000"), total(20'000'000)));
  EXPECT_TRUE(Fires(Leaf("order.grand_total", ">=", "2000"), total(20'000'000)));
  EXPECT_TRUE(Fires(Leaf("order.grand_total", "==", "0.1"), total(1'000)));
  EXPECT_TRUE(Fires(Leaf("order.grand_total", "in", "[0.1, 0.2]"), total(2'000)));
}

TEST_F(EvaluateTest, ComparesStrings) {
  const auto channel = [this](std::string value) {
    return [this, value](Facts& facts, const FactCatalogue&) { facts.SetString(S("order.channel"), value); };
  };
  EXPECT_TRUE(Fires(Leaf("order.channel", "==", R"("douyin")"), channel("douyin")));
  EXPECT_FALSE(Fires(Leaf("order.channel", "==", R"("douyin")"), channel("jd")));
  EXPECT_TRUE(Fires(Leaf("order.channel", "!=", R"("douyin")"), channel("a channel no rule names")));
  EXPECT_TRUE(Fires(Leaf("order.channel", "in", R"(["jd","tmall"])"), channel("tmall")));
  EXPECT_FALSE(Fires(Leaf("order.channel", "in", R"(["jd","tmall"])"), channel("pdd")));
  EXPECT_TRUE(Fires(Leaf("order.channel", "not_in", R"(["jd","tmall"])"), channel("pdd")));
  EXPECT_TRUE(Fires(Leaf("order.channel", "contains", R"("uyi")"), channel("douyin")));
  EXPECT_FALSE(Fires(Leaf("order.channel", "contains", R"("xyz")"), channel("douyin")));
  EXPECT_TRUE(Fires(Leaf("order.channel", "starts_with", R"("dou")"), channel("douyin")));
  EXPECT_FALSE(Fires(Leaf("order.channel", "starts_with", R"("yin")"), channel("douyin")));
  EXPECT_TRUE(Fires(Leaf("order.channel", "matches", R"("d*y?n")"), channel("douyin")));
  EXPECT_FALSE(Fires(Leaf("order.channel", "matches", R"("d*x")"), channel("douyin")));
  EXPECT_TRUE(Fires(Leaf("order.channel", "matches", R"("*")"), channel("")));
}

TEST_F(EvaluateTest, TestsStringListsAndBools) {
  const auto skus = [this](std::vector<std::string> values) {
    return [this, values](Facts& facts, const FactCatalogue&) {
      for (const std::string& value : values) facts.AddToList(S("order.lines[*].sku"), value);
    };
  };
  EXPECT_TRUE(Fires(Leaf("order.lines[*].sku", "contains", R"("FRZ-001")"), skus({"GEN-001", "FRZ-001"})));
  EXPECT_FALSE(Fires(Leaf("order.lines[*].sku", "contains", R"("FRZ-001")"), skus({"GEN-001"})));
  EXPECT_TRUE(Fires(Leaf("order.lines[*].sku", "in", R"(["HAZ-001","FRZ-001"])"), skus({"GEN-001", "FRZ-001"})));
  EXPECT_FALSE(Fires(Leaf("order.lines[*].sku", "in", R"(["HAZ-001"])"), skus({"GEN-001", "FRZ-001"})));
  EXPECT_TRUE(Fires(Leaf("order.lines[*].sku", "not_in", R"(["HAZ-001"])"), skus({"GEN-001"})));
  const auto gift = [this](bool value) {
    return [this, value](Facts& facts, const FactCatalogue&) { facts.SetBool(S("order.is_gift"), value); };
  };
  EXPECT_TRUE(Fires(Leaf("order.is_gift", "==", "true"), gift(true)));
  EXPECT_FALSE(Fires(Leaf("order.is_gift", "==", "true"), gift(false)));
  EXPECT_TRUE(Fires(Leaf("order.is_gift", "!=", "true"), gift(false)));
}

TEST_F(EvaluateTest, MissingFactsAreFalseAndExistsSeesThem) {
  const auto nothing = [](Facts&, const FactCatalogue&) {};
  EXPECT_FALSE(Fires(Leaf("customer.orders_30d", "!=", "3"), nothing));
  EXPECT_FALSE(Fires(Leaf("order.channel", "not_in", R"(["x"])"), nothing));
  EXPECT_TRUE(Fires(R"({"not":)" + Leaf("customer.orders_30d", "==", "3") + "}", nothing));
  EXPECT_TRUE(Fires(Leaf("customer.orders_30d", "exists", "false"), nothing));
  EXPECT_FALSE(Fires(R"({"fact":"customer.orders_30d","op":"exists"})", nothing));
  EXPECT_TRUE(Fires(R"({"fact":"customer.orders_30d","op":"exists"})",
                    [this](Facts& facts, const FactCatalogue&) { facts.SetInt(S("customer.orders_30d"), 0); }));
}

TEST_F(EvaluateTest, CombinesAllAnyAndNot) {
  const auto fill = [this](Facts& facts, const FactCatalogue&) {
    facts.SetInt(S("stock.available"), 5);
    facts.SetString(S("order.channel"), "douyin");
  };
  const std::string low = Leaf("stock.available", "<=", "10");
  const std::string high = Leaf("stock.available", ">", "10");
  const std::string douyin = Leaf("order.channel", "==", R"("douyin")");
  EXPECT_TRUE(Fires(R"({"all":[)" + low + "," + douyin + "]}", fill));
  EXPECT_FALSE(Fires(R"({"all":[)" + high + "," + douyin + "]}", fill));
  EXPECT_TRUE(Fires(R"({"any":[)" + high + "," + douyin + "]}", fill));
  EXPECT_FALSE(Fires(R"({"any":[)" + high + R"(,{"not":)" + douyin + "}]}", fill));
  EXPECT_TRUE(Fires(R"({"all":[{"any":[)" + high + "," + low + R"(]},{"not":{"all":[)" + high + "," + douyin + "]}}]}",
                    fill));
}

TEST_F(EvaluateTest, OrdersByPriorityStopsAndFiltersTriggerAndDates) {
  const auto parsed = ParseRuleSet(R"({"rules":[
      {"id":"low","trigger":"order.created","priority":1,"when":{"fact":"order.is_gift","op":"exists"},"then":[{"action":"release"}]},
      {"id":"high","trigger":"order.created","priority":9,"when":{"fact":"order.is_gift","op":"exists"},"then":[{"action":"release"}]},
      {"id":"stock","trigger":"stock.changed","priority":5,"when":{"fact":"order.is_gift","op":"exists"},"then":[{"action":"release"}]},
      {"id":"december","trigger":"order.created","priority":5,"enabled_from":"2026-12-01T00:00:00Z",
       "enabled_to":"2027-01-01T00:00:00Z","when":{"fact":"order.is_gift","op":"exists"},"then":[{"action":"release"}]},
      {"id":"stopper","trigger":"order.created","priority":3,"stop_processing":true,
       "when":{"fact":"order.is_gift","op":"==","value":true},"then":[{"action":"release"}]}]})",
                                   catalogue_);
  ASSERT_TRUE(parsed.has_value());
  const auto compiled = CompiledRuleSet::Compile(*parsed, catalogue_);
  Facts facts(*compiled);
  FiredRules fired(*compiled);
  const auto ids = [&] {
    std::vector<std::string> out;
    for (std::size_t idx = 0; idx < fired.size(); ++idx) out.push_back(compiled->rule(fired[idx]).id);
    return out;
  };
  const core::UnixMillis november = *core::ParseRfc3339("2026-11-28T00:00:00Z");
  const core::UnixMillis december = *core::ParseRfc3339("2026-12-24T00:00:00Z");
  facts.SetBool(S("order.is_gift"), false);
  compiled->Evaluate(facts, Trigger::kOrderCreated, november, fired);
  EXPECT_EQ(ids(), (std::vector<std::string>{"high", "low"}));
  compiled->Evaluate(facts, Trigger::kOrderCreated, december, fired);
  EXPECT_EQ(ids(), (std::vector<std::string>{"high", "december", "low"}));
  EXPECT_FALSE(fired.stopped());
  facts.Clear();
  facts.SetBool(S("order.is_gift"), true);
  compiled->Evaluate(facts, Trigger::kOrderCreated, december, fired);
  EXPECT_EQ(ids(), (std::vector<std::string>{"high", "december", "stopper"}));
  EXPECT_TRUE(fired.stopped());
  compiled->Evaluate(facts, Trigger::kStockChanged, december, fired);
  EXPECT_EQ(ids(), (std::vector<std::string>{"stock"}));
}

TEST(NeutralRuleSetTest, TranslatesFactsOperatorsAndActions) {
  FactCatalogue catalogue = FactCatalogue::Standard();
  const auto converted = ConvertNeutralRuleSet(R"({"rules":[{"id":"R1","name":"n","priority":7,
      "when":{"all":[{"fact":"warehouse_stock.WH_HZ","op":"lt","value":10},{"fact":"skus","op":"contains_any","value":["A"]},
                     {"fact":"channel","op":"nin","value":["pos"]}]},
      "then":{"action":"hold_for_review","params":{"reason":"why"}}}]})",
                                               catalogue);
  ASSERT_TRUE(converted.has_value());
  EXPECT_EQ(*converted,
            R"({"rules":[{"id":"R1","trigger":"order.created","description":"n","when":{"all":[)"
            R"({"fact":"stock.available.WH_HZ","op":"<","value":10},{"fact":"order.lines[*].sku","op":"in","value":["A"]},)"
            R"({"fact":"order.channel","op":"not_in","value":["pos"]}]},"then":[{"action":"hold","reason":"why"}],"priority":7}]})");
  EXPECT_TRUE(catalogue.Find("stock.available.WH_HZ").has_value());
  EXPECT_TRUE(ParseRuleSet(*converted, catalogue).has_value());
  EXPECT_FALSE(ConvertNeutralRuleSet(R"({"rules":[{"id":"R1","when":{"fact":"colour","op":"eq","value":1}}]})", catalogue)
                   .has_value());
}

}  // namespace
}  // namespace ordo::rules

namespace ordo::rules {
namespace {

// Identical leaves of different rules are tested once (compiled_rule_set.cpp BuildBatches); each
// rule, whether it uses the leaf as its root, inside all/any or under not, still sees its value.
TEST(SharedLeafTest, EveryRuleSeesTheSharedLeaf) {
  FactCatalogue catalogue = FactCatalogue::Standard();
  const auto parsed = ParseRuleSet(R"({"rules":[
      {"id":"root","trigger":"order.created","when":{"fact":"order.payment_method","op":"==","value":"cod"},"then":[{"action":"release"}]},
      {"id":"inside","trigger":"order.created","when":{"all":[{"fact":"order.payment_method","op":"==","value":"cod"},
        {"fact":"order.grand_total","op":">","value":100}]},"then":[{"action":"release"}]},
      {"id":"negated","trigger":"order.created","when":{"not":{"fact":"order.payment_method","op":"==","value":"cod"}},"then":[{"action":"release"}]},
      {"id":"other-value","trigger":"order.created","when":{"fact":"order.payment_method","op":"==","value":"alipay"},"then":[{"action":"release"}]}]})",
                                   catalogue);
  ASSERT_TRUE(parsed.has_value());
  const auto compiled = CompiledRuleSet::Compile(*parsed, catalogue);
  Facts facts(*compiled);
  FiredRules fired(*compiled);
  const auto fired_ids = [&](const char* payment, std::int64_t total) {
    facts.Clear();
    facts.SetString(*catalogue.Find("order.payment_method"), payment);
    facts.SetDecimal(*catalogue.Find("order.grand_total"), total * kDecimalScale);
    compiled->Evaluate(facts, Trigger::kOrderCreated, 0, fired);
    std::vector<std::string> ids;
    for (std::size_t idx = 0; idx < fired.size(); ++idx) ids.push_back(compiled->rule(fired[idx]).id);
    return ids;
  };
  EXPECT_EQ(fired_ids("cod", 500), (std::vector<std::string>{"root", "inside"}));
  EXPECT_EQ(fired_ids("cod", 50), (std::vector<std::string>{"root"}));
  EXPECT_EQ(fired_ids("alipay", 500), (std::vector<std::string>{"negated", "other-value"}));
}

}  // namespace
}  // namespace ordo::rules
