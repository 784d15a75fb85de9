#pragma once
// Bearer credential → Principal, for every authenticated request.
//
//   "ses_…" → store.FindSession(HashToken) → not revoked, not expired, user not disabled
//   "ok_…"  → store.FindApiKey(key id) → ConstantTimeEquals(HashToken, key_hash) → not revoked
//   then the role: a built-in role, else store.FindRole (a custom role); neither → refused.
//
// Principals are cached per credential hash for at most kPrincipalCacheMillis (so a busy client
// does not cost a database read per request — nor a role read); Forget() evicts one (logout,
// revocation, step-up) and ForgetAll() every one (user or custom role changes). A revocation or
// role change on another node is seen within the cache lifetime.
//
// Thread-safe: one mutex around the cache map (short sections, no I/O under it).
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "security/principal.hpp"
#include "security/roles.hpp"
#include "store/store.hpp"

namespace ordo::service {

using PrincipalPtr = std::shared_ptr<const security::Principal>;
inline constexpr core::UnixMillis kPrincipalCacheMillis = 10'000;
inline constexpr std::size_t kPrincipalCacheMaxEntries = 10'000;

class Authenticator {
 public:
  // `store` and `clock` outlive this.
  Authenticator(store::Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  // `done` runs once: on the caller's thread for a cache hit or a malformed credential, else on a
  // store thread. kUnauthorized "invalid or expired credentials" for anything not accepted
  // (the reason stays out of the answer); kUnavailable when the store cannot answer.
  void Authenticate(std::string_view credential, std::function<void(core::Result<PrincipalPtr>)> done);

  void Forget(const std::string& credential_hash);
  void ForgetAll();

 private:
  struct CacheEntry {
    PrincipalPtr principal;
    core::UnixMillis cached_at = 0;
    core::UnixMillis valid_until = 0;  // the session's expiry (API keys: none)
  };
  using CustomRoles = core::Result<std::vector<security::Role>>;
  // Calls `next` with the custom role named `role_name` ({} for a built-in or unknown role),
  // on this thread or a store thread.
  void WithCustomRole(const std::string& role_name, std::function<void(CustomRoles)> next);
  // Caches a resolved principal and answers; refusals other than kInternal become 401.
  void Finish(const std::string& credential_hash, core::Result<security::Principal> principal,
              core::UnixMillis valid_until, const std::function<void(core::Result<PrincipalPtr>)>& done);
  PrincipalPtr Lookup(const std::string& credential_hash, core::UnixMillis now);
  void Remember(const std::string& credential_hash, PrincipalPtr principal, core::UnixMillis valid_until);

  store::Store& store_;
  const core::Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, CacheEntry> cache_;  // GUARDED_BY(mutex_)
};

}  // namespace ordo::service
