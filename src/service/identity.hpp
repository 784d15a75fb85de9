#pragma once
// Identity rows ↔ security values: the scopes JSON stored on users and API keys, the Principal
// built from a session or an API key row, a principal's order scope for the store, audit rows,
// and the checks for a new user. Pure functions; thread-safe.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "security/password.hpp"
#include "security/principal.hpp"
#include "security/roles.hpp"
#include "store/store.hpp"

namespace ordo::service {

inline constexpr core::UnixMillis kSessionLifetimeMillis = 12LL * 60 * 60 * 1000;  // 12 h

// {"provinces":[…],"channels":[…],"locations":[…]} ↔ Scopes. Missing lists are empty; anything
// else is kInternal "stored scopes are not valid" (the rows are ours).
core::Result<security::Scopes> ParseScopesJson(std::string_view json);
std::string ScopesJson(const security::Scopes& scopes);

// The principal of a session: kUnauthorized "session revoked" / "session expired" /
// "account disabled"; kForbidden "unknown role" when the user's role is neither built in nor
// one of `custom_roles` (the caller loads the one it needs from the store).
core::Result<security::Principal> PrincipalFromSession(const store::SessionWithUser& row, core::UnixMillis now,
                                                       std::span<const security::Role> custom_roles = {});
// The principal of an API key row (already matched by hash): kUnauthorized "api key revoked";
// kForbidden "unknown role" as above.
core::Result<security::Principal> PrincipalFromApiKey(const store::ApiKeyRecord& key,
                                                      std::span<const security::Role> custom_roles = {});

// A stored custom role as the security module's Role, re-validated (MakeCustomRole): a row
// naming a permission the catalog no longer has is kInternal "stored role is not valid", so
// it grants nothing rather than something unexpected.
core::Result<security::Role> RoleFromRecord(const store::Store::RoleRecord& record);

// What the store filters orders by for this principal.
store::OrderScope OrderScopeOf(const security::Principal& principal);

store::AuditRecord MakeAudit(const core::Actor& actor, std::string_view ip, std::string_view action,
                             std::string_view subject, std::string detail_json = "{}");

struct NewUser {
  std::string username;
  std::string password;  // clear; hashed by PrepareNewUser, never stored or logged
  std::string role;
  std::vector<std::string> scope_args;  // "province:浙江", "channel:tmall", "location:WH-1"
};

// Checks a new user and hashes its password. kInvalidArgument with fields:
//   "username" "format"        3..64 of [A-Za-z0-9._@-]
//   "password" policy codes    (security::CheckPasswordPolicy)
//   "role"     "unknown_role"  neither a built-in role nor one of `custom_role_names`
//   "scopes"   …               (security::AddScopeArgument / NormaliseScopes)
core::Result<store::UserRecord> PrepareNewUser(const NewUser& request,
                                               security::PasswordCost cost = security::InteractivePasswordCost(),
                                               std::span<const std::string> custom_role_names = {});

bool IsValidUsername(std::string_view username);

}  // namespace ordo::service
