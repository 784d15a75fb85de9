// The pure parts of authentication and access administration: stored scopes, principals from
// rows, new-user checks, login and audit query parsing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "security/roles.hpp"
#include "service/access_admin.hpp"
#include "service/accounts.hpp"
#include "service/identity.hpp"

namespace ordo::service {
namespace {

using ::testing::HasSubstr;

constexpr core::UnixMillis kNow = 1'800'000'000'000;

store::SessionWithUser ActiveSession(std::string role = "operator") {
  store::SessionWithUser row;
  row.session.id = 7;
  row.session.token_hash = std::string(64, 'a');
  row.session.user_id = 3;
  row.session.expires_at = kNow + 1000;
  row.user.id = 3;
  row.user.username = "li.lei";
  row.user.role = std::move(role);
  row.user.scopes_json = R"({"provinces":["浙江省"],"channels":["tmall"],"locations":[]})";
  return row;
}

std::vector<std::string> FieldCodes(const core::Error& error) {
  std::vector<std::string> codes;
  for (const core::FieldError& field : error.fields) codes.push_back(field.field + ":" + field.code);
  return codes;
}

TEST(ScopesJson, RoundTripsAndReadsMissingListsAsEmpty) {
  const security::Scopes scopes{{"浙江省", "广东省"}, {"tmall"}, {}};
  const core::Result<security::Scopes> back = ParseScopesJson(ScopesJson(scopes));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, scopes);
  EXPECT_TRUE(ParseScopesJson("{}")->Unrestricted());
  EXPECT_FALSE(ParseScopesJson(R"({"provinces":"浙江省"})").has_value());
}

TEST(PrincipalFromSession, ActiveSessionGivesTheRolesPermissionsScopesAndStepUp) {
  store::SessionWithUser row = ActiveSession();
  row.session.last_step_up_at = kNow - 10;
  const core::Result<security::Principal> principal = PrincipalFromSession(row, kNow);
  ASSERT_TRUE(principal.has_value()) << principal.error().detail;
  EXPECT_EQ(principal->id, "3");
  EXPECT_EQ(principal->session_id, "7");
  EXPECT_EQ(principal->permissions, security::FindBuiltInRole("operator")->permissions);
  EXPECT_THAT(principal->scopes.provinces, ::testing::ElementsAre("浙江省"));
  EXPECT_EQ(principal->last_step_up_at, kNow - 10);
  EXPECT_EQ(principal->ToActor().id, "li.lei");
  const store::OrderScope scope = OrderScopeOf(*principal);
  EXPECT_THAT(scope.channels, ::testing::ElementsAre("tmall"));
}

TEST(PrincipalFromSession, RevokedExpiredDisabledAndUnknownRoleAreRefused) {
  store::SessionWithUser revoked = ActiveSession();
  revoked.session.revoked = true;
  store::SessionWithUser expired = ActiveSession();
  expired.session.expires_at = kNow;
  store::SessionWithUser disabled = ActiveSession();
  disabled.user.disabled = true;
  for (const store::SessionWithUser& row : {revoked, expired, disabled}) {
    const core::Result<security::Principal> principal = PrincipalFromSession(row, kNow);
    ASSERT_FALSE(principal.has_value());
    EXPECT_EQ(principal.error().code, core::ErrorCode::kUnauthorized);
  }
  EXPECT_EQ(PrincipalFromSession(ActiveSession("wizard"), kNow).error().code, core::ErrorCode::kForbidden);
}

TEST(PrincipalFromSession, ACustomRoleResolvesAfterTheBuiltInOnes) {
  const core::Result<security::Role> packer =
      RoleFromRecord(store::Store::RoleRecord{.name = "packer", .permissions = {"orders.read", "stock.read"}});
  ASSERT_TRUE(packer.has_value());
  const security::Role custom[] = {*packer};
  const core::Result<security::Principal> principal = PrincipalFromSession(ActiveSession("packer"), kNow, custom);
  ASSERT_TRUE(principal.has_value());
  EXPECT_EQ(principal->permissions, (security::PermissionSet{"orders.read", "stock.read"}));
  EXPECT_EQ(PrincipalFromSession(ActiveSession("packer"), kNow).error().code, core::ErrorCode::kForbidden);
  // A stored row can never redefine a built-in role.
  security::Role fake_operator = *packer;
  fake_operator.name = "operator";
  const security::Role shadow[] = {fake_operator};
  EXPECT_EQ(PrincipalFromSession(ActiveSession("operator"), kNow, shadow)->permissions,
            security::FindBuiltInRole("operator")->permissions);
}

TEST(RoleFromRecord, AStoredRoleNamingAnUnknownPermissionGrantsNothing) {
  const auto role = RoleFromRecord(store::Store::RoleRecord{.name = "packer", .permissions = {"orders.fly"}});
  ASSERT_FALSE(role.has_value());
  EXPECT_EQ(role.error().code, core::ErrorCode::kInternal);
}

TEST(PrepareNewUser, AcceptsAnExistingCustomRoleOnly) {
  const NewUser request{"packer.one", "packer-password-1", "packer", {}};
  const std::string custom[] = {"packer"};
  EXPECT_TRUE(PrepareNewUser(request, security::MinimumPasswordCostForTests(), custom).has_value());
  const auto unknown = PrepareNewUser(request, security::MinimumPasswordCostForTests());
  ASSERT_FALSE(unknown.has_value());
  EXPECT_THAT(FieldCodes(unknown.error()), ::testing::ElementsAre("role:unknown_role"));
}

TEST(PrincipalFromApiKey, RevokedKeyIsRefusedAndAKeyActsAsItsId) {
  store::ApiKeyRecord key;
  key.key_id = "ok_abcdefgh";
  key.name = "shop sync";
  const core::Result<security::Principal> principal = PrincipalFromApiKey(key);
  ASSERT_TRUE(principal.has_value());
  EXPECT_EQ(principal->kind, security::PrincipalKind::kApiKey);
  EXPECT_EQ(principal->ToActor().kind, "api_key");
  EXPECT_EQ(principal->ToActor().id, "ok_abcdefgh");
  key.revoked_at = kNow;
  EXPECT_EQ(PrincipalFromApiKey(key).error().code, core::ErrorCode::kUnauthorized);
}

TEST(PrepareNewUser, NamesEveryBrokenRuleWithoutTheValues) {
  const NewUser request{"x", "short", "wizard", {"province:Atlantis", "planet:mars"}};
  const core::Result<store::UserRecord> user = PrepareNewUser(request, security::MinimumPasswordCostForTests());
  ASSERT_FALSE(user.has_value());
  EXPECT_EQ(user.error().code, core::ErrorCode::kInvalidArgument);
  const std::vector<std::string> codes = FieldCodes(user.error());
  EXPECT_THAT(codes, ::testing::Contains("username:format"));
  EXPECT_THAT(codes, ::testing::Contains("password:too_short"));
  EXPECT_THAT(codes, ::testing::Contains("role:unknown_role"));
  EXPECT_GE(codes.size(), 4u);
  for (const core::FieldError& field : user.error().fields) EXPECT_THAT(field.message, ::testing::Not(HasSubstr("short")));
}

TEST(PrepareNewUser, HashesThePasswordAndCanonicalisesScopes) {
  const NewUser request{"region-zj", "a-long-enough-password", "region_manager", {"province:330000", "province:浙江"}};
  const core::Result<store::UserRecord> user = PrepareNewUser(request, security::MinimumPasswordCostForTests());
  ASSERT_TRUE(user.has_value()) << user.error().detail;
  EXPECT_THAT(user->password_hash, ::testing::StartsWith("$argon2id$"));
  EXPECT_EQ(user->scopes_json, R"({"provinces":["浙江省"],"channels":[],"locations":[]})");
}

TEST(ParseLoginRequest, NeedsBothStringsAndNothingElse) {
  EXPECT_TRUE(ParseLoginRequest(R"({"username":"a","password":"b"})").has_value());
  EXPECT_EQ(ParseLoginRequest("{nope").error().code, core::ErrorCode::kMalformed);
  const core::Result<LoginRequest> missing = ParseLoginRequest(R"({"username":"a","extra":1})");
  ASSERT_FALSE(missing.has_value());
  EXPECT_THAT(FieldCodes(missing.error()), ::testing::UnorderedElementsAre("extra:unknown_field", "password:required"));
}

TEST(BuildAuditFilter, ReadsEveryParameterAndRefusesStrangers) {
  const core::Result<store::AuditFilter> filter = BuildAuditFilter(
      {{"after_seq", "10"}, {"actor", "admin"}, {"action", "auth.login"}, {"from", "2026-11-28T00:00:00Z"}, {"limit", "5"}});
  ASSERT_TRUE(filter.has_value());
  EXPECT_EQ(filter->after_seq, 10);
  EXPECT_EQ(filter->actor_id, "admin");
  EXPECT_EQ(filter->action, "auth.login");
  EXPECT_TRUE(filter->from.has_value());
  EXPECT_EQ(filter->limit, 5);
  EXPECT_EQ(BuildAuditFilter({{"limit", "0"}}).error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(BuildAuditFilter({{"limit", "1001"}}).error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(BuildAuditFilter({{"colour", "red"}}).error().code, core::ErrorCode::kMalformed);
  EXPECT_EQ(BuildAuditFilter({{"actor", "a"}, {"actor", "b"}}).error().code, core::ErrorCode::kMalformed);
}

}  // namespace
}  // namespace ordo::service
