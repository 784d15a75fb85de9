#pragma once
// The permission catalog: every permission a route or use case can require, by name, and which
// of them are sensitive (need a TOTP step-up no older than 5 minutes, see authorize.hpp).
// Names are stable API: they appear in the route table, role definitions stored in the
// database, audit entries and docs/security.md. Constant data; thread-safe.
#include <set>
#include <span>
#include <string>
#include <string_view>

namespace ordo::security {

// A set of permission names; transparent comparator so string_view lookups need no copy.
using PermissionSet = std::set<std::string, std::less<>>;

namespace perm {
inline constexpr std::string_view kOrdersRead = "orders.read";
inline constexpr std::string_view kCustomersRead = "customers.read";
inline constexpr std::string_view kCustomersUnmerge = "customers.unmerge";
inline constexpr std::string_view kOrdersWrite = "orders.write";
inline constexpr std::string_view kOrdersTransition = "orders.transition";
inline constexpr std::string_view kOrdersExport = "orders.export";              // masked export
inline constexpr std::string_view kOrdersExportClear = "orders.export.clear";   // sensitive
inline constexpr std::string_view kOrdersBulkCancel = "orders.bulk_cancel";     // sensitive
inline constexpr std::string_view kPiiUnmaskRequest = "pii.unmask.request";
inline constexpr std::string_view kPiiUnmaskApprove = "pii.unmask.approve";
inline constexpr std::string_view kPiiReadClear = "pii.read.clear";             // sensitive
inline constexpr std::string_view kRulesRead = "rules.read";
inline constexpr std::string_view kRulesWrite = "rules.write";
inline constexpr std::string_view kRulesPublish = "rules.publish";              // sensitive
inline constexpr std::string_view kRiskReview = "risk.review";
inline constexpr std::string_view kStockRead = "stock.read";
inline constexpr std::string_view kStockWrite = "stock.write";
inline constexpr std::string_view kLocationsWrite = "locations.write";
inline constexpr std::string_view kWebhooksManage = "webhooks.manage";
inline constexpr std::string_view kAuditRead = "audit.read";
inline constexpr std::string_view kUsersManage = "users.manage";                // sensitive
inline constexpr std::string_view kRolesManage = "roles.manage";                // sensitive
inline constexpr std::string_view kApiKeysManage = "api_keys.manage";
inline constexpr std::string_view kRetentionRun = "retention.run";              // sensitive
inline constexpr std::string_view kQualityManage = "quality.manage";
inline constexpr std::string_view kChannelsManage = "channels.manage";
inline constexpr std::string_view kDashboardsRead = "dashboards.read";
inline constexpr std::string_view kOpsRead = "ops.read";
}  // namespace perm

struct PermissionInfo {
  std::string_view name;
  bool sensitive = false;         // needs a fresh TOTP step-up
  std::string_view description;   // one line, for docs and the console
};

// Every permission, in a stable documented order.
std::span<const PermissionInfo> PermissionCatalog();

// nullptr when `name` is not in the catalog.
const PermissionInfo* FindPermission(std::string_view name);
bool IsKnownPermission(std::string_view name);
// False for unknown names (an unknown permission is refused anyway, see Authorize).
bool IsSensitivePermission(std::string_view name);

// All catalog names as a set (the admin role's permissions).
PermissionSet AllPermissions();

}  // namespace ordo::security
