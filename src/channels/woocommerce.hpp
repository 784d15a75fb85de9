#pragma once
// WooCommerce → canonical order. Follows the REST API v3 order object
// (https://woocommerce.github.io/woocommerce-rest-api-docs/#order-properties) and the
// order.created / order.updated webhooks, whose body is the same object (webhooks with API
// version "WP REST API Integration v3"; the legacy v1–v3 webhook shapes are not accepted).
// MapWooOrders takes the list (GET /wp-json/wc/v3/orders: a JSON array).
//
// Money: decimal strings in the order currency. A line's `subtotal` is before coupons and
// `total` after (both without tax), so unit_price = ceil(subtotal / quantity) and the line
// discount is what brings it to `total` — the float `price` member is never read. Shipping:
// shipping_total plus positive fee_lines (handling, COD fees: the canonical order has no fee
// field yet); negative fee lines are order-level discounts. Tax: total_tax. The sum must give
// `total` exactly, else "total_mismatch" at /total. Times: the *_gmt members (UTC).
// Address: `shipping`, or `billing` when shipping is empty (virtual goods). Product names are
// HTML-unescaped. A sku-less line gets "woocommerce:product:<product_id>[-<variation_id>]".
// Status: docs/channels.md "WooCommerce" — note that "completed" means shipped there.
#include <string_view>

#include "channels/channel_order.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::channels {

core::Result<ChannelOrder> MapWooOrder(std::string_view raw_json, core::UnixMillis now);
core::Result<ChannelBatch> MapWooOrders(std::string_view raw_json, core::UnixMillis now);

}  // namespace ordo::channels
