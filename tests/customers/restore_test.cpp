// Restore: an engine rebuilt from recorded decisions answers exactly like the one that made them.
#include <gtest/gtest.h>

#include <vector>

#include "customers/resolution_engine.hpp"
#include "engine_fixture.hpp"

namespace ordo::customers {
namespace {

using testing::Buyer;
using testing::IdentityOf;

// What persistence records per order: its identity, the id it created or joined, and the keys it
// brought that nobody had before.
struct RecordedOrder {
  BuyerIdentity identity;
  CustomerId order_customer{};
  std::vector<std::pair<KeyKind, std::string>> new_keys;
};

class RestoreTest : public ::testing::Test {
 protected:
  void Resolve(std::int64_t order_id, std::string_view channel, const Buyer& buyer) {
    BuyerIdentity identity = IdentityOf(order_id, channel, buyer);
    RecordedOrder recorded{identity, {}, {}};
    const std::pair<KeyKind, const std::string*> keys[] = {{KeyKind::kChannelBuyer, &identity.channel_buyer_key},
                                                           {KeyKind::kPhone, &identity.phone_key},
                                                           {KeyKind::kEmail, &identity.email_key}};
    for (const auto& [kind, key] : keys) {
      if (!key->empty() && !engine_.FindByKey(kind, *key)) recorded.new_keys.emplace_back(kind, *key);
    }
    auto result = engine_.Resolve(identity);
    ASSERT_TRUE(result.has_value());
    recorded.order_customer = result->order_customer;
    recorded_.push_back(std::move(recorded));
    clock_.Advance(1000);
  }

  ResolutionEngine Replay() {
    ResolutionEngine restored(clock_);
    for (const RecordedOrder& order : recorded_) {
      BuyerIdentity without_keys = order.identity;
      without_keys.channel_buyer_key.clear();
      without_keys.phone_key.clear();
      without_keys.email_key.clear();
      EXPECT_TRUE(restored.RestoreOrder(without_keys, order.order_customer).has_value());
    }
    for (const RecordedOrder& order : recorded_) {
      for (const auto& [kind, key] : order.new_keys) {
        EXPECT_TRUE(restored.RestoreKey(kind, key, order.identity.channel, order.order_customer).has_value());
      }
    }
    for (const HistoryEvent& event : engine_.History()) {
      if (event.kind == HistoryEvent::Kind::kMerged) {
        auto merge = engine_.GetMerge(event.merge);
        EXPECT_TRUE(merge.has_value());
        MergeInfo info = merge.value();
        info.merged_at = event.at;
        EXPECT_TRUE(restored.RestoreMerge(info).has_value());
      } else {
        EXPECT_TRUE(restored.RestoreUnmerge(event.merge, event.at).has_value());
      }
    }
    return restored;
  }

  core::ManualClock clock_{1'700'000'000'000};
  ResolutionEngine engine_{clock_};
  std::vector<RecordedOrder> recorded_;
};

void ExpectSameViews(const ResolutionEngine& original, const ResolutionEngine& restored) {
  const EngineStats stats = original.Stats();
  EXPECT_EQ(restored.Stats().customers, stats.customers);
  EXPECT_EQ(restored.Stats().customer_ids, stats.customer_ids);
  EXPECT_EQ(restored.Stats().active_merges, stats.active_merges);
  for (std::uint32_t number = 1; number <= stats.customer_ids; ++number) {
    const auto before = original.Get(CustomerId{number});
    const auto after = restored.Get(CustomerId{number});
    ASSERT_TRUE(before.has_value() && after.has_value());
    EXPECT_EQ(after->id, before->id) << number;
    EXPECT_EQ(after->merged_ids, before->merged_ids) << number;
    EXPECT_EQ(after->order_ids, before->order_ids) << number;
    EXPECT_EQ(after->merges, before->merges) << number;
    EXPECT_EQ(after->lifetime_value, before->lifetime_value) << number;
  }
}

TEST_F(RestoreTest, ReplayedDecisionsGiveTheSameCustomersAndTheSameNextDecision) {
  Resolve(1, "tmall", Buyer{.name = "王小明", .phone = "13812345678", .buyer_id = "tb1"});
  Resolve(2, "jd", Buyer{.name = "王小明", .phone = "13812345678", .buyer_id = "jd1"});          // by phone
  Resolve(3, "pos", Buyer{.name = "王小明", .phone = "13900001111"});                               // fuzzy merge
  Resolve(4, "shopify", Buyer{.name = "李娜", .phone = "13700002222", .email = "li@example.com"});  // household: new
  Resolve(5, "shopify", Buyer{.name = "李娜", .phone = "13900001111", .email = "li@example.com"});  // bridges 3 and 4
  ASSERT_GE(engine_.Stats().active_merges, 2u);
  ASSERT_TRUE(engine_.UnmergeCustomer(CustomerId{3}).has_value());
  clock_.Advance(1000);

  ResolutionEngine restored = Replay();
  ExpectSameViews(engine_, restored);
  EXPECT_EQ(restored.FindByKey(KeyKind::kPhone, IdentityOf(0, "x", Buyer{.phone = "13812345678"}).phone_key),
            engine_.FindByKey(KeyKind::kPhone, IdentityOf(0, "x", Buyer{.phone = "13812345678"}).phone_key));

  // The unmerge is remembered: an order that would join the separated sides again is refused in both.
  const BuyerIdentity next = IdentityOf(6, "pos", Buyer{.name = "王小明", .phone = "13900001111"});
  auto original_next = engine_.Resolve(next);
  auto restored_next = restored.Resolve(next);
  ASSERT_TRUE(original_next.has_value() && restored_next.has_value());
  EXPECT_EQ(restored_next->customer, original_next->customer);
  EXPECT_EQ(restored_next->outcome, original_next->outcome);
  EXPECT_EQ(restored_next->merge_blocked_by_unmerge, original_next->merge_blocked_by_unmerge);
}

TEST_F(RestoreTest, RefusesOutOfOrderIdsAndContradictingMerges) {
  ResolutionEngine restored(clock_);
  EXPECT_FALSE(restored.RestoreOrder(IdentityOf(1, "pos", Buyer{.name = "张三"}), CustomerId{2}).has_value());
  ASSERT_TRUE(restored.RestoreOrder(IdentityOf(1, "pos", Buyer{.name = "张三"}), CustomerId{1}).has_value());
  EXPECT_FALSE(restored.RestoreOrder(IdentityOf(1, "pos", Buyer{.name = "张三"}), CustomerId{1}).has_value());
  EXPECT_FALSE(restored.RestoreKey(KeyKind::kPhone, "bi:x", "pos", CustomerId{5}).has_value());
  ASSERT_TRUE(restored.RestoreOrder(IdentityOf(2, "pos", Buyer{.name = "李四"}), CustomerId{2}).has_value());
  MergeInfo merge;
  merge.id = MergeId{1};
  merge.order_side = CustomerId{2};
  merge.matched_side = CustomerId{1};
  merge.kept = CustomerId{2};  // a tie keeps the older id (1): the record contradicts the replay
  EXPECT_EQ(restored.RestoreMerge(merge).error().code, core::ErrorCode::kConflict);
}

}  // namespace
}  // namespace ordo::customers
