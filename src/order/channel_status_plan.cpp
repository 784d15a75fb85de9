#include "order/channel_status_plan.hpp"

#include "order/state_machine.hpp"

namespace ordo::order {
namespace {

constexpr std::string_view kChannelUpdate = "channel update";
constexpr std::string_view kChannelHoldLifted = "channel hold lifted";

core::Error Illegal(OrderStatus from, OrderStatus to) {
  return core::MakeError(core::ErrorCode::kIllegalTransition,
                         "illegal transition from " + std::string(StatusName(from)) + " to " +
                             std::string(StatusName(to)) + " (the channel's status)");
}

}  // namespace

core::Result<ChannelStatusPlan> PlanChannelStatus(const Order& current, std::string_view held_by_channel,
                                                  OrderStatus channel_status, std::string_view channel_hold) {
  ChannelStatusPlan plan;
  const OrderStatus stored = current.status;
  if (stored != OrderStatus::kOnHold) {
    OrderStatus target = stored;
    if (channel_status != stored) {
      if (!TransitionAllowed(stored, channel_status)) return Illegal(stored, channel_status);
      plan.steps.push_back({channel_status, std::string(kChannelUpdate)});
      target = channel_status;
    }
    if (!channel_hold.empty() && IsPreShipment(target)) {
      plan.steps.push_back({OrderStatus::kOnHold, std::string(channel_hold)});
      plan.channel_hold_after = std::string(channel_hold);
    }
    return plan;
  }

  // On hold: the channel speaks of the status the order was held from.
  const bool channel_holds_it = !held_by_channel.empty() && current.hold_reason == held_by_channel;
  if (channel_status == OrderStatus::kCancelled) {
    plan.steps.push_back({OrderStatus::kCancelled, std::string(kChannelUpdate)});
    return plan;
  }
  if (!current.held_from) return Illegal(stored, channel_status);
  const OrderStatus held_from = *current.held_from;
  const bool lifted = channel_holds_it && channel_hold.empty();
  if (channel_status == held_from) {
    if (lifted) {
      plan.steps.push_back({held_from, std::string(kChannelHoldLifted)});
    } else {
      plan.channel_hold_after = channel_holds_it ? std::string(held_by_channel) : std::string();
    }
    return plan;
  }
  if (!TransitionAllowed(held_from, channel_status)) return Illegal(held_from, channel_status);
  plan.steps.push_back({held_from, std::string(kChannelUpdate)});
  plan.steps.push_back({channel_status, std::string(kChannelUpdate)});
  if (IsPreShipment(channel_status) && !lifted) {
    const std::string reason = channel_holds_it ? std::string(channel_hold) : current.hold_reason;
    plan.steps.push_back({OrderStatus::kOnHold, reason});
    if (channel_holds_it) plan.channel_hold_after = reason;
  }
  return plan;
}

}  // namespace ordo::order
