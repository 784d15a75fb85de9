#pragma once
// The authorisation decision: may this principal use this permission now? And the data-scope
// test for one record. Pure functions of their arguments; thread-safe.
//
// Order of checks in Authorize (the first that fails decides):
//   1. unknown permission       → kForbidden,      reason "unknown_permission" (a bug in a route)
//   2. principal lacks it       → kForbidden,      reason "missing_permission"
//   3. sensitive, API key       → kForbidden,      reason "step_up_unavailable" (keys have no TOTP)
//   4. sensitive, step-up stale → kStepUpRequired, reason "step_up_required"
//   5. otherwise                → kAllowed,        reason "allowed"
//
// Scope is separate from permission: a route first Authorizes, then the store filters by scope
// (lists, counts, aggregates) and a single out-of-scope record is answered 404, not 403.
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"
#include "security/principal.hpp"

namespace ordo::security {

enum class DecisionKind { kAllowed, kForbidden, kStepUpRequired };

struct Decision {
  DecisionKind kind = DecisionKind::kForbidden;
  std::string reason;   // stable machine code (see above); safe for clients and logs
  std::string detail;   // one sentence naming the permission; no personal data
  bool allowed() const { return kind == DecisionKind::kAllowed; }
  // kForbidden for both refusals; Error.detail is the reason code ("step_up_required",
  // "missing_permission", …) so the API can map step-up to its problem type; Error.fields has
  // one entry {field "permission", code reason, message detail}.
  core::Error ToError() const;
};

Decision Authorize(const Principal& principal, std::string_view permission, core::UnixMillis now);

// Whether a record in `province` sold through `channel` is within the principal's scopes.
// An empty scope list allows everything on that dimension. `province` may be a full name, short
// name or GB/T 2260 code; a province the table does not know is out of scope for a principal
// with province scopes (fail closed). Channels compare exactly.
bool InScope(const Principal& principal, std::string_view province, std::string_view channel);

// Whether stock/location data of `location_id` is within the principal's location scopes.
bool InLocationScope(const Principal& principal, std::string_view location_id);

}  // namespace ordo::security
