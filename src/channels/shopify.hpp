#pragma once
// Shopify → canonical order. Follows the REST Admin API Order resource
// (https://shopify.dev/docs/api/admin-rest/latest/resources/order) and the orders/* webhook
// topics (https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics-orders/create),
// whose body is the same Order object.
//
// Accepted bodies: the bare Order (webhooks), {"order": {…}} (GET /orders/{id}.json), and for
// MapShopifyOrders {"orders": […]} (GET /orders.json).
//
// Money: decimal strings in the shop currency ("199.00"), read exactly with the currency's minor
// digits. Lines: qty × price − the line's discount_allocations (or total_discount when there are
// none). Shipping: Σ shipping_lines[].price. Tax: total_tax, or 0 when taxes_included (the tax
// is inside the prices). The order-level discount is total_discounts − the line discounts; the
// result must give total_price exactly, or the order is refused with "total_mismatch" at
// /total_price (duties, tips and additional fees are not modelled yet and refuse the same way).
// Status: docs/channels.md "Shopify" (financial_status × fulfillment_status × cancelled_at;
// fulfilled orders whose fulfilments all report shipment_status move on to in_transit /
// out_for_delivery / delivered). external_id is the order id (exact 64-bit), buyer_id the
// customer id. A sku-less line gets "shopify:variant:<variant_id>" (or "shopify:line:<id>").
// Orders without a shipping address (digital goods, local pickup) are refused at
// /shipping_address: the canonical order needs a destination.
#include <string_view>

#include "channels/channel_order.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::channels {

// `now` becomes the order's received_at/updated_at (Ordo's clock, injected).
core::Result<ChannelOrder> MapShopifyOrder(std::string_view raw_json, core::UnixMillis now);
core::Result<ChannelBatch> MapShopifyOrders(std::string_view raw_json, core::UnixMillis now);

}  // namespace ordo::channels
