#pragma once
// Taobao / Tmall → canonical order. Follows the TOP API trade object as returned by
// taobao.trade.fullinfo.get (https://open.taobao.com/api.htm?docId=54&docType=2) and the list of
// taobao.trades.sold.get (docId=46).
//
// Accepted bodies: {"trade_fullinfo_get_response": {"trade": {…}}}, the bare trade object, and
// for MapTaobaoTrades {"trades_sold_get_response": {"trades": {"trade": […]}}}.
//
// Money: yuan decimal strings ("200.07"), CNY. Lines (orders.order[]): qty = num, unit price =
// price, line total = the sub-order's total_fee (应付金额: price × num − its discount_fee + its
// adjust_fee). Shipping: post_fee. Grand total: payment (实付金额); the order-level discount is
// what is left (items + post_fee − payment) and must not be negative ("total_mismatch" at
// /…/payment). refunded_total: Σ payment of sub-orders whose refund_status is SUCCESS.
// Shipments: the distinct (logistics_company, invoice_no) pairs of the sub-orders.
// Times: "yyyy-MM-dd HH:mm:ss" in Beijing time.
// Privacy: since 2021 receiver fields arrive masked ("*" in them) with an `oaid` to decrypt them
// later, or as a privacy number with the buyer's extension ("170…-1234"). Masked values are not
// stored (contact_form masked, receiver_token = oaid); privacy numbers are kept as the phone
// (contact_form privacy_relay) for quality/ to normalise with their extension.
// Status: docs/channels.md "Taobao / Tmall". buyer_id: buyer_open_uid (buyer_nick before it).
#include <string_view>

#include "channels/channel_order.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::channels {

core::Result<ChannelOrder> MapTaobaoTrade(std::string_view raw_json, core::UnixMillis now);
core::Result<ChannelBatch> MapTaobaoTrades(std::string_view raw_json, core::UnixMillis now);

}  // namespace ordo::channels
