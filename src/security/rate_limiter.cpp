#include "security/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ordo::security {
namespace {

constexpr core::UnixMillis kSweepEveryMillis = 60'000;

}  // namespace

TokenBucketLimiter::TokenBucketLimiter(RateLimit limit, const core::Clock& clock, std::size_t max_keys)
    : limit_(limit), burst_(std::max(1.0, limit.burst)), clock_(clock), max_keys_(std::max<std::size_t>(max_keys, 8)) {}

double TokenBucketLimiter::Refilled(const Bucket& bucket, core::UnixMillis now) const {
  // A clock that went backwards refills nothing (never a negative refill).
  const double elapsed_seconds = static_cast<double>(std::max<core::UnixMillis>(0, now - bucket.updated_at)) / 1000.0;
  return std::min(burst_, bucket.tokens + elapsed_seconds * limit_.per_second);
}

RateDecision TokenBucketLimiter::Take(std::string_view key) {
  if (!limit_.enabled()) return {};
  const core::UnixMillis now = clock_.Now();
  const std::lock_guard<std::mutex> lock(mutex_);
  if (now - last_sweep_at_ >= kSweepEveryMillis) SweepLocked(now);
  auto found = buckets_.find(std::string(key));
  if (found == buckets_.end()) {
    if (buckets_.size() >= max_keys_) SweepLocked(now);
    found = buckets_.emplace(std::string(key), Bucket{burst_, now}).first;
  }
  Bucket& bucket = found->second;
  bucket.tokens = Refilled(bucket, now);
  bucket.updated_at = now;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return {};
  }
  const double wait_seconds = (1.0 - bucket.tokens) / limit_.per_second;
  return {.allowed = false, .retry_after_seconds = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(wait_seconds)))};
}

void TokenBucketLimiter::SweepLocked(core::UnixMillis now) {
  last_sweep_at_ = now;
  // A full bucket decides exactly like a missing one: dropping it loses nothing.
  std::erase_if(buckets_, [&](const auto& entry) { return Refilled(entry.second, now) >= burst_; });
  if (buckets_.size() < max_keys_) return;
  // Still full of active keys (many clients at once): forget the least recently used eighth.
  std::vector<core::UnixMillis> last_used;
  last_used.reserve(buckets_.size());
  for (const auto& entry : buckets_) last_used.push_back(entry.second.updated_at);
  const std::size_t drop = std::max<std::size_t>(1, buckets_.size() / 8);
  std::nth_element(last_used.begin(), last_used.begin() + static_cast<std::ptrdiff_t>(drop - 1), last_used.end());
  const core::UnixMillis cutoff = last_used[drop - 1];
  std::size_t dropped = 0;
  for (auto it = buckets_.begin(); it != buckets_.end() && dropped < drop;) {
    if (it->second.updated_at <= cutoff) {
      it = buckets_.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
}

std::size_t TokenBucketLimiter::TrackedKeys() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return buckets_.size();
}

}  // namespace ordo::security
