#pragma once
// How a channel's status update applies to a stored order: the transitions, in order, that
// bring it to what the channel says, through the unified state machine. Pure; thread-safe.
//
// `held_by_channel` is the hold reason the channel put the order on hold with earlier ("" if
// the channel holds nothing). With S the stored status, Y the channel's, h the channel's hold
// reason now ("" for none):
//   - S not on_hold: Y ≠ S needs an allowed edge S → Y (else kIllegalTransition "illegal
//     transition from S to Y"); then, when h is set and the order is before shipment, on_hold
//     with reason h.
//   - S on_hold (held from H): the channel compares with H. Y = cancelled cancels. Y ≠ H needs
//     an allowed edge H → Y: release to H, move to Y, and hold again (same reason, or h) if Y is
//     still before shipment and the hold is not a lifted channel hold. Y = H with the channel's
//     own hold lifted (h empty) releases to H. Anything else changes nothing.
// Worked example: stored paid, channel says shipped → kIllegalTransition (paid → shipped skips
// allocation and packing); stored pending_payment, channel says paid with hold "LOCKED" →
// [paid, on_hold("LOCKED")], channel_hold_after "LOCKED".
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "order/order.hpp"

namespace ordo::order {

struct ChannelStatusStep {
  OrderStatus to = OrderStatus::kPaid;
  std::string reason;
  bool operator==(const ChannelStatusStep&) const = default;
};

struct ChannelStatusPlan {
  std::vector<ChannelStatusStep> steps;  // empty: the status stays
  std::string channel_hold_after;        // what `held_by_channel` is after the steps
};

core::Result<ChannelStatusPlan> PlanChannelStatus(const Order& current, std::string_view held_by_channel,
                                                  OrderStatus channel_status, std::string_view channel_hold);

}  // namespace ordo::order
