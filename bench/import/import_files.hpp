#pragma once
// Input files for the import benchmark, made from the demo generator's orders (Chinese names,
// mobiles, addresses in 30 provinces, 1–5 lines with discounts): the same orders written as
// Shopify REST Order objects, one per line, and as a POS CSV export with one row per line.
#include <cstdint>
#include <string>
#include <vector>

#include "app/demo_data.hpp"

namespace ordo::bench {

// The Shopify Order JSON (one line, no newline) of a demo order: id, created_at, currency,
// financial_status, customer, shipping_address (district + street in address1), line_items
// with discount_allocations, shipping_lines, total_discounts, total_tax, total_price.
std::string ShopifyOrderLine(const order::Order& order, std::uint64_t id);

// The header of the POS CSV (Chinese column names the built-in profile knows).
std::string PosCsvHeader();
// One CSV row per line of the order.
std::string PosCsvRows(const order::Order& order, const std::string& external_id);

// `rows` demo orders (seed 42) → file of JSON lines (one order each) or CSV with at least `rows`
// data rows; returns the number of rows written.
std::uint64_t WriteShopifyFile(const std::string& path, std::uint64_t rows);
std::uint64_t WritePosCsvFile(const std::string& path, std::uint64_t rows);

}  // namespace ordo::bench
