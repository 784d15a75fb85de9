#pragma once
// The unified state machine: one transition table for all channels.
//
//   pending_payment → paid → allocated → released → picking → packed → shipped → in_transit
//     → out_for_delivery → delivered → completed
//   cancelled from any state before shipped; on_hold from any state before shipped, and
//   back to the state it was held from (or cancelled); delivered/completed → return_requested
//   → returned → refunded. Carriers skip nodes, so shipped → out_for_delivery/delivered and
//   in_transit → delivered are allowed.
#include <string>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "order/order.hpp"

namespace ordo::order {

// Whether the table allows from → to at all (on_hold → X is allowed for every pre-shipment X;
// which one is legal for a given order depends on its held_from, checked by Transition).
bool TransitionAllowed(OrderStatus from, OrderStatus to);

// True for the states an order may be held or cancelled in (before shipped).
constexpr bool IsPreShipment(OrderStatus status) {
  return status == OrderStatus::kPendingPayment || status == OrderStatus::kPaid ||
         status == OrderStatus::kAllocated || status == OrderStatus::kReleased ||
         status == OrderStatus::kPicking || status == OrderStatus::kPacked;
}

// The order moved to `to` at `now`: status, held_from/hold_reason, version + 1, updated_at.
// kIllegalTransition naming both states (and, from on_hold, the state it must return to).
// `reason` becomes the hold reason when `to` is on_hold.
core::Result<Order> Transition(const Order& order, OrderStatus to, const std::string& reason,
                               core::UnixMillis now);

}  // namespace ordo::order
