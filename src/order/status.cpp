#include "order/status.hpp"

namespace ordo::order {

std::string_view StatusName(OrderStatus status) {
  switch (status) {
    case OrderStatus::kPendingPayment: return "pending_payment";
    case OrderStatus::kPaid: return "paid";
    case OrderStatus::kOnHold: return "on_hold";
    case OrderStatus::kAllocated: return "allocated";
    case OrderStatus::kReleased: return "released";
    case OrderStatus::kPicking: return "picking";
    case OrderStatus::kPacked: return "packed";
    case OrderStatus::kShipped: return "shipped";
    case OrderStatus::kInTransit: return "in_transit";
    case OrderStatus::kOutForDelivery: return "out_for_delivery";
    case OrderStatus::kDelivered: return "delivered";
    case OrderStatus::kCompleted: return "completed";
    case OrderStatus::kCancelled: return "cancelled";
    case OrderStatus::kReturnRequested: return "return_requested";
    case OrderStatus::kReturned: return "returned";
    case OrderStatus::kRefunded: return "refunded";
  }
  return "unknown";
}

std::optional<OrderStatus> ParseStatus(std::string_view name) {
  for (OrderStatus status : kAllStatuses) {
    if (StatusName(status) == name) return status;
  }
  return std::nullopt;
}

}  // namespace ordo::order
