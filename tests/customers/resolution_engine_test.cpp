#include "customers/resolution_engine.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_fixture.hpp"

namespace ordo::customers {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Buyer;
using testing::EngineTest;
using testing::FakeBlindIndex;

// ---- deterministic keys ----

TEST_F(EngineTest, FirstOrderCreatesACustomer) {
  const ResolveResult result = Resolve(1, "jd", {.name = "王小明", .phone = "13812345678"});
  EXPECT_EQ(result.outcome, ResolveOutcome::kNew);
  EXPECT_EQ(result.customer, CustomerId{1});
  EXPECT_TRUE(result.merges.empty());
}

TEST_F(EngineTest, SamePhoneInAnotherFormatMatchesEvenWithAnotherName) {
  const CustomerId first = Resolve(1, "jd", {.name = "王小明", .phone = "13812345678"}).customer;
  const ResolveResult second = Resolve(2, "pos", {.name = "小明", .phone = "+86 138-1234-5678", .street = "别处1号"});
  EXPECT_EQ(second.outcome, ResolveOutcome::kMatched);
  EXPECT_EQ(second.customer, first);
  EXPECT_EQ(second.matched_keys, KeyKinds{KeyKind::kPhone});
}

TEST_F(EngineTest, EmailInAnotherCaseMatches) {
  const CustomerId first = Resolve(1, "shopify", {.name = "John Smith", .email = "John.Smith@Example.com"}).customer;
  const ResolveResult second = Resolve(2, "shopify", {.name = "J Smith", .email = " john.smith@example.COM"});
  EXPECT_EQ(second.outcome, ResolveOutcome::kMatched);
  EXPECT_EQ(second.customer, first);
  EXPECT_EQ(second.matched_keys, KeyKinds{KeyKind::kEmail});
}

TEST_F(EngineTest, ChannelBuyerIdMatchesWithinItsChannelOnly) {
  const CustomerId tmall = Resolve(1, "tmall", {.name = "王小明", .buyer_id = "u1"}).customer;
  EXPECT_EQ(Resolve(2, "tmall", {.name = "王小明", .buyer_id = "u1", .street = "别处1号"}).customer, tmall);
  const ResolveResult jd = Resolve(3, "jd", {.name = "李娜", .buyer_id = "u1", .street = "别处2号"});
  EXPECT_EQ(jd.outcome, ResolveOutcome::kNew);
  EXPECT_NE(jd.customer, tmall);
}

TEST_F(EngineTest, PrivacyRelayNumberIsNotAKey) {
  const CustomerId first = Resolve(1, "tmall", {.name = "王小明", .phone = "17012345678-1234"}).customer;
  const ResolveResult other = Resolve(2, "tmall", {.name = "李娜", .phone = "17012345678-1234", .street = "别处1号"});
  EXPECT_EQ(other.outcome, ResolveOutcome::kNew);
  EXPECT_NE(other.customer, first);
}

TEST_F(EngineTest, FindByKeyUsesTheBlindIndexForm) {
  const CustomerId customer = Resolve(1, "jd", {.name = "王小明", .phone = "13812345678", .email = "a@b.cn"}).customer;
  EXPECT_EQ(engine_.FindByKey(KeyKind::kPhone, FakeBlindIndex("+8613812345678")), customer);
  EXPECT_EQ(engine_.FindByKey(KeyKind::kEmail, FakeBlindIndex("a@b.cn")), customer);
  EXPECT_EQ(engine_.FindByKey(KeyKind::kEmail, FakeBlindIndex("+8613812345678")), std::nullopt) << "kinds apart";
  EXPECT_EQ(engine_.FindByKey(KeyKind::kPhone, FakeBlindIndex("+8613900000000")), std::nullopt);
}

TEST_F(EngineTest, KeysOfTwoCustomersOnOneOrderMergeThemWithEvidence) {
  const CustomerId by_phone = Resolve(1, "jd", {.name = "王小明", .phone = "13812345678"}).customer;
  const CustomerId by_email = Resolve(2, "shopify", {.name = "Xiaoming Wang", .email = "xm@example.com"}).customer;
  ASSERT_NE(by_phone, by_email);
  const ResolveResult bridge = Resolve(3, "api", {.name = "王小明", .phone = "13812345678", .email = "XM@example.com"});
  EXPECT_EQ(bridge.outcome, ResolveOutcome::kMerged);
  EXPECT_EQ(bridge.customer, by_phone);
  ASSERT_EQ(bridge.merges.size(), 1u);
  const MergeInfo merge = engine_.GetMerge(bridge.merges[0]).value();
  EXPECT_EQ(merge.evidence.rule, MergeRule::kSharedKey);
  EXPECT_EQ(merge.evidence.joined_by, KeyKinds{KeyKind::kPhone});
  EXPECT_EQ(merge.evidence.bridged_by, KeyKinds{KeyKind::kEmail});
  EXPECT_EQ(MergeEvidenceToJson(merge.evidence),
            R"({"rule":"shared_key","order_id":3,"score":1.0,"joined_by":["phone"],"bridged_by":["email"]})");
  EXPECT_EQ(engine_.FindByKey(KeyKind::kEmail, FakeBlindIndex("xm@example.com")), by_phone);
}

// ---- fuzzy match ----

TEST_F(EngineTest, NewPhoneSameNameSameFlatMergesWithEvidence) {
  const CustomerId existing = Resolve(1, "jd", {.name = "王小明", .phone = "13812345678"}).customer;
  const ResolveResult result =
      Resolve(2, "douyin", {.name = "王 小明", .phone = "13998765432", .street = "文三路100号3-201"});
  EXPECT_EQ(result.outcome, ResolveOutcome::kMerged);
  EXPECT_EQ(result.customer, existing);
  ASSERT_EQ(result.merges.size(), 1u);
  const MergeInfo merge = engine_.GetMerge(result.merges[0]).value();
  EXPECT_EQ(merge.evidence.rule, MergeRule::kFuzzy);
  EXPECT_EQ(merge.evidence.fuzzy.name.match, NameMatch::kExact);
  EXPECT_EQ(merge.evidence.fuzzy.address.numbers, NumberAgreement::kEqual);
  EXPECT_TRUE(merge.evidence.fuzzy.contact.phone_differs);
  EXPECT_FALSE(merge.evidence.fuzzy.contact.account_differs);
  EXPECT_DOUBLE_EQ(merge.evidence.score, 1.0);
  EXPECT_EQ(merge.kept, existing);
  EXPECT_EQ(merge.matched_side, existing);
  EXPECT_EQ(merge.order_side, CustomerId{2});
  const std::string json = MergeEvidenceToJson(merge.evidence);
  EXPECT_THAT(json, HasSubstr(R"("rule":"fuzzy")"));
  EXPECT_THAT(json, HasSubstr(R"("name":{"match":"exact","nickname":false,"swapped_order":false,"score":1.0})"));
  EXPECT_THAT(json, HasSubstr(R"("numbers":"equal")"));
  EXPECT_THAT(json, HasSubstr(R"("phone":"different")"));
  // The new phone now leads to the same customer directly.
  EXPECT_EQ(engine_.FindByKey(KeyKind::kPhone, FakeBlindIndex("+8613998765432")), existing);
}

TEST_F(EngineTest, TypoInNameMergesAnOrderWithoutKeysOfItsOwn) {
  const CustomerId existing = Resolve(1, "jd", {.name = "王小明", .phone = "13812345678"}).customer;
  const ResolveResult result = Resolve(2, "api", {.name = "王晓明", .phone = "17012345678-1234"});
  EXPECT_EQ(result.outcome, ResolveOutcome::kMerged);
  EXPECT_EQ(result.customer, existing);
  const MergeEvidence evidence = engine_.GetMerge(result.merges[0])->evidence;
  EXPECT_EQ(evidence.fuzzy.name.match, NameMatch::kNear);
  EXPECT_FALSE(evidence.fuzzy.contact.order_has_keys);
  EXPECT_NEAR(evidence.score, 0.55 * kNearNameScore + 0.45, 1e-9);
}

TEST_F(EngineTest, TypoInNameFromANewAccountDoesNotMerge) {
  // A Tmall account the customer never used and a one-character difference: a typo, or the
  // sibling with that account. Only an exact name merges an order that brings its own key.
  Resolve(1, "jd", {.name = "王小明", .phone = "13812345678"});
  const ResolveResult result = Resolve(2, "tmall", {.name = "王晓明", .phone = "17012345678-1234", .buyer_id = "t1"});
  EXPECT_EQ(result.outcome, ResolveOutcome::kNew);
  // Such an order looks up exact-name candidates only: 王小明 is not even compared.
  EXPECT_FALSE(result.best_candidate.has_value());
}

TEST_F(EngineTest, LenientPolicyLetsANearNameWithNewKeysMerge) {
  ResolutionEngine lenient(clock_, MatchPolicy{.min_name_score_if_order_has_keys = 0.8});
  ASSERT_TRUE(lenient.Resolve(testing::IdentityOf(1, "jd", {.name = "王小明", .phone = "13812345678"})).has_value());
  const auto result = lenient.Resolve(testing::IdentityOf(2, "tmall", {.name = "王晓明", .buyer_id = "t1"}));
  EXPECT_EQ(result->outcome, ResolveOutcome::kMerged);
}

TEST_F(EngineTest, NearNameWithAnotherPhoneAtTheSameFlatDoesNotMerge) {
  // 王小明 and 王小红 at one flat with their own phones: siblings as often as a typo.
  const CustomerId first = Resolve(1, "jd", {.name = "王小明", .phone = "13812345678"}).customer;
  const ResolveResult sibling = Resolve(2, "jd", {.name = "王小红", .phone = "13998765432"});
  EXPECT_EQ(sibling.outcome, ResolveOutcome::kNew);
  EXPECT_NE(sibling.customer, first);
}

TEST_F(EngineTest, EvenTheLenientPolicyWantsAnExactNameWhenThePhonesDiffer) {
  ResolutionEngine lenient(clock_, MatchPolicy{.min_name_score_if_order_has_keys = 0.8});
  ASSERT_TRUE(lenient.Resolve(testing::IdentityOf(1, "jd", {.name = "王小明", .phone = "13812345678"})).has_value());
  const auto sibling = lenient.Resolve(testing::IdentityOf(2, "jd", {.name = "王小红", .phone = "13998765432"}));
  EXPECT_EQ(sibling->outcome, ResolveOutcome::kNew);
  ASSERT_TRUE(sibling->best_candidate.has_value());
  EXPECT_EQ(sibling->best_candidate->name.match, NameMatch::kNear);
  EXPECT_TRUE(sibling->best_candidate->contact.phone_differs);
  EXPECT_FALSE(sibling->best_candidate->merge);
}

TEST_F(EngineTest, NicknameAndSwappedOrderMergeLatinNames) {
  const CustomerId existing =
      Resolve(1, "shopify", {.name = "Robert Smith", .phone = "13812345678", .email = "rs@example.com"}).customer;
  const ResolveResult result = Resolve(2, "shopify", {.name = "Smith Bob", .email = "bob@example.org"});
  EXPECT_EQ(result.outcome, ResolveOutcome::kMerged);
  EXPECT_EQ(result.customer, existing);
  const MergeEvidence evidence = engine_.GetMerge(result.merges[0])->evidence;
  EXPECT_TRUE(evidence.fuzzy.name.nickname);
  EXPECT_TRUE(evidence.fuzzy.name.swapped_order);
}

TEST_F(EngineTest, NearNameFromAnotherAccountOnTheSameChannelDoesNotMerge) {
  // No phone to compare (a relay number), but the customer has a Tmall account and this order
  // comes from another one.
  // The lenient policy, so that the account rule (not the keys rule) is what refuses.
  ResolutionEngine lenient(clock_, MatchPolicy{.min_name_score_if_order_has_keys = 0.8});
  const auto first = lenient.Resolve(
      testing::IdentityOf(1, "tmall", {.name = "王小明", .phone = "17012345678-1111", .buyer_id = "t1"}));
  ASSERT_TRUE(first.has_value());
  const auto other = lenient.Resolve(
      testing::IdentityOf(2, "tmall", {.name = "王小红", .phone = "17012345678-2222", .buyer_id = "t2"}));
  EXPECT_EQ(other->outcome, ResolveOutcome::kNew);
  ASSERT_TRUE(other->best_candidate.has_value());
  EXPECT_TRUE(other->best_candidate->contact.account_differs);
  EXPECT_FALSE(other->best_candidate->contact.phone_differs);
  EXPECT_FALSE(other->best_candidate->merge);
}

TEST_F(EngineTest, KeyMatchWithANewNameAndAddressFindsTheSamePersonSplitEarlier) {
  // A phone-only POS customer, and a Tmall customer known by a relay number and an account: no
  // key links them until a POS-phone order arrives with the Tmall customer's name and flat.
  const CustomerId pos = Resolve(1, "pos", {.phone = "13812345678", .street = ""}).customer;
  const CustomerId tmall = Resolve(2, "tmall", {.name = "王小明", .phone = "17012345678-1234", .buyer_id = "t1"}).customer;
  ASSERT_NE(pos, tmall);
  const ResolveResult joined = Resolve(3, "jd", {.name = "王小明", .phone = "13812345678"});
  EXPECT_EQ(joined.outcome, ResolveOutcome::kMerged);
  EXPECT_EQ(joined.matched_keys, KeyKinds{KeyKind::kPhone});
  ASSERT_EQ(joined.merges.size(), 1u);
  const MergeInfo merge = engine_.GetMerge(joined.merges[0]).value();
  EXPECT_EQ(merge.evidence.rule, MergeRule::kFuzzy);
  EXPECT_EQ(merge.matched_side, tmall);
  EXPECT_EQ(engine_.CustomerOfOrder(1), engine_.CustomerOfOrder(2));
}

TEST_F(EngineTest, KeyMatchWithAKnownProfileRunsNoFuzzyMatch) {
  Resolve(1, "jd", {.name = "王小明", .phone = "13812345678"});
  const ResolveResult again = Resolve(2, "jd", {.name = "王小明", .phone = "13812345678"});
  EXPECT_EQ(again.outcome, ResolveOutcome::kMatched);
  EXPECT_FALSE(again.best_candidate.has_value());
}

// ---- hard negatives ----

TEST_F(EngineTest, HouseholdAtOneAddressStaysSeparate) {
  const CustomerId father = Resolve(1, "jd", {.name = "王建国", .phone = "13812345678"}).customer;
  const ResolveResult mother = Resolve(2, "jd", {.name = "李秀英", .phone = "13912345678"});
  const ResolveResult son = Resolve(3, "tmall", {.name = "王小明", .phone = "17012345678-1234"});
  EXPECT_EQ(mother.outcome, ResolveOutcome::kNew);
  EXPECT_EQ(son.outcome, ResolveOutcome::kNew);
  EXPECT_NE(mother.customer, father);
  EXPECT_NE(son.customer, father);
  EXPECT_NE(son.customer, mother.customer);
  EXPECT_EQ(engine_.Stats().customers, 3u);
}

TEST_F(EngineTest, CommonNameInOneDistrictStaysSeparate) {
  const CustomerId first = Resolve(1, "jd", {.name = "张伟", .phone = "13812345678"}).customer;
  const ResolveResult other_street = Resolve(2, "jd", {.name = "张伟", .phone = "13912345678", .street = "天目山路5号1幢101室"});
  const ResolveResult other_flat = Resolve(3, "jd", {.name = "张伟", .phone = "13712345678", .street = "文三路100号3幢502室"});
  EXPECT_EQ(other_street.outcome, ResolveOutcome::kNew);
  EXPECT_EQ(other_flat.outcome, ResolveOutcome::kNew);
  EXPECT_NE(other_street.customer, first);
  EXPECT_NE(other_flat.customer, first);
  EXPECT_NE(other_flat.customer, other_street.customer);
}

TEST_F(EngineTest, SameNameAndStreetInAnotherDistrictStaysSeparate) {
  Resolve(1, "jd", {.name = "王小明", .phone = "13812345678"});
  const ResolveResult other = Resolve(2, "jd", {.name = "王小明", .phone = "13912345678", .district = "上城区"});
  EXPECT_EQ(other.outcome, ResolveOutcome::kNew);
  EXPECT_FALSE(other.best_candidate.has_value()) << "another district is another block: not even a candidate";
}

TEST_F(EngineTest, FuzzyMatchingOffIsTheDeterministicBaseline) {
  ResolutionEngine keys_only(clock_, MatchPolicy{.fuzzy_enabled = false});
  ASSERT_TRUE(keys_only.Resolve(testing::IdentityOf(1, "jd", {.name = "王小明", .phone = "13812345678"})).has_value());
  const auto second = keys_only.Resolve(testing::IdentityOf(2, "jd", {.name = "王小明", .phone = "13998765432"}));
  EXPECT_EQ(second->outcome, ResolveOutcome::kNew);
}

// ---- idempotency and the view ----

TEST_F(EngineTest, ResolvingTheSameOrderAgainChangesNothing) {
  const ResolveResult first = Resolve(1, "jd", {.name = "王小明", .phone = "13812345678"});
  Resolve(2, "douyin", {.name = "王小明", .phone = "13998765432"});
  const EngineStats before = engine_.Stats();
  const CustomerView view_before = View(first.customer);

  const ResolveResult again = Resolve(2, "douyin", {.name = "王小明", .phone = "13998765432"});
  EXPECT_EQ(again.outcome, ResolveOutcome::kAlreadyResolved);
  EXPECT_EQ(again.customer, first.customer);
  EXPECT_TRUE(again.merges.empty());
  const EngineStats after = engine_.Stats();
  EXPECT_EQ(after.orders, before.orders);
  EXPECT_EQ(after.customers, before.customers);
  EXPECT_EQ(after.active_merges, before.active_merges);
  EXPECT_EQ(View(first.customer).order_ids, view_before.order_ids);
  EXPECT_EQ(engine_.History().size(), 1u);
}

TEST_F(EngineTest, ZeroOrderIdIsRejected) {
  const auto result = engine_.Resolve(testing::IdentityOf(0, "jd", {.name = "王小明"}));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_F(EngineTest, ViewShowsIdentitiesByChannelOrdersAndLifetimeValue) {
  const CustomerId customer = Resolve(1, "jd", {.name = "王小明", .phone = "13812345678", .buyer_id = "pin"}).customer;
  Resolve(2, "tmall", {.name = "王小明", .phone = "17012345678-1234", .buyer_id = "t1"});  // fuzzy
  Resolve(3, "jd", {.name = "王小明", .phone = "13812345678"});                             // phone
  const CustomerView view = View(customer);
  EXPECT_EQ(view.id, customer);
  EXPECT_THAT(view.order_ids, ElementsAre(1, 2, 3));
  EXPECT_EQ(view.lifetime_value, 30000);
  EXPECT_EQ(view.first_order_at, 1'700'000'000'000 + 60'000);
  EXPECT_EQ(view.last_order_at, 1'700'000'000'000 + 3 * 60'000);
  ASSERT_EQ(view.channels.size(), 2u);
  EXPECT_EQ(view.channels[0].channel, "jd");
  EXPECT_EQ(view.channels[0].order_count, 2u);
  EXPECT_EQ(view.channels[0].keys.size(), 2u);  // jd buyer id, phone
  EXPECT_EQ(view.channels[1].channel, "tmall");
  EXPECT_EQ(view.channels[1].order_count, 1u);
  ASSERT_EQ(view.channels[1].keys.size(), 1u);  // tmall buyer id; the relay number is no key
  EXPECT_EQ(view.channels[1].keys[0].kind, KeyKind::kChannelBuyer);
  EXPECT_EQ(view.channels[1].keys[0].fingerprint.size(), 16u);
  EXPECT_EQ(view.merged_ids.size(), 2u);
  EXPECT_EQ(view.merges.size(), 1u);
  EXPECT_EQ(engine_.CustomerOfOrder(2), customer);
  EXPECT_EQ(engine_.CustomerOfOrder(99), std::nullopt);
  EXPECT_EQ(engine_.Get(CustomerId{99}).error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace ordo::customers
