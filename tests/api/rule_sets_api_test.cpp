// Business rule sets over HTTP (issue 7 item 4): the fact catalogue, immutable versions with
// refusals pointing into the body, stale bases, diff, publication only after a simulation and
// only with a fresh TOTP step-up, rollback, the audit trail, and (api_pgtest) a publication on
// one `ordo serve` in force on a second one on the same database within seconds.
#include <gmock/gmock.h>

#include <chrono>
#include <thread>

#include "api_fixture.hpp"
#include "core/time.hpp"
#include "security/encoding.hpp"
#include "security/totp.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Str(const rapidjson::Value& value) { return {value.GetString(), value.GetStringLength()}; }

constexpr const char* kHoldBig =
    R"({"rules":[{"id":"hold-big","trigger":"order.created","when":{"fact":"order.grand_total","op":">","value":5000},"then":[{"action":"hold","reason":"big order"}]}]})";
constexpr const char* kTwoRules =
    R"({"rules":[{"id":"hold-big","trigger":"order.created","when":{"fact":"order.grand_total","op":">","value":9000},"then":[{"action":"hold","reason":"big order"}]},
                 {"id":"jd","trigger":"order.created","when":{"fact":"order.channel","op":"==","value":"jd"},"then":[{"action":"hold","reason":"jd"}]}]})";

std::string VersionBody(std::int64_t based_on, const std::string& ruleset, const std::string& comment = "") {
  return R"({"based_on":)" + std::to_string(based_on) + R"(,"comment":")" + comment + R"(","ruleset":)" + ruleset + "}";
}

std::string PublicationBody(std::int64_t version, std::int64_t expected) {
  return R"({"version":)" + std::to_string(version) + R"(,"expected_published":)" + std::to_string(expected) + "}";
}

// "field:code" of every error of a problem.
std::vector<std::string> Errors(const std::string& body) {
  const rapidjson::Document doc = ParseBody(body);
  std::vector<std::string> out;
  if (!doc.IsObject() || !doc.HasMember("errors")) return out;
  for (const auto& error : doc["errors"].GetArray()) out.push_back(Str(error["field"]) + ":" + Str(error["code"]));
  return out;
}

class RuleSetsApiTest : public ApiTest {
 protected:
  // Enrols and activates TOTP for the admin: a fresh step-up for rules.publish.
  void StepUp(HttpClient& client) {
    const rapidjson::Document enrolled = ParseBody(client.Post("/api/v1/me/totp/enroll", "").body);
    ASSERT_TRUE(enrolled.IsObject() && enrolled.HasMember("secret"));
    const std::optional<std::string> secret = security::FromBase32(Str(enrolled["secret"]));
    ASSERT_TRUE(secret.has_value());
    const core::Result<std::string> code =
        security::TotpCodeForStep(*secret, security::TotpStepAt(core::SystemClock().Now()));
    ASSERT_TRUE(code.has_value());
    ASSERT_EQ(client.Post("/api/v1/me/totp/activate", R"({"code":")" + *code + R"("})").status, 200);
  }

  HttpResponse SaveVersion(const std::string& id, std::int64_t based_on, const std::string& ruleset) {
    return client().Post("/api/v1/rulesets/" + id + "/versions", VersionBody(based_on, ruleset, "by test"));
  }

  // What the simulation (another helper's route) leaves behind, written straight to the table.
  void Simulate(const std::string& id, std::int64_t version) {
    ASSERT_EQ(ExecuteSql("INSERT INTO rule_simulations (ruleset_id, version, baseline_version, from_at, to_at, "
                         "orders, differing, report_json, at, actor) VALUES ('" +
                         id + "', " + std::to_string(version) + ", 0, 0, 1, 10, 1, '{}', 1, 'user:admin')"),
              0);
  }

  // The set's entry of GET /api/v1/rulesets on `client` (null object when absent).
  rapidjson::Document Head(HttpClient& on, const std::string& id) {
    const HttpResponse listed = on.Get("/api/v1/rulesets");
    EXPECT_EQ(listed.status, 200) << listed.body;
    rapidjson::Document doc = ParseBody(listed.body);
    rapidjson::Document head;
    head.SetObject();
    for (auto& item : doc["items"].GetArray()) {
      if (Str(item["ruleset_id"]) == id) head.CopyFrom(item, head.GetAllocator());
    }
    return head;
  }
};

TEST_F(RuleSetsApiTest, TheFactCatalogueWithTheOperatorsOfEachType) {
  const HttpResponse facts = client().Get("/api/v1/rules/facts");
  ASSERT_EQ(facts.status, 200) << facts.body;
  const rapidjson::Document doc = ParseBody(facts.body);
  bool found = false;
  for (const auto& fact : doc["items"].GetArray()) {
    if (Str(fact["path"]) != "order.channel") continue;
    found = true;
    EXPECT_EQ(Str(fact["type"]), "string");
    EXPECT_FALSE(Str(fact["description"]).empty());
    std::vector<std::string> ops;
    for (const auto& op : fact["operators"].GetArray()) ops.push_back(Str(op));
    EXPECT_THAT(ops, Contains("starts_with"));
    EXPECT_THAT(ops, ::testing::Not(Contains(">")));
  }
  EXPECT_TRUE(found);
}

TEST_F(RuleSetsApiTest, VersionsAreImmutableNumberedAndRefusedWithPointers) {
  const HttpResponse bad = client().Post(
      "/api/v1/rulesets/orders/versions",
      VersionBody(0, R"({"rules":[{"id":"a","trigger":"order.created","when":{"fact":"order.nope","op":"==","value":1},"then":[]}]})"));
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_THAT(Errors(bad.body), Contains("/ruleset/rules/0/when/fact:unknown_fact"));
  const HttpResponse missing = client().Post("/api/v1/rulesets/orders/versions", R"({"ruleset":{"rules":[]}})");
  EXPECT_EQ(missing.status, 422);
  EXPECT_THAT(Errors(missing.body), ElementsAre("/based_on:required"));
  EXPECT_EQ(client().Post("/api/v1/rulesets/orders/versions", "{nope").status, 400);
  EXPECT_EQ(client().Post("/api/v1/rulesets/Bad!/versions", VersionBody(0, kHoldBig)).status, 422);

  const HttpResponse first = SaveVersion("orders", 0, kHoldBig);
  ASSERT_EQ(first.status, 201) << first.body;
  const rapidjson::Document created = ParseBody(first.body);
  EXPECT_EQ(created["version"].GetInt64(), 1);
  EXPECT_EQ(Str(created["created_by"]), "user:admin");
  EXPECT_EQ(Str(created["comment"]), "by test");
  EXPECT_EQ(Str(created["ruleset"]["rules"][0]["id"]), "hold-big");

  const HttpResponse stale = SaveVersion("orders", 0, kTwoRules);
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_THAT(stale.body, HasSubstr("now version 1"));
  ASSERT_EQ(SaveVersion("orders", 1, kTwoRules).status, 201);

  const HttpResponse listed = client().Get("/api/v1/rulesets/orders/versions");
  ASSERT_EQ(listed.status, 200);
  const rapidjson::Document versions = ParseBody(listed.body);
  ASSERT_EQ(versions["items"].Size(), 2u);
  EXPECT_EQ(versions["items"][0]["version"].GetInt64(), 2);
  EXPECT_FALSE(versions["items"][0].HasMember("ruleset"));  // the list leaves documents out
  const HttpResponse one = client().Get("/api/v1/rulesets/orders/versions/1");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(Str(ParseBody(one.body)["ruleset"]["rules"][0]["then"][0]["reason"]), "big order");
  EXPECT_EQ(client().Get("/api/v1/rulesets/orders/versions/9").status, 404);
  EXPECT_EQ(client().Get("/api/v1/rulesets/nope/versions").status, 404);

  // No route changes or removes a version.
  for (const char* method : {"PUT", "PATCH", "DELETE"}) {
    const HttpResponse changed = client().Send(method, "/api/v1/rulesets/orders/versions/1", VersionBody(1, kTwoRules));
    EXPECT_TRUE(changed.status == 404 || changed.status == 405) << method << " " << changed.status;
  }
  EXPECT_EQ(Str(ParseBody(client().Get("/api/v1/rulesets/orders/versions/1").body)["ruleset"]["rules"][0]["id"]),
            "hold-big");
  EXPECT_EQ(ParseBody(client().Get("/api/v1/rulesets/orders/versions/1").body)["ruleset"]["rules"].Size(), 1u);

  const rapidjson::Document audit = ParseBody(client().Get("/api/v1/audit?action=rules.version.create").body);
  EXPECT_EQ(audit["items"].Size(), 2u);
}

TEST_F(RuleSetsApiTest, DiffNamesTheRulesAndMembersThatChanged) {
  ASSERT_EQ(SaveVersion("orders", 0, kHoldBig).status, 201);
  ASSERT_EQ(SaveVersion("orders", 1, kTwoRules).status, 201);
  const HttpResponse diff = client().Get("/api/v1/rulesets/orders/diff?from=1&to=2");
  ASSERT_EQ(diff.status, 200) << diff.body;
  const rapidjson::Document doc = ParseBody(diff.body);
  ASSERT_EQ(doc["added"].Size(), 1u);
  EXPECT_EQ(Str(doc["added"][0]), "jd");
  EXPECT_EQ(doc["removed"].Size(), 0u);
  ASSERT_EQ(doc["changed"].Size(), 1u);
  EXPECT_EQ(Str(doc["changed"][0]["rule_id"]), "hold-big");
  EXPECT_EQ(Str(doc["changed"][0]["members"][0]), "when");
  const HttpResponse missing = client().Get("/api/v1/rulesets/orders/diff?from=1");
  EXPECT_EQ(missing.status, 422);
  EXPECT_THAT(Errors(missing.body), ElementsAre("to:required"));
  EXPECT_EQ(client().Get("/api/v1/rulesets/orders/diff?from=1&to=7").status, 404);
}

TEST_F(RuleSetsApiTest, PublishingNeedsAFreshStepUp) {
  ASSERT_EQ(SaveVersion("orders", 0, kHoldBig).status, 201);
  Simulate("orders", 1);
  for (const char* verb : {"publish", "rollback"}) {
    const HttpResponse refused = client().Post(std::string("/api/v1/rulesets/orders/") + verb, PublicationBody(1, 0));
    EXPECT_EQ(refused.status, 403) << refused.body;
    EXPECT_THAT(Errors(refused.body), ElementsAre(":step_up_required"));
  }
  EXPECT_EQ(Head(client(), "orders")["published_version"].GetInt64(), 0);
}

TEST_F(RuleSetsApiTest, PublishAfterASimulationThenRollBack) {
  StepUp(client());
  ASSERT_EQ(SaveVersion("orders", 0, kHoldBig).status, 201);
  ASSERT_EQ(SaveVersion("orders", 1, kTwoRules).status, 201);

  const HttpResponse unsimulated = client().Post("/api/v1/rulesets/orders/publish", PublicationBody(1, 0));
  EXPECT_EQ(unsimulated.status, 409) << unsimulated.body;
  EXPECT_THAT(Errors(unsimulated.body), ElementsAre("/version:not_simulated"));
  const HttpResponse never = client().Post("/api/v1/rulesets/orders/rollback", PublicationBody(1, 0));
  EXPECT_EQ(never.status, 409);
  EXPECT_THAT(Errors(never.body), ElementsAre("/version:never_published"));
  EXPECT_EQ(client().Post("/api/v1/rulesets/orders/publish", R"({"version":0})").status, 422);

  Simulate("orders", 1);
  Simulate("orders", 2);
  const HttpResponse first = client().Post("/api/v1/rulesets/orders/publish", PublicationBody(1, 0));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Str(ParseBody(first.body)["kind"]), "publish");
  rapidjson::Document head = Head(client(), "orders");
  EXPECT_EQ(head["published_version"].GetInt64(), 1);
  EXPECT_EQ(head["in_force_version"].GetInt64(), 1);  // installed on this node before the answer

  const HttpResponse stale = client().Post("/api/v1/rulesets/orders/publish", PublicationBody(2, 0));
  EXPECT_EQ(stale.status, 409);
  EXPECT_THAT(stale.body, HasSubstr("now version 1"));
  ASSERT_EQ(client().Post("/api/v1/rulesets/orders/publish", PublicationBody(2, 1)).status, 200);
  EXPECT_EQ(Head(client(), "orders")["in_force_version"].GetInt64(), 2);

  const HttpResponse back = client().Post("/api/v1/rulesets/orders/rollback", PublicationBody(1, 2));
  ASSERT_EQ(back.status, 200) << back.body;
  const rapidjson::Document rollback = ParseBody(back.body);
  EXPECT_EQ(Str(rollback["kind"]), "rollback");
  EXPECT_EQ(rollback["previous_version"].GetInt64(), 2);
  head = Head(client(), "orders");
  EXPECT_EQ(head["published_version"].GetInt64(), 1);
  EXPECT_EQ(head["in_force_version"].GetInt64(), 1);
  EXPECT_EQ(head["latest_version"].GetInt64(), 2);

  const rapidjson::Document history = ParseBody(client().Get("/api/v1/rulesets/orders/publications").body);
  ASSERT_EQ(history["items"].Size(), 3u);
  EXPECT_EQ(Str(history["items"][0]["kind"]), "rollback");
  EXPECT_EQ(Str(history["items"][0]["actor"]), "user:admin");
  EXPECT_EQ(ParseBody(client().Get("/api/v1/audit?action=rules.publish").body)["items"].Size(), 2u);
  EXPECT_EQ(ParseBody(client().Get("/api/v1/audit?action=rules.rollback").body)["items"].Size(), 1u);

  // In force again after a restart.
  RestartServer();
  EXPECT_EQ(Head(client(), "orders")["in_force_version"].GetInt64(), 1);
}

// Two `ordo serve` processes on one PostgreSQL database: a publication on one is in force on the
// other within seconds (LISTEN/NOTIFY; the poll is the safety net). SQLite: one process only.
TEST_F(RuleSetsApiTest, APublicationReachesTheOtherNode) {
  if (database_.url.rfind("postgresql", 0) != 0) GTEST_SKIP() << "two nodes need PostgreSQL";
  std::string error;
  std::unique_ptr<ServerProcess> second = ServerProcess::Start(database_.url, temp_dir_, error, server_args_);
  ASSERT_NE(second, nullptr) << error;
  auto other = std::make_unique<HttpClient>(second->port(), admin_token_);
  StepUp(client());
  ASSERT_EQ(SaveVersion("orders", 0, kHoldBig).status, 201);
  Simulate("orders", 1);
  ASSERT_EQ(client().Post("/api/v1/rulesets/orders/publish", PublicationBody(1, 0)).status, 200);
  const auto published = std::chrono::steady_clock::now();
  std::int64_t seen = 0;
  while (std::chrono::steady_clock::now() - published < std::chrono::seconds(4)) {
    const rapidjson::Document head = Head(*other, "orders");
    if (head.HasMember("in_force_version")) seen = head["in_force_version"].GetInt64();
    if (seen == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - published).count();
  std::printf("[ figures ] publication in force on the second node after %.3f s\n", seconds);
  EXPECT_EQ(seen, 1);  // within 4 s: before the 5 s poll could have found it, so by LISTEN/NOTIFY
}

}  // namespace
}  // namespace ordo::api::testing
