// order::PlanChannelStatus: a channel's status update through the unified state machine.
#include "order/channel_status_plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ordo::order {
namespace {

using ::testing::HasSubstr;
using S = OrderStatus;

Order Stored(S status, std::optional<S> held_from = std::nullopt, std::string hold_reason = "") {
  Order order;
  order.status = status;
  order.held_from = held_from;
  order.hold_reason = std::move(hold_reason);
  return order;
}

std::vector<S> Targets(const ChannelStatusPlan& plan) {
  std::vector<S> targets;
  for (const ChannelStatusStep& step : plan.steps) targets.push_back(step.to);
  return targets;
}

TEST(PlanChannelStatus, SameStatusWithoutHoldChangesNothing) {
  auto plan = PlanChannelStatus(Stored(S::kPaid), "", S::kPaid, "");
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(plan->steps.empty());
  EXPECT_EQ(plan->channel_hold_after, "");
}

TEST(PlanChannelStatus, AllowedEdgeIsOneStep) {
  auto plan = PlanChannelStatus(Stored(S::kPendingPayment), "", S::kPaid, "");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(Targets(*plan), (std::vector<S>{S::kPaid}));
}

TEST(PlanChannelStatus, IllegalJumpIsRefusedNamingBothStates) {
  auto plan = PlanChannelStatus(Stored(S::kShipped), "", S::kPaid, "");
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().code, core::ErrorCode::kIllegalTransition);
  EXPECT_THAT(plan.error().detail, HasSubstr("from shipped to paid"));
}

TEST(PlanChannelStatus, ChannelHoldPutsAPreShipmentOrderOnHoldAndIsRemembered) {
  auto plan = PlanChannelStatus(Stored(S::kPendingPayment), "", S::kPaid, "LOCKED");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(Targets(*plan), (std::vector<S>{S::kPaid, S::kOnHold}));
  EXPECT_EQ(plan->steps.back().reason, "LOCKED");
  EXPECT_EQ(plan->channel_hold_after, "LOCKED");
}

TEST(PlanChannelStatus, ChannelHoldIsNotAppliedAfterShipment) {
  auto plan = PlanChannelStatus(Stored(S::kShipped), "", S::kDelivered, "LOCKED");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(Targets(*plan), (std::vector<S>{S::kDelivered}));
  EXPECT_EQ(plan->channel_hold_after, "");
}

TEST(PlanChannelStatus, LiftedChannelHoldReleasesToWhereItWasHeldFrom) {
  auto plan = PlanChannelStatus(Stored(S::kOnHold, S::kPaid, "LOCKED"), "LOCKED", S::kPaid, "");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(Targets(*plan), (std::vector<S>{S::kPaid}));
  EXPECT_EQ(plan->channel_hold_after, "");
}

TEST(PlanChannelStatus, AnotherHoldIsNotLiftedByTheChannel) {
  auto plan = PlanChannelStatus(Stored(S::kOnHold, S::kPaid, "data_review"), "", S::kPaid, "");
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(plan->steps.empty());
}

TEST(PlanChannelStatus, HeldOrderFollowsTheChannelAndStaysHeld) {
  auto plan = PlanChannelStatus(Stored(S::kOnHold, S::kPendingPayment, "data_review"), "", S::kPaid, "");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(Targets(*plan), (std::vector<S>{S::kPendingPayment, S::kPaid, S::kOnHold}));
  EXPECT_EQ(plan->steps.back().reason, "data_review");
}

TEST(PlanChannelStatus, HeldOrderIsComparedWithWhereItWasHeldFrom) {
  auto plan = PlanChannelStatus(Stored(S::kOnHold, S::kPaid, "data_review"), "", S::kDelivered, "");
  ASSERT_FALSE(plan.has_value());
  EXPECT_THAT(plan.error().detail, HasSubstr("from paid to delivered"));
}

TEST(PlanChannelStatus, ChannelCancellationCancelsAHeldOrder) {
  auto plan = PlanChannelStatus(Stored(S::kOnHold, S::kPaid, "LOCKED"), "LOCKED", S::kCancelled, "");
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(Targets(*plan), (std::vector<S>{S::kCancelled}));
  EXPECT_EQ(plan->channel_hold_after, "");
}

}  // namespace
}  // namespace ordo::order
