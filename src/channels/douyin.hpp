#pragma once
// Douyin shop (抖店) → canonical order. Follows order.orderDetail and order.searchList of the 抖店
// open platform (https://op.jinritemai.com/docs/api-docs/15/68 and /15/1342); field meanings from
// the official SDK's field descriptions.
//
// Accepted bodies: {"data": {"shop_order_detail": {…}}, "err_no": 0, …}, the bare shop order,
// and for MapDouyinOrders {"data": {"shop_order_list": […]}}. A leading UTF-8 BOM is dropped
// (the published samples carry one). err_no ≠ 0 or code ≠ 10000 is refused ("channel_error").
//
// Money: integer fen, as JSON integers or strings of digits (both occur). Lines
// (sku_order_list[]): qty = item_num, unit price = origin_amount (商品现价), gross = sum_amount
// (must equal qty × price), line discount = the sku's promotion_amount (shop + platform +
// talent promotions). Shipping: post_amount; tax: tax_amount (cross-border). Grand total:
// order_amount; the order-level discount is what is left (price changes, unallocated
// promotions) and must not be negative ("total_mismatch" at /…/order_amount). Payment
// discounts (promotion_pay_amount) do not change the order's price: the payment records
// pay_amount. refunded_total: Σ pay_amount of sku orders whose main_status is a finished refund.
// Times: Unix seconds; 0 means "not yet".
// Privacy: receiver name, phone and street arrive encrypted (encrypt_post_receiver,
// encrypt_post_tel, post_addr.encrypt_detail). Ciphertext is never stored as a phone, name or
// street — even when it looks like one, as in the published sample — so those stay empty,
// contact_form is "encrypted" and receiver_token keeps open_address_id (else the phone
// ciphertext) for a later order.batchDecrypt by the connection. The street then holds the
// township (post_addr.street.name), which is not personal. Plain post_tel/post_receiver/detail
// (older API versions) are used as they are.
// Status: main_status when known (finer), else order_status: docs/channels.md "Douyin shop".
// buyer_id: doudian_open_id. A sku without a merchant code (code, out_sku_id) gets
// "douyin:sku:<sku_id>".
#include <string_view>

#include "channels/channel_order.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::channels {

core::Result<ChannelOrder> MapDouyinOrder(std::string_view raw_json, core::UnixMillis now);
core::Result<ChannelBatch> MapDouyinOrders(std::string_view raw_json, core::UnixMillis now);

}  // namespace ordo::channels
