#include "channels/taobao.hpp"

#include <algorithm>
#include <utility>

#include "channels/detail/order_builder.hpp"
#include "channels/detail/payload_reader.hpp"
#include "channels/status_mapping.hpp"

namespace ordo::channels {
namespace {

using detail::Need;
using detail::Node;
using detail::PayloadReader;
using detail::TimeForm;

constexpr std::string_view kWhat = "the Taobao trade";
constexpr int kFenDigits = 2;

// Sub-orders: lines, refunds and parcels.
void ReadSubOrders(PayloadReader& reader, const Node& trade, ChannelOrder& out) {
  const Node orders = reader.Object(trade, "orders", Need::kRequired);
  const Node list = reader.Array(orders, "order", Need::kRequired);
  if (reader.Size(list) > order::kMaxLinesPerOrder) {
    reader.Fail(list.at, "too_many", "at most " + std::to_string(order::kMaxLinesPerOrder) + " lines");
    return;
  }
  for (std::size_t line_idx = 0; line_idx < reader.Size(list) && reader.ok(); ++line_idx) {
    const Node sub = reader.Element(list, line_idx);
    if (!sub.present() || !sub.value->IsObject()) {
      reader.Fail(sub.at, "type", "must be an object");
      return;
    }
    std::string code = reader.Identifier(sub, "outer_sku_id", Need::kOptional, detail::kMaxSku);
    if (code.empty()) code = reader.Identifier(sub, "outer_iid", Need::kOptional, detail::kMaxSku);
    const std::string sku_id = reader.Identifier(sub, "sku_id", Need::kOptional);
    std::string sku = sku_id.empty() ? detail::SkuOrFallback(std::move(code), "taobao", "item",
                                                             reader.Identifier(sub, "num_iid", Need::kOptional))
                                     : detail::SkuOrFallback(std::move(code), "taobao", "sku", sku_id);
    std::string title = reader.FreeText(sub, "title", detail::kMaxTitle);
    const auto qty = reader.Integer(sub, "num", Need::kRequired, 1, order::kMaxLineQty);
    const auto price = reader.Decimal(sub, "price", Need::kRequired, kFenDigits);
    const auto total = reader.Decimal(sub, "total_fee", Need::kRequired, kFenDigits);
    if (!reader.ok() || !qty || !price || !total) return;
    if (!detail::LineGross(reader, reader.Child(sub, "price").at, *qty, *price)) return;
    out.order.lines.push_back(detail::MakeLine(std::move(sku), std::move(title), *qty, *price, *total));

    if (reader.Text(sub, "refund_status", Need::kOptional) == "SUCCESS") {
      out.refunded_total += reader.Decimal(sub, "payment", Need::kOptional, kFenDigits).value_or(*total);
    }
    ChannelShipment shipment;
    shipment.carrier = reader.Field(sub, "logistics_company", detail::kMaxShortText);
    shipment.tracking_number = reader.Field(sub, "invoice_no", detail::kMaxShortText);
    shipment.shipped_at = reader.Time(sub, "consign_time", Need::kOptional, TimeForm::kBeijing);
    const bool known = std::any_of(out.shipments.begin(), out.shipments.end(), [&](const ChannelShipment& seen) {
      return seen.carrier == shipment.carrier && seen.tracking_number == shipment.tracking_number;
    });
    if (!shipment.tracking_number.empty() && !known) out.shipments.push_back(std::move(shipment));
  }
}

// Receiver fields: masked ones ("*") are not stored; the oaid lets a connection decrypt later.
void ReadReceiver(PayloadReader& reader, const Node& trade, ChannelOrder& out) {
  order::Address& to = out.order.shipping_address;
  to.country = "CN";
  to.province = reader.Field(trade, "receiver_state", detail::kMaxRegion);
  if (to.province.empty()) {
    reader.Fail(reader.Child(trade, "receiver_state").at, "required", "a trade needs the receiver's province");
    return;
  }
  to.city = reader.Field(trade, "receiver_city", detail::kMaxRegion);
  // Municipalities (北京, 上海 …) sometimes come without a city: the province is the city.
  if (to.city.empty()) to.city = to.province;
  to.district = reader.Field(trade, "receiver_district", detail::kMaxRegion);
  to.postcode = reader.Field(trade, "receiver_zip", detail::kMaxPostcode);
  std::string name = reader.Field(trade, "receiver_name", detail::kMaxShortText);
  if (!detail::LooksMasked(name)) to.name = std::move(name);
  std::string street = detail::JoinStreet(reader.Field(trade, "receiver_town", detail::kMaxRegion),
                                          reader.Field(trade, "receiver_address", detail::kMaxStreet));
  if (street.size() > detail::kMaxStreet) {
    reader.Fail(reader.Child(trade, "receiver_address").at, "too_long", "the street is too long");
  }
  if (!detail::LooksMasked(street)) to.street = std::move(street);
  std::string phone = reader.Field(trade, "receiver_mobile", 64);
  if (phone.empty()) phone = reader.Field(trade, "receiver_phone", 64);
  detail::SetReceiverPhone(std::move(phone), out);
  out.receiver_token = reader.Identifier(trade, "oaid", Need::kOptional, 512);
}

core::Result<ChannelOrder> MapTradeNode(PayloadReader& reader, const Node& trade, core::UnixMillis now) {
  if (!trade.present() || !trade.value->IsObject()) {
    reader.Fail(trade.at, "type", "a trade must be a JSON object");
    return reader.TakeError(kWhat);
  }
  ChannelOrder out;
  order::Order& order = out.order;
  order.channel = "taobao";
  order.currency = "CNY";
  order.external_id = reader.Identifier(trade, "tid_str", Need::kOptional);
  if (order.external_id.empty()) order.external_id = reader.Identifier(trade, "tid", Need::kRequired);
  order.created_at = reader.Time(trade, "created", Need::kRequired, TimeForm::kBeijing).value_or(0);
  order.paid_at = reader.Time(trade, "pay_time", Need::kOptional, TimeForm::kBeijing);
  out.channel_updated_at = reader.Time(trade, "modified", Need::kOptional, TimeForm::kBeijing);
  const bool consigned = reader.Time(trade, "consign_time", Need::kOptional, TimeForm::kBeijing).has_value();
  order.buyer_note = reader.FreeText(trade, "buyer_message", detail::kMaxNote);
  out.buyer_id = reader.Identifier(trade, "buyer_open_uid", Need::kOptional);
  if (out.buyer_id.empty()) out.buyer_id = reader.Identifier(trade, "buyer_nick", Need::kOptional);
  order.customer_ref = out.buyer_id;
  out.buyer_email = reader.Field(trade, "buyer_email", detail::kMaxShortText);

  const std::string status(reader.Text(trade, "status", Need::kRequired));
  out.raw_status = status;
  out.partially_shipped = status == "SELLER_CONSIGNED_PART";
  if (reader.ok()) detail::ApplyStatus(reader, reader.Child(trade, "status").at, MapTaobaoStatus(status, consigned), out);

  ReadSubOrders(reader, trade, out);
  ReadReceiver(reader, trade, out);
  const std::int64_t post_fee = reader.Decimal(trade, "post_fee", Need::kOptional, kFenDigits).value_or(0);
  const auto payment = reader.Decimal(trade, "payment", Need::kRequired, kFenDigits);
  if (!reader.ok()) return reader.TakeError(kWhat);
  const Node orders = reader.Child(trade, "orders");
  detail::SettleTotals(reader, reader.Child(orders, "order").at, reader.Child(trade, "payment").at, order, post_fee,
                       0, *payment, std::nullopt);
  if (order.paid_at) {
    order::Payment paid;
    paid.method = "alipay";
    paid.transaction_id = reader.Field(trade, "alipay_no", detail::kMaxShortText);
    paid.amount = *payment;
    paid.paid_at = order.paid_at;
    order.payments.push_back(std::move(paid));
  }
  if (!reader.ok()) return reader.TakeError(kWhat);
  order.received_at = now;
  order.updated_at = now;
  return out;
}

}  // namespace

core::Result<ChannelOrder> MapTaobaoTrade(std::string_view raw_json, core::UnixMillis now) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParsePayload(raw_json, doc));
  PayloadReader reader;
  const Node root = reader.Root(doc);
  const Node response = reader.Object(root, "trade_fullinfo_get_response", Need::kOptional);
  if (!response.present()) return MapTradeNode(reader, root, now);
  const Node trade = reader.Object(response, "trade", Need::kRequired);
  if (!reader.ok()) return reader.TakeError(kWhat);
  return MapTradeNode(reader, trade, now);
}

core::Result<ChannelBatch> MapTaobaoTrades(std::string_view raw_json, core::UnixMillis now) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParsePayload(raw_json, doc));
  PayloadReader list_reader;
  const Node root = list_reader.Root(doc);
  const Node response = list_reader.Object(root, "trades_sold_get_response", Need::kRequired);
  const Node trades = list_reader.Object(response, "trades", Need::kOptional);  // absent: no trades
  const Node list = list_reader.Array(trades, "trade", trades.present() ? Need::kRequired : Need::kOptional);
  if (!list_reader.ok()) return list_reader.TakeError("the Taobao trade list");
  ChannelBatch batch;
  for (std::size_t trade_idx = 0; trade_idx < list_reader.Size(list); ++trade_idx) {
    PayloadReader reader;
    batch.push_back(MapTradeNode(reader, reader.Element(list, trade_idx), now));
  }
  return batch;
}

}  // namespace ordo::channels
