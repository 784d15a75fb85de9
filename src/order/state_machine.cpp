#include "order/state_machine.hpp"

#include <array>

namespace ordo::order {
namespace {

using S = OrderStatus;
constexpr std::size_t kCount = kAllStatuses.size();

struct Edge {
  S from;
  S to;
};

// Every allowed edge except the on_hold ones (those follow from IsPreShipment).
constexpr Edge kEdges[] = {
    {S::kPendingPayment, S::kPaid},
    {S::kPaid, S::kAllocated},
    {S::kAllocated, S::kReleased},
    {S::kReleased, S::kPicking},
    {S::kPicking, S::kPacked},
    {S::kPacked, S::kShipped},
    {S::kShipped, S::kInTransit},
    {S::kShipped, S::kOutForDelivery},
    {S::kShipped, S::kDelivered},
    {S::kInTransit, S::kOutForDelivery},
    {S::kInTransit, S::kDelivered},
    {S::kOutForDelivery, S::kDelivered},
    {S::kDelivered, S::kCompleted},
    {S::kDelivered, S::kReturnRequested},
    {S::kCompleted, S::kReturnRequested},
    {S::kReturnRequested, S::kReturned},
    {S::kReturned, S::kRefunded},
    // Cancellation before shipment.
    {S::kPendingPayment, S::kCancelled},
    {S::kPaid, S::kCancelled},
    {S::kAllocated, S::kCancelled},
    {S::kReleased, S::kCancelled},
    {S::kPicking, S::kCancelled},
    {S::kPacked, S::kCancelled},
    {S::kOnHold, S::kCancelled},
};

constexpr std::array<std::array<bool, kCount>, kCount> BuildTable() {
  std::array<std::array<bool, kCount>, kCount> table{};
  for (const Edge& edge : kEdges) table[static_cast<std::size_t>(edge.from)][static_cast<std::size_t>(edge.to)] = true;
  for (S status : kAllStatuses) {
    if (IsPreShipment(status)) {
      table[static_cast<std::size_t>(status)][static_cast<std::size_t>(S::kOnHold)] = true;
      table[static_cast<std::size_t>(S::kOnHold)][static_cast<std::size_t>(status)] = true;
    }
  }
  return table;
}

constexpr auto kTable = BuildTable();

std::string Quote(OrderStatus status) { return std::string(StatusName(status)); }

}  // namespace

bool TransitionAllowed(OrderStatus from, OrderStatus to) {
  return kTable[static_cast<std::size_t>(from)][static_cast<std::size_t>(to)];
}

core::Result<Order> Transition(const Order& order, OrderStatus to, const std::string& reason,
                               core::UnixMillis now) {
  const OrderStatus from = order.status;
  if (!TransitionAllowed(from, to)) {
    return core::MakeError(core::ErrorCode::kIllegalTransition,
                           "illegal transition from " + Quote(from) + " to " + Quote(to));
  }
  if (from == S::kOnHold && to != S::kCancelled) {
    if (!order.held_from.has_value() || *order.held_from != to) {
      const std::string back = order.held_from ? Quote(*order.held_from) : std::string("(unknown)");
      return core::MakeError(core::ErrorCode::kIllegalTransition,
                             "illegal transition from on_hold to " + Quote(to) +
                                 ": a held order is released back to " + back);
    }
  }
  Order next = order;
  next.status = to;
  next.version = order.version + 1;
  next.updated_at = now;
  if (to == S::kOnHold) {
    next.held_from = from;
    next.hold_reason = reason;
  } else {
    next.held_from.reset();
    next.hold_reason.clear();
  }
  if (to == S::kPaid && !next.paid_at.has_value()) next.paid_at = now;
  return next;
}

}  // namespace ordo::order
