// Every JSON fixture under tests/fixtures/channels/<channel>/ and what it must map to: a unified
// status, or a refusal naming the JSON pointer of the first bad field and the rule. Accepted
// orders are checked against the canonical invariants. The per-channel tests look at the
// details (amounts, addresses, parcels); this table makes sure no fixture goes untested.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "channel_test_support.hpp"
#include "channels/douyin.hpp"
#include "channels/jd.hpp"
#include "channels/shopify.hpp"
#include "channels/taobao.hpp"
#include "channels/woocommerce.hpp"

namespace ordo::channels {
namespace {

using testing::ExpectCanonical;
using testing::ReadFixture;

using SingleMapper = core::Result<ChannelOrder> (*)(std::string_view, core::UnixMillis);
using ListMapper = core::Result<ChannelBatch> (*)(std::string_view, core::UnixMillis);

constexpr core::UnixMillis kNow = 1'717'300'000'000;

// One expected outcome: a unified status name ("paid"), or "!<pointer> <code>" for a refusal.
struct FixtureCase {
  const char* file;
  SingleMapper single;
  ListMapper list;
  std::vector<std::string> outcomes;
};

const std::vector<FixtureCase>& Cases() {
  static const std::vector<FixtureCase> cases = {
      // Shopify: public samples first (the REST SDK fixture's lines do not add up to its totals).
      {"shopify/sample_webhook_orders_create.json", MapShopifyOrder, nullptr, {"cancelled"}},
      {"shopify/sample_rest_order.json", MapShopifyOrder, nullptr, {"!/order/total_price total_mismatch"}},
      {"shopify/sample_rest_orders_list.json", nullptr, MapShopifyOrders, {"!/orders/0/line_items required"}},
      {"shopify/paid_line_level_discounts.json", MapShopifyOrder, nullptr, {"paid"}},
      {"shopify/order_level_discount_and_gift_line.json", MapShopifyOrder, nullptr, {"paid"}},
      {"shopify/partial_fulfilment_two_parcels.json", MapShopifyOrder, nullptr, {"shipped"}},
      {"shopify/fulfilled_delivered.json", MapShopifyOrder, nullptr, {"delivered"}},
      {"shopify/partially_refunded_in_transit.json", MapShopifyOrder, nullptr, {"in_transit"}},
      {"shopify/minimal_jpy_taxes_included.json", MapShopifyOrder, nullptr, {"pending_payment"}},
      {"shopify/digital_no_shipping_address.json", MapShopifyOrder, nullptr, {"!/shipping_address required"}},
      {"shopify/bad_price_three_decimals.json", MapShopifyOrder, nullptr, {"!/line_items/0/price decimal"}},
      {"shopify/refunded_and_cancelled_before_shipping.json", MapShopifyOrder, nullptr, {"cancelled"}},
      // WooCommerce.
      {"woocommerce/sample_rest_v3_order_retrieve.json", MapWooOrder, nullptr, {"paid"}},
      {"woocommerce/coupon_discounts_on_lines.json", MapWooOrder, nullptr, {"paid"}},
      {"woocommerce/completed_means_shipped.json", MapWooOrder, nullptr, {"shipped"}},
      {"woocommerce/refunded_after_completed.json", MapWooOrder, nullptr, {"refunded"}},
      {"woocommerce/partial_refund_completed.json", MapWooOrder, nullptr, {"shipped"}},
      {"woocommerce/fee_lines_charge_and_discount.json", MapWooOrder, nullptr, {"paid"}},
      {"woocommerce/virtual_billing_address_on_hold.json", MapWooOrder, nullptr, {"pending_payment"}},
      {"woocommerce/checkout_draft.json", MapWooOrder, nullptr, {"!/status not_an_order"}},
      {"woocommerce/total_mismatch.json", MapWooOrder, nullptr, {"!/total total_mismatch"}},
      {"woocommerce/orders_list.json", nullptr, MapWooOrders, {"shipped", "!/1/status not_an_order"}},
      // Taobao / Tmall.
      {"taobao/fullinfo_paid_privacy_number.json", MapTaobaoTrade, nullptr, {"paid"}},
      {"taobao/fullinfo_unpaid_masked_receiver.json", MapTaobaoTrade, nullptr, {"pending_payment"}},
      {"taobao/seller_consigned_part_two_parcels.json", MapTaobaoTrade, nullptr, {"shipped"}},
      {"taobao/trade_closed_after_consignment_refunded.json", MapTaobaoTrade, nullptr, {"refunded"}},
      {"taobao/trade_finished_discounts_and_gift.json", MapTaobaoTrade, nullptr, {"completed"}},
      {"taobao/paid_forbid_consign.json", MapTaobaoTrade, nullptr, {"paid"}},
      {"taobao/payment_exceeds_parts.json", MapTaobaoTrade, nullptr,
       {"!/trade_fullinfo_get_response/trade/payment total_mismatch"}},
      {"taobao/trades_sold_get_list.json", nullptr, MapTaobaoTrades, {"paid", "cancelled"}},
      // JD.
      {"jd/order_get_stock_out_coupons_and_balance.json", MapJdOrder, nullptr, {"paid"}},
      {"jd/finished_two_carriers_three_parcels.json", MapJdOrder, nullptr, {"completed"}},
      {"jd/locked_held.json", MapJdOrder, nullptr, {"paid"}},
      {"jd/cod_shipped_unpaid_with_gift.json", MapJdOrder, nullptr, {"shipped"}},
      {"jd/order_search_list.json", nullptr, MapJdOrders, {"cancelled", "paid"}},
      {"jd/order_total_price_mismatch.json", MapJdOrder, nullptr,
       {"!/jingdong_pop_order_get_responce/orderDetailInfo/orderInfo/orderTotalPrice total_mismatch"}},
      // Douyin shop: the published samples are placeholders whose promotions exceed the price.
      {"douyin/sample_order_detail_response.json", MapDouyinOrder, nullptr,
       {"!/data/shop_order_detail/sku_order_list/0/promotion_amount discount_exceeds_line"}},
      {"douyin/sample_search_list_response.json", nullptr, MapDouyinOrders,
       {"!/data/shop_order_list/0/sku_order_list/0/promotion_amount discount_exceeds_line"}},
      {"douyin/order_detail_paid_encrypted_receiver.json", MapDouyinOrder, nullptr, {"paid"}},
      {"douyin/shipped_two_parcels_integer_amounts.json", MapDouyinOrder, nullptr, {"shipped"}},
      {"douyin/partial_refund_after_shipment.json", MapDouyinOrder, nullptr, {"shipped"}},
      {"douyin/partly_shipped.json", MapDouyinOrder, nullptr, {"shipped"}},
      {"douyin/completed_clear_receiver_older_api.json", MapDouyinOrder, nullptr, {"completed"}},
      {"douyin/refunded_before_shipment.json", MapDouyinOrder, nullptr, {"cancelled"}},
      {"douyin/error_response.json", MapDouyinOrder, nullptr, {"!/err_no channel_error"}},
      {"douyin/search_list_two_orders.json", nullptr, MapDouyinOrders, {"paid", "pending_payment"}},
  };
  return cases;
}

std::string Outcome(const core::Result<ChannelOrder>& result) {
  if (result.has_value()) return std::string(order::StatusName(result->order.status));
  const core::Error& error = result.error();
  if (error.fields.size() != 1) return "error without exactly one field: " + error.detail;
  return "!" + error.fields[0].field + " " + error.fields[0].code;
}

TEST(ChannelFixtures, EachMapsToItsDocumentedOutcome) {
  for (const FixtureCase& fixture : Cases()) {
    SCOPED_TRACE(fixture.file);
    const std::string body = ReadFixture(fixture.file);
    std::vector<core::Result<ChannelOrder>> results;
    if (fixture.single != nullptr) {
      results.push_back(fixture.single(body, kNow));
    } else {
      auto batch = fixture.list(body, kNow);
      ASSERT_TRUE(batch.has_value()) << batch.error().detail;
      for (auto& item : *batch) results.push_back(std::move(item));
    }
    ASSERT_EQ(results.size(), fixture.outcomes.size());
    for (std::size_t idx = 0; idx < results.size(); ++idx) {
      EXPECT_EQ(Outcome(results[idx]), fixture.outcomes[idx]);
      if (results[idx].has_value()) {
        ExpectCanonical(*results[idx]);
        EXPECT_EQ(results[idx]->order.received_at, kNow);
      } else {
        EXPECT_EQ(results[idx].error().code, core::ErrorCode::kInvalidArgument);
      }
    }
  }
}

TEST(ChannelFixtures, EveryJsonFixtureIsInTheTable) {
  std::set<std::string> listed;
  for (const FixtureCase& fixture : Cases()) listed.insert(fixture.file);
  for (const char* channel : {"shopify", "woocommerce", "taobao", "jd", "douyin"}) {
    for (const auto& entry : std::filesystem::directory_iterator(testing::FixturePath(channel))) {
      if (entry.path().extension() != ".json") continue;
      const std::string relative = std::string(channel) + "/" + entry.path().filename().string();
      EXPECT_TRUE(listed.count(relative)) << relative << " has no expected outcome in fixtures_test.cpp";
    }
  }
}

TEST(ChannelFixtures, EveryCopiedSampleKeepsItsSource) {
  for (const FixtureCase& fixture : Cases()) {
    const std::string file = fixture.file;
    const std::size_t slash = file.find('/');
    if (file.compare(slash + 1, 7, "sample_") != 0) continue;
    const std::string source = file.substr(0, file.size() - 5) + ".source.txt";
    EXPECT_NE(ReadFixture(source).find("URL: https://"), std::string::npos) << source;
  }
}

}  // namespace
}  // namespace ordo::channels
