#include "security/roles.hpp"

#include <initializer_list>
#include <vector>

namespace ordo::security {
namespace {

using namespace perm;  // NOLINT: the role table below reads as a table with short names

Role MakeBuiltIn(std::string_view name, std::initializer_list<std::string_view> permissions) {
  Role role{std::string(name), {}, true};
  for (const std::string_view permission : permissions) role.permissions.emplace(permission);
  return role;
}

// Least privilege per job; docs/security.md has the same table. Every clear-data path needs a
// grant as well as pii.read.clear, so holding the permission alone shows nothing.
std::vector<Role> MakeBuiltInRoles() {
  std::vector<Role> roles;
  Role admin{std::string(role::kAdmin), AllPermissions(), true};
  roles.push_back(std::move(admin));
  roles.push_back(MakeBuiltIn(role::kOperator,
      {kOrdersRead, kOrdersWrite, kOrdersTransition, kOrdersExport, kOrdersBulkCancel,
       kCustomersRead, kCustomersUnmerge, kPiiUnmaskRequest, kPiiReadClear, kStockRead, kRulesRead, kDashboardsRead, kOpsRead}));
  roles.push_back(MakeBuiltIn(role::kCustomerService,
      {kOrdersRead, kOrdersWrite, kOrdersTransition, kCustomersRead, kCustomersUnmerge, kPiiUnmaskRequest,
       kPiiReadClear, kStockRead}));
  roles.push_back(MakeBuiltIn(role::kRegionManager,
      {kOrdersRead, kOrdersTransition, kOrdersExport, kCustomersRead, kPiiUnmaskRequest, kPiiUnmaskApprove,
       kPiiReadClear, kStockRead, kDashboardsRead}));
  roles.push_back(MakeBuiltIn(role::kRuleAuthor,
      {kOrdersRead, kRulesRead, kRulesWrite, kRulesPublish, kDashboardsRead}));
  roles.push_back(MakeBuiltIn(role::kRiskReviewer,
      {kOrdersRead, kOrdersTransition, kCustomersRead, kRiskReview, kRulesRead, kPiiUnmaskRequest,
       kPiiReadClear}));
  roles.push_back(MakeBuiltIn(role::kWarehouseLead,
      {kOrdersRead, kOrdersTransition, kStockRead, kStockWrite, kLocationsWrite,
       kDashboardsRead}));
  roles.push_back(MakeBuiltIn(role::kAuditor,
      {kAuditRead, kOrdersRead, kCustomersRead, kRulesRead, kDashboardsRead, kOpsRead}));
  roles.push_back(MakeBuiltIn(role::kIntegration,
      {kOrdersRead, kOrdersWrite, kOrdersTransition, kStockRead, kStockWrite}));
  return roles;
}

const std::vector<Role>& BuiltInRoleTable() {
  static const std::vector<Role> roles = MakeBuiltInRoles();
  return roles;
}

bool IsValidRoleName(std::string_view name) {
  if (name.size() < 3 || name.size() > 40) return false;
  if (name[0] < 'a' || name[0] > 'z') return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::span<const Role> BuiltInRoles() { return BuiltInRoleTable(); }

const Role* FindBuiltInRole(std::string_view name) {
  for (const Role& role : BuiltInRoleTable()) {
    if (role.name == name) return &role;
  }
  return nullptr;
}

bool IsBuiltInRoleName(std::string_view name) { return FindBuiltInRole(name) != nullptr; }

core::Result<Role> MakeCustomRole(std::string_view name,
                                  std::span<const std::string> permissions) {
  std::vector<core::FieldError> errors;
  if (!IsValidRoleName(name)) {
    errors.push_back({"name", "invalid_role_name",
                      "role name must be 3..40 of a-z, 0-9, _ starting with a letter"});
  } else if (IsBuiltInRoleName(name)) {
    errors.push_back({"name", "reserved_role_name", "role name is a built-in role"});
  }
  Role role{std::string(name), {}, false};
  if (permissions.empty()) {
    errors.push_back({"permissions", "empty", "a role needs at least one permission"});
  }
  for (const std::string& permission : permissions) {
    if (!IsKnownPermission(permission)) {
      // Permission names are catalog words, not personal data; cap what we echo anyway.
      errors.push_back({"permissions", "unknown_permission",
                        "unknown permission: " + permission.substr(0, 64)});
    } else {
      role.permissions.insert(permission);
    }
  }
  if (!errors.empty()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "invalid role", std::move(errors)};
  }
  return role;
}

core::Result<Role> ResolveRole(std::string_view name, std::span<const Role> custom_roles) {
  if (const Role* built_in = FindBuiltInRole(name)) return *built_in;
  for (const Role& role : custom_roles) {
    if (role.name == name) return role;
  }
  return core::MakeError(core::ErrorCode::kNotFound, "unknown role");
}

}  // namespace ordo::security
