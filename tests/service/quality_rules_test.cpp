// service::QualityRules over a real SQLite store: PUT validation and versions, and how a second
// node on the same database picks up a new set (a background check once the interval passed).
#include "service/quality_rules.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

namespace ordo::service {
namespace {

using ::testing::HasSubstr;

constexpr core::UnixMillis kInterval = 5000;
constexpr const char* kPhoneRejects =
    R"({"rules": [{"id": "phone-valid", "field": "shipping_address.phone", "check": "phone_valid", "on_violation": "reject"}]})";

class QualityRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "ordo-quality-rules-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    folder_ = pattern;
    auto opened = store::Store::Open(store::StoreOptions{
        .url = "sqlite:" + folder_ + "/ordo.db", .clock = &clock_,
        .audit_sealer = [](store::AuditRecord& record) { record.hash = "h" + std::to_string(record.seq); }});
    ASSERT_TRUE(opened.has_value()) << opened.error().detail;
    store_ = std::move(opened).value();
    admin_.id = "1";
    admin_.username = "admin";
  }
  void TearDown() override {
    node_b_.reset();
    node_a_.reset();
    pool_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }

  QualityRules& NodeA() {
    if (!node_a_) node_a_ = std::make_unique<QualityRules>(*store_, clock_, *pool_, kInterval);
    return *node_a_;
  }
  QualityRules& NodeB() {
    if (!node_b_) node_b_ = std::make_unique<QualityRules>(*store_, clock_, *pool_, kInterval);
    return *node_b_;
  }

  core::Result<EntryRulesPtr> Put(QualityRules& node, const std::string& body, const std::string& if_match) {
    std::promise<core::Result<EntryRulesPtr>> promise;
    node.Put(body, if_match, admin_, "127.0.0.1", [&](core::Result<EntryRulesPtr> result) { promise.set_value(std::move(result)); });
    return promise.get_future().get();
  }

  // Current() until it shows `version` (the refresh runs on a store thread), at most 5 s.
  std::int64_t AwaitVersion(QualityRules& node, std::int64_t version) {
    std::int64_t seen = node.Current()->rules.version;
    for (int attempt = 0; attempt < 500 && seen != version; ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      seen = node.Current()->rules.version;
    }
    return seen;
  }

  core::ManualClock clock_{1'795'000'000'000};
  std::string folder_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<BlockingPool> pool_ = std::make_unique<BlockingPool>(1);
  std::unique_ptr<QualityRules> node_a_;
  std::unique_ptr<QualityRules> node_b_;
  security::Principal admin_;
};

TEST_F(QualityRulesTest, UntilASetIsStoredTheDefaultIsVersionZero) {
  ASSERT_TRUE(NodeA().Load().has_value());
  const EntryRulesPtr current = NodeA().Current();
  EXPECT_EQ(current->rules.version, 0);
  EXPECT_EQ(current->rules.rules.size(), quality::DefaultEntryRules().rules.size());
}

TEST_F(QualityRulesTest, APutIsValidatedVersionedAndInForceAtOnceOnItsNode) {
  ASSERT_TRUE(NodeA().Load().has_value());
  const auto missing = Put(NodeA(), kPhoneRejects, "");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kMalformed);
  EXPECT_EQ(missing.error().fields[0].code, "required");
  EXPECT_EQ(Put(NodeA(), kPhoneRejects, "\"x\"").error().fields[0].code, "format");
  const auto invalid = Put(NodeA(), R"({"rules": [{"id": "x"}]})", "0");
  ASSERT_FALSE(invalid.has_value());
  EXPECT_EQ(invalid.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(invalid.error().fields[0].field, "/rules/0/field");

  const auto stored = Put(NodeA(), kPhoneRejects, "\"0\"");
  ASSERT_TRUE(stored.has_value()) << stored.error().detail;
  EXPECT_EQ((*stored)->rules.version, 1);
  EXPECT_EQ((*stored)->created_by, "user:admin");
  EXPECT_EQ(NodeA().Current()->rules.version, 1);
  EXPECT_EQ(NodeA().Current()->rules.rules[0].action, quality::RuleAction::kReject);

  const auto stale = Put(NodeA(), kPhoneRejects, "0");
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, core::ErrorCode::kConflict);
  EXPECT_THAT(stale.error().detail, HasSubstr("now version 1"));

  const auto audit = store_->ListAudit(store::AuditFilter{.action = "quality.rules.update"});
  ASSERT_TRUE(audit.has_value());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].actor_id, "admin");
  EXPECT_EQ((*audit)[0].detail_json,
            R"({"version":1,"previous_version":0,"rules":1,"reject_rules":1,"quarantine_rules":0})");
}

TEST_F(QualityRulesTest, AnotherNodePicksUpTheNewSetOnceItsCheckIntervalPassed) {
  ASSERT_TRUE(NodeA().Load().has_value());
  ASSERT_TRUE(NodeB().Load().has_value());
  ASSERT_TRUE(Put(NodeA(), kPhoneRejects, "0").has_value());
  // Within the interval node B keeps what it has (no database read on the ingest path).
  clock_.Advance(kInterval - 1);
  EXPECT_EQ(NodeB().Current()->rules.version, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(NodeB().Current()->rules.version, 0);
  // Then one Current() starts the check, and a later one sees the new set.
  clock_.Advance(1);
  EXPECT_EQ(AwaitVersion(NodeB(), 1), 1);
  // A fresh node loads the newest at start.
  QualityRules node_c(*store_, clock_, *pool_, kInterval);
  ASSERT_TRUE(node_c.Load().has_value());
  EXPECT_EQ(node_c.Current()->rules.version, 1);
}

TEST_F(QualityRulesTest, AStoredSetThisVersionCannotReadIsRefusedAtLoadAndSkippedOnRefresh) {
  ASSERT_TRUE(NodeA().Load().has_value());
  ASSERT_TRUE(Put(NodeA(), kPhoneRejects, "0").has_value());
  // As if a newer Ordo stored a check this one does not know.
  ASSERT_TRUE(store_->PutRuleSet(store::RuleSetRecord{.document = R"({"rules": [{"id": "x", "check": "regex"}]})",
                                                      .created_by = "user:future"},
                                 1, store::AuditRecord{.action = "quality.rules.update"})
                  .has_value());
  QualityRules fresh(*store_, clock_, *pool_, kInterval);
  const core::Status loaded = fresh.Load();
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, core::ErrorCode::kInternal);
  EXPECT_THAT(loaded.error().detail, HasSubstr("version 2"));

  clock_.Advance(kInterval);
  (void)NodeA().Current();
  for (int attempt = 0; attempt < 500 && NodeA().load_failures() == 0; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(NodeA().load_failures(), 1u);
  EXPECT_EQ(NodeA().Current()->rules.version, 1);  // the last good set stays in force
}

}  // namespace
}  // namespace ordo::service
