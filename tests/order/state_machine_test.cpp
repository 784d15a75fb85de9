#include "order/state_machine.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace ordo::order {
namespace {

using ::testing::HasSubstr;
using S = OrderStatus;

// The whole table as data: every allowed (from, to). Anything not listed must be refused.
const std::set<std::pair<S, S>> kAllowed = {
    {S::kPendingPayment, S::kPaid},       {S::kPendingPayment, S::kCancelled}, {S::kPendingPayment, S::kOnHold},
    {S::kPaid, S::kAllocated},            {S::kPaid, S::kCancelled},           {S::kPaid, S::kOnHold},
    {S::kAllocated, S::kReleased},        {S::kAllocated, S::kCancelled},      {S::kAllocated, S::kOnHold},
    {S::kReleased, S::kPicking},          {S::kReleased, S::kCancelled},       {S::kReleased, S::kOnHold},
    {S::kPicking, S::kPacked},            {S::kPicking, S::kCancelled},        {S::kPicking, S::kOnHold},
    {S::kPacked, S::kShipped},            {S::kPacked, S::kCancelled},         {S::kPacked, S::kOnHold},
    {S::kShipped, S::kInTransit},         {S::kShipped, S::kOutForDelivery},   {S::kShipped, S::kDelivered},
    {S::kInTransit, S::kOutForDelivery},  {S::kInTransit, S::kDelivered},      {S::kOutForDelivery, S::kDelivered},
    {S::kDelivered, S::kCompleted},       {S::kDelivered, S::kReturnRequested}, {S::kCompleted, S::kReturnRequested},
    {S::kReturnRequested, S::kReturned},  {S::kReturned, S::kRefunded},
    {S::kOnHold, S::kCancelled},          {S::kOnHold, S::kPendingPayment},    {S::kOnHold, S::kPaid},
    {S::kOnHold, S::kAllocated},          {S::kOnHold, S::kReleased},          {S::kOnHold, S::kPicking},
    {S::kOnHold, S::kPacked},
};

Order MakeOrder(S status, std::optional<S> held_from = std::nullopt) {
  Order order;
  order.id = 7;
  order.status = status;
  order.held_from = held_from;
  order.version = 3;
  return order;
}

TEST(OrderTransition, EveryPairIsEitherAllowedOrRefusedNamingBothStates) {
  int allowed = 0;
  for (S from : kAllStatuses) {
    for (S to : kAllStatuses) {
      const bool expected = kAllowed.count({from, to}) > 0;
      EXPECT_EQ(TransitionAllowed(from, to), expected) << StatusName(from) << " -> " << StatusName(to);
      // From on_hold the legal target is the held_from state; give it so the table is what's tested.
      const Order order = MakeOrder(from, from == S::kOnHold ? std::optional<S>(to) : std::nullopt);
      const auto result = Transition(order, to, "test", 1000);
      if (expected) {
        ++allowed;
        ASSERT_TRUE(result.has_value()) << StatusName(from) << " -> " << StatusName(to);
        EXPECT_EQ(result->status, to);
        EXPECT_EQ(result->version, 4);
      } else {
        ASSERT_FALSE(result.has_value()) << StatusName(from) << " -> " << StatusName(to);
        EXPECT_EQ(result.error().code, core::ErrorCode::kIllegalTransition);
        EXPECT_THAT(result.error().detail, HasSubstr(std::string(StatusName(from))));
        EXPECT_THAT(result.error().detail, HasSubstr(std::string(StatusName(to))));
      }
    }
  }
  EXPECT_EQ(allowed, static_cast<int>(kAllowed.size()));
}

TEST(OrderTransition, ShipBeforePaymentIsRejectedNamingBothStates) {
  const auto result = Transition(MakeOrder(S::kPendingPayment), S::kShipped, "", 1);
  ASSERT_FALSE(result.has_value());
  EXPECT_THAT(result.error().detail, HasSubstr("pending_payment"));
  EXPECT_THAT(result.error().detail, HasSubstr("shipped"));
}

TEST(OrderTransition, HoldRemembersWhereItCameFromAndReleaseReturnsThere) {
  const auto held = Transition(MakeOrder(S::kAllocated), S::kOnHold, "data_review", 5);
  ASSERT_TRUE(held.has_value());
  EXPECT_EQ(held->held_from, S::kAllocated);
  EXPECT_EQ(held->hold_reason, "data_review");

  const auto wrong = Transition(*held, S::kPaid, "", 6);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_THAT(wrong.error().detail, HasSubstr("released back to allocated"));

  const auto released = Transition(*held, S::kAllocated, "", 7);
  ASSERT_TRUE(released.has_value());
  EXPECT_EQ(released->status, S::kAllocated);
  EXPECT_FALSE(released->held_from.has_value());
  EXPECT_TRUE(released->hold_reason.empty());
  EXPECT_EQ(released->version, 5);
}

TEST(OrderTransition, HeldOrderCanBeCancelled) {
  const auto held = Transition(MakeOrder(S::kPaid), S::kOnHold, "fraud_check", 5);
  ASSERT_TRUE(held.has_value());
  EXPECT_TRUE(Transition(*held, S::kCancelled, "", 6).has_value());
}

TEST(OrderTransition, NothingAfterShipmentCanBeHeld) {
  for (S status : {S::kShipped, S::kInTransit, S::kDelivered, S::kCompleted, S::kCancelled, S::kRefunded}) {
    EXPECT_FALSE(Transition(MakeOrder(status), S::kOnHold, "", 1).has_value()) << StatusName(status);
  }
}

TEST(OrderTransition, PayingStampsPaidAtOnce) {
  const auto paid = Transition(MakeOrder(S::kPendingPayment), S::kPaid, "", 42);
  ASSERT_TRUE(paid.has_value());
  EXPECT_EQ(paid->paid_at, 42);
}

TEST(OrderStatusNames, RoundTripForEveryStatus) {
  for (S status : kAllStatuses) EXPECT_EQ(ParseStatus(StatusName(status)), status);
  EXPECT_FALSE(ParseStatus("shipped ").has_value());
}

}  // namespace
}  // namespace ordo::order
