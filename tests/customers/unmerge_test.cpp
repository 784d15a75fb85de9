#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "customers/resolution_engine.hpp"
#include "engine_fixture.hpp"

namespace ordo::customers {
namespace {

using ::testing::ElementsAre;
using testing::Buyer;
using testing::EngineTest;
using testing::FakeBlindIndex;

const Buyer kWangJd{.name = "王小明", .phone = "13812345678", .buyer_id = "pin1"};
const Buyer kWangNewPhone{.name = "王小明", .phone = "13998765432"};

bool SameView(const CustomerView& a, const CustomerView& b) {
  return a.id == b.id && a.merged_ids == b.merged_ids && a.order_ids == b.order_ids &&
         a.lifetime_value == b.lifetime_value && a.first_order_at == b.first_order_at &&
         a.last_order_at == b.last_order_at && a.merges == b.merges && a.channels.size() == b.channels.size();
}

TEST_F(EngineTest, UnmergeRestoresBothSidesExactly) {
  const CustomerId existing = Resolve(1, "jd", kWangJd).customer;
  Resolve(2, "jd", kWangJd);
  const CustomerView before = View(existing);

  const ResolveResult merged = Resolve(3, "douyin", kWangNewPhone);
  ASSERT_EQ(merged.outcome, ResolveOutcome::kMerged);
  Resolve(4, "douyin", kWangNewPhone);  // joins through the new phone, i.e. the merged-in side
  ASSERT_THAT(View(existing).order_ids, ElementsAre(1, 2, 3, 4));

  clock_.Advance(1000);
  const auto unmerged = engine_.Unmerge(merged.merges[0]);
  ASSERT_TRUE(unmerged.has_value());
  EXPECT_EQ(unmerged->kept, existing);
  EXPECT_EQ(unmerged->restored, CustomerId{2}) << "the id order 3 got when it created its customer";
  EXPECT_TRUE(SameView(View(existing), before));
  const CustomerView restored = View(unmerged->restored);
  EXPECT_THAT(restored.order_ids, ElementsAre(3, 4));
  EXPECT_TRUE(restored.merges.empty());
  EXPECT_EQ(engine_.FindByKey(KeyKind::kPhone, FakeBlindIndex("+8613998765432")), unmerged->restored);
  EXPECT_EQ(engine_.FindByKey(KeyKind::kPhone, FakeBlindIndex("+8613812345678")), existing);
  EXPECT_EQ(engine_.CustomerOfOrder(4), unmerged->restored);
  EXPECT_EQ(engine_.Stats().customers, 2u);

  const MergeInfo info = engine_.GetMerge(merged.merges[0]).value();
  EXPECT_EQ(info.unmerged_at, 1'700'000'001'000);
  ASSERT_EQ(engine_.History().size(), 2u);
  EXPECT_EQ(engine_.History()[0].kind, HistoryEvent::Kind::kMerged);
  EXPECT_EQ(engine_.History()[1].kind, HistoryEvent::Kind::kUnmerged);
  EXPECT_EQ(engine_.History()[1].merge, merged.merges[0]);
}

TEST_F(EngineTest, UnmergeOfKeyBridgedCustomersGivesEachItsOwnOrdersBack) {
  const CustomerId by_phone = Resolve(1, "jd", {.name = "王小明", .phone = "13812345678"}).customer;
  const CustomerId by_email =
      Resolve(2, "shopify", {.name = "Xiaoming Wang", .email = "xm@example.com", .street = "别处1号"}).customer;
  const CustomerView phone_before = View(by_phone);
  const CustomerView email_before = View(by_email);
  const ResolveResult bridge = Resolve(3, "api", {.name = "王小明", .phone = "13812345678", .email = "xm@example.com"});
  ASSERT_EQ(bridge.merges.size(), 1u);

  const auto unmerged = engine_.Unmerge(bridge.merges[0]);
  ASSERT_TRUE(unmerged.has_value());
  EXPECT_THAT(View(by_phone).order_ids, ElementsAre(1, 3)) << "the bridging order joined the phone's customer";
  EXPECT_TRUE(SameView(View(by_email), email_before));
  EXPECT_EQ(View(by_phone).merged_ids, phone_before.merged_ids);
}

TEST_F(EngineTest, AnUndoneMergeIsNotRedoneByTheNextOrder) {
  Resolve(1, "jd", kWangJd);
  const ResolveResult merged = Resolve(2, "douyin", kWangNewPhone);
  ASSERT_TRUE(engine_.Unmerge(merged.merges[0]).has_value());

  // A third phone, same name and flat: the fuzzy match would join both, but the operator
  // separated them; it joins the best one, and the separation holds.
  const ResolveResult third = Resolve(3, "pos", {.name = "王小明", .phone = "13712345678"});
  ASSERT_EQ(third.outcome, ResolveOutcome::kMerged);
  const ResolveResult bridge = Resolve(4, "api", {.name = "王小明", .phone = "13812345678", .email = "x@y.cn"});
  EXPECT_EQ(bridge.outcome, ResolveOutcome::kMatched);
  const ResolveResult both_phones = Resolve(5, "api", {.name = "王小明", .phone = "13998765432", .email = "x@y.cn"});
  EXPECT_TRUE(both_phones.merge_blocked_by_unmerge);
  EXPECT_EQ(both_phones.outcome, ResolveOutcome::kMatched);
  EXPECT_NE(engine_.CustomerOfOrder(1), engine_.CustomerOfOrder(2));
}

TEST_F(EngineTest, UnmergeTwiceIsAConflictAndUnknownIsNotFound) {
  Resolve(1, "jd", kWangJd);
  const MergeId merge = Resolve(2, "douyin", kWangNewPhone).merges.at(0);
  ASSERT_TRUE(engine_.Unmerge(merge).has_value());
  EXPECT_EQ(engine_.Unmerge(merge).error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(engine_.Unmerge(MergeId{99}).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(engine_.Unmerge(MergeId{0}).error().code, core::ErrorCode::kNotFound);
}

TEST_F(EngineTest, UnmergeCustomerByTheAbsorbedId) {
  const CustomerId existing = Resolve(1, "jd", kWangJd).customer;
  Resolve(2, "douyin", kWangNewPhone);
  EXPECT_EQ(View(CustomerId{2}).id, existing) << "an absorbed id leads to the customer it joined";

  const auto unmerged = engine_.UnmergeCustomer(CustomerId{2});
  ASSERT_TRUE(unmerged.has_value());
  EXPECT_EQ(unmerged->restored, CustomerId{2});
  EXPECT_EQ(View(CustomerId{2}).id, CustomerId{2});
  EXPECT_EQ(engine_.UnmergeCustomer(CustomerId{2}).error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(engine_.UnmergeCustomer(CustomerId{7}).error().code, core::ErrorCode::kNotFound);
}

TEST_F(EngineTest, UnmergeCustomerByTheKeptIdUndoesItsLatestMerge) {
  const CustomerId existing = Resolve(1, "jd", kWangJd).customer;
  Resolve(2, "douyin", kWangNewPhone);
  const ResolveResult later = Resolve(3, "pos", {.name = "王小明", .phone = "13712345678"});
  ASSERT_EQ(later.outcome, ResolveOutcome::kMerged);
  const auto unmerged = engine_.UnmergeCustomer(existing);
  ASSERT_TRUE(unmerged.has_value());
  EXPECT_EQ(unmerged->merge, later.merges[0]);
  EXPECT_THAT(View(existing).order_ids, ElementsAre(1, 2));
}

TEST_F(EngineTest, LaterMergesStayWithTheSideTheyMatched) {
  // A ← B by fuzzy match (m1); then C matches B's profile (a typo of B's name form) → edge C–B.
  // Undoing m1 must take C along with B, not leave it with A.
  const CustomerId a = Resolve(1, "jd", {.name = "王小明", .phone = "13812345678"}).customer;
  const ResolveResult b = Resolve(2, "douyin", {.name = "王小明", .phone = "13998765432", .street = "文三路100号3幢201室华星小区"});
  ASSERT_EQ(b.outcome, ResolveOutcome::kMerged);
  const ResolveResult c = Resolve(3, "tmall", {.name = "王晓明", .phone = "17012345678-1234", .street = "文三路100号华星小区3幢201室"});
  ASSERT_EQ(c.outcome, ResolveOutcome::kMerged);
  const MergeInfo c_merge = engine_.GetMerge(c.merges[0]).value();

  const auto unmerged = engine_.Unmerge(b.merges[0]);
  ASSERT_TRUE(unmerged.has_value());
  EXPECT_EQ(engine_.CustomerOfOrder(1), a);
  EXPECT_EQ(engine_.CustomerOfOrder(2) == engine_.CustomerOfOrder(3), c_merge.matched_side != a);
  EXPECT_EQ(engine_.CustomerOfOrder(1) == engine_.CustomerOfOrder(3), c_merge.matched_side == a);
}

}  // namespace
}  // namespace ordo::customers
