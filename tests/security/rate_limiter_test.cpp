#include "security/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ordo::security {
namespace {

constexpr core::UnixMillis kStart = 1'700'000'000'000;

struct Row {
  core::UnixMillis at;  // since kStart
  bool allowed;
  std::int64_t retry_after_seconds;
};

// Two a second, three at once: the header's worked example as a table.
TEST(TokenBucketLimiter, RefusesBeyondTheBurstAndRefillsAtTheRate) {
  core::ManualClock clock(kStart);
  TokenBucketLimiter limiter({.per_second = 2, .burst = 3}, clock);
  const Row rows[] = {
      {0, true, 0},    {0, true, 0},    {0, true, 0},  {0, false, 1},   // burst spent; next token at 500 ms
      {499, false, 1}, {500, true, 0},  {500, false, 1},                // one token refilled
      {1000, true, 0}, {1000, false, 1},
      {60'000, true, 0}, {60'000, true, 0}, {60'000, true, 0}, {60'000, false, 1},  // full again, never more
  };
  for (const Row& row : rows) {
    clock.Set(kStart + row.at);
    const RateDecision decision = limiter.Take("user:7");
    EXPECT_EQ(decision.allowed, row.allowed) << "at +" << row.at << " ms";
    EXPECT_EQ(decision.retry_after_seconds, row.retry_after_seconds) << "at +" << row.at << " ms";
  }
}

TEST(TokenBucketLimiter, RetryAfterIsWholeSecondsRoundedUp) {
  core::ManualClock clock(kStart);
  TokenBucketLimiter limiter({.per_second = 10.0 / 60.0, .burst = 10}, clock);  // 10 a minute
  for (int request_idx = 0; request_idx < 10; ++request_idx) ASSERT_TRUE(limiter.Take("exports").allowed);
  EXPECT_EQ(limiter.Take("exports").retry_after_seconds, 6);
  clock.Advance(5'500);
  EXPECT_EQ(limiter.Take("exports").retry_after_seconds, 1);
  clock.Advance(500);
  EXPECT_TRUE(limiter.Take("exports").allowed);
}

TEST(TokenBucketLimiter, KeysHaveTheirOwnBuckets) {
  core::ManualClock clock(kStart);
  TokenBucketLimiter limiter({.per_second = 1, .burst = 1}, clock);
  EXPECT_TRUE(limiter.Take("user:1").allowed);
  EXPECT_FALSE(limiter.Take("user:1").allowed);
  EXPECT_TRUE(limiter.Take("user:2").allowed);
  EXPECT_TRUE(limiter.Take("ip:127.0.0.1").allowed);
}

TEST(TokenBucketLimiter, DisabledAllowsEverythingAndTracksNothing) {
  core::ManualClock clock(kStart);
  TokenBucketLimiter limiter({.per_second = 0, .burst = 5}, clock);
  for (int request_idx = 0; request_idx < 1000; ++request_idx) ASSERT_TRUE(limiter.Take("user:1").allowed);
  EXPECT_EQ(limiter.TrackedKeys(), 0u);
}

TEST(TokenBucketLimiter, BurstBelowOneStillAdmitsOneRequest) {
  core::ManualClock clock(kStart);
  TokenBucketLimiter limiter({.per_second = 1, .burst = 0}, clock);
  EXPECT_TRUE(limiter.Take("user:1").allowed);
  EXPECT_FALSE(limiter.Take("user:1").allowed);
}

TEST(TokenBucketLimiter, ClockGoingBackwardsRefillsNothing) {
  core::ManualClock clock(kStart);
  TokenBucketLimiter limiter({.per_second = 1, .burst = 1}, clock);
  EXPECT_TRUE(limiter.Take("user:1").allowed);
  clock.Set(kStart - 3'600'000);
  EXPECT_FALSE(limiter.Take("user:1").allowed);
}

TEST(TokenBucketLimiter, IdleBucketsAreForgottenOnTheMinuteSweep) {
  core::ManualClock clock(kStart);
  TokenBucketLimiter limiter({.per_second = 1, .burst = 2}, clock);
  for (int key_idx = 0; key_idx < 100; ++key_idx) limiter.Take("ip:10.0.0." + std::to_string(key_idx));
  EXPECT_EQ(limiter.TrackedKeys(), 100u);
  clock.Advance(61'000);  // every bucket is full again
  limiter.Take("user:1");
  EXPECT_EQ(limiter.TrackedKeys(), 1u);
}

// Invariant: however many distinct callers arrive, the table never exceeds max_keys.
TEST(TokenBucketLimiter, MemoryStaysBoundedUnderManyActiveKeys) {
  core::ManualClock clock(kStart);
  constexpr std::size_t kMaxKeys = 64;
  TokenBucketLimiter limiter({.per_second = 0.001, .burst = 1}, clock, kMaxKeys);
  for (int key_idx = 0; key_idx < 10'000; ++key_idx) {
    clock.Advance(1);
    ASSERT_TRUE(limiter.Take("ip:" + std::to_string(key_idx)).allowed);  // a new key starts full
    ASSERT_LE(limiter.TrackedKeys(), kMaxKeys);
  }
}

TEST(TokenBucketLimiter, EvictionDropsTheLeastRecentlyUsedFirst) {
  core::ManualClock clock(kStart);
  constexpr std::size_t kMaxKeys = 16;
  TokenBucketLimiter limiter({.per_second = 0.001, .burst = 1}, clock, kMaxKeys);
  ASSERT_TRUE(limiter.Take("busy").allowed);  // empty now, and remembered while recently used
  for (int key_idx = 0; key_idx < 40; ++key_idx) {
    clock.Advance(1);
    limiter.Take("ip:" + std::to_string(key_idx));
    if (key_idx % 4 == 0) {
      EXPECT_FALSE(limiter.Take("busy").allowed) << key_idx;
    }
  }
}

}  // namespace
}  // namespace ordo::security
