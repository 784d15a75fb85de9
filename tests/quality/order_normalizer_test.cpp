#include "quality/order_normalizer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ordo::quality {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

order::Order CleanOrder() {
  order::Order order;
  order.channel = "tmall";
  order.external_id = "T-1";
  order.currency = "CNY";
  order.lines = {{.sku = "SKU-1", .title = "保温杯", .qty = 2, .unit_price = 1999, .discount = 0, .line_total = 3998}};
  order.shipping_address = {.name = "张三", .phone = "13812345678", .province = "浙江省", .city = "杭州市",
                            .district = "西湖区", .street = "文三路 100 号", .postcode = "310000", .country = "CN"};
  order.totals = {.items = 3998, .shipping = 0, .discount = 0, .tax = 0, .grand_total = 3998};
  return order;
}

EntryRuleSet RulesFrom(const std::string& items) {
  auto parsed = ParseEntryRules(R"({"rules": [)" + items + "]}");
  EXPECT_TRUE(parsed.has_value());
  return parsed ? std::move(parsed).value() : EntryRuleSet{};
}

// "rule@field:code/action(reason)" of every violation.
std::vector<std::string> Violations(const EntryVerdict& verdict) {
  std::vector<std::string> out;
  for (const RuleViolation& violation : verdict.violations) {
    std::string text = violation.rule_id + "@" + violation.field + ":" + std::string(RuleCheckName(violation.check)) +
                       "/" + std::string(RuleActionName(violation.action));
    if (!violation.reason.empty()) text += "(" + std::string(violation.reason) + ")";
    out.push_back(text);
  }
  return out;
}

std::string OriginalOf(const order::Order& order, std::string_view field) {
  for (const order::OriginalField& original : order.original_fields) {
    if (original.field == field) return original.value;
  }
  return "(unchanged)";
}

TEST(NormalizeOrder, ACleanOrderIsAcceptedUnchanged) {
  order::Order order = CleanOrder();
  const EntryVerdict verdict = NormalizeOrder(order, DefaultEntryRules());
  EXPECT_EQ(verdict.decision, EntryDecision::kAccept);
  EXPECT_THAT(verdict.violations, IsEmpty());
  EXPECT_THAT(order.original_fields, IsEmpty());
  ASSERT_TRUE(order.address_confidence.has_value());
  EXPECT_DOUBLE_EQ(*order.address_confidence, 1.0);
}

TEST(NormalizeOrder, DirtyPhoneIsStoredCanonicalAndTheOriginalKept) {
  for (const std::string raw : {"＋86 138-1234-5678", "+86 138 1234 5678", "１３８１２３４５６７８", "0086-13812345678"}) {
    order::Order order = CleanOrder();
    order.shipping_address.phone = raw;
    const EntryVerdict verdict = NormalizeOrder(order, DefaultEntryRules());
    EXPECT_EQ(verdict.decision, EntryDecision::kAccept) << raw;
    EXPECT_EQ(order.shipping_address.phone, "13812345678") << raw;
    EXPECT_EQ(OriginalOf(order, "shipping_address.phone"), raw);
  }
}

struct PhoneForm {
  std::string raw;
  std::string country;
  std::string stored;
};

TEST(CanonicalPhone, OneStorageFormPerNumberThatReadsBackToItself) {
  const std::vector<PhoneForm> table = {
      {"13812345678", "CN", "13812345678"},
      {"(0571) 8888 8888 转 123", "CN", "057188888888-123"},
      {"010-12345678", "CN", "01012345678"},
      {"17012345678-1234", "CN", "17012345678-1234"},  // a privacy relay keeps its extension
      {"400 123 4567", "CN", "4001234567"},
      {"+1 415 555 2671", "CN", "+14155552671"},      // foreign: E.164
      {"(415) 555-2671", "US", "+14155552671"},       // the address's country is the default region
      {"+852 9123 4567", "CN", "+85291234567"},
  };
  for (const PhoneForm& form : table) {
    const NormalizedPhone phone = NormalizePhone(form.raw, form.country);
    ASSERT_TRUE(phone.valid) << form.raw;
    EXPECT_EQ(CanonicalPhone(phone), form.stored) << form.raw;
    EXPECT_EQ(CanonicalPhone(NormalizePhone(form.stored, form.country)), form.stored) << form.raw;
  }
  EXPECT_EQ(CanonicalPhone(NormalizePhone("12012345678")), "");
}

TEST(NormalizeOrder, AnInvalidPhoneIsLeftAsSentAndQuarantined) {
  order::Order order = CleanOrder();
  order.shipping_address.phone = "12012345678";
  const EntryVerdict verdict = NormalizeOrder(order, DefaultEntryRules());
  EXPECT_EQ(verdict.decision, EntryDecision::kQuarantine);
  EXPECT_THAT(Violations(verdict),
              ElementsAre("phone-valid@shipping_address/phone:phone_valid/quarantine(unassigned_mobile_range)"));
  EXPECT_EQ(order.shipping_address.phone, "12012345678");
  EXPECT_THAT(order.original_fields, IsEmpty());
}

TEST(NormalizeOrder, ShortAndPartialAddressesGetTheirFullNames) {
  order::Order order = CleanOrder();
  order.shipping_address.province = "浙江";
  order.shipping_address.city = "杭州";
  order.shipping_address.district = "";
  order.shipping_address.street = "西湖区文三路100号";
  const EntryVerdict verdict = NormalizeOrder(order, DefaultEntryRules());
  EXPECT_EQ(verdict.decision, EntryDecision::kAccept);
  EXPECT_EQ(order.shipping_address.province, "浙江省");
  EXPECT_EQ(order.shipping_address.city, "杭州市");
  EXPECT_EQ(order.shipping_address.district, "西湖区");
  EXPECT_EQ(order.shipping_address.street, "文三路100号");
  EXPECT_EQ(OriginalOf(order, "shipping_address.province"), "浙江");
  EXPECT_EQ(OriginalOf(order, "shipping_address.city"), "杭州");
  EXPECT_EQ(OriginalOf(order, "shipping_address.district"), "");
  EXPECT_EQ(OriginalOf(order, "shipping_address.street"), "西湖区文三路100号");
  EXPECT_LT(*order.address_confidence, 1.0);
}

TEST(NormalizeOrder, AContradictionIsQuarantinedAndNothingIsRewritten) {
  order::Order order = CleanOrder();
  order.shipping_address.province = "广东省";  // 杭州市 西湖区 is in 浙江省
  const EntryVerdict verdict = NormalizeOrder(order, DefaultEntryRules());
  EXPECT_EQ(verdict.decision, EntryDecision::kQuarantine);
  EXPECT_THAT(Violations(verdict),
              ElementsAre("address-resolved@shipping_address:address_resolved/quarantine(contradiction)"));
  EXPECT_EQ(order.shipping_address.province, "广东省");
  EXPECT_THAT(order.original_fields, IsEmpty());
}

TEST(NormalizeOrder, AnAmbiguousDistrictIsQuarantined) {
  order::Order order = CleanOrder();
  order.shipping_address.province = "";
  order.shipping_address.city = "";
  order.shipping_address.district = "朝阳区";  // 北京 and 长春
  const EntryVerdict verdict = NormalizeOrder(order, DefaultEntryRules());
  EXPECT_EQ(verdict.decision, EntryDecision::kReject);  // and province/city are missing
  EXPECT_THAT(Violations(verdict),
              ElementsAre("province-required@shipping_address/province:required/reject",
                          "city-required@shipping_address/city:required/reject",
                          "address-resolved@shipping_address:address_resolved/quarantine(ambiguous_district)"));
}

TEST(NormalizeOrder, ACityAloneIsNotResolvedButItsTownIs) {
  order::Order order = CleanOrder();
  order.shipping_address.province = "广东省";
  order.shipping_address.city = "东莞市";
  order.shipping_address.district = "";
  order.shipping_address.street = "鸿福路 1 号";
  EXPECT_THAT(Violations(NormalizeOrder(order, DefaultEntryRules())),
              ElementsAre("address-resolved@shipping_address:address_resolved/quarantine(district_missing)"));
  order.shipping_address.district = "南城街道";  // 东莞 has towns where other cities have districts
  EXPECT_EQ(NormalizeOrder(order, DefaultEntryRules()).decision, EntryDecision::kAccept);
}

TEST(NormalizeOrder, MissingProvinceAndPhoneListEveryViolatedRule) {
  order::Order order = CleanOrder();
  order.shipping_address.province = "";
  order.shipping_address.city = "";
  order.shipping_address.district = "";
  order.shipping_address.phone = "  ";
  const EntryVerdict verdict = NormalizeOrder(order, DefaultEntryRules());
  EXPECT_EQ(verdict.decision, EntryDecision::kReject);
  EXPECT_THAT(Violations(verdict),
              ElementsAre("province-required@shipping_address/province:required/reject",
                          "city-required@shipping_address/city:required/reject",
                          "phone-required@shipping_address/phone:required/quarantine",
                          "address-resolved@shipping_address:address_resolved/quarantine(not_found)"));
  const std::vector<core::FieldError> errors = ViolationErrors(verdict, "orders/3/");
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].field, "orders/3/shipping_address/province");
  EXPECT_EQ(errors[0].code, "required");
  EXPECT_EQ(errors[0].rule, "province-required");
  EXPECT_EQ(errors[0].action, "reject");
  EXPECT_EQ(errors[2].action, "quarantine");
}

TEST(NormalizeOrder, RulesApplyOnlyToTheirChannel) {
  const EntryRuleSet rules = RulesFrom(
      R"({"id": "jd-mobile", "channel": "jd", "field": "shipping_address.phone", "check": "phone_mobile", "on_violation": "reject"})");
  order::Order order = CleanOrder();
  order.shipping_address.phone = "0571-88888888";
  EXPECT_EQ(NormalizeOrder(order, rules).decision, EntryDecision::kAccept);  // tmall
  order = CleanOrder();
  order.channel = "jd";
  order.shipping_address.phone = "0571-88888888";
  const EntryVerdict verdict = NormalizeOrder(order, rules);
  EXPECT_EQ(verdict.decision, EntryDecision::kReject);
  EXPECT_THAT(Violations(verdict), ElementsAre("jd-mobile@shipping_address/phone:phone_mobile/reject(not_mobile)"));
  EXPECT_EQ(order.shipping_address.phone, "057188888888");  // normalised all the same
}

TEST(NormalizeOrder, LineRulesNameTheLine) {
  const EntryRuleSet rules = RulesFrom(
      R"({"id": "sku-prefix", "field": "lines[*].sku", "check": "prefix", "prefixes": ["SKU-"], "on_violation": "reject"},
         {"id": "qty-cap", "field": "lines[*].qty", "check": "max_value", "max": 10, "on_violation": "quarantine"})");
  order::Order order = CleanOrder();
  order.lines.push_back({.sku = "gift-1", .title = "赠品", .qty = 12, .unit_price = 0, .discount = 0, .line_total = 0});
  const EntryVerdict verdict = NormalizeOrder(order, rules);
  EXPECT_EQ(verdict.decision, EntryDecision::kReject);
  EXPECT_THAT(Violations(verdict), ElementsAre("sku-prefix@lines/1/sku:prefix/reject", "qty-cap@lines/1/qty:max_value/quarantine"));
}

TEST(NormalizeOrder, FormatChecksLeaveEmptyValuesToRequired) {
  const EntryRuleSet rules = RulesFrom(
      R"({"id": "postcode-digits", "field": "shipping_address.postcode", "check": "charset", "charset": "digits", "on_violation": "reject"},
         {"id": "ref-length", "field": "customer_ref", "check": "max_length", "max": 4, "on_violation": "quarantine"},
         {"id": "confident", "field": "shipping_address", "check": "address_confidence_min", "min": 0.99, "on_violation": "quarantine"})");
  order::Order order = CleanOrder();
  order.shipping_address.postcode = "";
  order.customer_ref = "客户一二三";  // five characters, fifteen bytes
  order.shipping_address.province = "浙江";  // short name: confidence 0.95
  const EntryVerdict verdict = NormalizeOrder(order, rules);
  EXPECT_THAT(Violations(verdict), ElementsAre("ref-length@customer_ref:max_length/quarantine",
                                               "confident@shipping_address:address_confidence_min/quarantine(low_confidence)"));
  EXPECT_EQ(verdict.decision, EntryDecision::kQuarantine);
}

TEST(NormalizeOrder, AddressesAbroadAreNotParsedNorJudgedAsChinese) {
  order::Order order = CleanOrder();
  order.shipping_address = {.name = " Jane Doe ", .phone = "(415) 555-2671", .province = "CA", .city = "San Francisco",
                            .district = "", .street = "1 Market St", .postcode = "94105", .country = "US"};
  const EntryVerdict verdict = NormalizeOrder(order, DefaultEntryRules());
  EXPECT_EQ(verdict.decision, EntryDecision::kAccept);
  EXPECT_FALSE(order.address_confidence.has_value());
  EXPECT_EQ(order.shipping_address.phone, "+14155552671");
  EXPECT_EQ(order.shipping_address.name, "Jane Doe");
  EXPECT_EQ(order.shipping_address.province, "CA");
}

TEST(NormalizeOrder, NormalisingTwiceChangesNothingMore) {
  order::Order order = CleanOrder();
  order.shipping_address.phone = "＋86 138-1234-5678";
  order.shipping_address.province = "浙江";
  order.shipping_address.name = "　张三 ";
  (void)NormalizeOrder(order, DefaultEntryRules());
  order::Order again = order;
  again.original_fields.clear();
  (void)NormalizeOrder(again, DefaultEntryRules());
  EXPECT_THAT(again.original_fields, IsEmpty());
  EXPECT_EQ(again.shipping_address, order.shipping_address);
  EXPECT_EQ(order.shipping_address.name, "张三");
}

TEST(QuarantineEventData, NamesTheRulesAndNoValues) {
  order::Order order = CleanOrder();
  order.shipping_address.phone = "12012345678";
  const EntryVerdict verdict = NormalizeOrder(order, DefaultEntryRules());
  EXPECT_EQ(QuarantineEventData(verdict, 4),
            R"({"rule_set_version":4,"violations":[{"rule":"phone-valid","field":"shipping_address/phone",)"
            R"("code":"phone_valid","action":"quarantine","reason":"unassigned_mobile_range"}]})");
  for (const core::FieldError& error : ViolationErrors(verdict)) {
    EXPECT_EQ(error.message.find("12012345678"), std::string::npos);
  }
}

}  // namespace
}  // namespace ordo::quality
