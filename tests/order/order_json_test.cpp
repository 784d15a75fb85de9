#include "order/order_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <rapidjson/document.h>

namespace ordo::order {
namespace {

using ::testing::HasSubstr;

constexpr core::UnixMillis kNow = 1'795'000'000'000;

std::string ValidOrderJson() {
  return R"({
    "channel": "api", "external_id": "A-1001", "currency": "CNY", "status": "paid",
    "customer_ref": "c-77", "buyer_note": "请尽快发货",
    "created_at": "2026-11-20T10:00:00+08:00", "paid_at": "2026-11-20T10:01:00+08:00",
    "lines": [
      {"sku": "TEA-001", "title": "龙井茶 250g", "qty": 2, "unit_price": 12800, "line_total": 25600},
      {"sku": "CUP-002", "title": "玻璃杯", "qty": 1, "unit_price": 3900, "discount": 900, "line_total": 3000}
    ],
    "shipping_address": {"name": "张三", "phone": "13812345678", "province": "浙江省", "city": "杭州市",
                         "district": "西湖区", "street": "文三路 100 号", "postcode": "310000"},
    "payments": [{"method": "alipay", "transaction_id": "T1", "amount": 29600}],
    "totals": {"items": 28600, "shipping": 1000, "discount": 0, "tax": 0, "grand_total": 29600}
  })";
}

// Replaces the first occurrence of `from` in the valid order.
std::string With(const std::string& from, const std::string& to) {
  std::string json = ValidOrderJson();
  const auto pos = json.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  json.replace(pos, from.size(), to);
  return json;
}

std::vector<std::string> Codes(const core::Error& error) {
  std::vector<std::string> out;
  for (const auto& field : error.fields) out.push_back(field.field + ":" + field.code);
  return out;
}

TEST(ParseOrder, ValidOrderReadsEveryField) {
  const auto order = ParseOrder(ValidOrderJson(), {}, kNow);
  ASSERT_TRUE(order.has_value()) << order.error().detail;
  EXPECT_EQ(order->channel, "api");
  EXPECT_EQ(order->status, OrderStatus::kPaid);
  ASSERT_EQ(order->lines.size(), 2u);
  EXPECT_EQ(order->lines[1].discount, 900);
  EXPECT_EQ(order->totals.grand_total, 29600);
  EXPECT_EQ(order->shipping_address.country, "CN");
  EXPECT_EQ(order->created_at, core::ParseRfc3339("2026-11-20T02:00:00Z"));
  EXPECT_EQ(order->received_at, kNow);
}

struct BadCase {
  const char* name;
  std::string body;
  core::ErrorCode code;
  std::string expected_field_code;  // "field:code" that must be among the errors
};

class ParseOrderRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(ParseOrderRejects, WithTheFieldAndRule) {
  const BadCase& bad = GetParam();
  const auto order = ParseOrder(bad.body, {}, kNow);
  ASSERT_FALSE(order.has_value());
  EXPECT_EQ(order.error().code, bad.code);
  if (!bad.expected_field_code.empty()) {
    EXPECT_THAT(Codes(order.error()), ::testing::Contains(bad.expected_field_code));
  }
  // Values never leak into errors.
  for (const auto& field : order.error().fields) {
    EXPECT_THAT(field.message, ::testing::Not(HasSubstr("13812345678")));
    EXPECT_THAT(field.message, ::testing::Not(HasSubstr("张三")));
  }
}

INSTANTIATE_TEST_SUITE_P(
    BadInput, ParseOrderRejects,
    ::testing::Values(
        BadCase{"malformed", "{\"channel\": ", core::ErrorCode::kMalformed, ""},
        BadCase{"trailing_garbage", ValidOrderJson() + "x", core::ErrorCode::kMalformed, ""},
        BadCase{"not_object", "[1,2]", core::ErrorCode::kInvalidArgument, ":type"},
        BadCase{"missing_channel", With(R"("channel": "api", )", ""), core::ErrorCode::kInvalidArgument,
                "channel:required"},
        BadCase{"wrong_type", With(R"("qty": 2)", R"("qty": "2")"), core::ErrorCode::kInvalidArgument,
                "lines/0/qty:type"},
        BadCase{"float_money", With(R"("unit_price": 12800)", R"("unit_price": 128.00)"),
                core::ErrorCode::kInvalidArgument, "lines/0/unit_price:type"},
        BadCase{"zero_qty", With(R"("qty": 2)", R"("qty": 0)"), core::ErrorCode::kInvalidArgument,
                "lines/0/qty:not_positive"},
        BadCase{"negative_qty", With(R"("qty": 2)", R"("qty": -2)"), core::ErrorCode::kInvalidArgument,
                "lines/0/qty:not_positive"},
        BadCase{"unknown_currency", With(R"("currency": "CNY")", R"("currency": "XYZ")"),
                core::ErrorCode::kInvalidArgument, "currency:unknown_currency"},
        BadCase{"grand_total", With(R"("grand_total": 29600)", R"("grand_total": 29601)"),
                core::ErrorCode::kInvalidArgument, "totals/grand_total:grand_total_mismatch"},
        BadCase{"items_sum", With(R"("items": 28600)", R"("items": 28000)"), core::ErrorCode::kInvalidArgument,
                "totals/items:items_mismatch"},
        BadCase{"line_total", With(R"("line_total": 25600)", R"("line_total": 25000)"),
                core::ErrorCode::kInvalidArgument, "lines/0/line_total:line_total_mismatch"},
        BadCase{"unknown_field", With(R"("channel": "api",)", R"("channel": "api", "colour": "red",)"),
                core::ErrorCode::kInvalidArgument, "colour:unknown_field"},
        BadCase{"no_lines", With(R"("lines": [)", R"("lines": [], "x": [)"), core::ErrorCode::kInvalidArgument,
                "lines:required"},
        BadCase{"bad_status", With(R"("status": "paid")", R"("status": "teleported")"),
                core::ErrorCode::kInvalidArgument, "status:enum"},
        BadCase{"bad_time", With(R"("2026-11-20T10:00:00+08:00")", R"("20/11/2026")"),
                core::ErrorCode::kInvalidArgument, "created_at:format"},
        BadCase{"huge_qty", With(R"("qty": 2)", R"("qty": 99999999999999999999)"),
                core::ErrorCode::kInvalidArgument, "lines/0/qty:type"},
        BadCase{"invalid_utf8", std::string("{\"channel\": \"a\xff\"}"), core::ErrorCode::kMalformed, ""},
        BadCase{"lone_surrogate_escape", With(R"("文三路 100 号")", R"("\udc00")"), core::ErrorCode::kInvalidArgument,
                "shipping_address/street:encoding"},
        BadCase{"nul_byte", With(R"("A-1001")", std::string("\"A-1\0\"", 6)), core::ErrorCode::kMalformed, ""}),
    [](const ::testing::TestParamInfo<BadCase>& param_info) { return std::string(param_info.param.name); });

TEST(ParseOrder, ReportsEveryViolationNotJustTheFirst) {
  std::string json = With(R"("qty": 2)", R"("qty": 0)");
  json.replace(json.find(R"("currency": "CNY")"), 17, R"("currency": "ABC")");
  const auto order = ParseOrder(json, {}, kNow);
  ASSERT_FALSE(order.has_value());
  EXPECT_THAT(Codes(order.error()), ::testing::IsSupersetOf({"lines/0/qty:not_positive", "currency:unknown_currency"}));
}

TEST(ParseOrder, LenientModeIgnoresUnknownFields) {
  const auto json = With(R"("channel": "api",)", R"("channel": "api", "colour": "red",)");
  EXPECT_TRUE(ParseOrder(json, ParseOptions{.strict = false}, kNow).has_value());
}

TEST(WriteOrder, MaskedViewHidesPersonalData) {
  const auto order = ParseOrder(ValidOrderJson(), {}, kNow);
  ASSERT_TRUE(order.has_value());
  const std::string json = OrderToJson(*order, PiiView::kMasked);
  EXPECT_THAT(json, HasSubstr("138****5678"));
  EXPECT_THAT(json, HasSubstr("张*"));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("13812345678")));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("文三路")));
}

TEST(StorageJson, RoundTripKeepsEverything) {
  auto order = ParseOrder(ValidOrderJson(), {}, kNow);
  ASSERT_TRUE(order.has_value());
  order->id = 99;
  order->version = 4;
  order->status = OrderStatus::kOnHold;
  order->held_from = OrderStatus::kPaid;
  order->hold_reason = "data_review";
  const auto back = OrderFromStorageJson(OrderToStorageJson(*order));
  ASSERT_TRUE(back.has_value()) << back.error().detail;
  EXPECT_EQ(back->id, 99);
  EXPECT_EQ(back->version, 4);
  EXPECT_EQ(back->held_from, OrderStatus::kPaid);
  EXPECT_EQ(back->hold_reason, "data_review");
  EXPECT_EQ(back->lines, order->lines);
  EXPECT_EQ(back->shipping_address, order->shipping_address);
  EXPECT_EQ(back->totals, order->totals);
  EXPECT_EQ(back->received_at, order->received_at);
  EXPECT_EQ(ContentFingerprint(*back), ContentFingerprint(*order));
}

// A channel adapter may hand the store totals that disagree; the store must still read back what
// it wrote (the disagreement is a data-quality finding, not an unreadable row).
TEST(StorageJson, StoredTotalsThatDoNotAddUpStillRead) {
  auto order = ParseOrder(ValidOrderJson(), {}, kNow);
  ASSERT_TRUE(order.has_value());
  order->totals.grand_total += 800;
  order->totals.items += 1;
  const auto back = OrderFromStorageJson(OrderToStorageJson(*order));
  ASSERT_TRUE(back.has_value()) << back.error().detail;
  EXPECT_EQ(back->totals, order->totals);
  // The API's parse still refuses them.
  EXPECT_FALSE(ParseOrder(With("\"grand_total\": 29600", "\"grand_total\": 30400"), {}, kNow).has_value());
}

TEST(ContentFingerprint, ChangesWithContentNotWithServerFields) {
  auto order = ParseOrder(ValidOrderJson(), {}, kNow);
  ASSERT_TRUE(order.has_value());
  const auto base = ContentFingerprint(*order);
  Order same = *order;
  same.id = 5;
  same.version = 9;
  same.updated_at += 1000;
  EXPECT_EQ(ContentFingerprint(same), base);
  Order changed = *order;
  changed.lines[0].qty = 3;
  EXPECT_NE(ContentFingerprint(changed), base);
}

}  // namespace
}  // namespace ordo::order

namespace ordo::order {
namespace {

TEST(ParseOrder, PickupLocationIsReadKeptAndOnlyFingerprintedWhenSet) {
  auto without = ParseOrder(ValidOrderJson(), {}, kNow);
  ASSERT_TRUE(without.has_value());
  EXPECT_EQ(without->pickup_location_id, "");
  auto with = ParseOrder(With(R"("currency": "CNY")", R"("currency": "CNY", "pickup_location_id": "ST-SH-01")"), {}, kNow);
  ASSERT_TRUE(with.has_value()) << with.error().detail;
  EXPECT_EQ(with->pickup_location_id, "ST-SH-01");
  EXPECT_NE(ContentFingerprint(*with), ContentFingerprint(*without));
  auto stored = OrderFromStorageJson(OrderToStorageJson(*with));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->pickup_location_id, "ST-SH-01");
  // An order stored before pickup existed keeps its fingerprint.
  std::string legacy = OrderToStorageJson(*without);
  EXPECT_EQ(legacy.find("pickup_location_id"), std::string::npos);
  const auto bad = ParseOrder(With(R"("currency": "CNY")", R"("currency": "CNY", "pickup_location_id": "ST 01")"), {}, kNow);
  ASSERT_FALSE(bad.has_value());
  EXPECT_THAT(Codes(bad.error()), ::testing::Contains("pickup_location_id:format"));
}

}  // namespace
}  // namespace ordo::order
