#include "events/backoff.hpp"

#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace ordo::events {
namespace {

// Returns low + fraction × (high − low): 0 is the shortest jitter, 1 the longest.
class FractionRandom final : public RandomSource {
 public:
  explicit FractionRandom(double fraction) : fraction_(fraction) {}
  std::int64_t UniformInclusive(std::int64_t low, std::int64_t high) override {
    asked_high_.push_back(high);
    return low + static_cast<std::int64_t>(fraction_ * static_cast<double>(high - low));
  }
  const std::vector<std::int64_t>& asked_high() const { return asked_high_; }

 private:
  double fraction_;
  std::vector<std::int64_t> asked_high_;
};

constexpr BackoffPolicy kPolicy{.base_ms = 1'000, .cap_ms = 60'000, .max_attempts = 10};

TEST(BackoffCeiling, DoublesFromBaseUntilTheCap) {
  const struct {
    int failed_attempts;
    core::UnixMillis ceiling;
  } table[] = {
      {1, 1'000}, {2, 2'000}, {3, 4'000}, {4, 8'000}, {5, 16'000},
      {6, 32'000}, {7, 60'000}, {8, 60'000}, {9, 60'000},
  };
  for (const auto& row : table) {
    EXPECT_EQ(BackoffCeiling(kPolicy, row.failed_attempts), row.ceiling) << row.failed_attempts;
  }
}

TEST(BackoffCeiling, NeverOverflowsWithHugeAttemptCounts) {
  const BackoffPolicy policy{.base_ms = 3, .cap_ms = std::numeric_limits<std::int64_t>::max(),
                             .max_attempts = 1'000};
  EXPECT_EQ(BackoffCeiling(policy, 999), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(BackoffCeiling(kPolicy, 1'000'000), 60'000);
}

TEST(NextRetryDelay, FullJitterSpansZeroToTheCeiling) {
  const struct {
    int failed_attempts;
    double fraction;
    core::UnixMillis delay;
  } table[] = {
      {1, 0.0, 0},     {1, 1.0, 1'000},  {1, 0.5, 500},
      {3, 0.0, 0},     {3, 1.0, 4'000},  {3, 0.25, 1'000},
      {8, 1.0, 60'000}, {9, 0.5, 30'000},
  };
  for (const auto& row : table) {
    FractionRandom random(row.fraction);
    const auto delay = NextRetryDelay(kPolicy, row.failed_attempts, random);
    ASSERT_TRUE(delay.has_value()) << row.failed_attempts;
    EXPECT_EQ(*delay, row.delay) << row.failed_attempts << " @ " << row.fraction;
    ASSERT_EQ(random.asked_high().size(), 1u);
    EXPECT_EQ(random.asked_high()[0], BackoffCeiling(kPolicy, row.failed_attempts));
  }
}

TEST(NextRetryDelay, TheLastAllowedAttemptFailingIsADeadLetter) {
  FractionRandom random(1.0);
  EXPECT_TRUE(NextRetryDelay(kPolicy, 9, random).has_value());
  EXPECT_FALSE(NextRetryDelay(kPolicy, 10, random).has_value());
  EXPECT_FALSE(NextRetryDelay(kPolicy, 11, random).has_value());
}

TEST(NextRetryDelay, OneAllowedAttemptMeansNoRetryAtAll) {
  FractionRandom random(1.0);
  const BackoffPolicy policy{.base_ms = 10, .cap_ms = 10, .max_attempts = 1};
  EXPECT_FALSE(NextRetryDelay(policy, 1, random).has_value());
  EXPECT_TRUE(random.asked_high().empty());
}

TEST(DefaultRandomSource, StaysWithinTheRangeAsked) {
  DefaultRandomSource random;
  for (int draw = 0; draw < 1'000; ++draw) {
    const std::int64_t value = random.UniformInclusive(0, 7);
    ASSERT_GE(value, 0);
    ASSERT_LE(value, 7);
  }
  EXPECT_EQ(random.UniformInclusive(5, 5), 5);
}

TEST(ValidateBackoffPolicy, RefusesNonsense) {
  EXPECT_TRUE(ValidateBackoffPolicy(kPolicy).has_value());
  EXPECT_FALSE(ValidateBackoffPolicy({.base_ms = 0, .cap_ms = 10, .max_attempts = 3}).has_value());
  EXPECT_FALSE(ValidateBackoffPolicy({.base_ms = 20, .cap_ms = 10, .max_attempts = 3}).has_value());
  EXPECT_FALSE(ValidateBackoffPolicy({.base_ms = 10, .cap_ms = 10, .max_attempts = 0}).has_value());
}

}  // namespace
}  // namespace ordo::events
