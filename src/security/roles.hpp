#pragma once
// Roles: a name and a set of permissions. Nine built-in roles (fixed in code, documented in
// docs/security.md) and custom roles an admin defines (stored by the store, validated here).
// A user has exactly one role; scopes (provinces, channels, locations) live on the user.
// Constant data and pure functions; thread-safe.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "security/permissions.hpp"

namespace ordo::security {

namespace role {
inline constexpr std::string_view kAdmin = "admin";
inline constexpr std::string_view kOperator = "operator";
inline constexpr std::string_view kCustomerService = "customer_service";
inline constexpr std::string_view kRegionManager = "region_manager";
inline constexpr std::string_view kRuleAuthor = "rule_author";
inline constexpr std::string_view kRiskReviewer = "risk_reviewer";
inline constexpr std::string_view kWarehouseLead = "warehouse_lead";
inline constexpr std::string_view kAuditor = "auditor";
inline constexpr std::string_view kIntegration = "integration";
}  // namespace role

struct Role {
  std::string name;
  PermissionSet permissions;
  bool built_in = false;
  bool operator==(const Role&) const = default;
};

// The nine built-in roles, in the order above. Built once; the span lives for the process.
std::span<const Role> BuiltInRoles();
// nullptr when `name` is not a built-in role.
const Role* FindBuiltInRole(std::string_view name);
bool IsBuiltInRoleName(std::string_view name);

// Validates a custom role. kInvalidArgument with fields:
//   "name"        "invalid_role_name" (must match [a-z][a-z0-9_]{2,39})
//                 "reserved_role_name" (a built-in role's name)
//   "permissions" "empty" (at least one), "unknown_permission" (message names the permission;
//                 permission names are not personal data)
// Returns the role with built_in = false.
core::Result<Role> MakeCustomRole(std::string_view name, std::span<const std::string> permissions);

// Resolves a role name: a built-in role, else one of `custom_roles` (as loaded by the store).
// kNotFound "unknown role" otherwise.
core::Result<Role> ResolveRole(std::string_view name, std::span<const Role> custom_roles);

}  // namespace ordo::security
