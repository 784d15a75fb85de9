// service::RuleSets over a real SQLite store: saving (validation with pointers into the body,
// canonical documents, stale bases), publishing only after a simulation, rollback only to a
// version once in force, the snapshot in force, and a second node catching up by its poll.
#include "service/rule_sets.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace ordo::service {
namespace {

using ::testing::HasSubstr;

constexpr const char* kHoldBig =
    R"({"rules":[{"id":"hold-big","trigger":"order.created","when":{"fact":"order.grand_total","op":">","value":5000},"then":[{"action":"hold","reason":"big order"}]}]})";
constexpr const char* kTwoRules =
    R"({"rules":[{"trigger":"order.created","id":"hold-big","when":{"fact":"order.grand_total","op":">","value":9000},"then":[{"action":"hold","reason":"big order"}]},
                 {"id":"jd","trigger":"order.created","when":{"fact":"order.channel","op":"==","value":"jd"},"then":[{"action":"hold","reason":"jd"}]}]})";

class RuleSetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "ordo-rule-sets-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    folder_ = pattern;
    auto opened = store::Store::Open(store::StoreOptions{
        .url = "sqlite:" + folder_ + "/ordo.db", .clock = &clock_,
        .audit_sealer = [](store::AuditRecord& record) { record.hash = "h" + std::to_string(record.seq); }});
    ASSERT_TRUE(opened.has_value()) << opened.error().detail;
    store_ = std::move(opened).value();
    author_.id = "1";
    author_.username = "alice";
    sets_ = std::make_unique<RuleSets>(*store_, clock_, catalogue_, 50);
  }
  void TearDown() override {
    sets_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }

  void Simulate(std::int64_t version) {
    store::RuleSimulationRecord record;
    record.ruleset_id = "orders";
    record.version = version;
    record.actor = "user:alice";
    ASSERT_TRUE(store_->Rules().AddRuleSimulation(record).has_value());
  }

  core::ManualClock clock_{1'795'000'000'000};
  rules::FactCatalogue catalogue_ = rules::FactCatalogue::Standard();
  std::string folder_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<RuleSets> sets_;
  security::Principal author_;
};

TEST_F(RuleSetsTest, SavesTheCanonicalDocumentAsTheNextVersion) {
  auto saved = sets_->SaveFromBody("orders", std::string(R"({"based_on":0,"comment":"first","ruleset":)") + kHoldBig + "}",
                                   author_, "10.0.0.1");
  ASSERT_TRUE(saved.has_value()) << saved.error().detail;
  EXPECT_EQ(saved->version, 1);
  EXPECT_EQ(saved->comment, "first");
  EXPECT_EQ(saved->document, *CanonicalJson(kHoldBig));
  EXPECT_EQ(saved->created_by, "user:alice");

  auto stale = sets_->SaveFromBody("orders", std::string(R"({"based_on":0,"ruleset":)") + kTwoRules + "}", author_, "");
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, core::ErrorCode::kConflict);
  auto second = sets_->Save("orders", kTwoRules, "", 1, author_, "");
  ASSERT_TRUE(second.has_value()) << second.error().detail;
  EXPECT_EQ(second->version, 2);

  store::AuditFilter filter;
  filter.action = "rules.version.create";
  auto audit = store_->ListAudit(filter);
  ASSERT_TRUE(audit.has_value());
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ(audit->front().ip, "10.0.0.1");
  EXPECT_EQ(audit->front().subject, "ruleset:orders");
}

TEST_F(RuleSetsTest, RefusalsPointIntoTheRequestBody) {
  auto unknown_fact = sets_->SaveFromBody(
      "orders",
      R"({"based_on":0,"ruleset":{"rules":[{"id":"a","trigger":"order.created","when":{"fact":"order.nope","op":"==","value":1},"then":[]}]}})",
      author_, "");
  ASSERT_FALSE(unknown_fact.has_value());
  EXPECT_EQ(unknown_fact.error().code, core::ErrorCode::kInvalidArgument);
  ASSERT_FALSE(unknown_fact.error().fields.empty());
  EXPECT_EQ(unknown_fact.error().fields[0].field, "/ruleset/rules/0/when/fact");

  auto body = sets_->SaveFromBody("orders", R"({"comment":7,"extra":1})", author_, "");
  ASSERT_FALSE(body.has_value());
  std::vector<std::string> fields;
  for (const auto& field : body.error().fields) fields.push_back(field.field);
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("/extra", "/based_on", "/comment", "/ruleset"));

  EXPECT_EQ(sets_->SaveFromBody("Orders!", "{}", author_, "").error().fields[0].field, "id");
  EXPECT_EQ(sets_->SaveFromBody("orders", "{", author_, "").error().code, core::ErrorCode::kMalformed);
  EXPECT_FALSE(store_->Rules().ListRuleSets()->size());
}

TEST_F(RuleSetsTest, PublishNeedsASimulationAndInstallsAtOnce) {
  ASSERT_TRUE(sets_->Load().has_value());
  EXPECT_TRUE(sets_->Current()->sets.empty());
  ASSERT_TRUE(sets_->Save("orders", kHoldBig, "", 0, author_, "").has_value());
  ASSERT_TRUE(sets_->Save("orders", kTwoRules, "", 1, author_, "").has_value());

  auto refused = sets_->Publish("orders", 1, 0, author_, "");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(refused.error().fields[0].code, "not_simulated");

  Simulate(1);
  auto published = sets_->Publish("orders", 1, 0, author_, "");
  ASSERT_TRUE(published.has_value()) << published.error().detail;
  ActiveRulesPtr active = sets_->Current();
  ASSERT_EQ(active->sets.size(), 1u);
  EXPECT_EQ(active->sets[0].version, 1);
  EXPECT_EQ(active->sets[0].compiled->rule_count(), 1u);
  EXPECT_EQ(active->publication_seq, published->seq);

  Simulate(2);
  EXPECT_EQ(sets_->Publish("orders", 2, 0, author_, "").error().code, core::ErrorCode::kConflict);  // stale
  ASSERT_TRUE(sets_->Publish("orders", 2, 1, author_, "").has_value());
  EXPECT_EQ(sets_->Current()->sets[0].version, 2);
  EXPECT_EQ(sets_->Current()->sets[0].source.rules.size(), 2u);
}

TEST_F(RuleSetsTest, RollbackOnlyToAVersionOnceInForce) {
  ASSERT_TRUE(sets_->Load().has_value());
  ASSERT_TRUE(sets_->Save("orders", kHoldBig, "", 0, author_, "").has_value());
  ASSERT_TRUE(sets_->Save("orders", kTwoRules, "", 1, author_, "").has_value());
  auto never = sets_->Rollback("orders", 1, 0, author_, "");
  ASSERT_FALSE(never.has_value());
  EXPECT_EQ(never.error().fields[0].code, "never_published");
  Simulate(1);
  Simulate(2);
  ASSERT_TRUE(sets_->Publish("orders", 1, 0, author_, "").has_value());
  ASSERT_TRUE(sets_->Publish("orders", 2, 1, author_, "").has_value());
  auto back = sets_->Rollback("orders", 1, 2, author_, "");
  ASSERT_TRUE(back.has_value()) << back.error().detail;
  EXPECT_EQ(back->kind, "rollback");
  EXPECT_EQ(sets_->Current()->sets[0].version, 1);
  auto history = sets_->Publications("orders");
  ASSERT_EQ(history->size(), 3u);
  store::AuditFilter filter;
  filter.action = "rules.rollback";
  EXPECT_EQ(store_->ListAudit(filter)->size(), 1u);
}

TEST_F(RuleSetsTest, DiffBetweenStoredVersions) {
  ASSERT_TRUE(sets_->Save("orders", kHoldBig, "", 0, author_, "").has_value());
  ASSERT_TRUE(sets_->Save("orders", kTwoRules, "", 1, author_, "").has_value());
  auto diff = sets_->Diff("orders", 1, 2);
  ASSERT_TRUE(diff.has_value()) << diff.error().detail;
  EXPECT_THAT(diff->added, ::testing::ElementsAre("jd"));
  ASSERT_EQ(diff->changed.size(), 1u);
  EXPECT_THAT(diff->changed[0].members, ::testing::ElementsAre("when"));
  EXPECT_EQ(sets_->Diff("orders", 1, 3).error().code, core::ErrorCode::kNotFound);
}

TEST_F(RuleSetsTest, AnotherNodeCatchesUpByItsPoll) {
  RuleSets other(*store_, clock_, catalogue_, 50);
  ASSERT_TRUE(other.Load().has_value());
  ASSERT_TRUE(sets_->Save("orders", kHoldBig, "", 0, author_, "").has_value());
  Simulate(1);
  ASSERT_TRUE(sets_->Publish("orders", 1, 0, author_, "").has_value());
  bool seen = false;
  for (int attempt = 0; attempt < 200 && !seen; ++attempt) {
    seen = !other.Current()->sets.empty();
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_TRUE(seen);
  EXPECT_EQ(other.Current()->sets[0].version, 1);
}

TEST_F(RuleSetsTest, APublishedVersionThatNoLongerLoadsKeepsThePreviousSet) {
  ASSERT_TRUE(sets_->Save("orders", kHoldBig, "", 0, author_, "").has_value());
  Simulate(1);
  ASSERT_TRUE(sets_->Publish("orders", 1, 0, author_, "").has_value());
  // A node whose catalogue lacks the fact (say, an older Ordo) refuses to install it.
  rules::FactCatalogue poorer;
  ASSERT_TRUE(poorer.Add("order.channel", rules::FactType::kString, "channel").has_value());
  RuleSets old_node(*store_, clock_, poorer, 50);
  ASSERT_TRUE(old_node.Load().has_value());
  EXPECT_TRUE(old_node.Current()->sets.empty());
  EXPECT_EQ(old_node.load_failures(), 1u);
}

}  // namespace
}  // namespace ordo::service
