// The per-order data-quality checks (quality/metrics.hpp): a clean order passes every check,
// and each kind of dirt fails exactly the check meant to catch it, with a detail that names the
// problem but never the personal value.
#include "quality/metrics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace ordo::quality {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using order::OrderStatus;

constexpr core::UnixMillis kMinute = 60'000;
constexpr core::UnixMillis kHour = 60 * kMinute;
constexpr core::UnixMillis kDay = 24 * kHour;
constexpr core::UnixMillis kCreated = 1'795'000'000'000;  // 2026-11-19

order::Order CleanOrder() {
  order::Order order;
  order.id = 1;
  order.channel = "tmall";
  order.external_id = "T-1";
  order.status = OrderStatus::kPaid;
  order.customer_ref = "tb_00000001";
  order.currency = "CNY";
  order.created_at = kCreated;
  order.received_at = kCreated + 2 * kMinute;
  order.lines.push_back({"TEA-LJ-250", "西湖龙井 250g", 2, 12800, 0, 25600});
  order.shipping_address = {"张三", "13812345678", "浙江省", "杭州市", "西湖区", "文三路100号", "310012", "CN"};
  order.totals = {25600, 0, 0, 0, 25600};
  return order;
}

order::TimelineEvent Event(std::int64_t seq, core::UnixMillis at, std::string node, std::string data = "{}") {
  order::TimelineEvent event;
  event.order_id = 1;
  event.seq = seq;
  event.at = at;
  event.node = std::move(node);
  event.data_json = std::move(data);
  return event;
}

std::vector<order::TimelineEvent> CreatedAsPaid(const order::Order& order) {
  return {Event(1, order.received_at, "created", R"({"status":"paid"})")};
}

std::vector<CheckOutcome> Evaluate(const order::Order& order, std::span<const order::TimelineEvent> timeline = {},
                                   core::UnixMillis now = kCreated + kHour, bool anonymised = false) {
  std::vector<CheckOutcome> out;
  EvaluateOrder({.order = order, .timeline = timeline, .anonymised = anonymised}, now, MetricsConfig{}, out);
  return out;
}

const CheckOutcome* Find(const std::vector<CheckOutcome>& outcomes, CheckId id) {
  for (const CheckOutcome& outcome : outcomes) {
    if (outcome.id == id) return &outcome;
  }
  return nullptr;
}

// The outcome of `id`, which must have run.
CheckOutcome Outcome(const std::vector<CheckOutcome>& outcomes, CheckId id) {
  const CheckOutcome* found = Find(outcomes, id);
  EXPECT_NE(found, nullptr) << InfoOf(id).name << " did not run";
  return found != nullptr ? *found : CheckOutcome{id, true, "(did not run)"};
}

std::vector<std::string> Failed(const std::vector<CheckOutcome>& outcomes) {
  std::vector<std::string> names;
  for (const CheckOutcome& outcome : outcomes) {
    if (!outcome.passed) names.emplace_back(InfoOf(outcome.id).name);
  }
  return names;
}

TEST(QualityChecks, TableNamesEveryCheckOnceAndCoversEveryDimension) {
  std::set<std::string_view> names;
  std::set<Dimension> dimensions;
  for (const CheckInfo& info : AllChecks()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    dimensions.insert(info.dimension);
    EXPECT_EQ(ParseCheck(info.name), info.id);
    EXPECT_FALSE(info.field.empty());
  }
  EXPECT_EQ(names.size(), kCheckCount);
  EXPECT_EQ(dimensions.size(), kDimensionCount);
  for (Dimension dimension : kAllDimensions) EXPECT_EQ(ParseDimension(DimensionName(dimension)), dimension);
  EXPECT_FALSE(ParseDimension("beauty").has_value());
}

TEST(QualityChecks, CleanOrderPassesEveryCheckButUniquenessWhichNeedsOtherOrders) {
  const order::Order order = CleanOrder();
  const auto timeline = CreatedAsPaid(order);
  const std::vector<CheckOutcome> outcomes = Evaluate(order, timeline);
  EXPECT_THAT(Failed(outcomes), ::testing::IsEmpty());
  std::set<CheckId> ran;
  for (const CheckOutcome& outcome : outcomes) EXPECT_TRUE(ran.insert(outcome.id).second) << InfoOf(outcome.id).name;
  EXPECT_EQ(ran.size(), kCheckCount - 2);
  EXPECT_FALSE(ran.contains(CheckId::kDuplicateOrder));
  EXPECT_FALSE(ran.contains(CheckId::kDuplicateCustomer));
}

TEST(QualityChecks, MissingDistrictFailsCompletenessAndAccuracyOnly) {
  order::Order order = CleanOrder();
  order.shipping_address.district.clear();
  const auto outcomes = Evaluate(order);
  EXPECT_THAT(Failed(outcomes), ::testing::UnorderedElementsAre("district_required", "address_resolved"));
  EXPECT_EQ(Outcome(outcomes, CheckId::kAddressResolved).detail, "district_missing");
  // The district's validity and consistency checks need a district: they do not run.
  EXPECT_EQ(Find(outcomes, CheckId::kDistrictCanonical), nullptr);
  EXPECT_EQ(Find(outcomes, CheckId::kDistrictInCity), nullptr);
}

TEST(QualityChecks, AnonymisedOrderIsNotFaultedForItsRemovedPersonalData) {
  order::Order order = CleanOrder();
  order.shipping_address.name.clear();
  order.shipping_address.phone.clear();
  order.shipping_address.street.clear();
  const auto outcomes = Evaluate(order, {}, kCreated + kHour, /*anonymised=*/true);
  EXPECT_THAT(Failed(outcomes), ::testing::IsEmpty());
  EXPECT_EQ(Find(outcomes, CheckId::kPhoneRequired), nullptr);
  EXPECT_EQ(Find(outcomes, CheckId::kPhoneValid), nullptr);
}

struct PhoneCase {
  std::string raw;
  bool valid;
  bool normalised;
  std::string detail_part;  // of the failing check's detail
};

TEST(QualityChecks, PhonesAreValidWhenTheyParseAndNormalisedOnlyInTheirStoredForm) {
  const std::vector<PhoneCase> cases = {
      {"13812345678", true, true, ""},
      {"+8613812345678", true, true, ""},
      {"138 1234 5678", true, false, "spaces"},
      {"(+86)138-1234-5678", true, false, "brackets"},
      {"+86 13812345678", true, false, "country_prefix"},
      {"0086-13812345678", true, false, "country_prefix"},
      {"86" "13812345678", true, false, "country_prefix"},
      {"\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x98\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x96"
       "\xEF\xBC\x97\xEF\xBC\x98",
       true, false, "full_width"},
      {"057188888888", true, true, ""},
      {"1381234567", false, false, "too_short"},
      {"12012345678", false, false, "unassigned_mobile_range"},
  };
  for (const PhoneCase& phone : cases) {
    SCOPED_TRACE(phone.raw);
    order::Order order = CleanOrder();
    order.shipping_address.phone = phone.raw;
    const auto outcomes = Evaluate(order);
    const CheckOutcome valid = Outcome(outcomes, CheckId::kPhoneValid);
    EXPECT_EQ(valid.passed, phone.valid);
    if (!phone.valid) {
      EXPECT_THAT(valid.detail, HasSubstr(phone.detail_part));
      EXPECT_EQ(Find(outcomes, CheckId::kPhoneNormalised), nullptr);  // only valid numbers are judged
      EXPECT_FALSE(Outcome(outcomes, CheckId::kPhoneReachable).passed);
      continue;
    }
    const CheckOutcome normalised = Outcome(outcomes, CheckId::kPhoneNormalised);
    EXPECT_EQ(normalised.passed, phone.normalised);
    if (!phone.normalised) {
      EXPECT_THAT(normalised.detail, HasSubstr(phone.detail_part));
      EXPECT_THAT(normalised.detail, Not(HasSubstr("1234")));  // shape words, never digits
    }
  }
}

TEST(QualityChecks, VirtualOperatorNumbersAndPrivacyRelaysAreValidButNotReachable) {
  for (const std::string raw : {"17012345678", "13812345678-1234"}) {
    SCOPED_TRACE(raw);
    order::Order order = CleanOrder();
    order.shipping_address.phone = raw;
    const auto outcomes = Evaluate(order);
    EXPECT_TRUE(Outcome(outcomes, CheckId::kPhoneValid).passed);
    const CheckOutcome reachable = Outcome(outcomes, CheckId::kPhoneReachable);
    EXPECT_FALSE(reachable.passed);
    EXPECT_THAT(reachable.detail, HasSubstr("virtual"));
  }
}

TEST(QualityChecks, ShortProvinceNameIsValidityNotConsistency) {
  order::Order order = CleanOrder();
  order.shipping_address.province = "浙江";
  const auto outcomes = Evaluate(order);
  EXPECT_THAT(Failed(outcomes), ::testing::ElementsAre("province_canonical"));
  EXPECT_EQ(Outcome(outcomes, CheckId::kProvinceCanonical).detail, "short_name");
}

TEST(QualityChecks, CityFromAnotherProvinceFailsConsistency) {
  order::Order order = CleanOrder();
  order.shipping_address.city = "南京市";  // 浙江省 南京市 西湖区
  const auto outcomes = Evaluate(order);
  EXPECT_FALSE(Outcome(outcomes, CheckId::kCityInProvince).passed);
  EXPECT_EQ(Outcome(outcomes, CheckId::kCityInProvince).detail, "city_not_in_province");
  EXPECT_FALSE(Outcome(outcomes, CheckId::kDistrictInCity).passed);  // no 西湖区 in 南京
  EXPECT_FALSE(Outcome(outcomes, CheckId::kAddressResolved).passed);
  EXPECT_EQ(Find(outcomes, CheckId::kCityCanonical), nullptr);  // not a second fault in validity
}

TEST(QualityChecks, DistrictOfAnotherCityFailsEvenWhenItsNameIsAmbiguous) {
  order::Order order = CleanOrder();
  order.shipping_address.district = "鼓楼区";  // 南京, 福州, 徐州, 开封 — not 杭州
  EXPECT_FALSE(Outcome(Evaluate(order), CheckId::kDistrictInCity).passed);
}

TEST(QualityChecks, ARoadNamedLikeADistrictElsewhereIsNotAContradiction) {
  order::Order order = CleanOrder();
  order.shipping_address = {"张三", "13812345678", "湖北省", "武汉市", "江汉区", "解放大道1号", "430015", "CN"};
  EXPECT_THAT(Failed(Evaluate(order)), ::testing::IsEmpty());  // 解放区 is in 焦作, 解放大道 in 武汉
}

TEST(QualityChecks, ADistrictWrittenInTheStreetLineStillResolves) {
  order::Order order = CleanOrder();
  order.shipping_address.district.clear();
  order.shipping_address.street = "西湖区文三路100号";
  EXPECT_THAT(Failed(Evaluate(order)), ::testing::ElementsAre("district_required"));
}

TEST(QualityChecks, AnUnknownDistrictNameIsAccuracysNotConsistencys) {
  order::Order order = CleanOrder();
  order.shipping_address.district = "不存在区";
  const auto outcomes = Evaluate(order);
  EXPECT_EQ(Find(outcomes, CheckId::kDistrictInCity), nullptr);
  EXPECT_FALSE(Outcome(outcomes, CheckId::kAddressResolved).passed);
}

TEST(QualityChecks, TotalsThatDoNotAddUpNameBothFigures) {
  order::Order order = CleanOrder();
  order.totals.grand_total += 800;  // shipping counted twice
  const CheckOutcome totals = Outcome(Evaluate(order), CheckId::kTotalsAddUp);
  EXPECT_FALSE(totals.passed);
  EXPECT_THAT(totals.detail, HasSubstr("25600"));
  EXPECT_THAT(totals.detail, HasSubstr("26400"));

  order = CleanOrder();
  order.totals.items = 25700;
  EXPECT_THAT(Outcome(Evaluate(order), CheckId::kTotalsAddUp).detail, HasSubstr("items 25700"));

  order = CleanOrder();
  order.lines[0].line_total = 25000;
  order.totals = {25000, 0, 0, 0, 25000};
  const auto outcomes = Evaluate(order);
  EXPECT_TRUE(Outcome(outcomes, CheckId::kTotalsAddUp).passed);
  EXPECT_FALSE(Outcome(outcomes, CheckId::kLineTotalsAddUp).passed);
  EXPECT_THAT(Outcome(outcomes, CheckId::kLineTotalsAddUp).detail, HasSubstr("lines/0"));
}

TEST(QualityChecks, AmountsAndCurrencyOutOfFormat) {
  order::Order order = CleanOrder();
  order.currency = "RMB";
  order.lines[0].qty = 0;
  const auto outcomes = Evaluate(order);
  EXPECT_EQ(Outcome(outcomes, CheckId::kCurrencyCode).detail, "not_iso_4217");
  EXPECT_EQ(Outcome(outcomes, CheckId::kAmountsInRange).detail, "out_of_range: lines/0/qty");
  order = CleanOrder();
  order.shipping_address.postcode = "31001";
  EXPECT_FALSE(Outcome(Evaluate(order), CheckId::kPostcodeFormat).passed);
}

TEST(QualityChecks, StatusSequenceReplaysTheTimelineThroughTheStateMachine) {
  const order::Order paid = CleanOrder();
  const core::UnixMillis at = paid.received_at;
  struct Case {
    std::string name;
    std::vector<order::TimelineEvent> timeline;
    OrderStatus status;
    bool passes;
    std::string detail_part;
  };
  const std::vector<Case> cases = {
      {"legal", {Event(1, at, "created", R"({"status":"paid"})"), Event(2, at + 1, "allocated"),
                 Event(3, at + 2, "on_hold"), Event(4, at + 3, "allocated")},
       OrderStatus::kAllocated, true, ""},
      {"skips allocation", {Event(1, at, "created", R"({"status":"paid"})"), Event(2, at + 1, "shipped")},
       OrderStatus::kShipped, false, "illegal paid→shipped"},
      {"channel went backwards",
       {Event(1, at, "created", R"({"status":"paid"})"), Event(2, at + 1, "updated", R"({"status_not_applied":"pending_payment"})")},
       OrderStatus::kPaid, false, "channel_status_not_applied"},
      {"timeline and order disagree", {Event(1, at, "created", R"({"status":"paid"})")}, OrderStatus::kAllocated,
       false, "timeline ends in paid"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.name);
    order::Order order = paid;
    order.status = test.status;
    const CheckOutcome sequence = Outcome(Evaluate(order, test.timeline), CheckId::kStatusSequence);
    EXPECT_EQ(sequence.passed, test.passes);
    EXPECT_THAT(sequence.detail, HasSubstr(test.detail_part));
  }
}

TEST(QualityChecks, LateReceiptAndStaleStatusesAreTimelinessFailures) {
  order::Order order = CleanOrder();
  order.received_at = order.created_at + 26 * kHour;
  const CheckOutcome lag = Outcome(Evaluate(order), CheckId::kReceiptLag);
  EXPECT_FALSE(lag.passed);
  EXPECT_THAT(lag.detail, HasSubstr("lag 26.0 h"));

  order = CleanOrder();
  order.created_at = order.received_at + kHour;  // the channel's clock is an hour ahead
  EXPECT_THAT(Outcome(Evaluate(order), CheckId::kReceiptLag).detail, HasSubstr("after receipt"));

  order = CleanOrder();
  const auto timeline = CreatedAsPaid(order);
  const CheckOutcome stale = Outcome(Evaluate(order, timeline, order.received_at + 3 * kDay), CheckId::kStatusAge);
  EXPECT_FALSE(stale.passed);
  EXPECT_THAT(stale.detail, HasSubstr("paid for 72.0 h (limit 48.0 h)"));

  order.status = OrderStatus::kCompleted;  // terminal: never stale
  EXPECT_EQ(Find(Evaluate(order, {}, order.received_at + 300 * kDay), CheckId::kStatusAge), nullptr);
  EXPECT_EQ(StatusAgeLimit(OrderStatus::kCancelled), 0);
  EXPECT_GT(StatusAgeLimit(OrderStatus::kDelivered), 7 * kDay);  // the auto-confirmation window
}

TEST(QualityChecks, DuplicateOrderAcrossChannelsWithinTheWindowFailsTheLaterOne) {
  DuplicateTracker tracker{MetricsConfig{}};
  std::vector<CheckOutcome> out;
  order::Order first = CleanOrder();
  tracker.Evaluate(first, out);
  order::Order copy = CleanOrder();
  copy.id = 2;
  copy.channel = "jd";
  copy.customer_ref = "jd_00000001";
  copy.created_at += 10 * kMinute;
  copy.shipping_address.phone = "+86 138 1234 5678";  // the same number, typed otherwise
  out.clear();
  tracker.Evaluate(copy, out);
  const CheckOutcome duplicate = Outcome(out, CheckId::kDuplicateOrder);
  EXPECT_FALSE(duplicate.passed);
  EXPECT_THAT(duplicate.detail, HasSubstr("order 1"));
  EXPECT_TRUE(Outcome(out, CheckId::kDuplicateCustomer).passed);  // refs are per channel

  // Far apart in time is not a duplicate.
  order::Order later = copy;
  later.id = 4;
  later.channel = "douyin";
  later.customer_ref = "dy_00000001";
  later.created_at += 2 * kDay;
  out.clear();
  tracker.Evaluate(later, out);
  EXPECT_TRUE(Outcome(out, CheckId::kDuplicateOrder).passed);
}

TEST(QualityChecks, TheSameOrderTwiceOnOneChannelIsTwoRealOrders) {
  DuplicateTracker tracker{MetricsConfig{}};
  std::vector<CheckOutcome> out;
  tracker.Evaluate(CleanOrder(), out);
  order::Order again = CleanOrder();
  again.id = 2;
  again.external_id = "T-2";
  again.created_at += 10 * kMinute;
  out.clear();
  tracker.Evaluate(again, out);
  EXPECT_TRUE(Outcome(out, CheckId::kDuplicateOrder).passed);
}

TEST(QualityChecks, OnePhoneUnderTwoCustomerRefsOfOneChannelIsADuplicateCustomer) {
  DuplicateTracker tracker{MetricsConfig{}};
  std::vector<CheckOutcome> out;
  tracker.Evaluate(CleanOrder(), out);
  order::Order other = CleanOrder();
  other.id = 2;
  other.external_id = "T-2";
  other.customer_ref = "tb_00000099";
  other.lines[0].qty = 1;
  other.lines[0].line_total = 12800;
  other.totals = {12800, 0, 0, 0, 12800};
  out.clear();
  tracker.Evaluate(other, out);
  EXPECT_TRUE(Outcome(out, CheckId::kDuplicateOrder).passed);
  EXPECT_FALSE(Outcome(out, CheckId::kDuplicateCustomer).passed);
}

TEST(QualityChecks, FailureDetailsNeverCarryThePersonalValues) {
  order::Order order = CleanOrder();
  order.shipping_address.phone = "138 1234 567";
  order.shipping_address.district.clear();
  order.shipping_address.street = "文三路100号";
  for (const CheckOutcome& outcome : Evaluate(order)) {
    EXPECT_THAT(outcome.detail, Not(HasSubstr("1234")));
    EXPECT_THAT(outcome.detail, Not(HasSubstr("张")));
    EXPECT_THAT(outcome.detail, Not(HasSubstr("文三路")));
  }
}

TEST(QualityChecks, ThresholdArgumentsSetOneDimension) {
  MetricsConfig config;
  ASSERT_TRUE(ApplyThresholdArgument(config, "timeliness=90.5"));
  EXPECT_DOUBLE_EQ(config.Threshold(Dimension::kTimeliness), 90.5);
  EXPECT_DOUBLE_EQ(config.Threshold(Dimension::kValidity), 95);
  EXPECT_FALSE(ApplyThresholdArgument(config, "beauty=90"));
  EXPECT_FALSE(ApplyThresholdArgument(config, "validity=101"));
  EXPECT_FALSE(ApplyThresholdArgument(config, "validity=9x"));
  EXPECT_FALSE(ApplyThresholdArgument(config, "validity"));
}

TEST(QualityChecks, DaysAreBeijingCalendarDays) {
  // 2026-11-27T16:30Z is 00:30 on the 28th in Beijing.
  const core::UnixMillis at = *core::ParseRfc3339("2026-11-27T16:30:00Z");
  EXPECT_EQ(QualityDay(at, 8 * 60), "2026-11-28");
  EXPECT_EQ(QualityDay(at, 0), "2026-11-27");
}

}  // namespace
}  // namespace ordo::quality
