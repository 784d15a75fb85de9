#include "security/authorize.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "security/roles.hpp"
#include "security/totp.hpp"

namespace ordo::security {
namespace {

using ::testing::HasSubstr;

constexpr core::UnixMillis kNow = 1'700'000'000'000;

Principal UserWithRole(std::string_view role_name) {
  Principal principal;
  principal.kind = PrincipalKind::kUser;
  principal.id = "u1";
  principal.username = "tester";
  principal.role = std::string(role_name);
  principal.permissions = FindBuiltInRole(role_name)->permissions;
  return principal;
}

TEST(Authorize, AllowsAPermissionTheRoleHas) {
  const Decision decision = Authorize(UserWithRole("auditor"), "audit.read", kNow);
  EXPECT_TRUE(decision.allowed());
  EXPECT_EQ(decision.reason, "allowed");
}

TEST(Authorize, ForbidsAMissingPermissionNamingIt) {
  const Decision decision = Authorize(UserWithRole("auditor"), "orders.write", kNow);
  EXPECT_EQ(decision.kind, DecisionKind::kForbidden);
  EXPECT_EQ(decision.reason, "missing_permission");
  EXPECT_THAT(decision.detail, HasSubstr("orders.write"));
  const core::Error error = decision.ToError();
  EXPECT_EQ(error.code, core::ErrorCode::kForbidden);
  EXPECT_EQ(error.detail, "missing_permission");
}

TEST(Authorize, ForbidsUnknownPermissionsEvenForAdmin) {
  const Decision decision = Authorize(UserWithRole("admin"), "orders.nuke", kNow);
  EXPECT_EQ(decision.reason, "unknown_permission");
}

TEST(Authorize, SensitivePermissionNeedsAFreshStepUp) {
  Principal admin = UserWithRole("admin");
  EXPECT_EQ(Authorize(admin, "rules.publish", kNow).kind, DecisionKind::kStepUpRequired);
  admin.last_step_up_at = kNow - kStepUpMaxAgeMillis - 1;
  const Decision stale = Authorize(admin, "rules.publish", kNow);
  EXPECT_EQ(stale.kind, DecisionKind::kStepUpRequired);
  EXPECT_EQ(stale.ToError().detail, "step_up_required");
  admin.last_step_up_at = kNow - 60'000;
  EXPECT_TRUE(Authorize(admin, "rules.publish", kNow).allowed());
}

TEST(Authorize, NonSensitivePermissionIgnoresStepUp) {
  EXPECT_TRUE(Authorize(UserWithRole("admin"), "orders.read", kNow).allowed());
}

TEST(Authorize, ApiKeysCanNeverUseSensitivePermissions) {
  Principal key = UserWithRole("admin");
  key.kind = PrincipalKind::kApiKey;
  key.last_step_up_at = kNow;
  EXPECT_EQ(Authorize(key, "retention.run", kNow).reason, "step_up_unavailable");
}

// Every built-in role × every catalog permission: allowed iff the role has it (with a fresh
// step-up), and a stale step-up turns exactly the sensitive ones into step_up_required.
TEST(Authorize, RoleMatrixFollowsTheRoleTable) {
  for (const Role& role : BuiltInRoles()) {
    Principal fresh = UserWithRole(role.name);
    fresh.last_step_up_at = kNow;
    const Principal stale = UserWithRole(role.name);
    for (const PermissionInfo& info : PermissionCatalog()) {
      const bool has = role.permissions.contains(info.name);
      EXPECT_EQ(Authorize(fresh, info.name, kNow).allowed(), has) << role.name << " " << info.name;
      const Decision without = Authorize(stale, info.name, kNow);
      if (!has) {
        EXPECT_EQ(without.reason, "missing_permission");
      } else if (info.sensitive) {
        EXPECT_EQ(without.kind, DecisionKind::kStepUpRequired) << role.name << " " << info.name;
      } else {
        EXPECT_TRUE(without.allowed());
      }
    }
  }
}

TEST(InScope, EmptyScopesSeeEverything) {
  EXPECT_TRUE(InScope(UserWithRole("admin"), "广东省", "jd"));
  EXPECT_TRUE(InScope(UserWithRole("admin"), "", ""));
}

TEST(InScope, ProvinceScopeMatchesAnySpellingOfTheProvince) {
  Principal manager = UserWithRole("region_manager");
  manager.scopes.provinces = {"浙江省"};
  EXPECT_TRUE(InScope(manager, "浙江省", "tmall"));
  EXPECT_TRUE(InScope(manager, "浙江", "tmall"));
  EXPECT_TRUE(InScope(manager, "330000", "tmall"));
  EXPECT_FALSE(InScope(manager, "江苏省", "tmall"));
}

TEST(InScope, UnknownProvinceIsOutOfScopeForAScopedPrincipal) {
  Principal manager = UserWithRole("region_manager");
  manager.scopes.provinces = {"浙江省"};
  EXPECT_FALSE(InScope(manager, "", "tmall"));
  EXPECT_FALSE(InScope(manager, "Atlantis", "tmall"));
}

TEST(InScope, ScopeWrittenAsCodeStillMatches) {
  Principal manager = UserWithRole("region_manager");
  manager.scopes.provinces = {"330000"};
  EXPECT_TRUE(InScope(manager, "浙江省", "tmall"));
}

TEST(InScope, ChannelAndProvinceScopesMustBothHold) {
  Principal key = UserWithRole("integration");
  key.scopes.channels = {"tmall"};
  key.scopes.provinces = {"浙江省"};
  EXPECT_TRUE(InScope(key, "浙江", "tmall"));
  EXPECT_FALSE(InScope(key, "浙江", "jd"));
  EXPECT_FALSE(InScope(key, "江苏", "tmall"));
}

TEST(InLocationScope, RestrictsOnlyWhenLocationsAreListed) {
  Principal lead = UserWithRole("warehouse_lead");
  EXPECT_TRUE(InLocationScope(lead, "WH-1"));
  lead.scopes.locations = {"WH-1"};
  EXPECT_TRUE(InLocationScope(lead, "WH-1"));
  EXPECT_FALSE(InLocationScope(lead, "WH-2"));
}

TEST(Principal, ActorNamesUserOrKey) {
  Principal user = UserWithRole("operator");
  EXPECT_EQ(user.ToActor().kind, "user");
  EXPECT_EQ(user.ToActor().id, "tester");
  Principal key = UserWithRole("integration");
  key.kind = PrincipalKind::kApiKey;
  key.id = "ok_abcdefgh";
  EXPECT_EQ(key.ToActor().kind, "api_key");
  EXPECT_EQ(key.ToActor().id, "ok_abcdefgh");
}

}  // namespace
}  // namespace ordo::security
