// JD adapter details (tests/fixtures/channels/jd/README.md names the docs).
#include "channels/jd.hpp"

#include <gtest/gtest.h>

#include "channel_test_support.hpp"

namespace ordo::channels {
namespace {

using order::OrderStatus;
using testing::ReadFixture;

constexpr core::UnixMillis kNow = testing::kFixtureNow;

ChannelOrder MapOk(std::string_view file) { return testing::MapFixtureOk(MapJdOrder, file); }

TEST(JdAdapter, SkuCouponsStayOnTheirLineShopCouponsOnTheOrderBalanceIsAPayment) {
  const ChannelOrder mapped = MapOk("jd/order_get_stock_out_coupons_and_balance.json");
  const order::Order& order = mapped.order;
  EXPECT_EQ(order.external_id, "230001234567");
  EXPECT_EQ(order.status, OrderStatus::kPaid);
  ASSERT_EQ(order.lines.size(), 2u);
  EXPECT_EQ(order.lines[0].sku, "TEA-250");
  EXPECT_EQ(order.lines[0].discount, 1000);  // 30-单品促销优惠 names this sku
  EXPECT_EQ(order.lines[0].line_total, 18800);
  EXPECT_EQ(order.totals, (order::Totals{28700, 500, 2000, 0, 27200}));  // 100-店铺优惠 is order-level
  ASSERT_EQ(order.payments.size(), 2u);
  EXPECT_EQ(order.payments[0].method, "jd_online");
  EXPECT_EQ(order.payments[0].amount, 26200);
  EXPECT_EQ(order.payments[1].method, "jd_balance");
  EXPECT_EQ(order.payments[1].amount, 1000);
  EXPECT_EQ(order.created_at, 1717207200000);
  EXPECT_EQ(order.paid_at, 1717207260000);
  EXPECT_EQ(mapped.buyer_id, "bWFza2VkX29wZW5faWRfYnV5ZXI");
  EXPECT_EQ(order.buyer_note, "周末送货");
}

TEST(JdAdapter, MaskedConsigneeFieldsAreNotStored) {
  const ChannelOrder mapped = MapOk("jd/order_get_stock_out_coupons_and_balance.json");
  EXPECT_EQ(mapped.contact_form, ContactForm::kMasked);
  EXPECT_TRUE(mapped.order.shipping_address.phone.empty());
  EXPECT_TRUE(mapped.order.shipping_address.name.empty());
  EXPECT_TRUE(mapped.order.shipping_address.street.empty());
  EXPECT_EQ(mapped.order.shipping_address.province, "北京");
  EXPECT_EQ(mapped.order.shipping_address.city, "朝阳区");
  EXPECT_EQ(mapped.order.shipping_address.district, "三环以内");
}

TEST(JdAdapter, WaybillsSplitIntoParcelsPerCarrier) {
  const ChannelOrder mapped = MapOk("jd/finished_two_carriers_three_parcels.json");
  EXPECT_EQ(mapped.order.status, OrderStatus::kCompleted);
  ASSERT_EQ(mapped.shipments.size(), 3u);
  EXPECT_EQ(mapped.shipments[0], (ChannelShipment{"467", "SF1400000000001", 1717286400000}));
  EXPECT_EQ(mapped.shipments[1], (ChannelShipment{"467", "SF1400000000002", 1717286400000}));
  EXPECT_EQ(mapped.shipments[2], (ChannelShipment{"2087", "JDV000000000003", 1717286400000}));
  EXPECT_EQ(mapped.contact_form, ContactForm::kClear);
  EXPECT_EQ(mapped.order.shipping_address.phone, "13800005678");
  EXPECT_EQ(mapped.order.shipping_address.name, "李四");
}

TEST(JdAdapter, LockedOrdersAreIngestedThenHeld) {
  const ChannelOrder mapped = MapOk("jd/locked_held.json");
  EXPECT_EQ(mapped.order.status, OrderStatus::kPaid);
  EXPECT_FALSE(mapped.hold_reason.empty());
  EXPECT_EQ(mapped.raw_status, "LOCKED");
}

TEST(JdAdapter, CashOnDeliveryHasNoPaymentUntilDeliveredAndGiftsCostNothing) {
  const ChannelOrder mapped = MapOk("jd/cod_shipped_unpaid_with_gift.json");
  EXPECT_EQ(mapped.order.status, OrderStatus::kShipped);
  EXPECT_TRUE(mapped.order.payments.empty());
  EXPECT_FALSE(mapped.order.paid_at.has_value());  // "0001-01-01 00:00:00" means not yet
  ASSERT_EQ(mapped.order.lines.size(), 2u);
  EXPECT_EQ(mapped.order.lines[1].line_total, 0);
  EXPECT_EQ(mapped.order.totals, (order::Totals{9900, 500, 0, 0, 10400}));
  ASSERT_EQ(mapped.shipments.size(), 1u);
  EXPECT_EQ(mapped.shipments[0].carrier, "2087");
}

TEST(JdAdapter, TheSearchListAndTheFixedSpelling) {
  const auto batch = MapJdOrders(ReadFixture("jd/order_search_list.json"), kNow);
  ASSERT_TRUE(batch.has_value());
  ASSERT_EQ(batch->size(), 2u);
  std::string body = ReadFixture("jd/locked_held.json");
  body.replace(body.find("_responce"), 9, "_response");
  EXPECT_TRUE(MapJdOrder(body, kNow).has_value());
  const auto not_a_list = MapJdOrders(R"({"orderId":"1"})", kNow);
  ASSERT_FALSE(not_a_list.has_value());
  EXPECT_EQ(not_a_list.error().fields[0].field, "/jingdong_pop_order_search_responce");
}

TEST(JdAdapter, RefusalsNameTheFieldAndTheRule) {
  const auto result = MapJdOrder(ReadFixture("jd/order_total_price_mismatch.json"), kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().fields[0].field,
            "/jingdong_pop_order_get_responce/orderDetailInfo/orderInfo/orderTotalPrice");
  std::string body = ReadFixture("jd/order_get_stock_out_coupons_and_balance.json");
  body.replace(body.find(R"("itemTotal": "2")"), 16, R"("itemTotal": "two")");
  const auto qty = MapJdOrder(body, kNow);
  ASSERT_FALSE(qty.has_value());
  EXPECT_EQ(qty.error().fields[0].field, "/jingdong_pop_order_get_responce/orderDetailInfo/orderInfo/itemInfoList/0/itemTotal");
  EXPECT_EQ(qty.error().fields[0].code, "integer");
}

}  // namespace
}  // namespace ordo::channels
