#pragma once
// The unified order status: one state machine for every channel (DESIGN.md "The order model").
#include <array>
#include <optional>
#include <string_view>

namespace ordo::order {

enum class OrderStatus {
  kPendingPayment,
  kPaid,
  kOnHold,
  kAllocated,
  kReleased,
  kPicking,
  kPacked,
  kShipped,
  kInTransit,
  kOutForDelivery,
  kDelivered,
  kCompleted,
  kCancelled,
  kReturnRequested,
  kReturned,
  kRefunded,
};

inline constexpr std::array<OrderStatus, 16> kAllStatuses = {
    OrderStatus::kPendingPayment, OrderStatus::kPaid,          OrderStatus::kOnHold,
    OrderStatus::kAllocated,      OrderStatus::kReleased,      OrderStatus::kPicking,
    OrderStatus::kPacked,         OrderStatus::kShipped,       OrderStatus::kInTransit,
    OrderStatus::kOutForDelivery, OrderStatus::kDelivered,     OrderStatus::kCompleted,
    OrderStatus::kCancelled,      OrderStatus::kReturnRequested, OrderStatus::kReturned,
    OrderStatus::kRefunded,
};

// "pending_payment", "on_hold", … (the wire and database spelling).
std::string_view StatusName(OrderStatus status);
std::optional<OrderStatus> ParseStatus(std::string_view name);

}  // namespace ordo::order
