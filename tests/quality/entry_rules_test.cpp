#include "quality/entry_rules.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ordo::quality {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;

// "pointer:code" of every error, for order-free comparisons.
std::vector<std::string> Problems(const core::Error& error) {
  std::vector<std::string> out;
  for (const core::FieldError& field : error.fields) out.push_back(field.field + ":" + field.code);
  return out;
}

std::string Rules(const std::string& items) { return R"({"rules": [)" + items + "]}"; }

constexpr const char* kPhoneRule =
    R"({"id": "phone-valid", "field": "shipping_address.phone", "check": "phone_valid", "on_violation": "quarantine"})";

TEST(ParseEntryRules, ReadsEveryCheckWithItsParameters) {
  const auto parsed = ParseEntryRules(Rules(std::string(kPhoneRule) + R"(,
    {"id": "tmall-confidence", "channel": "tmall", "field": "shipping_address", "check": "address_confidence_min",
     "min": 0.8, "on_violation": "quarantine", "description": "Tmall addresses are typed by hand"},
    {"id": "sku-prefix", "field": "lines[*].sku", "check": "prefix", "prefixes": ["SKU-", "GIFT-"], "on_violation": "reject"},
    {"id": "postcode", "field": "shipping_address.postcode", "check": "charset", "charset": "digits", "on_violation": "quarantine"},
    {"id": "note-length", "field": "buyer_note", "check": "max_length", "max": 200, "on_violation": "quarantine"},
    {"id": "qty-cap", "field": "lines[*].qty", "check": "max_value", "max": 50, "on_violation": "reject"},
    {"id": "no-free-orders", "field": "totals.grand_total", "check": "min_value", "min": 1, "on_violation": "quarantine"})"));
  ASSERT_TRUE(parsed.has_value()) << (parsed ? "" : Problems(parsed.error())[0]);
  ASSERT_EQ(parsed->rules.size(), 7u);
  const EntryRule& phone = parsed->rules[0];
  EXPECT_EQ(phone.id, "phone-valid");
  EXPECT_EQ(phone.channel, "*");
  EXPECT_EQ(phone.field, RuleField::kPhone);
  EXPECT_EQ(phone.check, RuleCheck::kPhoneValid);
  EXPECT_EQ(phone.action, RuleAction::kQuarantine);
  EXPECT_EQ(parsed->rules[1].channel, "tmall");
  EXPECT_DOUBLE_EQ(parsed->rules[1].min_confidence, 0.8);
  EXPECT_EQ(parsed->rules[1].description, "Tmall addresses are typed by hand");
  EXPECT_EQ(parsed->rules[2].prefixes, (std::vector<std::string>{"SKU-", "GIFT-"}));
  EXPECT_EQ(parsed->rules[3].charset, RuleCharset::kDigits);
  EXPECT_EQ(parsed->rules[4].max, 200);
  EXPECT_EQ(parsed->rules[5].max, 50);
  EXPECT_EQ(parsed->rules[6].min, 1);
  EXPECT_EQ(parsed->version, 0);  // the loader sets it
}

TEST(ParseEntryRules, CanonicalDocumentReadsBackToTheSameRules) {
  const EntryRuleSet& defaults = DefaultEntryRules();
  const std::string json = EntryRulesToJson(defaults);
  const auto again = ParseEntryRules(json);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(EntryRulesToJson(*again), json);
  EXPECT_THAT(json, HasSubstr(R"({"id":"phone-valid","channel":"*","field":"shipping_address.phone","check":"phone_valid","on_violation":"quarantine"})"));
}

TEST(ParseEntryRules, AcceptsTheReadOnlyMembersOfAGetAnswer) {
  const auto parsed = ParseEntryRules(R"({"version": 3, "created_at": "2026-11-20T10:00:00Z", "created_by": "user:1",
                                          "rules": [)" + std::string(kPhoneRule) + "]}");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->rules.size(), 1u);
}

TEST(ParseEntryRules, AnEmptySetIsAllowed) {
  const auto parsed = ParseEntryRules(R"({"rules": []})");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->rules.empty());
}

TEST(ParseEntryRules, NotJsonIsMalformed) {
  const auto parsed = ParseEntryRules(R"({"rules": [)");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kMalformed);
}

struct BadCase {
  const char* name;
  std::string json;
  std::string expected;  // "pointer:code" among the errors
};

class ParseEntryRulesRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(ParseEntryRulesRejects, NamingTheNodeWithAJsonPointer) {
  const auto parsed = ParseEntryRules(GetParam().json);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(Problems(parsed.error()), Contains(GetParam().expected));
}

std::string One(const std::string& members) { return Rules("{" + members + "}"); }
const std::string kBase = R"("id": "r1", "field": "shipping_address.phone", "check": "required", "on_violation": "reject")";

INSTANTIATE_TEST_SUITE_P(
    BadDocuments, ParseEntryRulesRejects,
    ::testing::Values(
        BadCase{"not_object", "[1]", ":type"},
        BadCase{"no_rules", "{}", "/rules:required"},
        BadCase{"rules_not_array", R"({"rules": {}})", "/rules:type"},
        BadCase{"unknown_top_level", R"({"rules": [], "colour": "red"})", "/colour:unknown_field"},
        BadCase{"pointer_escapes", R"({"rules": [], "a/b~c": 1})", "/a~1b~0c:unknown_field"},
        BadCase{"rule_not_object", Rules("7"), "/rules/0:type"},
        BadCase{"missing_id", One(R"("field": "customer_ref", "check": "required", "on_violation": "reject")"),
                "/rules/0/id:required"},
        BadCase{"bad_id", One(R"("id": "Phone Rule", "field": "customer_ref", "check": "required", "on_violation": "reject")"),
                "/rules/0/id:format"},
        BadCase{"id_not_string", One(R"("id": 5, "field": "customer_ref", "check": "required", "on_violation": "reject")"),
                "/rules/0/id:type"},
        BadCase{"bad_channel", One(kBase + R"(, "channel": "Tmall!")"), "/rules/0/channel:format"},
        BadCase{"unknown_field", One(R"("id": "r1", "field": "shipping_address.email", "check": "required", "on_violation": "reject")"),
                "/rules/0/field:enum"},
        BadCase{"unknown_check", One(R"("id": "r1", "field": "customer_ref", "check": "regex", "on_violation": "reject")"),
                "/rules/0/check:enum"},
        BadCase{"unknown_action", One(R"("id": "r1", "field": "customer_ref", "check": "required", "on_violation": "warn")"),
                "/rules/0/on_violation:enum"},
        BadCase{"missing_action", One(R"("id": "r1", "field": "customer_ref", "check": "required")"),
                "/rules/0/on_violation:required"},
        BadCase{"phone_check_on_name", One(R"("id": "r1", "field": "shipping_address.name", "check": "phone_valid", "on_violation": "reject")"),
                "/rules/0/check:check_not_applicable"},
        BadCase{"address_check_on_city", One(R"("id": "r1", "field": "shipping_address.city", "check": "address_resolved", "on_violation": "reject")"),
                "/rules/0/check:check_not_applicable"},
        BadCase{"required_on_qty", One(R"("id": "r1", "field": "lines[*].qty", "check": "required", "on_violation": "reject")"),
                "/rules/0/check:check_not_applicable"},
        BadCase{"missing_max", One(R"("id": "r1", "field": "customer_ref", "check": "max_length", "on_violation": "reject")"),
                "/rules/0/max:required"},
        BadCase{"max_zero", One(R"("id": "r1", "field": "customer_ref", "check": "max_length", "max": 0, "on_violation": "reject")"),
                "/rules/0/max:out_of_range"},
        BadCase{"max_float", One(R"("id": "r1", "field": "lines[*].qty", "check": "max_value", "max": 2.5, "on_violation": "reject")"),
                "/rules/0/max:type"},
        BadCase{"confidence_above_one", One(R"("id": "r1", "field": "shipping_address", "check": "address_confidence_min", "min": 1.5, "on_violation": "reject")"),
                "/rules/0/min:out_of_range"},
        BadCase{"param_not_taken", One(kBase + R"(, "max": 3)"), "/rules/0/max:not_applicable"},
        BadCase{"unknown_charset", One(R"("id": "r1", "field": "shipping_address.postcode", "check": "charset", "charset": "hex", "on_violation": "reject")"),
                "/rules/0/charset:enum"},
        BadCase{"empty_prefixes", One(R"("id": "r1", "field": "lines[*].sku", "check": "prefix", "prefixes": [], "on_violation": "reject")"),
                "/rules/0/prefixes:out_of_range"},
        BadCase{"prefix_not_string", One(R"("id": "r1", "field": "lines[*].sku", "check": "prefix", "prefixes": ["A-", 3], "on_violation": "reject")"),
                "/rules/0/prefixes/1:type"},
        BadCase{"unknown_rule_member", One(kBase + R"(, "severity": "high")"), "/rules/0/severity:unknown_field"},
        BadCase{"long_description", One(kBase + R"(, "description": ")" + std::string(201, 'x') + "\""),
                "/rules/0/description:out_of_range"},
        BadCase{"duplicate_id", Rules("{" + kBase + "}, {" + kBase + "}"), "/rules/1/id:duplicate"}),
    [](const ::testing::TestParamInfo<BadCase>& param_info) { return std::string(param_info.param.name); });

TEST(ParseEntryRules, ReportsEveryBadNodeNotJustTheFirst) {
  const auto parsed = ParseEntryRules(Rules(
      R"({"id": "a", "field": "nowhere", "check": "required", "on_violation": "reject"},
         {"id": "b", "field": "customer_ref", "check": "required", "on_violation": "maybe"},
         {"id": "c", "field": "customer_ref", "check": "max_length", "max": -1, "on_violation": "reject"})"));
  ASSERT_FALSE(parsed.has_value());
  EXPECT_THAT(Problems(parsed.error()),
              IsSupersetOf({"/rules/0/field:enum", "/rules/1/on_violation:enum", "/rules/2/max:out_of_range"}));
}

TEST(ParseEntryRules, TooManyRulesIsOneError) {
  std::string items;
  for (std::size_t rule_idx = 0; rule_idx <= kMaxEntryRules; ++rule_idx) {
    if (rule_idx > 0) items += ",";
    items += R"({"id": "r)" + std::to_string(rule_idx) + R"(", "field": "customer_ref", "check": "required", "on_violation": "reject"})";
  }
  const auto parsed = ParseEntryRules(Rules(items));
  ASSERT_FALSE(parsed.has_value());
  EXPECT_THAT(Problems(parsed.error()), ::testing::ElementsAre("/rules:too_many"));
}

TEST(DefaultEntryRules, RejectWhatCannotShipAndHoldWhatAPersonCanFix) {
  const EntryRuleSet& defaults = DefaultEntryRules();
  EXPECT_EQ(defaults.version, 0);
  std::vector<std::string> summary;
  for (const EntryRule& rule : defaults.rules) {
    summary.push_back(std::string(RuleFieldName(rule.field)) + " " + std::string(RuleCheckName(rule.check)) + " → " +
                      std::string(RuleActionName(rule.action)));
  }
  EXPECT_THAT(summary, ::testing::ElementsAre("shipping_address.name required → reject",
                                              "shipping_address.province required → reject",
                                              "shipping_address.city required → reject",
                                              "shipping_address.street required → reject",
                                              "shipping_address.phone required → quarantine",
                                              "shipping_address.phone phone_valid → quarantine",
                                              "shipping_address address_resolved → quarantine"));
}

TEST(CheckApplies, EveryCheckJudgesOnlyItsKindOfField) {
  // Rows: fields; columns: checks in RuleCheck order. 1 = applies.
  const std::vector<std::pair<RuleField, std::string>> table = {
      {RuleField::kAddress, "0000001100"},  {RuleField::kName, "1111000000"},
      {RuleField::kPhone, "1111110000"},    {RuleField::kProvince, "1111000000"},
      {RuleField::kPostcode, "1111000000"}, {RuleField::kLineSku, "1111000000"},
      {RuleField::kLineQty, "0000000011"},  {RuleField::kGrandTotal, "0000000011"},
  };
  for (const auto& [field, row] : table) {
    for (int check = 0; check < kRuleCheckCount; ++check) {
      EXPECT_EQ(CheckApplies(static_cast<RuleCheck>(check), field), row[static_cast<std::size_t>(check)] == '1')
          << RuleFieldName(field) << " × " << RuleCheckName(static_cast<RuleCheck>(check));
    }
  }
}

}  // namespace
}  // namespace ordo::quality
