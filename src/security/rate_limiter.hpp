#pragma once
// Request rate limiting: one token bucket per key (a principal, or a client IP).
//
// A bucket holds at most `burst` tokens and refills at `per_second` tokens a second; each
// admitted request takes one. An empty bucket refuses, saying when the next token arrives.
//
//   TokenBucketLimiter limiter({.per_second = 2, .burst = 3}, clock);
//   t = 0 ms:   Take("u:7") ×3 → allowed; 4th → refused, retry_after_seconds 1 (next token at 500 ms)
//   t = 500 ms: Take("u:7")    → allowed (one token refilled); the next → refused again
//   t = 10 s:   the bucket is full again; it is indistinguishable from a new one, so an idle
//               bucket may be forgotten at any time without changing a decision.
//
// Memory: at most `max_keys` buckets. Full (idle) buckets are dropped by a sweep at most once a
// minute and whenever the table is full; if it is still full after that, the least recently
// used eighth of the table is dropped (those callers start again with a full bucket).
//
// Thread-safe (one mutex; a decision is a hash lookup and a few arithmetic operations).
// `clock` is not owned and must outlive the limiter.
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time.hpp"

namespace ordo::security {

struct RateLimit {
  double per_second = 0;  // sustained rate; <= 0 disables the limiter
  double burst = 0;       // bucket size (requests allowed at once); < 1 is taken as 1
  bool enabled() const { return per_second > 0; }
};

struct RateDecision {
  bool allowed = true;
  std::int64_t retry_after_seconds = 0;  // > 0 when refused: whole seconds until a token, rounded up
};

class TokenBucketLimiter {
 public:
  TokenBucketLimiter(RateLimit limit, const core::Clock& clock, std::size_t max_keys = 100'000);
  TokenBucketLimiter(const TokenBucketLimiter&) = delete;
  TokenBucketLimiter& operator=(const TokenBucketLimiter&) = delete;

  // Takes one token from `key`'s bucket (a new key starts full). Always allowed when disabled.
  RateDecision Take(std::string_view key);

  const RateLimit& limit() const { return limit_; }
  std::size_t TrackedKeys() const;

 private:
  struct Bucket {
    double tokens = 0;
    core::UnixMillis updated_at = 0;  // when `tokens` was last computed (and last use)
  };
  double Refilled(const Bucket& bucket, core::UnixMillis now) const;
  void SweepLocked(core::UnixMillis now);

  const RateLimit limit_;
  const double burst_;
  const core::Clock& clock_;
  const std::size_t max_keys_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mutex_
  core::UnixMillis last_sweep_at_ = 0;               // guarded by mutex_
};

}  // namespace ordo::security
