#include "service/order_facts.hpp"

#include <algorithm>
#include <cmath>

#include "core/money.hpp"
#include "service/sourcing_adapter.hpp"

namespace ordo::service {
namespace {

// Minor units of `currency` as a fixed point decimal (× kDecimalScale); nullopt on overflow or a
// currency with more than four minor digits.
std::optional<std::int64_t> ScaledAmount(std::int64_t minor_units, std::string_view currency) {
  const std::optional<core::CurrencyInfo> info = core::FindCurrency(currency);
  const int digits = info ? info->minor_digits : 2;
  if (digits < 0 || digits > 4) return std::nullopt;
  std::int64_t factor = 1;
  for (int digit_idx = digits; digit_idx < 4; ++digit_idx) factor *= 10;
  return core::CheckedMul(minor_units, factor);
}

// The setters fail only for a path the catalogue lacks or types it otherwise: both mean "this
// catalogue has no such fact", and the fact stays absent.
void Ignore(const core::Status& /*status*/) {}

}  // namespace

rules::FactSnapshot OrderFacts(const order::Order& order, const OrderFactInputs& inputs,
                               const rules::FactCatalogue& catalogue) {
  rules::FactSnapshot facts;
  if (const auto total = ScaledAmount(order.totals.grand_total, order.currency)) {
    Ignore(facts.SetDecimal(catalogue, "order.grand_total", *total));
  }
  std::int64_t units = 0;
  bool units_overflow = false;
  std::vector<std::string> skus;
  for (const order::OrderLine& line : order.lines) {
    if (const auto sum = core::CheckedAdd(units, line.qty)) {
      units = *sum;
    } else {
      units_overflow = true;
    }
    if (!line.sku.empty() && std::find(skus.begin(), skus.end(), line.sku) == skus.end()) skus.push_back(line.sku);
  }
  if (!units_overflow) Ignore(facts.SetInt(catalogue, "order.item_count", units));
  Ignore(facts.SetInt(catalogue, "order.line_count", static_cast<std::int64_t>(order.lines.size())));
  if (!order.channel.empty()) Ignore(facts.SetString(catalogue, "order.channel", order.channel));
  for (const order::Payment& payment : order.payments) {
    if (payment.method.empty()) continue;
    Ignore(facts.SetString(catalogue, "order.payment_method", payment.method));
    break;
  }
  const order::Address& address = order.shipping_address;
  if (!address.province.empty()) {
    Ignore(facts.SetString(catalogue, "order.address.province", address.province));
    if (std::string code = ProvinceCode(address.province); !code.empty()) {
      Ignore(facts.SetString(catalogue, "order.address.province_code", std::move(code)));
    }
  }
  if (!address.city.empty()) Ignore(facts.SetString(catalogue, "order.address.city", address.city));
  if (!address.district.empty()) Ignore(facts.SetString(catalogue, "order.address.district", address.district));
  if (!skus.empty()) Ignore(facts.SetList(catalogue, "order.lines[*].sku", std::move(skus)));
  if (!inputs.tags.empty()) Ignore(facts.SetList(catalogue, "order.tags", inputs.tags));
  if (inputs.min_stock_available) {
    Ignore(facts.SetInt(catalogue, "order.stock.min_available", *inputs.min_stock_available));
  }
  if (!order.customer_ref.empty()) {
    Ignore(facts.SetInt(catalogue, "customer.orders_30d", inputs.customer_orders_30d));
  }
  if (order.address_confidence && std::isfinite(*order.address_confidence)) {
    const double confidence = std::clamp(*order.address_confidence, 0.0, 1.0);
    Ignore(facts.SetDecimal(catalogue, "quality.address_confidence",
                            std::llround(confidence * static_cast<double>(rules::kDecimalScale))));
  }
  return facts;
}

}  // namespace ordo::service
