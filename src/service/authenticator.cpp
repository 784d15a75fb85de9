#include "service/authenticator.hpp"

#include <limits>

#include "security/token.hpp"
#include "service/identity.hpp"

namespace ordo::service {
namespace {

core::Error Refused() { return core::MakeError(core::ErrorCode::kUnauthorized, "invalid or expired credentials"); }

// Store failures other than "not found" are the store's problem, not the client's.
core::Error FromLookup(const core::Error& error) {
  if (error.code == core::ErrorCode::kNotFound) return Refused();
  return error;
}

}  // namespace

PrincipalPtr Authenticator::Lookup(const std::string& credential_hash, core::UnixMillis now) {
  std::lock_guard lock(mutex_);
  const auto found = cache_.find(credential_hash);
  if (found == cache_.end()) return nullptr;
  const CacheEntry& entry = found->second;
  if (now - entry.cached_at >= kPrincipalCacheMillis || now < entry.cached_at || now >= entry.valid_until) {
    cache_.erase(found);
    return nullptr;
  }
  return entry.principal;
}

void Authenticator::Remember(const std::string& credential_hash, PrincipalPtr principal,
                             core::UnixMillis valid_until) {
  const core::UnixMillis now = clock_.Now();
  std::lock_guard lock(mutex_);
  // Bounded: when full, start over (entries live 10 s anyway).
  if (cache_.size() >= kPrincipalCacheMaxEntries) cache_.clear();
  cache_[credential_hash] = CacheEntry{std::move(principal), now, valid_until};
}

void Authenticator::Forget(const std::string& credential_hash) {
  std::lock_guard lock(mutex_);
  cache_.erase(credential_hash);
}

void Authenticator::ForgetAll() {
  std::lock_guard lock(mutex_);
  cache_.clear();
}

void Authenticator::Authenticate(std::string_view credential,
                                 std::function<void(core::Result<PrincipalPtr>)> done) {
  const security::CredentialKind kind = security::ClassifyCredential(credential);
  if (kind == security::CredentialKind::kUnknown) return done(Refused());
  std::string credential_hash = security::HashToken(credential);
  if (PrincipalPtr cached = Lookup(credential_hash, clock_.Now())) return done(std::move(cached));

  if (kind == security::CredentialKind::kSessionToken) {
    store_.FindSession(credential_hash, [this, credential_hash, done = std::move(done)](
                                            core::Result<store::SessionWithUser> row) {
      if (!row) return done(FromLookup(row.error()));
      // The store found the row by this hash; compare anyway so a lookup that matched loosely
      // (collation, prefix) can never authenticate.
      if (!security::ConstantTimeEquals(row->session.token_hash, credential_hash)) return done(Refused());
      core::Result<security::Principal> principal = PrincipalFromSession(*row, clock_.Now());
      if (!principal) {
        return done(principal.error().code == core::ErrorCode::kInternal ? principal.error() : Refused());
      }
      auto shared = std::make_shared<const security::Principal>(std::move(principal).value());
      Remember(credential_hash, shared, row->session.expires_at);
      done(std::move(shared));
    });
    return;
  }
  std::optional<std::string> key_id = security::ApiKeyIdOf(credential);
  if (!key_id) return done(Refused());
  store_.FindApiKey(*key_id, [this, credential_hash, done = std::move(done)](core::Result<store::ApiKeyRecord> key) {
    if (!key) return done(FromLookup(key.error()));
    if (!security::ConstantTimeEquals(key->key_hash, credential_hash)) return done(Refused());
    core::Result<security::Principal> principal = PrincipalFromApiKey(*key);
    if (!principal) return done(principal.error().code == core::ErrorCode::kInternal ? principal.error() : Refused());
    auto shared = std::make_shared<const security::Principal>(std::move(principal).value());
    Remember(credential_hash, shared, std::numeric_limits<core::UnixMillis>::max());
    done(std::move(shared));
  });
}

}  // namespace ordo::service
