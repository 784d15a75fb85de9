// `ordo demo` against a real SQLite store in a temp dir: what it loads, and that it is
// repeatable (the same seed again adds nothing) and polite (--if-empty leaves data alone).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "app/commands.hpp"
#include "security/password.hpp"
#include "security/roles.hpp"
#include "security/pii_cipher.hpp"
#include "security/store_field_cipher.hpp"
#include "store/store.hpp"

namespace ordo::app {
namespace {

const security::PiiCipher kDevKey = security::PiiCipher::DevInsecureKey();
const security::StoreFieldCipher kDemoCipher(kDevKey);

class DemoCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ordo-demo-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    url_ = "sqlite:" + (dir_ / "ordo.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  DemoOptions Options(int orders) const {
    DemoOptions options;
    options.db_url = url_;
    options.orders = orders;
    options.seed = 42;
    options.pii_key.dev_insecure_key = true;
    return options;
  }

  std::vector<order::Order> AllOrders() const {
    store::StoreOptions options;
    options.url = url_;
    options.pii_cipher = &kDemoCipher;  // the demo runs with --dev-insecure-key
    auto db = store::Store::Open(options);
    EXPECT_TRUE(db.has_value());
    std::vector<order::Order> out;
    store::OrderFilter filter;
    filter.limit = 500;
    for (;;) {
      auto page = (*db)->ListOrdersSync(filter);
      EXPECT_TRUE(page.has_value());
      if (!page) break;
      for (auto& order : page->items) out.push_back(std::move(order));
      if (!page->next_cursor) break;
      filter.before_id = page->next_cursor;
    }
    return out;
  }

  std::filesystem::path dir_;
  std::string url_;
};

TEST_F(DemoCommand, LoadsOrdersWithRealTimelines) {
  ASSERT_EQ(RunDemo(Options(300)), 0);
  const std::vector<order::Order> orders = AllOrders();
  ASSERT_EQ(orders.size(), 300u);

  store::StoreOptions options;
  options.url = url_;
  options.pii_cipher = &kDemoCipher;
  auto db = store::Store::Open(options);
  ASSERT_TRUE(db.has_value());
  std::set<order::OrderStatus> statuses;
  std::size_t longest_timeline = 0;
  for (const order::Order& order : orders) {
    statuses.insert(order.status);
    auto timeline = (*db)->GetTimelineSync(order.id);
    ASSERT_TRUE(timeline.has_value());
    ASSERT_FALSE(timeline->empty());
    // created, then one node per transition, the last one naming the status the order is in.
    EXPECT_EQ(timeline->front().node, order::kNodeCreated) << order.external_id;
    if (timeline->size() > 1) {
      EXPECT_EQ(timeline->back().node, order::StatusName(order.status)) << order.external_id;
    }
    for (std::size_t event_idx = 1; event_idx < timeline->size(); ++event_idx) {
      EXPECT_LE((*timeline)[event_idx - 1].at, (*timeline)[event_idx].at) << order.external_id;
    }
    longest_timeline = std::max(longest_timeline, timeline->size());
  }
  EXPECT_GE(statuses.size(), 4u);
  EXPECT_GE(longest_timeline, 10u);  // created → paid … delivered → completed
}

TEST_F(DemoCommand, SameSeedAgainAddsNothing) {
  ASSERT_EQ(RunDemo(Options(50)), 0);
  ASSERT_EQ(RunDemo(Options(50)), 0);
  EXPECT_EQ(AllOrders().size(), 50u);
}

TEST_F(DemoCommand, CreatesOneDemoUserPerBuiltInRoleOnce) {
  ASSERT_EQ(RunDemo(Options(5)), 0);
  ASSERT_EQ(RunDemo(Options(5)), 0);  // existing users are skipped, not an error
  store::StoreOptions options;
  options.url = url_;
  options.pii_cipher = &kDemoCipher;
  auto db = store::Store::Open(options);
  ASSERT_TRUE(db.has_value());
  auto users = (*db)->ListUsers();
  ASSERT_TRUE(users.has_value());
  ASSERT_EQ(users->size(), security::BuiltInRoles().size());
  for (const store::UserRecord& user : *users) {
    EXPECT_EQ(user.username, user.role);
    if (user.role == "region_manager") {
      EXPECT_NE(user.scopes_json.find("浙江省"), std::string::npos);
    }
  }
  const store::UserRecord& first = users->front();
  EXPECT_TRUE(security::VerifyPassword(first.password_hash, first.role + "-demo-2026"));
  store::AuditFilter filter;
  filter.action = "user.create";
  auto audit = (*db)->ListAudit(filter);
  ASSERT_TRUE(audit.has_value());
  EXPECT_EQ(audit->size(), users->size());
}

TEST_F(DemoCommand, IfEmptyLeavesAUsedDatabaseAlone) {
  ASSERT_EQ(RunDemo(Options(20)), 0);
  DemoOptions again = Options(40);
  again.seed = 7;
  again.only_if_empty = true;
  ASSERT_EQ(RunDemo(again), 0);
  EXPECT_EQ(AllOrders().size(), 20u);
}

}  // namespace
}  // namespace ordo::app

namespace ordo::app {
namespace {

class RetentionCommand : public DemoCommand {
 protected:
  RetentionOptions RetentionFor() const {
    RetentionOptions options;
    options.db_url = url_;
    options.pii_key.dev_insecure_key = true;  // the key the demo wrote with
    return options;
  }
};

TEST_F(RetentionCommand, RunAnonymisesEveryOldOrderAndEraseFindsTheCustomerByPhone) {
  ASSERT_EQ(RunDemo(Options(30)), 0);
  RetentionOptions nothing = RetentionFor();
  EXPECT_EQ(RunRetention(nothing), 2);  // neither policy given

  RetentionOptions erase = RetentionFor();
  erase.erase = true;
  erase.phone = AllOrders().front().shipping_address.phone;
  ASSERT_EQ(RunRetention(erase), 0);

  RetentionOptions run = RetentionFor();
  run.anonymise_after_days = 0;  // everything created before now
  ASSERT_EQ(RunRetention(run), 0);
  for (const order::Order& order : AllOrders()) {
    EXPECT_TRUE(order.shipping_address.phone.empty()) << order.external_id;
    EXPECT_FALSE(order.shipping_address.province.empty());
  }
}

}  // namespace
}  // namespace ordo::app
