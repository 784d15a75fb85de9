#include "channels/woocommerce.hpp"

#include <cctype>

#include "channels/detail/html_text.hpp"
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

constexpr std::string_view kWhat = "the WooCommerce order";

void ReadLines(PayloadReader& reader, const Node& root, int digits, order::Order& order) {
  const Node items = reader.Array(root, "line_items", Need::kRequired);
  if (reader.Size(items) > order::kMaxLinesPerOrder) {
    reader.Fail(items.at, "too_many", "at most " + std::to_string(order::kMaxLinesPerOrder) + " lines");
    return;
  }
  for (std::size_t line_idx = 0; line_idx < reader.Size(items) && reader.ok(); ++line_idx) {
    const Node item = reader.Element(items, line_idx);
    if (!item.present() || !item.value->IsObject()) {
      reader.Fail(item.at, "type", "must be an object");
      return;
    }
    std::string product = reader.Identifier(item, "product_id", Need::kOptional);
    const std::string variation = reader.Identifier(item, "variation_id", Need::kOptional);
    if (!variation.empty() && variation != "0") product += "-" + variation;
    std::string sku = detail::SkuOrFallback(reader.Identifier(item, "sku", Need::kOptional, detail::kMaxSku),
                                            "woocommerce", "product", product);
    std::string title = detail::DecodeHtmlEntities(reader.FreeText(item, "name", detail::kMaxTitle));
    const auto qty = reader.Integer(item, "quantity", Need::kRequired, 1, order::kMaxLineQty);
    const auto subtotal = reader.Decimal(item, "subtotal", Need::kRequired, digits);
    const auto total = reader.Decimal(item, "total", Need::kRequired, digits);
    if (!reader.ok() || !qty || !subtotal || !total) return;
    // ceil(subtotal / qty) × qty may pass the subtotal by up to qty − 1: it must stay in bounds.
    if (!detail::LineGross(reader, reader.Child(item, "subtotal").at, *qty, detail::CeilDiv(*subtotal, *qty))) return;
    if (*total > *subtotal) {
      reader.Fail(reader.Child(item, "total").at, "total_above_subtotal",
                  "a line total after coupons cannot exceed its subtotal");
      return;
    }
    order.lines.push_back(
        detail::MakeLine(std::move(sku), std::move(title), *qty, detail::CeilDiv(*subtotal, *qty), *total));
  }
}

// Fee lines: positive ones are charges (added to shipping), negative ones discounts.
void ReadFees(PayloadReader& reader, const Node& root, int digits, std::int64_t& charges, std::int64_t& discounts) {
  const Node fees = reader.Array(root, "fee_lines", Need::kOptional);
  for (std::size_t fee_idx = 0; fee_idx < reader.Size(fees) && reader.ok(); ++fee_idx) {
    const Node fee = reader.Element(fees, fee_idx);
    const std::int64_t amount = reader.Decimal(fee, "total", Need::kRequired, digits, true).value_or(0);
    (amount >= 0 ? charges : discounts) += amount >= 0 ? amount : -amount;
  }
  if (charges > detail::kMaxAmount || discounts > detail::kMaxAmount) {
    reader.Fail(fees.at, "too_large", "fees add up to more than the bounds");
  }
}

void ReadAddress(PayloadReader& reader, const Node& root, ChannelOrder& out) {
  const Node shipping = reader.Object(root, "shipping", Need::kOptional);
  const Node billing = reader.Object(root, "billing", Need::kOptional);
  // Virtual goods leave `shipping` empty; the billing address is then where the buyer is.
  const bool shipping_given = !reader.Field(shipping, "address_1", detail::kMaxStreet).empty() ||
                              !reader.Field(shipping, "city", detail::kMaxRegion).empty();
  const Node& from = shipping_given ? shipping : billing;
  if (!from.present()) {
    reader.Fail(reader.Child(root, "shipping").at, "required", "the order has neither a shipping nor a billing address");
    return;
  }
  order::Address& to = out.order.shipping_address;
  to.name = detail::JoinStreet(reader.Field(from, "first_name", detail::kMaxShortText),
                               reader.Field(from, "last_name", detail::kMaxShortText));
  to.country = reader.Field(from, "country", 2);
  if (to.country.empty()) to.country = "CN";
  if (to.country.size() != 2 || !std::isupper(static_cast<unsigned char>(to.country[0])) ||
      !std::isupper(static_cast<unsigned char>(to.country[1]))) {
    reader.Fail(reader.Child(from, "country").at, "format", "must be an ISO 3166-1 alpha-2 code");
    return;
  }
  to.province = reader.Field(from, "state", detail::kMaxRegion);
  if (to.province.empty()) to.province = to.country;  // countries without states route by country
  to.city = reader.Field(from, "city", detail::kMaxRegion);
  if (to.city.empty()) reader.Fail(reader.Child(from, "city").at, "required", "an address needs a city");
  to.street = detail::JoinStreet(reader.Field(from, "address_1", detail::kMaxStreet),
                                 reader.Field(from, "address_2", detail::kMaxStreet));
  if (to.street.size() > detail::kMaxStreet) {
    reader.Fail(reader.Child(from, "address_2").at, "too_long", "the street lines are too long together");
  }
  to.postcode = reader.Field(from, "postcode", detail::kMaxPostcode);
  std::string phone = reader.Field(shipping, "phone", 64);  // WooCommerce ≥ 5.6 has one here
  if (phone.empty()) phone = reader.Field(billing, "phone", 64);
  detail::SetReceiverPhone(std::move(phone), out);
  out.buyer_email = reader.Field(billing, "email", detail::kMaxShortText);
}

std::int64_t ReadRefunds(PayloadReader& reader, const Node& root, int digits) {
  std::int64_t refunded = 0;
  const Node refunds = reader.Array(root, "refunds", Need::kOptional);
  for (std::size_t refund_idx = 0; refund_idx < reader.Size(refunds) && reader.ok(); ++refund_idx) {
    // The list shows each refund's total as a negative amount ("-5.00").
    const std::int64_t total =
        reader.Decimal(reader.Element(refunds, refund_idx), "total", Need::kRequired, digits, true).value_or(0);
    refunded += total < 0 ? -total : total;
  }
  if (refunded > detail::kMaxAmount) reader.Fail(refunds.at, "too_large", "refunds add up to more than the bounds");
  return refunded;
}

core::Result<ChannelOrder> MapOrderNode(PayloadReader& reader, const Node& root, core::UnixMillis now) {
  if (!root.present() || !root.value->IsObject()) {
    reader.Fail(root.at, "type", "a WooCommerce order must be a JSON object");
    return reader.TakeError(kWhat);
  }
  ChannelOrder out;
  order::Order& order = out.order;
  order.channel = "woocommerce";
  order.external_id = reader.Identifier(root, "id", Need::kRequired);
  order.currency = reader.Identifier(root, "currency", Need::kRequired, 3);
  const auto currency = core::FindCurrency(order.currency);
  if (reader.ok() && !currency) {
    reader.Fail(reader.Child(root, "currency").at, "unknown_currency", "must be an ISO 4217 currency code");
  }
  const int digits = currency ? currency->minor_digits : 2;
  order.created_at = reader.Time(root, "date_created_gmt", Need::kRequired, TimeForm::kUtcWithoutZone).value_or(0);
  order.paid_at = reader.Time(root, "date_paid_gmt", Need::kOptional, TimeForm::kUtcWithoutZone);
  out.channel_updated_at = reader.Time(root, "date_modified_gmt", Need::kOptional, TimeForm::kUtcWithoutZone);
  const bool was_completed =
      reader.Time(root, "date_completed_gmt", Need::kOptional, TimeForm::kUtcWithoutZone).has_value();
  order.buyer_note = reader.FreeText(root, "customer_note", detail::kMaxNote);
  out.buyer_id = reader.Identifier(root, "customer_id", Need::kOptional);
  if (out.buyer_id == "0") out.buyer_id.clear();  // 0 is a guest checkout
  order.customer_ref = out.buyer_id;

  const std::string status(reader.Text(root, "status", Need::kRequired));
  out.raw_status = status;
  if (reader.ok()) detail::ApplyStatus(reader, reader.Child(root, "status").at, MapWooStatus(status, was_completed), out);

  ReadLines(reader, root, digits, order);
  ReadAddress(reader, root, out);
  std::int64_t fee_charges = 0;
  std::int64_t fee_discounts = 0;
  ReadFees(reader, root, digits, fee_charges, fee_discounts);
  const std::int64_t shipping_total = reader.Decimal(root, "shipping_total", Need::kOptional, digits).value_or(0);
  const std::int64_t tax = reader.Decimal(root, "total_tax", Need::kOptional, digits).value_or(0);
  const auto grand_total = reader.Decimal(root, "total", Need::kRequired, digits);
  if (!reader.ok()) return reader.TakeError(kWhat);
  detail::SettleTotals(reader, reader.Child(root, "line_items").at, reader.Child(root, "total").at, order,
                       shipping_total + fee_charges, tax, *grand_total, fee_discounts);

  if (order.paid_at) {
    order::Payment payment;
    payment.method = detail::PaymentMethodName(reader.Text(root, "payment_method", Need::kOptional));
    payment.transaction_id = reader.Field(root, "transaction_id", detail::kMaxShortText);
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

core::Result<ChannelOrder> MapWooOrder(std::string_view raw_json, core::UnixMillis now) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParsePayload(raw_json, doc));
  PayloadReader reader;
  return MapOrderNode(reader, reader.Root(doc), now);
}

core::Result<ChannelBatch> MapWooOrders(std::string_view raw_json, core::UnixMillis now) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParsePayload(raw_json, doc));
  PayloadReader list_reader;
  const Node root = list_reader.Root(doc);
  if (!doc.IsArray()) {
    list_reader.Fail(root.at, "type", "an order list is a JSON array");
    return list_reader.TakeError("the WooCommerce order list");
  }
  ChannelBatch batch;
  for (std::size_t order_idx = 0; order_idx < list_reader.Size(root); ++order_idx) {
    PayloadReader reader;
    batch.push_back(MapOrderNode(reader, reader.Element(root, order_idx), now));
  }
  return batch;
}

}  // namespace ordo::channels
