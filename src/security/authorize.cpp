#include "security/authorize.hpp"

#include <algorithm>

#include "security/permissions.hpp"
#include "security/provinces.hpp"
#include "security/totp.hpp"

namespace ordo::security {
namespace {

Decision Refuse(DecisionKind kind, std::string_view reason, std::string detail) {
  return Decision{kind, std::string(reason), std::move(detail)};
}

bool Contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

core::Error Decision::ToError() const {
  return core::Error{core::ErrorCode::kForbidden, reason, {{"permission", reason, detail}}};
}

Decision Authorize(const Principal& principal, std::string_view permission, core::UnixMillis now) {
  const PermissionInfo* info = FindPermission(permission);
  if (info == nullptr) {
    return Refuse(DecisionKind::kForbidden, "unknown_permission",
                  "the route requires a permission that is not in the catalog");
  }
  const std::string name(info->name);
  if (!principal.HasPermission(permission)) {
    return Refuse(DecisionKind::kForbidden, "missing_permission",
                  "this needs the permission " + name);
  }
  if (info->sensitive) {
    if (principal.kind == PrincipalKind::kApiKey) {
      return Refuse(DecisionKind::kForbidden, "step_up_unavailable",
                    name + " needs a TOTP step-up, which API keys cannot do");
    }
    if (!StepUpFresh(principal.last_step_up_at, now)) {
      return Refuse(DecisionKind::kStepUpRequired, "step_up_required",
                    name + " needs a TOTP code confirmed within the last 5 minutes");
    }
  }
  return Decision{DecisionKind::kAllowed, "allowed", "allowed by " + name};
}

bool InScope(const Principal& principal, std::string_view province, std::string_view channel) {
  const Scopes& scopes = principal.scopes;
  if (!scopes.provinces.empty()) {
    const Province* found = FindProvince(province);
    if (found == nullptr) return false;
    // Scopes are stored canonical, but a scope written as a code or short name still matches.
    const bool any = std::any_of(scopes.provinces.begin(), scopes.provinces.end(),
                                 [found](const std::string& scope) {
                                   return scope == found->full_name || FindProvince(scope) == found;
                                 });
    if (!any) return false;
  }
  if (!scopes.channels.empty() && !Contains(scopes.channels, channel)) return false;
  return true;
}

bool InLocationScope(const Principal& principal, std::string_view location_id) {
  return principal.scopes.locations.empty() || Contains(principal.scopes.locations, location_id);
}

}  // namespace ordo::security
