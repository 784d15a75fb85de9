#include "channels/shopify.hpp"

#include <algorithm>
#include <cctype>

#include "core/json.hpp"
#include "core/utf8.hpp"

#include "channels/detail/order_builder.hpp"
#include "channels/detail/payload_reader.hpp"
#include "channels/status_mapping.hpp"
#include "core/money.hpp"

namespace ordo::channels {
namespace {

using detail::Need;
using detail::Node;
using detail::PayloadReader;
using detail::TimeForm;
using order::OrderStatus;

constexpr std::string_view kWhat = "the Shopify order";

// Σ of the "amount" members of an array of objects (discount_allocations, transactions).
std::int64_t SumAmounts(PayloadReader& reader, const Node& array, int digits) {
  std::int64_t sum = 0;
  for (std::size_t idx = 0; idx < reader.Size(array) && reader.ok(); ++idx) {
    const Node element = reader.Element(array, idx);
    sum += reader.Decimal(element, "amount", Need::kRequired, digits).value_or(0);  // each ≤ 10^12
  }
  return sum;
}

// Reads line_items into order.lines; returns the sum of the line-level discounts.
std::int64_t ReadLines(PayloadReader& reader, const Node& root, int digits, order::Order& order) {
  const Node items = reader.Array(root, "line_items", Need::kRequired);
  if (reader.Size(items) > order::kMaxLinesPerOrder) {
    reader.Fail(items.at, "too_many", "at most " + std::to_string(order::kMaxLinesPerOrder) + " lines");
    return 0;
  }
  std::int64_t line_discounts = 0;
  for (std::size_t line_idx = 0; line_idx < reader.Size(items) && reader.ok(); ++line_idx) {
    const Node item = reader.Element(items, line_idx);
    if (!item.present() || !item.value->IsObject()) {
      reader.Fail(item.at, "type", "must be an object");
      break;
    }
    const std::string id = reader.Identifier(item, "id", Need::kOptional);
    const std::string variant = reader.Identifier(item, "variant_id", Need::kOptional);
    std::string sku = detail::SkuOrFallback(reader.Identifier(item, "sku", Need::kOptional, detail::kMaxSku),
                                            "shopify", variant.empty() ? "line" : "variant",
                                            variant.empty() ? id : variant);
    std::string title = reader.FreeText(item, "name", detail::kMaxTitle);
    if (title.empty()) title = reader.FreeText(item, "title", detail::kMaxTitle);
    const auto qty = reader.Integer(item, "quantity", Need::kRequired, 1, order::kMaxLineQty);
    const auto price = reader.Decimal(item, "price", Need::kRequired, digits);
    const Node allocations = reader.Array(item, "discount_allocations", Need::kOptional);
    // discount_allocations is the current field; total_discount the older one it replaced.
    const std::int64_t discount = reader.Size(allocations) > 0
                                      ? SumAmounts(reader, allocations, digits)
                                      : reader.Decimal(item, "total_discount", Need::kOptional, digits).value_or(0);
    if (!reader.ok() || !qty || !price) break;
    const auto gross = detail::LineGross(reader, reader.Child(item, "price").at, *qty, *price);
    if (!gross) break;
    if (discount > *gross) {
      reader.Fail(reader.Child(item, "total_discount").at, "discount_exceeds_line",
                  "the line's discounts are more than quantity × price");
      break;
    }
    line_discounts += discount;
    order.lines.push_back(detail::MakeLine(std::move(sku), std::move(title), *qty, *price, *gross - discount));
  }
  return line_discounts;
}

void ReadAddress(PayloadReader& reader, const Node& root, ChannelOrder& out) {
  const Node address = reader.Object(root, "shipping_address", Need::kRequired);
  if (!address.present()) return;
  order::Address& to = out.order.shipping_address;
  to.name = reader.Field(address, "name", detail::kMaxShortText);
  if (to.name.empty()) {
    to.name = detail::JoinStreet(reader.Field(address, "first_name", detail::kMaxShortText),
                                 reader.Field(address, "last_name", detail::kMaxShortText));
  }
  to.country = reader.Field(address, "country_code", 2);
  if (to.country.size() != 2 || !std::isupper(static_cast<unsigned char>(to.country[0])) ||
      !std::isupper(static_cast<unsigned char>(to.country[1]))) {
    reader.Fail(reader.Child(address, "country_code").at, "format", "must be an ISO 3166-1 alpha-2 code");
    return;
  }
  // The most specific region Shopify gives; countries without provinces route by country.
  to.province = reader.Field(address, "province", detail::kMaxRegion);
  if (to.province.empty()) to.province = reader.Field(address, "province_code", detail::kMaxRegion);
  if (to.province.empty()) to.province = reader.Field(address, "country", detail::kMaxRegion);
  if (to.province.empty()) to.province = to.country;
  to.city = reader.Field(address, "city", detail::kMaxRegion);
  if (to.city.empty()) reader.Fail(reader.Child(address, "city").at, "required", "a shipping address needs a city");
  to.street = detail::JoinStreet(reader.Field(address, "address1", detail::kMaxStreet),
                                 reader.Field(address, "address2", detail::kMaxStreet));
  if (to.street.size() > detail::kMaxStreet) {
    reader.Fail(reader.Child(address, "address2").at, "too_long", "the street lines are too long together");
  }
  to.postcode = reader.Field(address, "zip", detail::kMaxPostcode);
  std::string phone = reader.Field(address, "phone", 64);
  if (phone.empty()) phone = reader.Field(root, "phone", 64);
  detail::SetReceiverPhone(std::move(phone), out);
}

// Fulfilments that did not fail: each is a parcel with (maybe) tracking.
void ReadFulfilments(PayloadReader& reader, const Node& root, ChannelOrder& out,
                     std::vector<std::string>& shipment_statuses) {
  const Node fulfilments = reader.Array(root, "fulfillments", Need::kOptional);
  for (std::size_t idx = 0; idx < reader.Size(fulfilments) && reader.ok(); ++idx) {
    const Node fulfilment = reader.Element(fulfilments, idx);
    const std::string_view status = reader.Text(fulfilment, "status", Need::kOptional);
    if (status == "cancelled" || status == "error" || status == "failure") continue;
    ChannelShipment shipment;
    shipment.carrier = reader.Field(fulfilment, "tracking_company", detail::kMaxShortText);
    shipment.tracking_number = reader.Field(fulfilment, "tracking_number", detail::kMaxShortText);
    shipment.shipped_at = reader.Time(fulfilment, "created_at", Need::kOptional, TimeForm::kRfc3339);
    out.shipments.push_back(std::move(shipment));
    shipment_statuses.emplace_back(reader.Text(fulfilment, "shipment_status", Need::kOptional));
  }
}

// A fulfilled order moves on with its carriers: the least advanced parcel decides.
OrderStatus RefineByTracking(OrderStatus status, const std::vector<std::string>& shipment_statuses) {
  if (status != OrderStatus::kShipped || shipment_statuses.empty()) return status;
  int least = 3;  // 3 delivered, 2 out_for_delivery, 1 in_transit, 0 nothing known
  for (const std::string& shipment : shipment_statuses) {
    const int stage = shipment == "delivered" ? 3 : shipment == "out_for_delivery" ? 2 : shipment == "in_transit" ? 1 : 0;
    least = std::min(least, stage);
  }
  constexpr OrderStatus kStages[] = {OrderStatus::kShipped, OrderStatus::kInTransit, OrderStatus::kOutForDelivery,
                                     OrderStatus::kDelivered};
  return kStages[least];
}

std::int64_t ReadRefunds(PayloadReader& reader, const Node& root, int digits) {
  std::int64_t refunded = 0;
  const Node refunds = reader.Array(root, "refunds", Need::kOptional);
  for (std::size_t refund_idx = 0; refund_idx < reader.Size(refunds) && reader.ok(); ++refund_idx) {
    const Node refund = reader.Element(refunds, refund_idx);
    const Node transactions = reader.Array(refund, "transactions", Need::kOptional);
    for (std::size_t tx_idx = 0; tx_idx < reader.Size(transactions) && reader.ok(); ++tx_idx) {
      const Node transaction = reader.Element(transactions, tx_idx);
      if (reader.Text(transaction, "kind", Need::kOptional) != "refund") continue;
      if (reader.Text(transaction, "status", Need::kOptional) != "success") continue;
      refunded += reader.Decimal(transaction, "amount", Need::kRequired, digits).value_or(0);
      if (refunded > detail::kMaxAmount) {
        reader.Fail(transaction.at, "too_large", "refunds add up to more than the bounds");
      }
    }
  }
  return refunded;
}

core::Result<ChannelOrder> MapOrderNode(PayloadReader& reader, const Node& root, core::UnixMillis now) {
  if (!root.present() || !root.value->IsObject()) {
    reader.Fail(root.at, "type", "a Shopify order must be a JSON object");
    return reader.TakeError(kWhat);
  }
  ChannelOrder out;
  order::Order& order = out.order;
  order.channel = "shopify";
  order.external_id = reader.Identifier(root, "id", Need::kRequired);
  order.currency = reader.Identifier(root, "currency", Need::kRequired, 3);
  const auto currency = core::FindCurrency(order.currency);
  if (reader.ok() && !currency) {
    reader.Fail(reader.Child(root, "currency").at, "unknown_currency", "must be an ISO 4217 currency code");
  }
  const int digits = currency ? currency->minor_digits : 2;
  order.created_at = reader.Time(root, "created_at", Need::kRequired, TimeForm::kRfc3339).value_or(0);
  out.channel_updated_at = reader.Time(root, "updated_at", Need::kOptional, TimeForm::kRfc3339);
  order.buyer_note = reader.FreeText(root, "note", detail::kMaxNote);
  const Node customer = reader.Object(root, "customer", Need::kOptional);
  out.buyer_id = reader.Identifier(customer, "id", Need::kOptional);
  order.customer_ref = out.buyer_id;
  out.buyer_email = reader.Field(root, "email", detail::kMaxShortText);
  if (out.buyer_email.empty()) out.buyer_email = reader.Field(root, "contact_email", detail::kMaxShortText);

  const std::int64_t line_discounts = ReadLines(reader, root, digits, order);
  ReadAddress(reader, root, out);

  // Status: financial × fulfilment × cancelled_at (status_mapping.cpp).
  const std::string financial(reader.Text(root, "financial_status", Need::kRequired));
  const std::string fulfilment(reader.Text(root, "fulfillment_status", Need::kOptional));
  const bool cancelled = reader.Child(root, "cancelled_at").present();
  out.raw_status = financial + "/" + (fulfilment.empty() ? "unfulfilled" : fulfilment) + (cancelled ? "/cancelled" : "");
  out.partially_shipped = fulfilment == "partial";
  const StatusDecision decision = MapShopifyStatus(financial, fulfilment, cancelled);
  const bool fulfilment_unknown = MapShopifyStatus("paid", fulfilment, false).code == "unknown_status";
  if (reader.ok()) {
    detail::ApplyStatus(reader, reader.Child(root, fulfilment_unknown ? "fulfillment_status" : "financial_status").at,
                        decision, out);
  }
  std::vector<std::string> shipment_statuses;
  ReadFulfilments(reader, root, out, shipment_statuses);
  if (fulfilment == "fulfilled") order.status = RefineByTracking(order.status, shipment_statuses);

  // Totals.
  std::int64_t shipping = 0;
  std::int64_t shipping_discounts = 0;
  const Node shipping_lines = reader.Array(root, "shipping_lines", Need::kOptional);
  for (std::size_t idx = 0; idx < reader.Size(shipping_lines) && reader.ok(); ++idx) {
    const Node line = reader.Element(shipping_lines, idx);
    shipping += reader.Decimal(line, "price", Need::kRequired, digits).value_or(0);
    shipping_discounts += SumAmounts(reader, reader.Array(line, "discount_allocations", Need::kOptional), digits);
  }
  if (shipping > detail::kMaxAmount) reader.Fail(shipping_lines.at, "too_large", "shipping exceeds the bounds");
  const bool taxes_included = reader.Bool(root, "taxes_included").value_or(false);
  const std::int64_t tax_total = reader.Decimal(root, "total_tax", Need::kOptional, digits).value_or(0);
  const std::int64_t tax = taxes_included ? 0 : tax_total;
  const auto grand_total = reader.Decimal(root, "total_price", Need::kRequired, digits);
  const auto total_discounts = reader.Decimal(root, "total_discounts", Need::kOptional, digits);
  if (!reader.ok()) return reader.TakeError(kWhat);

  std::optional<std::int64_t> order_discount;
  if (total_discounts) {
    std::int64_t items = 0;
    for (const auto& line : order.lines) items += line.line_total;
    order_discount = *total_discounts - line_discounts;
    // Whether total_discounts counts shipping discounts has varied; accept either reading.
    if (items + shipping + tax - *order_discount != *grand_total && shipping_discounts > 0) {
      *order_discount += shipping_discounts;
    }
  }
  detail::SettleTotals(reader, reader.Child(root, "line_items").at, reader.Child(root, "total_price").at, order,
                       shipping, tax, *grand_total, order_discount);

  if (financial == "authorized" || financial == "paid" || financial == "partially_paid" ||
      financial == "partially_refunded" || financial == "refunded") {
    order.paid_at = reader.Time(root, "processed_at", Need::kOptional, TimeForm::kRfc3339);
    if (!order.paid_at) order.paid_at = order.created_at;
    order::Payment payment;
    std::string_view gateway = reader.Text(root, "gateway", Need::kOptional);
    const Node gateways = reader.Array(root, "payment_gateway_names", Need::kOptional);
    const Node first_gateway = reader.Element(gateways, 0);
    if (gateway.empty() && first_gateway.present() && first_gateway.value->IsString()) {
      gateway = core::AsView(*first_gateway.value);
    }
    payment.method = detail::PaymentMethodName(core::IsValidUtf8(gateway) ? gateway : std::string_view{});
    payment.amount = *grand_total;
    payment.paid_at = order.paid_at;
    order.payments.push_back(std::move(payment));
  }
  out.refunded_total = ReadRefunds(reader, root, digits);
  if (!reader.ok()) return reader.TakeError(kWhat);
  order.received_at = now;
  order.updated_at = now;
  return out;
}

}  // namespace

core::Result<ChannelOrder> MapShopifyOrder(std::string_view raw_json, core::UnixMillis now) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParsePayload(raw_json, doc));
  PayloadReader reader;
  const Node root = reader.Root(doc);
  const Node wrapped = reader.Object(root, "order", Need::kOptional);
  return MapOrderNode(reader, wrapped.present() ? wrapped : root, now);
}

core::Result<ChannelBatch> MapShopifyOrders(std::string_view raw_json, core::UnixMillis now) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParsePayload(raw_json, doc));
  PayloadReader list_reader;
  const Node root = list_reader.Root(doc);
  const Node orders = list_reader.Array(root, "orders", Need::kRequired);
  if (!list_reader.ok()) return list_reader.TakeError("the Shopify order list");
  ChannelBatch batch;
  for (std::size_t order_idx = 0; order_idx < list_reader.Size(orders); ++order_idx) {
    PayloadReader reader;
    batch.push_back(MapOrderNode(reader, reader.Element(orders, order_idx), now));
  }
  return batch;
}

}  // namespace ordo::channels
