#include "security/login_throttle.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace ordo::security {
namespace {

constexpr core::UnixMillis kNow = 1'700'000'000'000;
constexpr core::UnixMillis kMinute = 60'000;

AccountThrottleState FailTimes(int times, core::UnixMillis at) {
  AccountThrottleState state;
  for (int i = 0; i < times; ++i) state = RecordAccountFailure(state, at);
  return state;
}

TEST(AccountThrottle, FourFailuresStillAllowAnotherTry) {
  EXPECT_TRUE(CheckAccountThrottle(FailTimes(4, kNow), kNow).allowed);
}

TEST(AccountThrottle, FifthFailureLocksForFifteenMinutes) {
  const AccountThrottleState locked = FailTimes(5, kNow);
  EXPECT_EQ(locked.locked_until, kNow + 15 * kMinute);
  const ThrottleVerdict verdict = CheckAccountThrottle(locked, kNow + 1000);
  EXPECT_FALSE(verdict.allowed);
  EXPECT_EQ(verdict.reason, "too_many_attempts");
  EXPECT_EQ(verdict.retry_after_seconds, 15 * 60 - 1);
  EXPECT_TRUE(CheckAccountThrottle(locked, kNow + 15 * kMinute).allowed);
}

TEST(AccountThrottle, RetryAfterRoundsUp) {
  const AccountThrottleState locked = FailTimes(5, kNow);
  EXPECT_EQ(CheckAccountThrottle(locked, kNow + 15 * kMinute - 1).retry_after_seconds, 1);
}

TEST(AccountThrottle, SuccessResetsTheCount) {
  AccountThrottleState state = FailTimes(4, kNow);
  state = RecordAccountSuccess();
  state = RecordAccountFailure(state, kNow);
  EXPECT_EQ(state.consecutive_failures, 1);
  EXPECT_TRUE(CheckAccountThrottle(state, kNow).allowed);
}

TEST(AccountThrottle, AfterTheLockANewFullSeriesIsNeeded) {
  AccountThrottleState state = FailTimes(5, kNow);
  const core::UnixMillis later = kNow + 16 * kMinute;
  state = RecordAccountFailure(state, later);
  EXPECT_FALSE(state.locked_until.has_value());
  EXPECT_EQ(state.consecutive_failures, 1);
}

TEST(AccountThrottle, ErrorIsClearAndNamesNoAccount) {
  const ThrottleVerdict verdict = CheckAccountThrottle(FailTimes(5, kNow), kNow);
  const core::Error error = verdict.ToError();
  EXPECT_EQ(error.detail, "too_many_attempts");
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].message, "try again in 900 seconds");
}

TEST(IpLoginThrottle, TwentyFailuresPerMinuteThenRefused) {
  IpLoginThrottle throttle;
  for (int i = 0; i < 19; ++i) throttle.RecordFailure("203.0.113.5", kNow + i * 1000);
  EXPECT_TRUE(throttle.Check("203.0.113.5", kNow + 19'000).allowed);
  throttle.RecordFailure("203.0.113.5", kNow + 19'000);
  const ThrottleVerdict verdict = throttle.Check("203.0.113.5", kNow + 19'000);
  EXPECT_FALSE(verdict.allowed);
  EXPECT_EQ(verdict.retry_after_seconds, 41);  // the first failure leaves the window at +60 s
  EXPECT_TRUE(throttle.Check("203.0.113.5", kNow + 60'000).allowed);
  EXPECT_TRUE(throttle.Check("198.51.100.7", kNow + 19'000).allowed);
}

TEST(IpLoginThrottle, MemoryIsBoundedByForgettingTheOldest) {
  IpLoginThrottle throttle(ThrottlePolicy{.ip_max_tracked = 3});
  throttle.RecordFailure("a", kNow);
  throttle.RecordFailure("b", kNow + 1);
  throttle.RecordFailure("c", kNow + 2);
  throttle.RecordFailure("d", kNow + 3);
  EXPECT_EQ(throttle.TrackedIpCount(), 3u);
}

TEST(IpLoginThrottle, ExpiredIpsAreDroppedFirstWhenFull) {
  IpLoginThrottle throttle(ThrottlePolicy{.ip_max_tracked = 2});
  throttle.RecordFailure("a", kNow);
  throttle.RecordFailure("b", kNow);
  throttle.RecordFailure("c", kNow + 2 * kMinute);
  EXPECT_EQ(throttle.TrackedIpCount(), 1u);
}

TEST(IpLoginThrottle, IsSafeUnderConcurrentUse) {
  IpLoginThrottle throttle;
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
    threads.emplace_back([&throttle, thread_idx] {
      for (int i = 0; i < 500; ++i) {
        const std::string ip = "10.0." + std::to_string(thread_idx) + "." + std::to_string(i % 7);
        throttle.RecordFailure(ip, kNow + i);
        static_cast<void>(throttle.Check(ip, kNow + i));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(throttle.TrackedIpCount(), 28u);
  EXPECT_FALSE(throttle.Check("10.0.0.0", kNow + 500).allowed);
}

}  // namespace
}  // namespace ordo::security
