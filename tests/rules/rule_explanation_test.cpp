// CompiledRuleSet::ExplainRule (rules/rule_explanation.cpp): every leaf of one rule with whether
// it held, the fact path, the operator and both values as JSON text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/compiled_rule_set.hpp"

namespace ordo::rules {
namespace {

class ExplainRuleTest : public ::testing::Test {
 protected:
  // Compiles one order.created rule "r" over `when`.
  void Compile(const std::string& when) {
    const std::string json = R"({"rules":[{"id":"other","trigger":"order.created","priority":9,)"
                             R"("when":{"fact":"order.is_gift","op":"exists"},"then":[{"action":"release"}]},)"
                             R"({"id":"r","trigger":"order.created","when":)" +
                             when + R"(,"then":[{"action":"tag","tag":"t"}]}]})";
    const auto parsed = ParseRuleSet(json, catalogue_);
    ASSERT_TRUE(parsed.has_value()) << json;
    compiled_ = CompiledRuleSet::Compile(*parsed, catalogue_);
    facts_ = std::make_unique<Facts>(*compiled_);
  }
  std::uint32_t RuleIndex(const std::string& id) const {
    for (std::uint32_t idx = 0; idx < compiled_->rule_count(); ++idx) {
      if (compiled_->rule(idx).id == id) return idx;
    }
    return static_cast<std::uint32_t>(compiled_->rule_count());
  }
  Slot S(const char* path) const { return *catalogue_.Find(path); }

  FactCatalogue catalogue_ = FactCatalogue::Standard();
  std::shared_ptr<const CompiledRuleSet> compiled_;
  std::unique_ptr<Facts> facts_;
};

TEST_F(ExplainRuleTest, ListsEveryLeafInDocumentOrderWithBothValues) {
  Compile(R"({"all":[{"fact":"order.grand_total","op":">=","value":12.5},
                     {"fact":"order.channel","op":"in","value":["douyin","jd"]},
                     {"any":[{"fact":"order.lines[*].sku","op":"contains","value":"FRZ-001"},
                             {"not":{"fact":"customer.orders_30d","op":"==","value":3}}]}]})");
  facts_->SetDecimal(S("order.grand_total"), 130'000);  // 13
  facts_->SetString(S("order.channel"), "douyin");
  facts_->AddToList(S("order.lines[*].sku"), "GEN-001");
  facts_->AddToList(S("order.lines[*].sku"), "a \"quoted\" SKU");

  const std::vector<LeafMatch> leaves = compiled_->ExplainRule(*facts_, RuleIndex("r"));

  ASSERT_EQ(leaves.size(), 4U);
  EXPECT_EQ(leaves[0].fact, "order.grand_total");
  EXPECT_EQ(leaves[0].op, ">=");
  EXPECT_EQ(leaves[0].expected_json, "12.5");
  EXPECT_EQ(leaves[0].actual_json, "13");
  EXPECT_TRUE(leaves[0].held);
  EXPECT_EQ(leaves[1].fact, "order.channel");
  EXPECT_EQ(leaves[1].op, "in");
  EXPECT_EQ(leaves[1].expected_json, R"(["douyin","jd"])");
  EXPECT_EQ(leaves[1].actual_json, R"("douyin")");
  EXPECT_TRUE(leaves[1].held);
  EXPECT_EQ(leaves[2].fact, "order.lines[*].sku");
  EXPECT_EQ(leaves[2].op, "contains");
  EXPECT_EQ(leaves[2].expected_json, R"("FRZ-001")");
  EXPECT_EQ(leaves[2].actual_json, R"(["GEN-001","a \"quoted\" SKU"])");
  EXPECT_FALSE(leaves[2].held);
  // Absent: null, and the leaf itself is false (the `not` above it is not applied).
  EXPECT_EQ(leaves[3].fact, "customer.orders_30d");
  EXPECT_EQ(leaves[3].op, "==");
  EXPECT_EQ(leaves[3].expected_json, "3");
  EXPECT_EQ(leaves[3].actual_json, "null");
  EXPECT_FALSE(leaves[3].held);
}

TEST_F(ExplainRuleTest, RendersDecimalsExactlyAndBoundsAndBools) {
  Compile(R"({"all":[{"fact":"quality.address_confidence","op":"between","value":[0.0001,1]},
                     {"fact":"order.grand_total","op":"<","value":-3.25},
                     {"fact":"order.is_gift","op":"==","value":true},
                     {"fact":"order.tags","op":"exists","value":false}]})");
  facts_->SetDecimal(S("quality.address_confidence"), 5'050);  // 0.505
  facts_->SetDecimal(S("order.grand_total"), -100'000);         // -10
  facts_->SetBool(S("order.is_gift"), false);

  const std::vector<LeafMatch> leaves = compiled_->ExplainRule(*facts_, RuleIndex("r"));

  ASSERT_EQ(leaves.size(), 4U);
  EXPECT_EQ(leaves[0].expected_json, "[0.0001,1]");
  EXPECT_EQ(leaves[0].actual_json, "0.505");
  EXPECT_TRUE(leaves[0].held);
  EXPECT_EQ(leaves[1].expected_json, "-3.25");
  EXPECT_EQ(leaves[1].actual_json, "-10");
  EXPECT_TRUE(leaves[1].held);
  EXPECT_EQ(leaves[2].expected_json, "true");
  EXPECT_EQ(leaves[2].actual_json, "false");
  EXPECT_FALSE(leaves[2].held);
  EXPECT_EQ(leaves[3].op, "exists");
  EXPECT_EQ(leaves[3].expected_json, "false");
  EXPECT_EQ(leaves[3].actual_json, "null");
  EXPECT_TRUE(leaves[3].held);
}

TEST_F(ExplainRuleTest, AgreesWithEvaluateOnTheFiredRule) {
  Compile(R"({"any":[{"fact":"order.address.city","op":"starts_with","value":"Hang"},
                     {"fact":"order.address.province","op":"not_in","value":["Zhejiang"]}]})");
  facts_->SetString(S("order.address.city"), "Hangzhou");
  facts_->SetString(S("order.address.province"), "Zhejiang");
  FiredRules fired(*compiled_);
  compiled_->Evaluate(*facts_, Trigger::kOrderCreated, 0, fired);
  ASSERT_EQ(fired.size(), 1U);

  const std::vector<LeafMatch> leaves = compiled_->ExplainRule(*facts_, fired[0]);

  ASSERT_EQ(leaves.size(), 2U);
  EXPECT_EQ(leaves[0].actual_json, R"("Hangzhou")");
  EXPECT_TRUE(leaves[0].held);
  EXPECT_EQ(leaves[1].expected_json, R"(["Zhejiang"])");
  EXPECT_FALSE(leaves[1].held);
}

TEST_F(ExplainRuleTest, UnknownRuleIndexExplainsNothing) {
  Compile(R"({"fact":"order.is_gift","op":"exists"})");
  EXPECT_TRUE(compiled_->ExplainRule(*facts_, 99).empty());
}

}  // namespace
}  // namespace ordo::rules
