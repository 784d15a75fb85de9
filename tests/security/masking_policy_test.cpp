#include "security/masking_policy.hpp"

#include <gtest/gtest.h>

#include "security/roles.hpp"
#include "security/totp.hpp"

namespace ordo::security {
namespace {

constexpr core::UnixMillis kNow = 1'700'000'000'000;
const Subject kOrder42{SubjectKind::kOrder, "42"};
const std::vector<Subject> kSubjects = {kOrder42, {SubjectKind::kCustomer, "C-9"}};
const std::vector<PiiField> kNameAndPhone = {PiiField::kName, PiiField::kPhone};

Principal SteppedUpAgent() {
  Principal agent;
  agent.id = "u7";
  agent.username = "agent";
  agent.role = "customer_service";
  agent.permissions = FindBuiltInRole("customer_service")->permissions;
  agent.last_step_up_at = kNow - 2 * 60'000;
  return agent;
}

UnmaskGrant PhoneGrant() {
  return UnmaskGrant{"g1", "u7", {kOrder42}, {PiiField::kPhone}, "courier cannot reach buyer",
                     true, kNow + 20 * 60'000};
}

TEST(DecideMasking, EverythingIsMaskedByDefault) {
  const std::vector<UnmaskGrant> grants = {PhoneGrant()};
  const MaskingDecision decision = DecideMasking(SteppedUpAgent(), kSubjects, {}, grants, kNow);
  ASSERT_EQ(decision.fields.size(), 4u);
  EXPECT_FALSE(decision.AnyClear());
  EXPECT_EQ(decision.For(PiiField::kPhone).reason, "not_requested");
}

TEST(DecideMasking, GrantClearsOnlyItsFieldsAndNamesItself) {
  const std::vector<UnmaskGrant> grants = {PhoneGrant()};
  const MaskingDecision decision =
      DecideMasking(SteppedUpAgent(), kSubjects, kNameAndPhone, grants, kNow);
  EXPECT_TRUE(decision.IsClear(PiiField::kPhone));
  EXPECT_EQ(decision.For(PiiField::kPhone).reason, "grant");
  EXPECT_EQ(decision.For(PiiField::kPhone).grant_id, "g1");
  EXPECT_FALSE(decision.IsClear(PiiField::kName));
  EXPECT_EQ(decision.For(PiiField::kName).reason, "no_grant");
}

TEST(DecideMasking, CustomerGrantCoversTheCustomersOrders) {
  UnmaskGrant grant = PhoneGrant();
  grant.subjects = {{SubjectKind::kCustomer, "C-9"}};
  const std::vector<UnmaskGrant> grants = {grant};
  EXPECT_TRUE(DecideMasking(SteppedUpAgent(), kSubjects, kNameAndPhone, grants, kNow)
                  .IsClear(PiiField::kPhone));
}

struct RefusalCase {
  const char* name;
  void (*change)(Principal&, UnmaskGrant&);
  const char* reason;
};

TEST(DecideMasking, EachMissingConditionKeepsThePhoneMaskedWithItsReason) {
  const RefusalCase cases[] = {
      {"no permission", [](Principal& p, UnmaskGrant&) { p.permissions.erase("pii.read.clear"); },
       "missing_permission"},
      {"api key", [](Principal& p, UnmaskGrant&) { p.kind = PrincipalKind::kApiKey; },
       "step_up_unavailable"},
      {"no step-up", [](Principal& p, UnmaskGrant&) { p.last_step_up_at.reset(); },
       "step_up_required"},
      {"stale step-up",
       [](Principal& p, UnmaskGrant&) { p.last_step_up_at = kNow - kStepUpMaxAgeMillis - 1; },
       "step_up_required"},
      {"someone else's grant", [](Principal&, UnmaskGrant& g) { g.requester_id = "u8"; },
       "no_grant"},
      {"other order", [](Principal&, UnmaskGrant& g) { g.subjects = {{SubjectKind::kOrder, "43"}}; },
       "no_grant"},
      {"not approved", [](Principal&, UnmaskGrant& g) { g.approved = false; },
       "grant_not_approved"},
      {"expired", [](Principal&, UnmaskGrant& g) { g.expires_at = kNow; }, "grant_expired"},
  };
  for (const RefusalCase& c : cases) {
    Principal principal = SteppedUpAgent();
    UnmaskGrant grant = PhoneGrant();
    c.change(principal, grant);
    const std::vector<UnmaskGrant> grants = {grant};
    const MaskingDecision decision =
        DecideMasking(principal, kSubjects, kNameAndPhone, grants, kNow);
    EXPECT_FALSE(decision.IsClear(PiiField::kPhone)) << c.name;
    EXPECT_EQ(decision.For(PiiField::kPhone).reason, c.reason) << c.name;
  }
}

TEST(DecideMasking, AValidGrantWinsOverAnExpiredOne) {
  UnmaskGrant expired = PhoneGrant();
  expired.request_id = "g0";
  expired.expires_at = kNow - 1;
  const std::vector<UnmaskGrant> grants = {expired, PhoneGrant()};
  const MaskingDecision decision =
      DecideMasking(SteppedUpAgent(), kSubjects, kNameAndPhone, grants, kNow);
  EXPECT_EQ(decision.For(PiiField::kPhone).grant_id, "g1");
}

TEST(ApplyMasking, MasksPersonalFieldsAndKeepsTheRegion) {
  order::Address address;
  address.name = "张三";
  address.phone = "13812341234";
  address.province = "浙江省";
  address.city = "杭州市";
  address.district = "西湖区";
  address.street = "文三路 1 号";
  const std::vector<UnmaskGrant> none;
  const order::Address masked =
      ApplyMasking(address, DecideMasking(SteppedUpAgent(), kSubjects, {}, none, kNow));
  EXPECT_EQ(masked.name, "张*");
  EXPECT_EQ(masked.phone, "138****1234");
  EXPECT_EQ(masked.street, "****");
  EXPECT_EQ(masked.province, "浙江省");
  EXPECT_EQ(masked.district, "西湖区");

  const std::vector<UnmaskGrant> grants = {PhoneGrant()};
  const order::Address partly = ApplyMasking(
      address, DecideMasking(SteppedUpAgent(), kSubjects, kNameAndPhone, grants, kNow));
  EXPECT_EQ(partly.phone, "13812341234");
  EXPECT_EQ(partly.name, "张*");
}

TEST(SubjectsOfOrder, AreTheOrderAndItsCustomer) {
  order::Order order;
  order.id = 42;
  order.customer_ref = "C-9";
  EXPECT_EQ(SubjectsOfOrder(order), kSubjects);
  order.customer_ref.clear();
  EXPECT_EQ(SubjectsOfOrder(order).size(), 1u);
}

TEST(PiiFields, ParseListsInCatalogueOrderAndRefuseBadOnes) {
  const std::vector<std::string> names = {"phone", "name"};
  EXPECT_EQ(ParsePiiFields(names).value(), kNameAndPhone);
  const std::vector<std::string> unknown = {"phone", "salary"};
  EXPECT_EQ(ParsePiiFields(unknown).error().fields[0].code, "unknown_field");
  const std::vector<std::string> twice = {"phone", "phone"};
  EXPECT_EQ(ParsePiiFields(twice).error().fields[0].code, "duplicate_field");
  EXPECT_EQ(ParsePiiFields({}).error().fields[0].code, "empty");
  EXPECT_EQ(SubjectLabel(kOrder42), "order:42");
}

}  // namespace
}  // namespace ordo::security
