// Taobao / Tmall adapter details (tests/fixtures/channels/taobao/README.md names the docs).
#include "channels/taobao.hpp"

#include <gtest/gtest.h>

#include "channel_test_support.hpp"

namespace ordo::channels {
namespace {

using order::OrderStatus;
using testing::ReadFixture;

constexpr core::UnixMillis kNow = testing::kFixtureNow;

ChannelOrder MapOk(std::string_view file) { return testing::MapFixtureOk(MapTaobaoTrade, file); }

TEST(TaobaoAdapter, MapsAPaidTradeWithAPrivacyNumber) {
  const ChannelOrder mapped = MapOk("taobao/fullinfo_paid_privacy_number.json");
  const order::Order& order = mapped.order;
  EXPECT_EQ(order.channel, "taobao");
  EXPECT_EQ(order.external_id, "2231958349553190001");  // tid_str: exact
  EXPECT_EQ(order.currency, "CNY");
  EXPECT_EQ(order.status, OrderStatus::kPaid);
  EXPECT_EQ(order.created_at, 1717207200000);  // 2024-06-01 10:00:00 Beijing time
  EXPECT_EQ(order.totals, (order::Totals{19800, 1000, 2000, 0, 18800}));
  EXPECT_EQ(mapped.contact_form, ContactForm::kPrivacyRelay);
  EXPECT_EQ(order.shipping_address.phone, "17012345678-1234");  // quality/ keeps the extension
  EXPECT_EQ(order.shipping_address.name, "张三");
  EXPECT_EQ(order.shipping_address.province, "浙江省");
  EXPECT_EQ(order.shipping_address.district, "西湖区");
  EXPECT_EQ(order.shipping_address.street, "文新街道 文三路100号");
  EXPECT_FALSE(mapped.receiver_token.empty());  // the oaid, for decryption later
  EXPECT_EQ(mapped.buyer_id, "AAHm5d-EAAeGwJedwSHpg8bT");
  EXPECT_EQ(order.buyer_note, "请尽快发货 \n谢谢");
  ASSERT_EQ(order.payments.size(), 1u);
  EXPECT_EQ(order.payments[0].method, "alipay");
  EXPECT_EQ(order.payments[0].amount, 18800);
  EXPECT_EQ(mapped.raw_status, "WAIT_SELLER_SEND_GOODS");
}

TEST(TaobaoAdapter, MaskedReceiverFieldsAreNotStored) {
  const ChannelOrder mapped = MapOk("taobao/fullinfo_unpaid_masked_receiver.json");
  EXPECT_EQ(mapped.order.status, OrderStatus::kPendingPayment);
  EXPECT_EQ(mapped.contact_form, ContactForm::kMasked);
  EXPECT_TRUE(mapped.order.shipping_address.phone.empty());
  EXPECT_TRUE(mapped.order.shipping_address.name.empty());
  EXPECT_TRUE(mapped.order.shipping_address.street.empty());
  EXPECT_EQ(mapped.order.shipping_address.city, "杭州市");  // regions are not masked
  EXPECT_FALSE(mapped.receiver_token.empty());
  EXPECT_TRUE(mapped.order.payments.empty());
}

TEST(TaobaoAdapter, PartlyShippedTradesCarryTheirParcels) {
  const ChannelOrder mapped = MapOk("taobao/seller_consigned_part_two_parcels.json");
  EXPECT_EQ(mapped.order.status, OrderStatus::kShipped);
  EXPECT_TRUE(mapped.partially_shipped);
  ASSERT_EQ(mapped.shipments.size(), 2u);
  EXPECT_EQ(mapped.shipments[0], (ChannelShipment{"顺丰速运", "SF1400000000001", 1717290000000}));
  EXPECT_EQ(mapped.shipments[1].tracking_number, "YT7000000000002");
}

TEST(TaobaoAdapter, ClosedAfterConsignmentIsARefund) {
  const ChannelOrder mapped = MapOk("taobao/trade_closed_after_consignment_refunded.json");
  EXPECT_EQ(mapped.order.status, OrderStatus::kRefunded);
  EXPECT_EQ(mapped.refunded_total, 9900);
}

TEST(TaobaoAdapter, LineDiscountsPriceChangesGiftsAndShopCoupons) {
  const order::Order order = MapOk("taobao/trade_finished_discounts_and_gift.json").order;
  ASSERT_EQ(order.lines.size(), 4u);
  EXPECT_EQ(order.lines[0].discount, 1000);    // sub-order discount_fee
  EXPECT_EQ(order.lines[0].line_total, 10800);
  EXPECT_EQ(order.lines[1].sku, "GIFT-BRUSH");
  EXPECT_EQ(order.lines[1].line_total, 0);
  EXPECT_EQ(order.lines[2].discount, 500);     // the seller cut the price (adjust_fee −5.00)
  EXPECT_EQ(order.lines[3].unit_price, 1001);  // the seller raised it by 0.01 over 3 items
  EXPECT_EQ(order.lines[3].discount, 2);
  EXPECT_EQ(order.lines[3].line_total, 3001);
  EXPECT_EQ(order.totals, (order::Totals{17291, 0, 1000, 0, 16291}));
  EXPECT_EQ(order.status, OrderStatus::kCompleted);
}

TEST(TaobaoAdapter, ForbiddenConsignmentIsIngestedThenHeld) {
  const ChannelOrder mapped = MapOk("taobao/paid_forbid_consign.json");
  EXPECT_EQ(mapped.order.status, OrderStatus::kPaid);
  EXPECT_NE(mapped.hold_reason.find("PAID_FORBID_CONSIGN"), std::string::npos);
}

TEST(TaobaoAdapter, TheSoldListMapsEachTradeOnItsOwn) {
  const auto batch = MapTaobaoTrades(ReadFixture("taobao/trades_sold_get_list.json"), kNow);
  ASSERT_TRUE(batch.has_value());
  ASSERT_EQ(batch->size(), 2u);
  EXPECT_EQ((*batch)[1]->order.status, OrderStatus::kCancelled);
  EXPECT_TRUE((*batch)[1]->order.payments.empty());
  // An empty result has no "trades" member at all.
  const auto empty = MapTaobaoTrades(R"({"trades_sold_get_response":{"total_results":0}})", kNow);
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
}

TEST(TaobaoAdapter, RefusalsNameTheFieldAndTheRule) {
  const std::string body = ReadFixture("taobao/fullinfo_paid_privacy_number.json");
  const struct {
    std::string_view from, to, pointer, code;
  } cases[] = {
      {R"("status": "WAIT_SELLER_SEND_GOODS")", R"("status": "WAIT_SELLER_AGREE")",
       "/trade_fullinfo_get_response/trade/status", "unknown_status"},
      {R"("price": "99.00")", R"("price": "99.0.0")", "/trade_fullinfo_get_response/trade/orders/order/0/price",
       "decimal"},
      {R"("receiver_state": "浙江省")", R"("receiver_state": "")", "/trade_fullinfo_get_response/trade/receiver_state",
       "required"},
      {R"("created": "2024-06-01 10:00:00")", R"("created": "2024-13-01 10:00:00")",
       "/trade_fullinfo_get_response/trade/created", "format"},
  };
  for (const auto& test_case : cases) {
    std::string mutated = body;
    const std::size_t at = mutated.find(test_case.from);
    ASSERT_NE(at, std::string::npos) << test_case.from;
    mutated.replace(at, test_case.from.size(), test_case.to);
    const auto result = MapTaobaoTrade(mutated, kNow);
    ASSERT_FALSE(result.has_value()) << test_case.to;
    EXPECT_EQ(result.error().fields[0].field, test_case.pointer);
    EXPECT_EQ(result.error().fields[0].code, test_case.code);
  }
}

}  // namespace
}  // namespace ordo::channels
