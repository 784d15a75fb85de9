// The fact snapshot codec (rules/fact_snapshot.hpp): round trips of every type, exact decimals,
// retired facts skipped, wrong types and oversize input refused naming the path, and LoadFacts
// feeding the evaluator.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "rules/compiled_rule_set.hpp"
#include "rules/fact_snapshot.hpp"

namespace ordo::rules {
namespace {

class FactSnapshotTest : public ::testing::Test {
 protected:
  FactSnapshot Sample() {
    FactSnapshot snapshot;
    EXPECT_TRUE(snapshot.SetDecimal(catalogue_, "order.grand_total", 1'299'000));  // 129.9
    EXPECT_TRUE(snapshot.SetInt(catalogue_, "order.item_count", 3));
    EXPECT_TRUE(snapshot.SetString(catalogue_, "order.channel", "tmall"));
    EXPECT_TRUE(snapshot.SetString(catalogue_, "order.address.province", "上海市"));
    EXPECT_TRUE(snapshot.SetList(catalogue_, "order.lines[*].sku", {"A-1", "B \"2\""}));
    EXPECT_TRUE(snapshot.SetBool(catalogue_, "order.is_gift", true));
    EXPECT_TRUE(snapshot.SetDecimal(catalogue_, "quality.address_confidence", 9'500));
    return snapshot;
  }
  FactCatalogue catalogue_ = FactCatalogue::Standard();
};

TEST_F(FactSnapshotTest, EncodesByPathAndRoundTrips) {
  const FactSnapshot snapshot = Sample();
  const std::string text = EncodeFactSnapshot(snapshot, catalogue_);
  EXPECT_EQ(text,
            R"({"order.grand_total":129.9,"order.item_count":3,"order.channel":"tmall",)"
            R"("order.address.province":"上海市","order.lines[*].sku":["A-1","B \"2\""],"order.is_gift":true,)"
            R"("quality.address_confidence":0.95})");
  const auto decoded = DecodeFactSnapshot(text, catalogue_);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().detail;
  EXPECT_EQ(*decoded, snapshot);
}

TEST_F(FactSnapshotTest, DecimalsAreExactAtTheLimits) {
  for (const std::int64_t scaled : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{-5'000},
                                    std::int64_t{10'000}, std::int64_t{123'456'789},
                                    std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()}) {
    FactSnapshot snapshot;
    ASSERT_TRUE(snapshot.SetDecimal(catalogue_, "order.grand_total", scaled));
    const std::string text = EncodeFactSnapshot(snapshot, catalogue_);
    const auto decoded = DecodeFactSnapshot(text, catalogue_);
    ASSERT_TRUE(decoded.has_value()) << text << ": " << decoded.error().detail;
    EXPECT_EQ(decoded->entries.at(0).number, scaled) << text;
  }
  EXPECT_EQ(EncodeFactSnapshot(FactSnapshot{{FactEntry{*catalogue_.Find("order.grand_total"), FactType::kDecimal,
                                                       -5'000, {}, {}}}},
                               catalogue_),
            R"({"order.grand_total":-0.5})");
  // Over int64 after scaling, five decimals, exponents: refused, never rounded.
  for (const char* bad : {R"({"order.grand_total":922337203685478})", R"({"order.grand_total":1.23456})",
                          R"({"order.grand_total":1e3})", R"({"order.grand_total":-1.5e-2})"}) {
    const auto decoded = DecodeFactSnapshot(bad, catalogue_);
    ASSERT_FALSE(decoded.has_value()) << bad;
    EXPECT_EQ(decoded.error().code, core::ErrorCode::kMalformed);
    EXPECT_NE(decoded.error().detail.find("order.grand_total"), std::string::npos) << decoded.error().detail;
  }
}

TEST_F(FactSnapshotTest, RetiredFactsAreSkippedWhateverTheirShape) {
  const auto decoded = DecodeFactSnapshot(
      R"({"old.fact":{"a":[1,{"b":null}]},"order.channel":"jd","old.list":[1,2],"old.text":"x"})", catalogue_);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().detail;
  ASSERT_EQ(decoded->entries.size(), 1U);
  EXPECT_EQ(decoded->entries[0].text, "jd");
}

TEST_F(FactSnapshotTest, WrongTypesNameThePath) {
  const struct {
    const char* text;
    const char* path;
  } cases[] = {
      {R"({"order.channel":3})", "order.channel"},
      {R"({"order.item_count":"3"})", "order.item_count"},
      {R"({"order.item_count":3.5})", "order.item_count"},
      {R"({"order.is_gift":1})", "order.is_gift"},
      {R"({"order.lines[*].sku":"A"})", "order.lines[*].sku"},
      {R"({"order.lines[*].sku":[1]})", "order.lines[*].sku"},
      {R"({"order.lines[*].sku":[["A"]]})", "order.lines[*].sku"},
      {R"({"order.channel":null})", "order.channel"},
      {R"({"order.channel":{"x":1}})", "order.channel"},
      {R"({"order.channel":"a","order.channel":"b"})", "order.channel"},
  };
  for (const auto& bad : cases) {
    const auto decoded = DecodeFactSnapshot(bad.text, catalogue_);
    ASSERT_FALSE(decoded.has_value()) << bad.text;
    EXPECT_EQ(decoded.error().code, core::ErrorCode::kMalformed);
    EXPECT_NE(decoded.error().detail.find(bad.path), std::string::npos) << decoded.error().detail;
  }
  for (const char* bad : {"", "[]", "\"x\"", "3", "{", R"({"order.channel":"a"} 1)", "{\"a\":\"\xff\"}", R"({"order.grand_total":1.})"}) {
    EXPECT_FALSE(DecodeFactSnapshot(bad, catalogue_).has_value()) << bad;
  }
}

TEST_F(FactSnapshotTest, SizesAreBounded) {
  EXPECT_FALSE(DecodeFactSnapshot(R"({"order.channel":")" + std::string(1025, 'a') + "\"}", catalogue_).has_value());
  EXPECT_TRUE(DecodeFactSnapshot(R"({"order.channel":")" + std::string(1024, 'a') + "\"}", catalogue_).has_value());
  std::string list = R"({"order.tags":[)";
  for (int element_idx = 0; element_idx < 1001; ++element_idx) list += (element_idx ? ",\"t\"" : "\"t\"");
  EXPECT_FALSE(DecodeFactSnapshot(list + "]}", catalogue_).has_value());
  EXPECT_FALSE(DecodeFactSnapshot(R"({"old":")" + std::string(70'000, 'a') + "\"}", catalogue_).has_value());
}

TEST_F(FactSnapshotTest, DecoderReusesTheSnapshotWithoutLeftovers) {
  FactSnapshotDecoder decoder(catalogue_);
  FactSnapshot snapshot;
  ASSERT_TRUE(decoder.Decode(EncodeFactSnapshot(Sample(), catalogue_), snapshot));
  ASSERT_TRUE(decoder.Decode(R"({"order.tags":["vip"]})", snapshot));
  ASSERT_EQ(snapshot.entries.size(), 1U);
  EXPECT_EQ(snapshot.entries[0].list, std::vector<std::string>{"vip"});
  EXPECT_TRUE(snapshot.entries[0].text.empty());
}

TEST_F(FactSnapshotTest, LoadFactsFeedsTheEvaluator) {
  const auto parsed = ParseRuleSet(
      R"({"rules":[{"id":"big-sh","trigger":"order.created","when":{"all":[
          {"fact":"order.grand_total","op":">","value":100},{"fact":"order.address.province","op":"==","value":"上海市"},
          {"fact":"order.lines[*].sku","op":"contains","value":"A-1"},{"fact":"order.is_gift","op":"==","value":true}]},
          "then":[{"action":"hold","reason":"review"}]},
          {"id":"no-conf","trigger":"order.created","when":{"fact":"customer.orders_30d","op":"exists","value":false},
          "then":[{"action":"tag","tag":"new"}]}]})",
      catalogue_);
  ASSERT_TRUE(parsed.has_value());
  const auto compiled = CompiledRuleSet::Compile(*parsed, catalogue_);
  Facts facts(*compiled);
  FiredRules fired(*compiled);
  LoadFacts(Sample(), facts);
  compiled->Evaluate(facts, Trigger::kOrderCreated, 0, fired);
  EXPECT_EQ(fired.size(), 2U);
  FactSnapshot small;
  ASSERT_TRUE(small.SetDecimal(catalogue_, "order.grand_total", 50 * kDecimalScale));
  ASSERT_TRUE(small.SetInt(catalogue_, "customer.orders_30d", 2));
  LoadFacts(small, facts);  // clears the previous order's facts
  compiled->Evaluate(facts, Trigger::kOrderCreated, 0, fired);
  EXPECT_EQ(fired.size(), 0U);
}

TEST_F(FactSnapshotTest, SettersRefuseUnknownPathsAndOtherTypes) {
  FactSnapshot snapshot;
  EXPECT_FALSE(snapshot.SetInt(catalogue_, "order.nope", 1));
  EXPECT_FALSE(snapshot.SetInt(catalogue_, "order.channel", 1));
  EXPECT_TRUE(snapshot.SetInt(catalogue_, "order.stock.min_available", 4));
  EXPECT_TRUE(snapshot.SetInt(catalogue_, "order.stock.min_available", 5));  // replaces
  ASSERT_EQ(snapshot.entries.size(), 1U);
  EXPECT_EQ(snapshot.entries[0].number, 5);
  EXPECT_TRUE(snapshot.SetString(catalogue_, "order.address.province_code", "310000"));
}

}  // namespace
}  // namespace ordo::rules
