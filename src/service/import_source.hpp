#pragma once
// What `ordo import --channel <c>` reads, and how one row of it becomes a canonical order.
//
// JSON-lines sources hold one native payload per line, mapped by the channel's pure adapter
// (channels/*.hpp): shopify (MapShopifyOrder), woocommerce (MapWooOrder), taobao
// (MapTaobaoTrade), jd (MapJdOrder), douyin (MapDouyinOrder); `api` holds the canonical order
// JSON of POST /api/v1/orders (order::ParseOrder, strict, address fields left to the entry
// rules as the intake does). `pos_csv` is a CSV file read with a profile (channels/csv_orders.hpp).
// Pure and thread-safe.
#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"
#include "order/order.hpp"

namespace ordo::service {

enum class ImportSource { kShopify, kWooCommerce, kTaobao, kJd, kDouyin, kApi, kPosCsv };

std::optional<ImportSource> ParseImportSource(std::string_view channel);  // the --channel names
std::string_view ImportSourceName(ImportSource source);
inline bool IsCsvSource(ImportSource source) { return source == ImportSource::kPosCsv; }

// One JSON line → the order. Errors are the adapter's (one FieldError with the JSON pointer of
// the first bad field and the rule's code; messages never quote values).
core::Result<order::Order> MapJsonRow(ImportSource source, std::string_view line, core::UnixMillis now);

}  // namespace ordo::service
