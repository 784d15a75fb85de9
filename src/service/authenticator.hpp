#pragma once
// Bearer credential → Principal, for every authenticated request.
//
//   "ses_…" → store.FindSession(HashToken) → not revoked, not expired, user not disabled
//   "ok_…"  → store.FindApiKey(key id) → ConstantTimeEquals(HashToken, key_hash) → not revoked
//
// Principals are cached per credential hash for at most kPrincipalCacheMillis (so a busy client
// does not cost a database read per request); Forget() evicts one (logout, revocation, step-up,
// role change) and ForgetAll() every one (user changes). A revocation on another node is seen
// within the cache lifetime.
//
// Thread-safe: one mutex around the cache map (short sections, no I/O under it).
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "core/time.hpp"
#include "security/principal.hpp"
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
  PrincipalPtr Lookup(const std::string& credential_hash, core::UnixMillis now);
  void Remember(const std::string& credential_hash, PrincipalPtr principal, core::UnixMillis valid_until);

  store::Store& store_;
  const core::Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, CacheEntry> cache_;  // GUARDED_BY(mutex_)
};

}  // namespace ordo::service
