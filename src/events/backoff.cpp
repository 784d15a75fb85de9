#include "events/backoff.hpp"

#include <algorithm>

namespace ordo::events {

DefaultRandomSource::DefaultRandomSource() : engine_(std::random_device{}()) {}

std::int64_t DefaultRandomSource::UniformInclusive(std::int64_t low, std::int64_t high) {
  std::lock_guard lock(mutex_);
  return std::uniform_int_distribution<std::int64_t>(low, high)(engine_);
}

core::Status ValidateBackoffPolicy(const BackoffPolicy& policy) {
  if (policy.base_ms <= 0 || policy.cap_ms < policy.base_ms) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "backoff needs 0 < base <= cap");
  }
  if (policy.max_attempts < 1) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "backoff needs max_attempts >= 1");
  }
  return core::Ok();
}

core::UnixMillis BackoffCeiling(const BackoffPolicy& policy, int failed_attempts) {
  ORDO_ASSERT(failed_attempts >= 1);
  // Doubling stops at the cap, so neither the shift nor the product can overflow however
  // many attempts are allowed.
  core::UnixMillis ceiling = policy.base_ms;
  for (int attempt = 1; attempt < failed_attempts && ceiling < policy.cap_ms; ++attempt) {
    ceiling = ceiling > policy.cap_ms / 2 ? policy.cap_ms : ceiling * 2;
  }
  return std::min(ceiling, policy.cap_ms);
}

std::optional<core::UnixMillis> NextRetryDelay(const BackoffPolicy& policy, int failed_attempts,
                                               RandomSource& random) {
  if (failed_attempts >= policy.max_attempts) return std::nullopt;
  return random.UniformInclusive(0, BackoffCeiling(policy, std::max(failed_attempts, 1)));
}

}  // namespace ordo::events
