#include "channels/jd.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "channels/detail/order_builder.hpp"
#include "channels/detail/payload_reader.hpp"
#include "channels/status_mapping.hpp"

namespace ordo::channels {
namespace {

using detail::Need;
using detail::Node;
using detail::PayloadReader;
using detail::TimeForm;

constexpr std::string_view kWhat = "the JD order";
constexpr int kFenDigits = 2;

// couponDetailList entries that name a skuId are that line's own promotions (type 30 单品促销).
struct SkuCoupon {
  std::string sku_id;
  std::int64_t amount;
};

std::vector<SkuCoupon> ReadSkuCoupons(PayloadReader& reader, const Node& info) {
  std::vector<SkuCoupon> coupons;
  const Node list = reader.Array(info, "couponDetailList", Need::kOptional);
  for (std::size_t idx = 0; idx < reader.Size(list) && reader.ok(); ++idx) {
    const Node coupon = reader.Element(list, idx);
    std::string sku_id = reader.Identifier(coupon, "skuId", Need::kOptional);
    const std::int64_t amount = reader.Decimal(coupon, "couponPrice", Need::kRequired, kFenDigits).value_or(0);
    if (!sku_id.empty()) coupons.push_back({std::move(sku_id), amount});
  }
  return coupons;
}

// Lines; returns Σ qty × jdPrice to check against orderTotalPrice.
std::int64_t ReadItems(PayloadReader& reader, const Node& info, std::vector<SkuCoupon>& coupons, order::Order& order) {
  const Node items = reader.Array(info, "itemInfoList", Need::kRequired);
  if (reader.Size(items) > order::kMaxLinesPerOrder) {
    reader.Fail(items.at, "too_many", "at most " + std::to_string(order::kMaxLinesPerOrder) + " lines");
    return 0;
  }
  std::int64_t gross_sum = 0;
  for (std::size_t line_idx = 0; line_idx < reader.Size(items) && reader.ok(); ++line_idx) {
    const Node item = reader.Element(items, line_idx);
    if (!item.present() || !item.value->IsObject()) {
      reader.Fail(item.at, "type", "must be an object");
      return 0;
    }
    const std::string sku_id = reader.Identifier(item, "skuId", Need::kRequired);
    std::string code = reader.Identifier(item, "outerSkuId", Need::kOptional, detail::kMaxSku);
    if (code.empty()) code = reader.Identifier(item, "productNo", Need::kOptional, detail::kMaxSku);
    std::string sku = detail::SkuOrFallback(std::move(code), "jd", "sku", sku_id);
    std::string title = reader.FreeText(item, "skuName", detail::kMaxTitle);
    const auto qty = reader.Integer(item, "itemTotal", Need::kRequired, 1, order::kMaxLineQty);
    const auto price = reader.Decimal(item, "jdPrice", Need::kRequired, kFenDigits);
    if (!reader.ok() || !qty || !price) return 0;
    const auto gross = detail::LineGross(reader, reader.Child(item, "jdPrice").at, *qty, *price);
    if (!gross) return 0;
    std::int64_t discount = 0;
    for (SkuCoupon& coupon : coupons) {
      if (coupon.sku_id != sku_id) continue;
      discount += coupon.amount;
      coupon.amount = 0;  // a coupon counts once even when the sku repeats on two lines
    }
    if (discount > *gross) {
      reader.Fail(reader.Child(info, "couponDetailList").at, "discount_exceeds_line",
                  "a sku's promotions are more than quantity × price");
      return 0;
    }
    gross_sum += *gross;
    order.lines.push_back(detail::MakeLine(std::move(sku), std::move(title), *qty, *price, *gross - discount));
  }
  return gross_sum;
}

void ReadConsignee(PayloadReader& reader, const Node& info, ChannelOrder& out) {
  const Node consignee = reader.Object(info, "consigneeInfo", Need::kRequired);
  if (!consignee.present()) return;
  order::Address& to = out.order.shipping_address;
  to.country = "CN";
  to.province = reader.Field(consignee, "province", detail::kMaxRegion);
  if (to.province.empty()) {
    reader.Fail(reader.Child(consignee, "province").at, "required", "the consignee needs a province");
    return;
  }
  to.city = reader.Field(consignee, "city", detail::kMaxRegion);
  if (to.city.empty()) to.city = to.province;
  to.district = reader.Field(consignee, "county", detail::kMaxRegion);
  std::string name = reader.Field(consignee, "fullname", detail::kMaxShortText);
  if (!detail::LooksMasked(name)) to.name = std::move(name);
  std::string street = reader.Field(consignee, "fullAddress", detail::kMaxStreet);
  if (!detail::LooksMasked(street)) to.street = std::move(street);
  std::string phone = reader.Field(consignee, "mobile", 64);
  if (phone.empty()) phone = reader.Field(consignee, "telephone", 64);
  detail::SetReceiverPhone(std::move(phone), out);
}

// "a,b|c" with logisticsId "1|2": carriers split by '|', numbers within one carrier by ','.
void ReadWaybills(PayloadReader& reader, const Node& info, std::optional<core::UnixMillis> shipped_at,
                  ChannelOrder& out) {
  const std::string waybill = reader.Field(info, "waybill", 512);
  const std::string carriers = reader.Field(info, "logisticsId", detail::kMaxShortText);
  std::size_t carrier_pos = 0;
  std::size_t waybill_pos = 0;
  while (waybill_pos < waybill.size()) {
    const std::size_t group_end = std::min(waybill.find('|', waybill_pos), waybill.size());
    const std::size_t carrier_end = std::min(carriers.find('|', carrier_pos), carriers.size());
    const std::string carrier = carrier_pos < carriers.size() ? carriers.substr(carrier_pos, carrier_end - carrier_pos)
                                                              : std::string();
    std::size_t number_pos = waybill_pos;
    while (number_pos < group_end) {
      const std::size_t number_end = std::min(waybill.find(',', number_pos), group_end);
      std::string number = waybill.substr(number_pos, number_end - number_pos);
      if (!number.empty()) out.shipments.push_back({carrier, std::move(number), shipped_at});
      number_pos = number_end + 1;
    }
    waybill_pos = group_end + 1;
    carrier_pos = carrier_end + 1;
  }
}

std::string PaymentMethod(std::string_view pay_type) {
  // 1货到付款, 2邮局汇款, 3自提, 4在线支付, 5公司转账, 6银行卡转账
  constexpr std::pair<std::string_view, std::string_view> kMethods[] = {
      {"1", "cash_on_delivery"}, {"2", "postal_remittance"}, {"3", "pay_at_pickup"},
      {"4", "jd_online"},        {"5", "company_transfer"},  {"6", "bank_transfer"}};
  for (const auto& [code, method] : kMethods) {
    if (pay_type.starts_with(code)) return std::string(method);
  }
  return "jd_other";
}

core::Result<ChannelOrder> MapOrderInfo(PayloadReader& reader, const Node& info, core::UnixMillis now) {
  if (!info.present() || !info.value->IsObject()) {
    reader.Fail(info.at, "type", "an orderInfo must be a JSON object");
    return reader.TakeError(kWhat);
  }
  ChannelOrder out;
  order::Order& order = out.order;
  order.channel = "jd";
  order.currency = "CNY";
  order.external_id = reader.Identifier(info, "orderId", Need::kRequired);
  order.created_at = reader.Time(info, "orderStartTime", Need::kRequired, TimeForm::kBeijing).value_or(0);
  order.paid_at = reader.Time(info, "paymentConfirmTime", Need::kOptional, TimeForm::kBeijing);
  out.channel_updated_at = reader.Time(info, "modified", Need::kOptional, TimeForm::kBeijing);
  order.buyer_note = reader.FreeText(info, "orderRemark", detail::kMaxNote);
  for (std::string_view key : {"open_id_buyer", "open_id", "pin"}) {
    if (out.buyer_id.empty()) out.buyer_id = reader.Identifier(info, key, Need::kOptional, 256);
  }
  order.customer_ref = detail::CutUtf8(out.buyer_id, detail::kMaxShortText);

  const std::string state(reader.Text(info, "orderState", Need::kRequired));
  out.raw_status = state;
  if (reader.ok()) detail::ApplyStatus(reader, reader.Child(info, "orderState").at, MapJdStatus(state), out);

  std::vector<SkuCoupon> coupons = ReadSkuCoupons(reader, info);
  const std::int64_t gross_sum = ReadItems(reader, info, coupons, order);
  const auto total_price = reader.Decimal(info, "orderTotalPrice", Need::kRequired, kFenDigits);
  if (reader.ok() && *total_price != gross_sum) {
    reader.Fail(reader.Child(info, "orderTotalPrice").at, "total_mismatch",
                "orderTotalPrice is not Σ itemTotal × jdPrice");
  }
  ReadConsignee(reader, info, out);
  const std::int64_t freight = reader.Decimal(info, "freightPrice", Need::kOptional, kFenDigits).value_or(0);
  const auto payment = reader.Decimal(info, "orderPayment", Need::kRequired, kFenDigits);
  const std::int64_t balance = reader.Decimal(info, "balanceUsed", Need::kOptional, kFenDigits).value_or(0);
  if (!reader.ok()) return reader.TakeError(kWhat);
  detail::SettleTotals(reader, reader.Child(info, "itemInfoList").at, reader.Child(info, "orderPayment").at, order,
                       freight, 0, *payment + balance, std::nullopt);

  // Cash on delivery is collected by the carrier: no payment until then.
  const std::string pay_type(reader.Text(info, "payType", Need::kOptional));
  if (order.paid_at || !pay_type.starts_with("1")) {
    order::Payment paid;
    paid.method = PaymentMethod(pay_type);
    paid.amount = *payment;
    paid.paid_at = order.paid_at;
    order.payments.push_back(std::move(paid));
    if (balance > 0) order.payments.push_back(order::Payment{"jd_balance", "", balance, order.paid_at});
  }
  ReadWaybills(reader, info, reader.Time(info, "outBoundDate", Need::kOptional, TimeForm::kBeijing), out);
  if (!reader.ok()) return reader.TakeError(kWhat);
  order.received_at = now;
  order.updated_at = now;
  return out;
}

// JD names its response wrappers "<method>_responce"; accept the spelling fixed too.
Node ResponseObject(PayloadReader& reader, const Node& root, std::string_view misspelt, std::string_view spelt) {
  const Node node = reader.Object(root, misspelt, Need::kOptional);
  return node.present() ? node : reader.Object(root, spelt, Need::kOptional);
}

}  // namespace

core::Result<ChannelOrder> MapJdOrder(std::string_view raw_json, core::UnixMillis now) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParsePayload(raw_json, doc));
  PayloadReader reader;
  const Node root = reader.Root(doc);
  const Node response =
      ResponseObject(reader, root, "jingdong_pop_order_get_responce", "jingdong_pop_order_get_response");
  if (!response.present()) return MapOrderInfo(reader, root, now);
  const Node detail_info = reader.Object(response, "orderDetailInfo", Need::kRequired);
  const Node info = reader.Object(detail_info, "orderInfo", Need::kRequired);
  if (!reader.ok()) return reader.TakeError(kWhat);
  return MapOrderInfo(reader, info, now);
}

core::Result<ChannelBatch> MapJdOrders(std::string_view raw_json, core::UnixMillis now) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParsePayload(raw_json, doc));
  PayloadReader list_reader;
  const Node root = list_reader.Root(doc);
  const Node response =
      ResponseObject(list_reader, root, "jingdong_pop_order_search_responce", "jingdong_pop_order_search_response");
  if (!response.present()) {
    list_reader.Fail(root.at.Member("jingdong_pop_order_search_responce"), "required", "field is required");
    return list_reader.TakeError("the JD order list");
  }
  const Node result = list_reader.Object(response, "searchorderinfo_result", Need::kRequired);
  const Node list = list_reader.Array(result, "orderInfoList", Need::kOptional);
  if (!list_reader.ok()) return list_reader.TakeError("the JD order list");
  ChannelBatch batch;
  for (std::size_t order_idx = 0; order_idx < list_reader.Size(list); ++order_idx) {
    PayloadReader reader;
    batch.push_back(MapOrderInfo(reader, reader.Element(list, order_idx), now));
  }
  return batch;
}

}  // namespace ordo::channels
