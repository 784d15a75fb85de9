#include "security/unmask.hpp"

#include <gtest/gtest.h>

#include "security/roles.hpp"

namespace ordo::security {
namespace {

constexpr core::UnixMillis kNow = 1'700'000'000'000;
constexpr core::UnixMillis kMinute = 60'000;

Principal User(std::string id, std::string_view role_name) {
  Principal principal;
  principal.id = std::move(id);
  principal.username = principal.id;
  principal.role = std::string(role_name);
  principal.permissions = FindBuiltInRole(role_name)->permissions;
  return principal;
}

const Principal kAgent = User("u7", "customer_service");
const Principal kManager = User("u2", "region_manager");

UnmaskRequestInput ValidInput() {
  return UnmaskRequestInput{{{SubjectKind::kOrder, "42"}}, {"phone", "name"},
                            "  courier cannot reach the buyer  ", std::nullopt};
}

UnmaskRequest Pending() { return OpenUnmaskRequest(kAgent, ValidInput(), "ur1", kNow).value(); }

TEST(OpenUnmaskRequest, CreatesAPendingRequestWithDefaults) {
  const UnmaskRequest request = Pending();
  EXPECT_EQ(request.status, UnmaskStatus::kPending);
  EXPECT_EQ(request.requester_id, "u7");
  EXPECT_EQ(request.fields, (std::vector<PiiField>{PiiField::kName, PiiField::kPhone}));
  EXPECT_EQ(request.purpose, "courier cannot reach the buyer");
  EXPECT_EQ(request.grant_millis, 30 * kMinute);
  EXPECT_EQ(request.requested_at, kNow);
}

TEST(OpenUnmaskRequest, RefusesWithoutPermissionAndForApiKeys) {
  EXPECT_EQ(OpenUnmaskRequest(User("a1", "auditor"), ValidInput(), "x", kNow).error().detail,
            "missing_permission");
  Principal key = kAgent;
  key.kind = PrincipalKind::kApiKey;
  EXPECT_EQ(OpenUnmaskRequest(key, ValidInput(), "x", kNow).error().detail, "users_only");
}

struct InputCase {
  const char* name;
  void (*change)(UnmaskRequestInput&);
  const char* field;
  const char* code;
};

TEST(OpenUnmaskRequest, ValidatesEveryInputField) {
  const InputCase cases[] = {
      {"no subjects", [](UnmaskRequestInput& in) { in.subjects.clear(); }, "subjects", "empty"},
      {"too many subjects",
       [](UnmaskRequestInput& in) { in.subjects.assign(101, {SubjectKind::kOrder, "1"}); },
       "subjects", "too_many"},
      {"empty subject id", [](UnmaskRequestInput& in) { in.subjects[0].id.clear(); },
       "subjects/0", "empty_id"},
      {"unknown field", [](UnmaskRequestInput& in) { in.fields = {"salary"}; }, "fields",
       "unknown_field"},
      {"short purpose", [](UnmaskRequestInput& in) { in.purpose = "  because "; }, "purpose",
       "too_short"},
      {"long purpose", [](UnmaskRequestInput& in) { in.purpose = std::string(501, 'x'); },
       "purpose", "too_long"},
      {"grant too long", [](UnmaskRequestInput& in) { in.grant_millis = 9 * 60 * kMinute; },
       "grant_minutes", "out_of_range"},
  };
  for (const InputCase& c : cases) {
    UnmaskRequestInput input = ValidInput();
    c.change(input);
    const auto result = OpenUnmaskRequest(kAgent, input, "x", kNow);
    ASSERT_FALSE(result.has_value()) << c.name;
    EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument) << c.name;
    ASSERT_FALSE(result.error().fields.empty()) << c.name;
    EXPECT_EQ(result.error().fields[0].field, c.field) << c.name;
    EXPECT_EQ(result.error().fields[0].code, c.code) << c.name;
  }
}

TEST(OpenUnmaskRequest, PurposeLengthCountsCharactersNotBytes) {
  UnmaskRequestInput input = ValidInput();
  input.purpose = "快递员联系不上买家请核实";  // 12 characters
  EXPECT_TRUE(OpenUnmaskRequest(kAgent, input, "x", kNow).has_value());
}

TEST(ApproveUnmaskRequest, GrantsForTheRequestedDuration) {
  const auto approved = ApproveUnmaskRequest(Pending(), kManager, "ok", kNow + kMinute);
  ASSERT_TRUE(approved.has_value());
  EXPECT_EQ(approved->status, UnmaskStatus::kApproved);
  EXPECT_EQ(approved->approver_id, "u2");
  EXPECT_EQ(approved->expires_at, kNow + 31 * kMinute);
  const UnmaskGrant grant = ToGrant(approved.value());
  EXPECT_TRUE(grant.approved);
  EXPECT_EQ(grant.requester_id, "u7");
  EXPECT_EQ(grant.expires_at, kNow + 31 * kMinute);
}

TEST(ApproveUnmaskRequest, TheRequesterCannotApproveTheirOwnRequest) {
  Principal self = kManager;
  self.id = "u7";
  const auto result = ApproveUnmaskRequest(Pending(), self, "", kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kForbidden);
  EXPECT_EQ(result.error().detail, "self_approval");
}

TEST(ApproveUnmaskRequest, NeedsTheApprovePermission) {
  EXPECT_EQ(ApproveUnmaskRequest(Pending(), User("u3", "operator"), "", kNow).error().detail,
            "missing_permission");
}

TEST(ApproveUnmaskRequest, OnlyPendingRequestsCanBeDecided) {
  const UnmaskRequest denied = DenyUnmaskRequest(Pending(), kManager, "no", kNow).value();
  EXPECT_EQ(denied.status, UnmaskStatus::kDenied);
  const auto again = ApproveUnmaskRequest(denied, kManager, "", kNow);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, core::ErrorCode::kIllegalTransition);
  EXPECT_EQ(again.error().detail, "unmask request is denied, not pending");
}

TEST(ApproveUnmaskRequest, AnUndecidedRequestExpiresAfterADay) {
  const auto late = ApproveUnmaskRequest(Pending(), kManager, "", kNow + kPendingUnmaskTtlMillis);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().detail, "unmask request is expired, not pending");
}

TEST(ApproveUnmaskRequest, RefusesAnOverlongNote) {
  const auto result = ApproveUnmaskRequest(Pending(), kManager, std::string(501, 'n'), kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().fields[0].field, "note");
}

TEST(EffectiveUnmaskStatus, ApprovedBecomesExpiredAtExpiresAt) {
  const UnmaskRequest approved = ApproveUnmaskRequest(Pending(), kManager, "", kNow).value();
  EXPECT_EQ(EffectiveUnmaskStatus(approved, kNow + 30 * kMinute - 1), UnmaskStatus::kApproved);
  EXPECT_EQ(EffectiveUnmaskStatus(approved, kNow + 30 * kMinute), UnmaskStatus::kExpired);
  const auto expired = ExpireIfDue(approved, kNow + 30 * kMinute);
  ASSERT_TRUE(expired.has_value());
  EXPECT_EQ(expired->status, UnmaskStatus::kExpired);
  EXPECT_FALSE(ExpireIfDue(expired.value(), kNow + 60 * kMinute).has_value());
  EXPECT_FALSE(ExpireIfDue(approved, kNow).has_value());
  EXPECT_FALSE(ToGrant(expired.value()).approved);
}

TEST(UnmaskStatusName, RoundTrips) {
  for (const UnmaskStatus status : {UnmaskStatus::kPending, UnmaskStatus::kApproved,
                                    UnmaskStatus::kDenied, UnmaskStatus::kExpired}) {
    EXPECT_EQ(ParseUnmaskStatus(UnmaskStatusName(status)), status);
  }
  EXPECT_FALSE(ParseUnmaskStatus("granted").has_value());
}

}  // namespace
}  // namespace ordo::security
