// Douyin shop adapter details (tests/fixtures/channels/douyin/README.md names the docs).
#include "channels/douyin.hpp"

#include <gtest/gtest.h>

#include "channel_test_support.hpp"

namespace ordo::channels {
namespace {

using order::OrderStatus;
using testing::ReadFixture;

constexpr core::UnixMillis kNow = testing::kFixtureNow;

ChannelOrder MapOk(std::string_view file) { return testing::MapFixtureOk(MapDouyinOrder, file); }

TEST(DouyinAdapter, EncryptedReceiverIsNotAvailableAndNeverStoredAsAPhone) {
  const ChannelOrder mapped = MapOk("douyin/order_detail_paid_encrypted_receiver.json");
  const order::Order& order = mapped.order;
  EXPECT_EQ(mapped.contact_form, ContactForm::kEncrypted);
  EXPECT_TRUE(order.shipping_address.phone.empty());
  EXPECT_TRUE(order.shipping_address.name.empty());
  EXPECT_EQ(order.shipping_address.street, "文新街道");  // the township, not the encrypted detail
  EXPECT_EQ(order.shipping_address.district, "西湖区");
  EXPECT_EQ(mapped.receiver_token.substr(0, 6), "#OdfQ5");  // open_address_id, for batchDecrypt
}

TEST(DouyinAdapter, TheSampleLookingCiphertextIsStillCiphertext) {
  // The published sample's encrypt_post_tel is "12345678911": it is in the encrypted field, so it
  // is not a phone number as far as Ordo is concerned.
  std::string body = ReadFixture("douyin/order_detail_paid_encrypted_receiver.json");
  const std::string cipher_key = R"("encrypt_post_tel": ")";
  const std::size_t at = body.find(cipher_key) + cipher_key.size();
  body.replace(at, body.find('"', at) - at, "12345678911");
  const auto mapped = MapDouyinOrder(body, kNow);
  ASSERT_TRUE(mapped.has_value());
  EXPECT_EQ(mapped->contact_form, ContactForm::kEncrypted);
  EXPECT_TRUE(mapped->order.shipping_address.phone.empty());
}

TEST(DouyinAdapter, AmountsInFenWithPromotionsAndAPriceChange) {
  const ChannelOrder mapped = MapOk("douyin/order_detail_paid_encrypted_receiver.json");
  const order::Order& order = mapped.order;
  EXPECT_EQ(order.external_id, "6920131241245213312");
  EXPECT_EQ(order.status, OrderStatus::kPaid);
  EXPECT_EQ(mapped.raw_status, "main_status=2");
  ASSERT_EQ(order.lines.size(), 2u);
  EXPECT_EQ(order.lines[0].unit_price, 9900);
  EXPECT_EQ(order.lines[0].discount, 1000);  // the sku's promotion_amount
  EXPECT_EQ(order.lines[1].sku, "GIFT-BRUSH");  // given_product_type FREE
  EXPECT_EQ(order.lines[1].line_total, 0);
  EXPECT_EQ(order.totals, (order::Totals{18800, 800, 500, 0, 19100}));  // 500: the seller's price change
  ASSERT_EQ(order.payments.size(), 1u);
  EXPECT_EQ(order.payments[0].method, "wechat_pay");
  EXPECT_EQ(order.payments[0].amount, 18900);  // pay_amount: a payment-channel discount of 200
  EXPECT_EQ(order.created_at, 1717207200000);
  EXPECT_EQ(mapped.buyer_id.substr(0, 3), "1@#");
  EXPECT_EQ(order.buyer_note, "送人的，不要放发票");
}

TEST(DouyinAdapter, IntegerAmountsAndParcels) {
  const ChannelOrder mapped = MapOk("douyin/shipped_two_parcels_integer_amounts.json");
  EXPECT_EQ(mapped.order.status, OrderStatus::kShipped);
  EXPECT_EQ(mapped.order.totals.grand_total, 19100);
  ASSERT_EQ(mapped.shipments.size(), 2u);
  EXPECT_EQ(mapped.shipments[0], (ChannelShipment{"顺丰速运", "SF1400000000101", 1717300000000}));
  EXPECT_EQ(mapped.shipments[1].carrier, "圆通速递");
}

TEST(DouyinAdapter, PartialRefundsAndPartialShipments) {
  const ChannelOrder refunded = MapOk("douyin/partial_refund_after_shipment.json");
  EXPECT_EQ(refunded.order.status, OrderStatus::kShipped);
  EXPECT_EQ(refunded.refunded_total, 4800);  // the sku whose main_status is 22
  const ChannelOrder partly = MapOk("douyin/partly_shipped.json");
  EXPECT_EQ(partly.order.status, OrderStatus::kShipped);
  EXPECT_TRUE(partly.partially_shipped);
}

TEST(DouyinAdapter, OlderApiVersionsSendTheReceiverInClear) {
  const ChannelOrder mapped = MapOk("douyin/completed_clear_receiver_older_api.json");
  EXPECT_EQ(mapped.order.status, OrderStatus::kCompleted);
  EXPECT_EQ(mapped.contact_form, ContactForm::kClear);
  EXPECT_EQ(mapped.order.shipping_address.phone, "13800001111");
  EXPECT_EQ(mapped.order.shipping_address.name, "王五");
  EXPECT_EQ(mapped.order.shipping_address.street, "粤海街道 科技园路 1 号");
}

TEST(DouyinAdapter, ThePublishedSampleIsReadPastItsBomAndRefusedForItsPlaceholderAmounts) {
  const std::string body = ReadFixture("douyin/sample_order_detail_response.json");
  ASSERT_EQ(body.substr(0, 3), "\xEF\xBB\xBF");
  const auto result = MapDouyinOrder(body, kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);  // not kMalformed: the BOM is fine
  EXPECT_EQ(result.error().fields[0].field, "/data/shop_order_detail/sku_order_list/0/promotion_amount");
}

TEST(DouyinAdapter, MainStatusWinsOverOrderStatus) {
  const ChannelOrder mapped = MapOk("douyin/refunded_before_shipment.json");  // order_status 4, main_status 21
  EXPECT_EQ(mapped.order.status, OrderStatus::kCancelled);
  EXPECT_EQ(mapped.raw_status, "main_status=21");
  std::string body = ReadFixture("douyin/refunded_before_shipment.json");
  body.replace(body.find(R"("main_status": 21)"), 17, R"("main_status": 77)");
  const auto fallback = MapDouyinOrder(body, kNow);  // an unknown main_status: order_status decides
  ASSERT_TRUE(fallback.has_value());
  EXPECT_EQ(fallback->raw_status, "order_status=4");
}

TEST(DouyinAdapter, ErrorResponsesAreNotOrders) {
  const auto result = MapDouyinOrder(ReadFixture("douyin/error_response.json"), kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().fields[0].field, "/err_no");
  EXPECT_EQ(result.error().fields[0].code, "channel_error");
}

}  // namespace
}  // namespace ordo::channels
