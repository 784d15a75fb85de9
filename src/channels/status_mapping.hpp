#pragma once
// Channel status → unified status (DESIGN.md "The order model"): the one place where "completed"
// on WooCommerce (shipped) and TRADE_FINISHED on Taobao (signed for and settled) stop meaning
// different things. docs/channels.md shows one table per channel; the tests render these cases
// and compare them with that page, so the page cannot drift from the code.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "order/status.hpp"

namespace ordo::channels {

// What Ordo makes of one channel status. Exactly one of: `unified` is set (the order arrives in
// that state), or it is not and `code` says why the status is refused.
struct StatusDecision {
  std::optional<order::OrderStatus> unified;
  std::string_view code;         // set only when refused: "not_an_order", "deleted",
                                 // "needs_review", "unknown_status"
  std::string_view reason;       // why this mapping / why refused (shown in docs and errors)
  std::string_view hold_reason;  // with `unified`: the channel forbids shipping for now
};

// One documented status of a channel, in the context that decides it (when one does), for the
// table in docs/channels.md and the test that walks every documented status.
struct StatusCase {
  std::string label;  // "WAIT_SELLER_SEND_GOODS", "TRADE_CLOSED (after shipment)", "paid × partial"
  StatusDecision decision;
};

// Shopify: financial_status × fulfillment_status, then cancelled_at. `fulfillment_status`
// null/"unfulfilled"/"pending" are the same column ("pending" is what the docs' webhook sample
// sends).
StatusDecision MapShopifyStatus(std::string_view financial_status, std::string_view fulfillment_status,
                                bool cancelled);
std::vector<StatusCase> ShopifyStatusCases();

// WooCommerce order.status; `was_completed` (date_completed set) decides "refunded".
StatusDecision MapWooStatus(std::string_view status, bool was_completed);
std::vector<StatusCase> WooStatusCases();

// Taobao/Tmall trade.status; `consigned` (consign_time set) decides TRADE_CLOSED.
StatusDecision MapTaobaoStatus(std::string_view status, bool consigned);
std::vector<StatusCase> TaobaoStatusCases();

// JD orderInfo.orderState.
StatusDecision MapJdStatus(std::string_view order_state);
std::vector<StatusCase> JdStatusCases();

// Douyin shop: main_status when the payload has it (it is the finer one), else order_status.
StatusDecision MapDouyinStatus(std::int64_t status_code);
std::vector<StatusCase> DouyinStatusCases();

}  // namespace ordo::channels
