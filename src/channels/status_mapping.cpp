#include "channels/status_mapping.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace ordo::channels {
namespace {

using order::OrderStatus;

constexpr StatusDecision To(OrderStatus status, std::string_view reason) {
  return StatusDecision{status, {}, reason, {}};
}
constexpr StatusDecision Held(OrderStatus status, std::string_view reason, std::string_view hold_reason) {
  return StatusDecision{status, {}, reason, hold_reason};
}
constexpr StatusDecision Refuse(std::string_view code, std::string_view reason) {
  return StatusDecision{std::nullopt, code, reason, {}};
}
constexpr StatusDecision Unknown() {
  return Refuse("unknown_status", "not a status the channel documents; the adapter will not guess");
}

// A flat table: one row per documented status, read top to bottom.
struct Row {
  std::string_view status;
  StatusDecision decision;
};

template <std::size_t N>
StatusDecision Find(const std::array<Row, N>& rows, std::string_view status) {
  for (const Row& row : rows) {
    if (row.status == status) return row.decision;
  }
  return Unknown();
}

// ---- Shopify -------------------------------------------------------------------------------

enum class ShopifyFulfilment { kNone, kPartial, kFull, kRestocked, kUnknown };

ShopifyFulfilment ReadShopifyFulfilment(std::string_view status) {
  if (status.empty() || status == "unfulfilled" || status == "pending") return ShopifyFulfilment::kNone;
  if (status == "partial") return ShopifyFulfilment::kPartial;
  if (status == "fulfilled") return ShopifyFulfilment::kFull;
  if (status == "restocked") return ShopifyFulfilment::kRestocked;
  return ShopifyFulfilment::kUnknown;
}

constexpr std::array<std::string_view, 8> kShopifyFinancial = {
    "pending", "authorized", "partially_paid", "paid", "partially_refunded", "refunded", "voided", "expired"};
constexpr std::array<std::string_view, 4> kShopifyFulfilment = {"unfulfilled", "partial", "fulfilled", "restocked"};

// Nothing has shipped yet: the payment decides.
StatusDecision ShopifyBeforeShipment(std::string_view financial) {
  static constexpr std::array<Row, 8> kRows = {{
      {"pending", To(OrderStatus::kPendingPayment, "payment not received yet")},
      {"authorized", To(OrderStatus::kPaid, "payment authorised; Shopify captures it at fulfilment, so it may ship")},
      {"partially_paid", To(OrderStatus::kPendingPayment, "only part paid: not released until paid in full")},
      {"paid", To(OrderStatus::kPaid, "paid, nothing shipped")},
      {"partially_refunded", To(OrderStatus::kPaid, "part refunded before shipping; the rest ships (refunded_total)")},
      {"refunded", To(OrderStatus::kCancelled, "refunded in full before anything shipped: a cancellation")},
      {"voided", To(OrderStatus::kCancelled, "authorisation voided before shipping: a cancellation")},
      {"expired", To(OrderStatus::kPendingPayment, "authorisation expired: payment must be collected again")},
  }};
  return Find(kRows, financial);
}

// Something has shipped (partial or fulfilled). `financial` is one of kShopifyFinancial.
StatusDecision ShopifyAfterShipment(std::string_view financial, bool cancelled) {
  if (financial == "refunded") return To(OrderStatus::kRefunded, "shipped, then refunded in full");
  if (cancelled) {
    return Refuse("needs_review", "cancelled after fulfilment without a full refund: Ordo has no such state");
  }
  if (financial == "voided" || financial == "expired") {
    return Refuse("needs_review", "goods shipped but the payment authorisation is gone: a person must decide");
  }
  return To(OrderStatus::kShipped, "at least one fulfilment left the warehouse (tracking refines it)");
}

}  // namespace

StatusDecision MapShopifyStatus(std::string_view financial_status, std::string_view fulfillment_status,
                                bool cancelled) {
  const ShopifyFulfilment fulfilment = ReadShopifyFulfilment(fulfillment_status);
  if (fulfilment == ShopifyFulfilment::kUnknown) return Unknown();
  if (std::find(kShopifyFinancial.begin(), kShopifyFinancial.end(), financial_status) == kShopifyFinancial.end()) {
    return Unknown();
  }
  switch (fulfilment) {
    case ShopifyFulfilment::kRestocked:
      return To(OrderStatus::kCancelled, "every line restocked and the order cancelled (Shopify's definition)");
    case ShopifyFulfilment::kNone:
      if (cancelled) return To(OrderStatus::kCancelled, "cancelled before anything shipped");
      return ShopifyBeforeShipment(financial_status);
    case ShopifyFulfilment::kPartial:
    case ShopifyFulfilment::kFull:
      return ShopifyAfterShipment(financial_status, cancelled);
    case ShopifyFulfilment::kUnknown:
      break;
  }
  return Unknown();
}

std::vector<StatusCase> ShopifyStatusCases() {
  std::vector<StatusCase> cases;
  for (bool cancelled : {false, true}) {
    for (std::string_view financial : kShopifyFinancial) {
      for (std::string_view fulfilment : kShopifyFulfilment) {
        std::string label = std::string(financial) + " × " + std::string(fulfilment);
        if (cancelled) label += ", cancelled_at set";
        cases.push_back({std::move(label), MapShopifyStatus(financial, fulfilment, cancelled)});
      }
    }
  }
  return cases;
}

// ---- WooCommerce ---------------------------------------------------------------------------

namespace {
constexpr std::array<Row, 8> kWooRows = {{
    {"pending", To(OrderStatus::kPendingPayment, "order received, no payment yet")},
    {"processing", To(OrderStatus::kPaid, "payment received, awaiting fulfilment")},
    {"on-hold", To(OrderStatus::kPendingPayment, "awaiting payment confirmation (bank transfer, cheque)")},
    {"completed", To(OrderStatus::kShipped, "WooCommerce 'completed' means fulfilled, i.e. shipped — not delivered")},
    {"cancelled", To(OrderStatus::kCancelled, "cancelled by an admin or the customer")},
    {"failed", To(OrderStatus::kPendingPayment, "payment failed or declined; the customer may still pay again")},
    {"checkout-draft", Refuse("not_an_order", "a cart in the block checkout, not an order yet")},
    {"trash", Refuse("deleted", "moved to the trash in WooCommerce; restore it there to ingest it")},
}};
}  // namespace

StatusDecision MapWooStatus(std::string_view status, bool was_completed) {
  if (status == "refunded") {
    return was_completed ? To(OrderStatus::kRefunded, "refunded after it was completed (shipped)")
                         : To(OrderStatus::kCancelled, "refunded before it was ever completed: a cancellation");
  }
  return Find(kWooRows, status);
}

std::vector<StatusCase> WooStatusCases() {
  std::vector<StatusCase> cases;
  for (const Row& row : kWooRows) cases.push_back({std::string(row.status), row.decision});
  cases.push_back({"refunded (never completed)", MapWooStatus("refunded", false)});
  cases.push_back({"refunded (after completed)", MapWooStatus("refunded", true)});
  return cases;
}

// ---- Taobao / Tmall ------------------------------------------------------------------------

namespace {
constexpr std::array<Row, 11> kTaobaoRows = {{
    {"TRADE_NO_CREATE_PAY", To(OrderStatus::kPendingPayment, "没有创建支付宝交易: no payment yet")},
    {"WAIT_BUYER_PAY", To(OrderStatus::kPendingPayment, "等待买家付款")},
    {"PAY_PENDING", To(OrderStatus::kPendingPayment, "国际信用卡支付付款确认中: payment being confirmed")},
    {"WAIT_PRE_AUTH_CONFIRM", To(OrderStatus::kPendingPayment, "0元购合约中: contract signed, not paid")},
    {"WAIT_SELLER_SEND_GOODS", To(OrderStatus::kPaid, "等待卖家发货, i.e. paid")},
    {"PAID_FORBID_CONSIGN",
     Held(OrderStatus::kPaid, "已付款但禁止发货 (group buy not formed, or consignment controlled)",
          "Taobao forbids consignment for now (PAID_FORBID_CONSIGN)")},
    {"SELLER_CONSIGNED_PART", To(OrderStatus::kShipped, "卖家部分发货: partly shipped (partially_shipped set)")},
    {"WAIT_BUYER_CONFIRM_GOODS", To(OrderStatus::kShipped, "等待买家确认收货, i.e. shipped")},
    {"TRADE_BUYER_SIGNED", To(OrderStatus::kDelivered, "买家已签收 (cash on delivery only)")},
    {"TRADE_FINISHED", To(OrderStatus::kCompleted, "交易成功: received and settled")},
    {"TRADE_CLOSED_BY_TAOBAO", To(OrderStatus::kCancelled, "付款以前关闭: closed before payment")},
}};
}  // namespace

StatusDecision MapTaobaoStatus(std::string_view status, bool consigned) {
  if (status == "TRADE_CLOSED") {
    return consigned ? To(OrderStatus::kRefunded, "付款以后退款成功, after consignment: refunded")
                     : To(OrderStatus::kCancelled, "付款以后退款成功, before consignment: a cancellation");
  }
  return Find(kTaobaoRows, status);
}

std::vector<StatusCase> TaobaoStatusCases() {
  std::vector<StatusCase> cases;
  for (const Row& row : kTaobaoRows) cases.push_back({std::string(row.status), row.decision});
  cases.push_back({"TRADE_CLOSED (before consignment)", MapTaobaoStatus("TRADE_CLOSED", false)});
  cases.push_back({"TRADE_CLOSED (after consignment)", MapTaobaoStatus("TRADE_CLOSED", true)});
  return cases;
}

// ---- JD ------------------------------------------------------------------------------------

namespace {
constexpr std::array<Row, 12> kJdRows = {{
    {"WAIT_SELLER_STOCK_OUT", To(OrderStatus::kPaid, "等待出库: cleared to ship (cash on delivery too)")},
    {"WAIT_SELLER_DELIVERY", To(OrderStatus::kPaid, "等待发货 (cross-border: awaiting domestic shipment)")},
    {"WAIT_SEND_CODE", To(OrderStatus::kPaid, "等待发码 (LOC voucher orders)")},
    {"SEND_TO_DISTRIBUTION_CENER", To(OrderStatus::kShipped, "发往配送中心 (LBP/SOPL; JD's spelling)")},
    {"DISTRIBUTION_CENTER_RECEIVED", To(OrderStatus::kInTransit, "配送中心已收货 (LBP/SOPL)")},
    {"WAIT_GOODS_RECEIVE_CONFIRM", To(OrderStatus::kShipped, "等待确认收货, i.e. shipped")},
    {"RECEIPTS_CONFIRM", To(OrderStatus::kDelivered, "收款确认（服务完成）: delivered and paid on delivery")},
    {"FINISHED_L", To(OrderStatus::kCompleted, "完成")},
    {"TRADE_CANCELED", To(OrderStatus::kCancelled, "取消")},
    {"LOCKED", Held(OrderStatus::kPaid, "已锁定: a cancellation or refund request is pending",
                    "JD locked the order (cancellation or refund pending)")},
    {"POP_ORDER_PAUSE", Held(OrderStatus::kPaid, "POP暂停", "JD paused the order (POP_ORDER_PAUSE)")},
    {"PAUSE", Held(OrderStatus::kPaid, "暂停 (LOC orders)", "JD paused the order (PAUSE)")},
}};
}  // namespace

StatusDecision MapJdStatus(std::string_view order_state) { return Find(kJdRows, order_state); }

std::vector<StatusCase> JdStatusCases() {
  std::vector<StatusCase> cases;
  for (const Row& row : kJdRows) cases.push_back({std::string(row.status), row.decision});
  return cases;
}

// ---- Douyin shop ---------------------------------------------------------------------------

namespace {
struct CodeRow {
  std::int64_t code;
  std::string_view name;
  StatusDecision decision;
};
constexpr std::array<CodeRow, 11> kDouyinRows = {{
    {1, "待确认/待支付", To(OrderStatus::kPendingPayment, "created, not paid")},
    {103, "部分支付", To(OrderStatus::kPendingPayment, "deposit paid, balance due (presale; main_status)")},
    {105, "已支付", To(OrderStatus::kPaid, "paid (risk-controlled orders wait here)")},
    {2, "备货中", To(OrderStatus::kPaid, "paid, being prepared")},
    {101, "部分发货", To(OrderStatus::kShipped, "partly shipped (partially_shipped set)")},
    {3, "已发货", To(OrderStatus::kShipped, "all shipped")},
    {4, "已取消", To(OrderStatus::kCancelled, "cancelled")},
    {5, "已完成", To(OrderStatus::kCompleted, "received by the buyer")},
    {21, "发货前退款完结", To(OrderStatus::kCancelled, "refunded before shipment: a cancellation (main_status)")},
    {22, "发货后退款完结", To(OrderStatus::kRefunded, "refunded after shipment (main_status)")},
    {39, "收货后退款完结", To(OrderStatus::kRefunded, "refunded after receipt (main_status)")},
}};
}  // namespace

StatusDecision MapDouyinStatus(std::int64_t status_code) {
  for (const CodeRow& row : kDouyinRows) {
    if (row.code == status_code) return row.decision;
  }
  return Unknown();
}

std::vector<StatusCase> DouyinStatusCases() {
  std::vector<StatusCase> cases;
  for (const CodeRow& row : kDouyinRows) {
    cases.push_back({std::to_string(row.code) + " " + std::string(row.name), row.decision});
  }
  return cases;
}

}  // namespace ordo::channels
