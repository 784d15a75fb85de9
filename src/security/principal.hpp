#pragma once
// Principal: who is calling, as resolved from a session token or an API key — with everything
// an authorisation decision needs, so the decisions (authorize.hpp, masking_policy.hpp) are
// pure functions of it. Built per request by the API layer from the store's rows. Value type.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "security/permissions.hpp"

namespace ordo::security {

enum class PrincipalKind { kUser, kApiKey };
std::string_view PrincipalKindName(PrincipalKind kind);  // "user", "api_key"

// Data scopes. Each list empty = unrestricted on that dimension. Provinces are canonical full
// names (NormaliseScopes); channels are channel codes ("tmall"); locations are location ids.
struct Scopes {
  std::vector<std::string> provinces;
  std::vector<std::string> channels;
  std::vector<std::string> locations;
  bool Unrestricted() const { return provinces.empty() && channels.empty() && locations.empty(); }
  bool operator==(const Scopes&) const = default;
};

struct Principal {
  PrincipalKind kind = PrincipalKind::kUser;
  std::string id;          // user id, or the API key id "ok_xxxxxxxx"
  std::string username;    // the login name; for an API key its label
  std::string role;        // role name (built-in or custom)
  PermissionSet permissions;                       // the role's permissions, resolved
  Scopes scopes;
  std::optional<core::UnixMillis> last_step_up_at; // last accepted TOTP in this session
  std::string session_id;  // the session row id (not the token); empty for API keys

  bool HasPermission(std::string_view permission) const {
    return permissions.find(permission) != permissions.end();
  }
  // For timeline events and audit rows: {"user", username} or {"api_key", key id}.
  core::Actor ToActor() const;
};

// Returns `scopes` with provinces canonicalised (codes and short names → full names), and every
// list sorted and de-duplicated. kInvalidArgument with field "scopes/provinces/<i>" code
// "unknown_province" for a province the table does not know; empty strings in any list are
// "empty_scope" errors.
core::Result<Scopes> NormaliseScopes(const Scopes& scopes);

// Parses one command-line / API scope argument into `scopes`:
//   "province:浙江" "province:330000" "channel:tmall" "location:WH-HZ-1"
// The province is canonicalised. kInvalidArgument "scope must be province:, channel: or
// location: followed by a value" otherwise.
core::Status AddScopeArgument(Scopes& scopes, std::string_view argument);

}  // namespace ordo::security
