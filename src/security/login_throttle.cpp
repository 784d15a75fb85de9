#include "security/login_throttle.hpp"

#include <algorithm>

namespace ordo::security {
namespace {

std::int64_t CeilSeconds(core::UnixMillis millis) { return millis <= 0 ? 1 : (millis + 999) / 1000; }

ThrottleVerdict Refused(core::UnixMillis wait_millis) {
  return ThrottleVerdict{false, CeilSeconds(wait_millis), "too_many_attempts"};
}

}  // namespace

core::Error ThrottleVerdict::ToError() const {
  return core::Error{core::ErrorCode::kUnauthorized, "too_many_attempts",
                     {{"retry_after_seconds", "too_many_attempts",
                       "try again in " + std::to_string(retry_after_seconds) + " seconds"}}};
}

ThrottleVerdict CheckAccountThrottle(const AccountThrottleState& state, core::UnixMillis now,
                                     const ThrottlePolicy& /*policy*/) {
  if (state.locked_until.has_value() && now < *state.locked_until) {
    return Refused(*state.locked_until - now);
  }
  return {};
}

AccountThrottleState RecordAccountFailure(const AccountThrottleState& state, core::UnixMillis now,
                                          const ThrottlePolicy& policy) {
  AccountThrottleState next = state;
  if (next.locked_until.has_value() && now >= *next.locked_until) {
    next.locked_until.reset();  // the lock has run out: a new series starts
  }
  ++next.consecutive_failures;
  if (next.consecutive_failures >= policy.account_max_failures) {
    next.locked_until = now + policy.account_lock_millis;
    next.consecutive_failures = 0;
  }
  return next;
}

void IpLoginThrottle::PruneLocked(std::deque<core::UnixMillis>& failures,
                                  core::UnixMillis now) const {
  while (!failures.empty() && now - failures.front() >= policy_.ip_window_millis) {
    failures.pop_front();
  }
}

ThrottleVerdict IpLoginThrottle::Check(std::string_view ip, core::UnixMillis now) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto found = failures_by_ip_.find(std::string(ip));
  if (found == failures_by_ip_.end()) return {};
  PruneLocked(found->second, now);
  if (static_cast<int>(found->second.size()) < policy_.ip_max_failures) return {};
  // Allowed again when enough of the oldest failures leave the window.
  const std::size_t excess =
      found->second.size() - static_cast<std::size_t>(policy_.ip_max_failures);
  const core::UnixMillis frees_at = found->second[excess] + policy_.ip_window_millis;
  return Refused(frees_at - now);
}

void IpLoginThrottle::RecordFailure(std::string_view ip, core::UnixMillis now) {
  const std::lock_guard<std::mutex> lock(mutex_);
  auto found = failures_by_ip_.find(std::string(ip));
  if (found == failures_by_ip_.end()) {
    EvictIfFullLocked(now);
    found = failures_by_ip_.emplace(std::string(ip), std::deque<core::UnixMillis>{}).first;
  }
  PruneLocked(found->second, now);
  found->second.push_back(now);
  // Failures beyond the limit matter only until they leave the window; cap the memory per IP.
  const auto cap = static_cast<std::size_t>(policy_.ip_max_failures) * 2;
  while (found->second.size() > cap) found->second.pop_front();
}

void IpLoginThrottle::EvictIfFullLocked(core::UnixMillis now) {
  if (failures_by_ip_.size() < policy_.ip_max_tracked) return;
  // First drop every IP whose failures all left the window; if none did, drop the IP whose
  // newest failure is oldest. O(n), but only when the table is full (an attack is under way
  // and memory matters more than a scan).
  for (auto it = failures_by_ip_.begin(); it != failures_by_ip_.end();) {
    PruneLocked(it->second, now);
    it = it->second.empty() ? failures_by_ip_.erase(it) : std::next(it);
  }
  if (failures_by_ip_.size() < policy_.ip_max_tracked) return;
  const auto oldest = std::min_element(
      failures_by_ip_.begin(), failures_by_ip_.end(),
      [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); });
  failures_by_ip_.erase(oldest);
}

std::size_t IpLoginThrottle::TrackedIpCount() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return failures_by_ip_.size();
}

}  // namespace ordo::security
