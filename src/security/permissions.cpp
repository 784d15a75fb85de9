#include "security/permissions.hpp"

#include <array>

namespace ordo::security {
namespace {

// The catalog. Sensitive = needs a TOTP step-up no older than 5 minutes (DESIGN.md "Security
// and compliance"): clear personal data (grant use, clear export), rule publish, role/scope/user
// changes, bulk cancel, retention runs, undoing a customer merge.
constexpr std::array kCatalog = {
    PermissionInfo{perm::kOrdersRead, false, "read orders (personal data masked)"},
    PermissionInfo{perm::kOrdersWrite, false, "create and edit orders"},
    PermissionInfo{perm::kOrdersTransition, false, "move orders through their lifecycle"},
    PermissionInfo{perm::kOrdersExport, false, "export orders as CSV/XLSX, masked"},
    PermissionInfo{perm::kOrdersExportClear, true, "export orders with personal data in clear"},
    PermissionInfo{perm::kOrdersBulkCancel, true, "cancel many orders at once"},
    PermissionInfo{perm::kCustomersRead, false, "read the single customer view (contact details masked)"},
    PermissionInfo{perm::kCustomersUnmerge, true, "undo a merge of two customers"},
    PermissionInfo{perm::kPiiUnmaskRequest, false, "ask to see personal data in clear"},
    PermissionInfo{perm::kPiiUnmaskApprove, false, "approve or deny others' unmask requests"},
    PermissionInfo{perm::kPiiReadClear, true, "read personal data in clear under a grant"},
    PermissionInfo{perm::kRulesRead, false, "read rule sets"},
    PermissionInfo{perm::kRulesWrite, false, "edit draft rule sets"},
    PermissionInfo{perm::kRulesPublish, true, "publish a rule set to production"},
    PermissionInfo{perm::kRiskReview, false, "review orders held by risk checks"},
    PermissionInfo{perm::kStockRead, false, "read stock levels"},
    PermissionInfo{perm::kStockWrite, false, "adjust stock"},
    PermissionInfo{perm::kLocationsWrite, false, "manage warehouses and stores"},
    PermissionInfo{perm::kWebhooksManage, false, "manage webhook subscriptions"},
    PermissionInfo{perm::kAuditRead, false, "read the audit log"},
    PermissionInfo{perm::kUsersManage, true, "create users, change their role or scopes"},
    PermissionInfo{perm::kRolesManage, true, "define and change custom roles"},
    PermissionInfo{perm::kApiKeysManage, false, "issue and revoke API keys"},
    PermissionInfo{perm::kRetentionRun, true, "run retention: archive, anonymise, erase"},
    PermissionInfo{perm::kQualityManage, false, "manage data-quality checks"},
    PermissionInfo{perm::kChannelsManage, false, "manage sales channel connections"},
    PermissionInfo{perm::kDashboardsRead, false, "read dashboards and aggregates"},
    PermissionInfo{perm::kOpsRead, false, "read operational status and metrics"},
};

}  // namespace

std::span<const PermissionInfo> PermissionCatalog() { return kCatalog; }

const PermissionInfo* FindPermission(std::string_view name) {
  for (const PermissionInfo& info : kCatalog) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

bool IsKnownPermission(std::string_view name) { return FindPermission(name) != nullptr; }

bool IsSensitivePermission(std::string_view name) {
  const PermissionInfo* info = FindPermission(name);
  return info != nullptr && info->sensitive;
}

PermissionSet AllPermissions() {
  PermissionSet all;
  for (const PermissionInfo& info : kCatalog) all.emplace(info.name);
  return all;
}

}  // namespace ordo::security
