// POST /api/v1/rulesets/{id}/simulate over real HTTP (issue 7, item 5). The rule versions and the
// fact snapshots are seeded straight into the test database through the store (the rule set
// routes live on another branch; the live runtime that writes snapshots is not built yet): a
// published version 1 and a draft version 2 that lowers a threshold, over five orders.
#include <gtest/gtest.h>

#include <string>

#include "api_fixture.hpp"
#include "core/time.hpp"
#include "service/audit_sealer.hpp"
#include "store/rule_fact_store.hpp"
#include "store/rules_store.hpp"
#include "store/store.hpp"

namespace ordo::api::testing {
namespace {

constexpr const char* kPublished = R"({"rules":[{"id":"big","trigger":"order.created",
  "when":{"fact":"order.grand_total","op":">","value":1000},"then":[{"action":"hold","reason":"big"}]}]})";
constexpr const char* kDraft = R"({"rules":[{"id":"big","trigger":"order.created",
  "when":{"fact":"order.grand_total","op":">","value":500},"then":[{"action":"hold","reason":"big"}]},
  {"id":"jd-release","trigger":"order.created","when":{"fact":"order.channel","op":"==","value":"jd"},
   "then":[{"action":"release"}]}]})";

class RuleSimulationApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped()) return;
    auto opened = store::Store::Open(
        store::StoreOptions{.url = database_.url, .audit_sealer = service::MakeAuditSealer(), .allow_keyless = true});
    ASSERT_TRUE(opened.has_value()) << opened.error().detail;
    std::unique_ptr<store::Store> store = std::move(opened).value();
    store::RulesStore& rules = store->Rules();
    for (const char* document : {kPublished, kDraft}) {
      store::AuditRecord audit;
      audit.actor_kind = "user";
      audit.actor_id = "admin";
      audit.action = "ruleset.version";
      auto added = rules.AddRuleVersion(store::RuleVersionRecord{"orders", 0, document, "", 0, "user:admin"},
                                        document == kPublished ? 0 : 1, audit);
      ASSERT_TRUE(added.has_value()) << added.error().detail;
    }
    store::AuditRecord audit;
    audit.actor_kind = "user";
    audit.actor_id = "admin";
    audit.action = "ruleset.publish";
    auto published = rules.PublishRuleVersion("orders", 1, 0, "publish", "user:admin", audit);
    ASSERT_TRUE(published.has_value()) << published.error().detail;
    const std::pair<int, const char*> orders[] = {
        {1, R"({"order.grand_total":2000,"order.channel":"tmall"})"},  // big on both
        {2, R"({"order.grand_total":700,"order.channel":"tmall"})"},   // big in the draft only
        {3, R"({"order.grand_total":700,"order.channel":"jd"})"},      // big + release in the draft: a conflict
        {4, R"({"order.grand_total":10,"order.channel":"pos"})"},      // nothing
        {5, R"({"order.grand_total":900,"order.channel":"web"})"}};    // created after the window
    std::vector<store::FactSnapshotRecord> snapshots;
    for (const auto& [order_id, facts] : orders) {
      const core::UnixMillis created = kDay1 + order_id * 60'000 + (order_id == 5 ? 3 * kDayMillis : 0);
      snapshots.push_back(store::FactSnapshotRecord{order_id, "order.created", created, created + 1'000, facts});
    }
    ASSERT_TRUE(store->RuleFacts().PutFactSnapshots(std::move(snapshots)));
  }

  static constexpr core::UnixMillis kDayMillis = 86'400'000;
  static constexpr core::UnixMillis kDay1 = 1'795'132'800'000;  // 2026-11-20T00:00:00Z
};

TEST_F(RuleSimulationApiTest, ReportsWhatTheDraftWouldChange) {
  const HttpResponse got = client_->Post(
      "/api/v1/rulesets/orders/simulate",
      R"({"version":2,"from":"2026-11-20T00:00:00Z","to":"2026-11-21T00:00:00Z"})");
  ASSERT_EQ(got.status, 200) << got.body;
  const rapidjson::Document report = ParseBody(got.body);
  EXPECT_EQ(report["version"].GetInt64(), 2);
  EXPECT_EQ(report["baseline_version"].GetInt64(), 1);
  EXPECT_EQ(report["orders"].GetInt64(), 4);
  EXPECT_EQ(report["differing"].GetInt64(), 2);
  EXPECT_TRUE(report["elapsed_ms"].IsInt64());
  ASSERT_EQ(report["sample"].Size(), 2U);
  EXPECT_EQ(report["sample"][0]["order_id"].GetInt64(), 2);
  EXPECT_EQ(report["sample"][1]["candidate"]["rules"].Size(), 2U);
  ASSERT_EQ(report["conflicts"].Size(), 1U);
  EXPECT_STREQ(report["conflicts"][0]["kind"].GetString(), "hold_release");
  EXPECT_EQ(report["conflicts"][0]["example_order_ids"][0].GetInt64(), 3);
  const auto& rules = report["rules"];
  ASSERT_EQ(rules.Size(), 2U);
  EXPECT_STREQ(rules[0]["rule_id"].GetString(), "big");
  EXPECT_EQ(rules[0]["baseline_fired"].GetInt64(), 1);
  EXPECT_EQ(rules[0]["candidate_fired"].GetInt64(), 3);
}

TEST_F(RuleSimulationApiTest, UnknownSetOrVersionIs404) {
  const std::string window = R"("from":"2026-11-20T00:00:00Z","to":"2026-11-21T00:00:00Z")";
  EXPECT_EQ(client_->Post("/api/v1/rulesets/orders/simulate", R"({"version":9,)" + window + "}").status, 404);
  EXPECT_EQ(client_->Post("/api/v1/rulesets/nope/simulate", R"({"version":1,)" + window + "}").status, 404);
}

TEST_F(RuleSimulationApiTest, BadBodiesNameTheirFields) {
  const struct {
    const char* body;
    const char* pointer;
  } cases[] = {
      {R"({"version":2,"from":"2026-11-21T00:00:00Z","to":"2026-11-20T00:00:00Z"})", "/to"},    // to before from
      {R"({"version":2,"from":"2026-01-01T00:00:00Z","to":"2026-11-20T00:00:00Z"})", "/from"},  // over 93 days
      {R"({"version":0,"from":"2026-11-20T00:00:00Z","to":"2026-11-21T00:00:00Z"})", "/version"},
      {R"({"from":"2026-11-20T00:00:00Z","to":"2026-11-21T00:00:00Z"})", "/version"},
      {R"({"version":2,"from":"yesterday","to":"2026-11-21T00:00:00Z"})", "/from"},
      {R"({"version":2,"from":"2026-11-20T00:00:00Z","to":"2026-11-21T00:00:00Z","dry":true})", "/dry"},
  };
  for (const auto& bad : cases) {
    const HttpResponse got = client_->Post("/api/v1/rulesets/orders/simulate", bad.body);
    EXPECT_EQ(got.status, 422) << bad.body << " " << got.body;
    EXPECT_NE(got.body.find(std::string("\"") + bad.pointer + "\""), std::string::npos) << got.body;
  }
  EXPECT_EQ(client_->Post("/api/v1/rulesets/orders/simulate", "{").status, 400);
}

}  // namespace
}  // namespace ordo::api::testing
