#include "channels/douyin.hpp"

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

constexpr std::string_view kWhat = "the Douyin shop order";
constexpr std::int64_t kMaxStatusCode = 1'000'000;

bool IsFinishedRefund(std::int64_t main_status) { return main_status == 21 || main_status == 22 || main_status == 39; }

void ReadSkuOrders(PayloadReader& reader, const Node& root, ChannelOrder& out) {
  const Node skus = reader.Array(root, "sku_order_list", Need::kRequired);
  if (reader.Size(skus) > order::kMaxLinesPerOrder) {
    reader.Fail(skus.at, "too_many", "at most " + std::to_string(order::kMaxLinesPerOrder) + " lines");
    return;
  }
  for (std::size_t line_idx = 0; line_idx < reader.Size(skus) && reader.ok(); ++line_idx) {
    const Node sku_order = reader.Element(skus, line_idx);
    if (!sku_order.present() || !sku_order.value->IsObject()) {
      reader.Fail(sku_order.at, "type", "must be an object");
      return;
    }
    std::string code = reader.Identifier(sku_order, "code", Need::kOptional, detail::kMaxSku);
    if (code.empty()) code = reader.Identifier(sku_order, "out_sku_id", Need::kOptional, detail::kMaxSku);
    std::string sku = detail::SkuOrFallback(std::move(code), "douyin", "sku",
                                            reader.Identifier(sku_order, "sku_id", Need::kOptional));
    std::string title = reader.FreeText(sku_order, "product_name", detail::kMaxTitle);
    const auto qty = reader.Integer(sku_order, "item_num", Need::kRequired, 1, order::kMaxLineQty);
    const auto price = reader.Fen(sku_order, "origin_amount", Need::kRequired);
    const auto sum = reader.Fen(sku_order, "sum_amount", Need::kOptional);
    const std::int64_t promotion = reader.Fen(sku_order, "promotion_amount", Need::kOptional).value_or(0);
    if (!reader.ok() || !qty || !price) return;
    const auto gross = detail::LineGross(reader, reader.Child(sku_order, "origin_amount").at, *qty, *price);
    if (!gross) return;
    if (sum && *sum != *gross) {
      reader.Fail(reader.Child(sku_order, "sum_amount").at, "total_mismatch", "sum_amount is not item_num × origin_amount");
      return;
    }
    if (promotion > *gross) {
      reader.Fail(reader.Child(sku_order, "promotion_amount").at, "discount_exceeds_line",
                  "the sku's promotions are more than its price × quantity");
      return;
    }
    out.order.lines.push_back(detail::MakeLine(std::move(sku), std::move(title), *qty, *price, *gross - promotion));
    const auto sku_status = reader.Integer(sku_order, "main_status", Need::kOptional, 0, kMaxStatusCode);
    if (sku_status && IsFinishedRefund(*sku_status)) {
      out.refunded_total += reader.Fen(sku_order, "pay_amount", Need::kOptional).value_or(*gross - promotion);
    }
  }
}

// Receiver: clear values (older API versions) are used; ciphertext and masked values are not.
void ReadReceiver(PayloadReader& reader, const Node& root, ChannelOrder& out) {
  order::Address& to = out.order.shipping_address;
  to.country = "CN";
  const Node address = reader.Object(root, "post_addr", Need::kRequired);
  const auto area_name = [&](std::string_view key) {
    const Node area = reader.Object(address, key, Need::kOptional);
    return reader.Field(area, "name", detail::kMaxRegion);
  };
  to.province = area_name("province");
  if (reader.ok() && to.province.empty()) {
    reader.Fail(address.at.Member("province"), "required", "the address needs a province");
    return;
  }
  to.city = area_name("city");
  if (to.city.empty()) to.city = to.province;
  to.district = area_name("town");  // Douyin's "town" is the district (区县)
  const std::string township = area_name("street");
  const std::string detail_text = reader.Field(address, "detail", detail::kMaxStreet);
  to.street = !detail_text.empty() && !detail::LooksMasked(detail_text) ? detail::JoinStreet(township, detail_text)
                                                                        : township;
  if (to.street.size() > detail::kMaxStreet) to.street = township;

  std::string name = reader.Field(root, "post_receiver", detail::kMaxShortText);
  if (!detail::LooksMasked(name)) to.name = std::move(name);
  const std::string clear_phone = reader.Field(root, "post_tel", 64);
  if (!clear_phone.empty()) {
    detail::SetReceiverPhone(clear_phone, out);
    return;
  }
  const std::string_view cipher_phone = reader.Text(root, "encrypt_post_tel", Need::kOptional);
  if (!cipher_phone.empty()) {
    out.contact_form = ContactForm::kEncrypted;
    out.receiver_token = reader.Identifier(root, "open_address_id", Need::kOptional, 1024);
    if (out.receiver_token.empty() && cipher_phone.size() <= 1024) out.receiver_token = std::string(cipher_phone);
    return;
  }
  out.contact_form = reader.Text(root, "mask_post_tel", Need::kOptional).empty() ? ContactForm::kAbsent
                                                                                 : ContactForm::kMasked;
}

void ReadLogistics(PayloadReader& reader, const Node& root, ChannelOrder& out) {
  const Node parcels = reader.Array(root, "logistics_info", Need::kOptional);
  for (std::size_t idx = 0; idx < reader.Size(parcels) && reader.ok(); ++idx) {
    const Node parcel = reader.Element(parcels, idx);
    ChannelShipment shipment;
    shipment.carrier = reader.Field(parcel, "company_name", detail::kMaxShortText);
    if (shipment.carrier.empty()) shipment.carrier = reader.Field(parcel, "company", detail::kMaxShortText);
    shipment.tracking_number = reader.Field(parcel, "tracking_no", detail::kMaxShortText);
    shipment.shipped_at = reader.Time(parcel, "ship_time", Need::kOptional, TimeForm::kUnixSeconds);
    if (!shipment.tracking_number.empty()) out.shipments.push_back(std::move(shipment));
  }
}

std::string PaymentMethod(std::int64_t pay_type) {
  // 【支付类型】0货到付款 1微信 2支付宝 3小程序 4银行卡 5余额 7无需支付 8DOU分期 9新卡支付 12先用后付 16收银台
  switch (pay_type) {
    case 0: return "cash_on_delivery";
    case 1: return "wechat_pay";
    case 2: return "alipay";
    case 3: return "mini_program";
    case 4: return "card";
    case 5: return "douyin_balance";
    case 7: return "no_payment_needed";
    case 8: return "dou_installment";
    case 9: return "card";
    case 12: return "pay_later";
    case 16: return "douyin_cashier";
    default: return "douyin_other";
  }
}

void ApplyDouyinStatus(PayloadReader& reader, const Node& root, ChannelOrder& out) {
  const auto main_status = reader.Integer(root, "main_status", Need::kOptional, 0, kMaxStatusCode);
  const auto order_status = reader.Integer(root, "order_status", main_status ? Need::kOptional : Need::kRequired, 0,
                                           kMaxStatusCode);
  if (!reader.ok()) return;
  const bool use_main = main_status && (MapDouyinStatus(*main_status).unified || !order_status);
  const std::int64_t code = use_main ? *main_status : *order_status;
  const std::string_view field = use_main ? "main_status" : "order_status";
  out.raw_status = std::string(field) + "=" + std::to_string(code);
  out.partially_shipped = code == 101;
  detail::ApplyStatus(reader, reader.Child(root, field).at, MapDouyinStatus(code), out);
}

core::Result<ChannelOrder> MapShopOrder(PayloadReader& reader, const Node& root, core::UnixMillis now) {
  if (!root.present() || !root.value->IsObject()) {
    reader.Fail(root.at, "type", "a shop order must be a JSON object");
    return reader.TakeError(kWhat);
  }
  ChannelOrder out;
  order::Order& order = out.order;
  order.channel = "douyin";
  order.currency = "CNY";
  order.external_id = reader.Identifier(root, "order_id", Need::kRequired);
  order.created_at = reader.Time(root, "create_time", Need::kRequired, TimeForm::kUnixSeconds).value_or(0);
  order.paid_at = reader.Time(root, "pay_time", Need::kOptional, TimeForm::kUnixSeconds);
  out.channel_updated_at = reader.Time(root, "update_time", Need::kOptional, TimeForm::kUnixSeconds);
  order.buyer_note = reader.FreeText(root, "buyer_words", detail::kMaxNote);
  out.buyer_id = reader.Identifier(root, "doudian_open_id", Need::kOptional, 512);
  order.customer_ref = detail::CutUtf8(out.buyer_id, detail::kMaxShortText);
  ApplyDouyinStatus(reader, root, out);

  ReadSkuOrders(reader, root, out);
  ReadReceiver(reader, root, out);
  ReadLogistics(reader, root, out);
  const std::int64_t post = reader.Fen(root, "post_amount", Need::kOptional).value_or(0);
  const std::int64_t tax = reader.Fen(root, "tax_amount", Need::kOptional).value_or(0);
  const auto order_amount = reader.Fen(root, "order_amount", Need::kRequired);
  const auto pay_amount = reader.Fen(root, "pay_amount", Need::kOptional);
  const auto pay_type = reader.Integer(root, "pay_type", Need::kOptional, 0, kMaxStatusCode);
  if (!reader.ok()) return reader.TakeError(kWhat);
  detail::SettleTotals(reader, reader.Child(root, "sku_order_list").at, reader.Child(root, "order_amount").at, order,
                       post, tax, *order_amount, std::nullopt);
  if (order.paid_at) {
    order::Payment paid;
    paid.method = PaymentMethod(pay_type.value_or(-1));
    paid.transaction_id = reader.Field(root, "channel_payment_no", detail::kMaxShortText);
    paid.amount = pay_amount.value_or(*order_amount);
    paid.paid_at = order.paid_at;
    order.payments.push_back(std::move(paid));
  }
  if (!reader.ok()) return reader.TakeError(kWhat);
  order.received_at = now;
  order.updated_at = now;
  return out;
}

// The API envelope: err_no 0 (older) and code 10000 (newer) mean success.
void CheckEnvelope(PayloadReader& reader, const Node& root) {
  const auto err_no = reader.Integer(root, "err_no", Need::kOptional, -kMaxStatusCode, kMaxStatusCode);
  if (err_no && *err_no != 0) {
    reader.Fail(reader.Child(root, "err_no").at, "channel_error", "the response reports an error, not an order");
    return;
  }
  const auto code = reader.Integer(root, "code", Need::kOptional, -kMaxStatusCode, kMaxStatusCode);
  if (code && *code != 10000) {
    reader.Fail(reader.Child(root, "code").at, "channel_error", "the response reports an error, not an order");
  }
}

}  // namespace

core::Result<ChannelOrder> MapDouyinOrder(std::string_view raw_json, core::UnixMillis now) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParsePayload(raw_json, doc));
  PayloadReader reader;
  const Node root = reader.Root(doc);
  const Node data = reader.Object(root, "data", Need::kOptional);
  if (!data.present()) return MapShopOrder(reader, root, now);
  CheckEnvelope(reader, root);
  const Node shop_order = reader.Object(data, "shop_order_detail", Need::kRequired);
  if (!reader.ok()) return reader.TakeError(kWhat);
  return MapShopOrder(reader, shop_order, now);
}

core::Result<ChannelBatch> MapDouyinOrders(std::string_view raw_json, core::UnixMillis now) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParsePayload(raw_json, doc));
  PayloadReader list_reader;
  const Node root = list_reader.Root(doc);
  CheckEnvelope(list_reader, root);
  const Node data = list_reader.Object(root, "data", Need::kRequired);
  const Node list = list_reader.Array(data, "shop_order_list", Need::kOptional);
  if (!list_reader.ok()) return list_reader.TakeError("the Douyin shop order list");
  ChannelBatch batch;
  for (std::size_t order_idx = 0; order_idx < list_reader.Size(list); ++order_idx) {
    PayloadReader reader;
    batch.push_back(MapShopOrder(reader, reader.Element(list, order_idx), now));
  }
  return batch;
}

}  // namespace ordo::channels
