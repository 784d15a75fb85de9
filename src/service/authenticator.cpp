#include "service/authenticator.hpp"

#include <limits>

#include "security/roles.hpp"
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
      const std::string role = row->user.role;
      WithCustomRole(role, [this, credential_hash, row = std::move(row).value(), done](CustomRoles custom) {
        if (!custom) return done(std::move(custom).error());
        core::Result<security::Principal> principal = PrincipalFromSession(row, clock_.Now(), *custom);
        Finish(credential_hash, std::move(principal), row.session.expires_at, done);
      });
    });
    return;
  }
  std::optional<std::string> key_id = security::ApiKeyIdOf(credential);
  if (!key_id) return done(Refused());
  store_.FindApiKey(*key_id, [this, credential_hash, done = std::move(done)](core::Result<store::ApiKeyRecord> key) {
    if (!key) return done(FromLookup(key.error()));
    if (!security::ConstantTimeEquals(key->key_hash, credential_hash)) return done(Refused());
    const std::string role = key->role;
    WithCustomRole(role, [this, credential_hash, key = std::move(key).value(), done](CustomRoles custom) {
      if (!custom) return done(std::move(custom).error());
      Finish(credential_hash, PrincipalFromApiKey(key, *custom), std::numeric_limits<core::UnixMillis>::max(), done);
    });
  });
}

void Authenticator::WithCustomRole(const std::string& role_name, std::function<void(CustomRoles)> next) {
  // Built-in roles win, so a stored row can never redefine one; they need no lookup.
  if (security::IsBuiltInRoleName(role_name)) return next(std::vector<security::Role>{});
  // Asynchronous on purpose: this runs in a store callback, where a blocking read could wait
  // for the very reader thread it occupies.
  store_.FindRole(role_name, [next = std::move(next)](core::Result<store::Store::RoleRecord> stored) {
    if (!stored) {
      // An unknown role resolves to nothing: PrincipalFrom… then refuses it.
      if (stored.error().code == core::ErrorCode::kNotFound) return next(std::vector<security::Role>{});
      return next(std::move(stored).error());
    }
    core::Result<security::Role> role = RoleFromRecord(*stored);
    if (!role) return next(std::move(role).error());
    next(std::vector<security::Role>{std::move(role).value()});
  });
}

void Authenticator::Finish(const std::string& credential_hash, core::Result<security::Principal> principal,
                           core::UnixMillis valid_until, const std::function<void(core::Result<PrincipalPtr>)>& done) {
  if (!principal) return done(principal.error().code == core::ErrorCode::kInternal ? principal.error() : Refused());
  auto shared = std::make_shared<const security::Principal>(std::move(principal).value());
  Remember(credential_hash, shared, valid_until);
  done(std::move(shared));
}

}  // namespace ordo::service
