#pragma once
// Login brute-force throttling, per account and per client IP.
//
// Per account (state persisted by the store on the user row, so it survives restarts and is
// shared by all workers): 5 consecutive failures lock the account for 15 minutes; a success
// resets the count; a failure after the lock ends starts a new count.
// Per IP (in memory, this process): at most 20 failures in any sliding 60-second window; more
// are refused until the oldest failure in the window is older than 60 s.
//
// Check BEFORE verifying the password (a locked account must not reveal whether the password
// was right), record AFTER. Refusals say "too_many_attempts" and a retry-after in seconds; the
// API answers 429 with Retry-After (core has no 429 ErrorCode, so ToError uses kUnauthorized
// with detail "too_many_attempts" — the API maps the verdict, not the error, when it can).
// Neither the username nor the IP appears in the error.
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <optional>

#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::security {

struct ThrottlePolicy {
  int account_max_failures = 5;
  core::UnixMillis account_lock_millis = 15LL * 60 * 1000;
  int ip_max_failures = 20;
  core::UnixMillis ip_window_millis = 60LL * 1000;
  std::size_t ip_max_tracked = 100'000;  // memory bound; the oldest-idle IPs are forgotten first
};

struct ThrottleVerdict {
  bool allowed = true;
  std::int64_t retry_after_seconds = 0;  // > 0 when refused (rounded up)
  std::string reason;                    // "" when allowed, else "too_many_attempts"
  // kUnauthorized, detail "too_many_attempts", field {"retry_after_seconds", "too_many_attempts",
  // "try again in N seconds"}. Only for refused verdicts.
  core::Error ToError() const;
};

// The per-account state the store keeps on the user row.
struct AccountThrottleState {
  int consecutive_failures = 0;
  std::optional<core::UnixMillis> locked_until;
  bool operator==(const AccountThrottleState&) const = default;
};

ThrottleVerdict CheckAccountThrottle(const AccountThrottleState& state, core::UnixMillis now,
                                     const ThrottlePolicy& policy = {});
// After a wrong password: the next state (locks when the count reaches the limit; the count
// then restarts at 0 so the next lock needs another full series).
AccountThrottleState RecordAccountFailure(const AccountThrottleState& state, core::UnixMillis now,
                                          const ThrottlePolicy& policy = {});
// After a successful login: a clean state.
inline AccountThrottleState RecordAccountSuccess() { return {}; }

// Thread-safe: every method locks one internal mutex (short critical sections, no I/O).
// Memory is bounded by policy.ip_max_tracked.
class IpLoginThrottle {
 public:
  explicit IpLoginThrottle(ThrottlePolicy policy = {}) : policy_(policy) {}

  ThrottleVerdict Check(std::string_view ip, core::UnixMillis now) const;
  void RecordFailure(std::string_view ip, core::UnixMillis now);
  // Successes do not clear an IP's failures (one valid account must not unlock guessing on
  // others from the same address).
  std::size_t TrackedIpCount() const;

 private:
  void PruneLocked(std::deque<core::UnixMillis>& failures, core::UnixMillis now) const;
  void EvictIfFullLocked(core::UnixMillis now);

  const ThrottlePolicy policy_;
  mutable std::mutex mutex_;
  // ip → failure times within the window, oldest first. GUARDED_BY(mutex_)
  mutable std::unordered_map<std::string, std::deque<core::UnixMillis>> failures_by_ip_;
};

}  // namespace ordo::security
