#pragma once
// The binder from an order to its rule facts (issue 7): what the rules may know of an order, as a
// rules::FactSnapshot — the runtime evaluates it and stores it for the simulation. Pure: what needs
// the store (the customer's recent orders, stock) comes in OrderFactInputs.
//
// A value the order does not have is an absent fact, never a made-up default (an order without a
// parsed address has no quality.address_confidence; rules test it with `exists`). Never personal
// data: no names, phones, streets, emails, customer references, buyer notes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "order/order.hpp"
#include "rules/fact_catalogue.hpp"
#include "rules/fact_snapshot.hpp"

namespace ordo::service {

struct OrderFactInputs {
  std::int64_t customer_orders_30d = 0;                // the customer's orders created in the 30 days before
  std::optional<std::int64_t> min_stock_available;     // nullopt: stock not known (no SKU, no stock rows read)
  std::vector<std::string> tags;
};

// Fills every order.* / customer.* / quality.* fact of `catalogue` the binder knows and the order
// has; facts the catalogue lacks are skipped (a smaller catalogue is fine).
//   order.grand_total       totals.grand_total in currency units (exact: minor units × 10^(4 − digits))
//   order.item_count        Σ line qty            order.line_count     lines
//   order.channel           channel               order.payment_method the first payment's method
//   order.address.province|city|district, order.address.province_code (GB/T 2260, from the name)
//   order.lines[*].sku      distinct SKUs in line order
//   order.tags              inputs.tags (absent when none)
//   order.stock.min_available  inputs.min_stock_available
//   customer.orders_30d     inputs.customer_orders_30d; absent for an order without customer_ref
//   quality.address_confidence  address_confidence (absent when the address was not parsed)
// order.is_gift stays absent: the canonical order has no gift flag yet.
rules::FactSnapshot OrderFacts(const order::Order& order, const OrderFactInputs& inputs,
                               const rules::FactCatalogue& catalogue);

}  // namespace ordo::service
