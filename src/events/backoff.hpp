#pragma once
// When to try a failed webhook delivery again: exponential backoff with full jitter, capped,
// and a dead letter after the last allowed attempt.
//
//   ceiling(n) = min(cap, base × 2^(n−1))   for the n-th failed attempt (n ≥ 1)
//   delay      = uniform integer in [0, ceiling(n)]   (full jitter)
//
// Example, base 1 s, cap 1 h, max 10 attempts: the ceilings after attempts 1..9 are 1 s, 2 s,
// 4 s, … 256 s; attempt 10 failing is a dead letter. Full jitter spreads the retries of many
// deliveries that failed together (a receiver outage) instead of bunching them into waves.
// Pure apart from the injected random source.
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>

#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::events {

// Uniform integers; injected so tests choose the jitter.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Uniform in [low, high]; low ≤ high.
  virtual std::int64_t UniformInclusive(std::int64_t low, std::int64_t high) = 0;
};

// A Mersenne twister seeded from std::random_device. Thread-safe (one mutex).
class DefaultRandomSource final : public RandomSource {
 public:
  DefaultRandomSource();
  std::int64_t UniformInclusive(std::int64_t low, std::int64_t high) override;

 private:
  std::mutex mutex_;
  std::mt19937_64 engine_;  // guarded by mutex_
};

struct BackoffPolicy {
  core::UnixMillis base_ms = 5'000;
  core::UnixMillis cap_ms = 3'600'000;
  int max_attempts = 15;  // attempts in all, the first one included
};

// kInvalidArgument unless 0 < base_ms ≤ cap_ms and max_attempts ≥ 1.
core::Status ValidateBackoffPolicy(const BackoffPolicy& policy);

// The jitter ceiling after the `failed_attempts`-th failure (≥ 1): min(cap, base × 2^(n−1)).
core::UnixMillis BackoffCeiling(const BackoffPolicy& policy, int failed_attempts);

// After `failed_attempts` attempts have all failed: the delay before the next one, or nullopt
// when that was the last allowed attempt (the delivery becomes a dead letter).
std::optional<core::UnixMillis> NextRetryDelay(const BackoffPolicy& policy, int failed_attempts,
                                               RandomSource& random);

}  // namespace ordo::events
