// service/rule_set_diff: the canonical form versions are stored in, and the per-rule diff.
#include "service/rule_set_diff.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ordo::service {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(CanonicalJsonTest, SortsMembersAndDropsLayout) {
  auto canonical = CanonicalJson(R"( { "rules": [ {"then": [], "id": "a", "when": {"op": "==", "fact": "x"}} ] } )");
  ASSERT_TRUE(canonical.has_value());
  EXPECT_EQ(*canonical, R"({"rules":[{"id":"a","then":[],"when":{"fact":"x","op":"=="}}]})");
  // Same rules in another member order: same text.
  EXPECT_EQ(*CanonicalJson(R"({"rules":[{"id":"a","when":{"fact":"x","op":"=="},"then":[]}]})"), *canonical);
  EXPECT_EQ(CanonicalJson("{").error().code, core::ErrorCode::kMalformed);
}

TEST(DiffRuleSetsTest, AddedRemovedAndChangedMembersById) {
  const char* from = R"({"rules":[
    {"id":"keep","trigger":"order.created","when":{"fact":"order.channel","op":"==","value":"jd"},"then":[{"action":"hold","reason":"x"}]},
    {"id":"gone","trigger":"order.created","then":[]},
    {"id":"edit","trigger":"order.created","priority":0,"when":{"fact":"order.channel","op":"==","value":"jd"},"then":[]}]})";
  const char* to = R"({"rules":[
    {"id":"new","trigger":"order.created","then":[]},
    {"id":"edit","trigger":"order.updated","priority":5,"stop_processing":true,"description":"d",
     "when":{"fact":"order.channel","op":"==","value":"tmall"},"then":[],"enabled_from":"2026-12-01T00:00:00Z"},
    {"then":[{"reason":"x","action":"hold"}],"when":{"value":"jd","op":"==","fact":"order.channel"},"trigger":"order.created","id":"keep"}]})";
  auto diff = DiffRuleSets(from, to);
  ASSERT_TRUE(diff.has_value()) << diff.error().detail;
  EXPECT_THAT(diff->added, ElementsAre("new"));
  EXPECT_THAT(diff->removed, ElementsAre("gone"));
  ASSERT_EQ(diff->changed.size(), 1u);  // "keep" only changed member order
  EXPECT_EQ(diff->changed[0].rule_id, "edit");
  EXPECT_THAT(diff->changed[0].members,
              ElementsAre("when", "priority", "trigger", "stop_processing", "enabled_from", "description"));
}

TEST(DiffRuleSetsTest, ALeftOutMemberEqualsItsDefault) {
  auto diff = DiffRuleSets(R"({"rules":[{"id":"a","trigger":"order.created","then":[]}]})",
                           R"({"rules":[{"id":"a","trigger":"order.created","then":[],"priority":0,
                                         "stop_processing":false,"description":""}]})");
  ASSERT_TRUE(diff.has_value());
  EXPECT_THAT(diff->changed, IsEmpty());
  auto enabled = DiffRuleSets(R"({"rules":[{"id":"a","enabled_to":"2027-01-01T00:00:00Z"}]})",
                              R"({"rules":[{"id":"a","cron":"0 8 * * *"}]})");
  ASSERT_TRUE(enabled.has_value());
  ASSERT_EQ(enabled->changed.size(), 1u);
  EXPECT_THAT(enabled->changed[0].members, ElementsAre("cron", "enabled_to"));
}

TEST(DiffRuleSetsTest, RefusesWhatIsNotARuleSet) {
  EXPECT_EQ(DiffRuleSets("[]", R"({"rules":[]})").error().code, core::ErrorCode::kMalformed);
  EXPECT_EQ(DiffRuleSets(R"({"rules":[{"id":"a"},{"id":"a"}]})", R"({"rules":[]})").error().code,
            core::ErrorCode::kMalformed);
}

}  // namespace
}  // namespace ordo::service
