// WooCommerce adapter details (tests/fixtures/channels/woocommerce/README.md names the docs).
#include "channels/woocommerce.hpp"

#include <gtest/gtest.h>

#include "channel_test_support.hpp"

namespace ordo::channels {
namespace {

using order::OrderStatus;
using testing::ReadFixture;

constexpr core::UnixMillis kNow = testing::kFixtureNow;

ChannelOrder MapOk(std::string_view file) { return testing::MapFixtureOk(MapWooOrder, file); }

TEST(WooAdapter, MapsTheDocumentedRetrieveExample) {
  const ChannelOrder mapped = MapOk("woocommerce/sample_rest_v3_order_retrieve.json");
  const order::Order& order = mapped.order;
  EXPECT_EQ(order.external_id, "727");
  EXPECT_EQ(order.status, OrderStatus::kPaid);  // processing
  EXPECT_EQ(order.created_at, 1490210882000);   // date_created_gmt, read as UTC
  EXPECT_EQ(order.paid_at, 1490210888000);
  ASSERT_EQ(order.lines.size(), 2u);
  EXPECT_EQ(order.lines[0].sku, "woocommerce:product:93");  // the product has no SKU
  EXPECT_EQ(order.lines[0].qty, 2);
  EXPECT_EQ(order.lines[0].unit_price, 300);
  EXPECT_EQ(order.lines[1].title, "Ship Your Idea \u2013 Color: Black, Size: M Test");  // &ndash; decoded
  EXPECT_EQ(order.totals, (order::Totals{1800, 1000, 0, 135, 2935}));
  ASSERT_EQ(order.payments.size(), 1u);
  EXPECT_EQ(order.payments[0].method, "bacs");
  EXPECT_EQ(order.payments[0].amount, 2935);
  EXPECT_TRUE(mapped.buyer_id.empty());  // customer_id 0: a guest
  EXPECT_EQ(mapped.buyer_email, "john.doe@example.com");
  EXPECT_EQ(order.shipping_address.province, "CA");
  EXPECT_EQ(order.shipping_address.phone, "(555) 555-5555");  // billing phone: shipping has none
  EXPECT_EQ(mapped.raw_status, "processing");
}

TEST(WooAdapter, CouponsLiveInTheLinesAndUnevenSplitsStayExact) {
  const order::Order order = MapOk("woocommerce/coupon_discounts_on_lines.json").order;
  ASSERT_EQ(order.lines.size(), 2u);
  // subtotal 10.00 for 3 pens: unit price 3.34, the rest of the rounding joins the coupon.
  EXPECT_EQ(order.lines[0].unit_price, 334);
  EXPECT_EQ(order.lines[0].discount, 102);
  EXPECT_EQ(order.lines[0].line_total, 900);
  EXPECT_EQ(order.lines[1].title, "Notebook & cover");
  EXPECT_EQ(order.lines[1].discount, 200);
  EXPECT_EQ(order.totals, (order::Totals{2700, 500, 0, 256, 3456}));
  EXPECT_EQ(order.buyer_note, "Ring twice");
}

TEST(WooAdapter, CompletedMeansShippedAndRefundsAreCounted) {
  EXPECT_EQ(MapOk("woocommerce/completed_means_shipped.json").order.status, OrderStatus::kShipped);
  const ChannelOrder partial = MapOk("woocommerce/partial_refund_completed.json");
  EXPECT_EQ(partial.order.status, OrderStatus::kShipped);
  EXPECT_EQ(partial.refunded_total, 500);
  const ChannelOrder full = MapOk("woocommerce/refunded_after_completed.json");
  EXPECT_EQ(full.order.status, OrderStatus::kRefunded);
  EXPECT_EQ(full.refunded_total, 3000);
}

TEST(WooAdapter, FeeLinesAreChargesOrDiscounts) {
  const order::Order order = MapOk("woocommerce/fee_lines_charge_and_discount.json").order;
  EXPECT_EQ(order.totals, (order::Totals{3000, 600, 300, 0, 3300}));  // shipping 4.00 + COD fee 2.00
  ASSERT_EQ(order.payments.size(), 1u);
  EXPECT_EQ(order.payments[0].method, "cod");
}

TEST(WooAdapter, VirtualGoodsShipToTheBillingAddress) {
  const ChannelOrder mapped = MapOk("woocommerce/virtual_billing_address_on_hold.json");
  EXPECT_EQ(mapped.order.status, OrderStatus::kPendingPayment);  // on-hold: awaiting the transfer
  EXPECT_TRUE(mapped.order.payments.empty());
  EXPECT_EQ(mapped.order.shipping_address.city, "San Francisco");
  EXPECT_EQ(mapped.order.shipping_address.street, "969 Market");
  EXPECT_EQ(mapped.order.lines[0].sku, "woocommerce:product:140-141");
  EXPECT_EQ(mapped.order.lines[0].title, "Online course \u2013 Beginner");
}

TEST(WooAdapter, RefusalsNameTheFieldAndTheRule) {
  const auto draft = MapWooOrder(ReadFixture("woocommerce/checkout_draft.json"), kNow);
  ASSERT_FALSE(draft.has_value());
  EXPECT_EQ(draft.error().fields[0].field, "/status");
  EXPECT_EQ(draft.error().fields[0].code, "not_an_order");
  EXPECT_NE(draft.error().fields[0].message.find("not an order"), std::string::npos);

  std::string body = ReadFixture("woocommerce/completed_means_shipped.json");
  body.replace(body.find("\"date_created_gmt\""), 18, "\"date_created_xxx\"");
  const auto no_time = MapWooOrder(body, kNow);
  ASSERT_FALSE(no_time.has_value());
  EXPECT_EQ(no_time.error().fields[0].field, "/date_created_gmt");

  std::string above = ReadFixture("woocommerce/completed_means_shipped.json");
  above.replace(above.find("\"total\": \"24.00\""), 16, "\"total\": \"25.00\"");
  const auto over = MapWooOrder(above, kNow);
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().fields[0].field, "/line_items/0/total");
  EXPECT_EQ(over.error().fields[0].code, "total_above_subtotal");
}

TEST(WooAdapter, TheListEndpointMapsEachOrderOnItsOwn) {
  const auto batch = MapWooOrders(ReadFixture("woocommerce/orders_list.json"), kNow);
  ASSERT_TRUE(batch.has_value());
  ASSERT_EQ(batch->size(), 2u);
  EXPECT_TRUE((*batch)[0].has_value());
  EXPECT_EQ((*batch)[1].error().fields[0].field, "/1/status");
  EXPECT_FALSE(MapWooOrders(R"({"id":1})", kNow).has_value());
}

}  // namespace
}  // namespace ordo::channels
