#pragma once
// JD (京东 POP) → canonical order. Follows the orderInfo object of jingdong.pop.order.get and
// jingdong.pop.order.search (JD 宙斯 open platform, 订单 API: https://jos.jd.com/apilist?apiGroupId=55).
//
// Accepted bodies: {"jingdong_pop_order_get_responce": {"orderDetailInfo": {"orderInfo": {…}}}}
// (JD spells it "responce"; "response" is accepted too), the bare orderInfo, and for
// MapJdOrders {"jingdong_pop_order_search_responce": {"searchorderinfo_result": {"orderInfoList": […]}}}.
//
// Money: yuan decimal strings ("59.00"), CNY. Lines (itemInfoList[]): qty = itemTotal, unit
// price = jdPrice, minus the couponDetailList entries that name the line's skuId (单品促销).
// Checks: Σ qty × jdPrice must equal orderTotalPrice (总金额 = 不减优惠、不加运费), else
// "total_mismatch" there. Shipping: freightPrice. Grand total: orderPayment + balanceUsed (the
// buyer's JD balance pays part; 应付款 = 货款 − 用户优惠 − 余额 + 运费); the order-level discount is
// what is left and must not be negative ("total_mismatch" at /…/orderPayment).
// Times: Beijing time; "0001-01-01 00:00:00" and "1970-01-01 00:00:00" mean "not yet".
// Privacy: consigneeInfo arrives masked ("张*", "138****1234") unless decrypted: masked values
// are not stored. Parcels: waybill ("a,b|c": '|' between carriers, ',' within one) with
// logisticsId. buyer_id: open_id_buyer, else open_id, else pin. A line without outerSkuId gets
// productNo, else "jd:sku:<skuId>". Status: docs/channels.md "JD".
#include <string_view>

#include "channels/channel_order.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::channels {

core::Result<ChannelOrder> MapJdOrder(std::string_view raw_json, core::UnixMillis now);
core::Result<ChannelBatch> MapJdOrders(std::string_view raw_json, core::UnixMillis now);

}  // namespace ordo::channels
