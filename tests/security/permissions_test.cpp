#include "security/permissions.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "security/roles.hpp"

namespace ordo::security {
namespace {

using ::testing::HasSubstr;

TEST(PermissionCatalog, NamesAreUniqueAndDotted) {
  std::set<std::string_view> names;
  for (const PermissionInfo& info : PermissionCatalog()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_NE(info.name.find('.'), std::string_view::npos) << info.name;
    EXPECT_FALSE(info.description.empty()) << info.name;
  }
}

TEST(PermissionCatalog, SensitiveSetIsExactlyTheStepUpOperations) {
  std::set<std::string_view> sensitive;
  for (const PermissionInfo& info : PermissionCatalog()) {
    if (info.sensitive) sensitive.insert(info.name);
  }
  const std::set<std::string_view> expected = {
      perm::kPiiReadClear, perm::kOrdersExportClear, perm::kRulesPublish, perm::kUsersManage,
      perm::kRolesManage,  perm::kOrdersBulkCancel,  perm::kRetentionRun, perm::kCustomersUnmerge};
  EXPECT_EQ(sensitive, expected);
}

TEST(PermissionCatalog, UnknownNamesAreNeitherKnownNorSensitive) {
  EXPECT_FALSE(IsKnownPermission("orders.delete_everything"));
  EXPECT_FALSE(IsSensitivePermission("orders.delete_everything"));
  EXPECT_TRUE(IsSensitivePermission("rules.publish"));
  EXPECT_FALSE(IsSensitivePermission("rules.read"));
}

TEST(BuiltInRoles, AreTheNineDocumentedRolesOverCatalogPermissions) {
  std::vector<std::string> names;
  for (const Role& role : BuiltInRoles()) {
    names.push_back(role.name);
    EXPECT_TRUE(role.built_in);
    EXPECT_FALSE(role.permissions.empty()) << role.name;
    for (const std::string& permission : role.permissions) {
      EXPECT_TRUE(IsKnownPermission(permission)) << role.name << " " << permission;
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"admin", "operator", "customer_service",
                                              "region_manager", "rule_author", "risk_reviewer",
                                              "warehouse_lead", "auditor", "integration"}));
}

TEST(BuiltInRoles, AdminHasEverythingAuditorSeesNoClearData) {
  EXPECT_EQ(FindBuiltInRole("admin")->permissions, AllPermissions());
  const Role* auditor = FindBuiltInRole("auditor");
  ASSERT_NE(auditor, nullptr);
  EXPECT_TRUE(auditor->permissions.contains("audit.read"));
  EXPECT_FALSE(auditor->permissions.contains("pii.read.clear"));
  EXPECT_FALSE(auditor->permissions.contains("orders.write"));
}

TEST(BuiltInRoles, CustomerServiceMayUndoMergesWithAStepUpAndAuditorsOnlyRead) {
  EXPECT_TRUE(IsSensitivePermission("customers.unmerge"));
  EXPECT_FALSE(IsSensitivePermission("customers.read"));
  EXPECT_TRUE(FindBuiltInRole("customer_service")->permissions.contains("customers.unmerge"));
  EXPECT_TRUE(FindBuiltInRole("auditor")->permissions.contains("customers.read"));
  EXPECT_FALSE(FindBuiltInRole("auditor")->permissions.contains("customers.unmerge"));
  EXPECT_FALSE(FindBuiltInRole("integration")->permissions.contains("customers.read"));
}

TEST(BuiltInRoles, IntegrationKeysHoldNoSensitivePermission) {
  for (const std::string& permission : FindBuiltInRole("integration")->permissions) {
    EXPECT_FALSE(IsSensitivePermission(permission)) << permission;
  }
}

TEST(CustomRole, IsValidatedAgainstTheCatalog) {
  const std::vector<std::string> permissions = {"orders.read", "stock.read"};
  const auto role = MakeCustomRole("night_shift", permissions);
  ASSERT_TRUE(role.has_value());
  EXPECT_FALSE(role->built_in);
  EXPECT_EQ(role->permissions.size(), 2u);
}

TEST(CustomRole, RefusesUnknownPermissionsReservedAndMalformedNames) {
  const std::vector<std::string> unknown = {"orders.read", "orders.nuke"};
  const auto bad_permission = MakeCustomRole("night_shift", unknown);
  ASSERT_FALSE(bad_permission.has_value());
  EXPECT_EQ(bad_permission.error().code, core::ErrorCode::kInvalidArgument);
  ASSERT_EQ(bad_permission.error().fields.size(), 1u);
  EXPECT_EQ(bad_permission.error().fields[0].code, "unknown_permission");
  EXPECT_THAT(bad_permission.error().fields[0].message, HasSubstr("orders.nuke"));

  const std::vector<std::string> ok = {"orders.read"};
  EXPECT_EQ(MakeCustomRole("admin", ok).error().fields[0].code, "reserved_role_name");
  EXPECT_EQ(MakeCustomRole("Night Shift", ok).error().fields[0].code, "invalid_role_name");
  EXPECT_EQ(MakeCustomRole("night_shift", {}).error().fields[0].code, "empty");
}

TEST(ResolveRole, FindsBuiltInThenCustomElseNotFound) {
  const std::vector<std::string> permissions = {"orders.read"};
  const std::vector<Role> custom = {MakeCustomRole("night_shift", permissions).value()};
  EXPECT_TRUE(ResolveRole("auditor", custom)->built_in);
  EXPECT_EQ(ResolveRole("night_shift", custom)->name, "night_shift");
  EXPECT_EQ(ResolveRole("ghost", custom).error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace ordo::security
