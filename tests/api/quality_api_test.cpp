// The data-quality dashboard over HTTP (issue 4, item 4): a run profiles the orders, the summary
// scores them, the failing records are listed within the caller's scope without personal data,
// a score under its threshold raises one ticket per dimension × channel × day and an event that
// webhooks deliver, and tickets take an owner and a status.
#include <gmock/gmock.h>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "api_fixture.hpp"
#include "core/time.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Entry rules store valid phones normalised, so a run can only find invalid ones: 120 is no
// assigned mobile range. The order is quarantined (on_hold, data_review) but stored.
constexpr const char* kInvalidPhone = "120 5555 6666";

std::string JustNow() { return core::FormatRfc3339(core::SystemClock().Now() - 60'000); }

const rapidjson::Value* Dimension(const rapidjson::Value& dimensions, const std::string& name) {
  for (const auto& item : dimensions.GetArray()) {
    if (item["dimension"].GetString() == name) return &item;
  }
  return nullptr;
}

class QualityApiTest : public ApiTest {
 protected:
  // `count` orders of one buyer on `channel` shipped to `province`, placed a minute ago (so that
  // receipt is timely), each with `phone` and different lines (not duplicates of each other).
  void PostOrders(const std::string& prefix, int count, const std::string& channel, const std::string& province,
                  const std::string& phone) {
    for (int order_idx = 0; order_idx < count; ++order_idx) {
      OrderSpec spec;
      spec.channel = channel;
      spec.province = province;
      spec.phone = phone;
      spec.created_at = JustNow();
      spec.customer_ref = prefix + "-cust";  // one buyer: one phone, one customer_ref
      spec.qty = 1 + order_idx;
      const HttpResponse response = client().Post("/api/v1/orders", OrderJson(prefix + std::to_string(order_idx), spec));
      ASSERT_EQ(response.status, 201) << response.body;
    }
  }

  // POST /quality/runs, then polls the run until it is no longer running.
  rapidjson::Document RunToCompletion() {
    const HttpResponse started = client().Post("/api/v1/quality/runs", "");
    EXPECT_EQ(started.status, 202) << started.body;
    const rapidjson::Document run = ParseBody(started.body);
    if (!run.IsObject() || !run.HasMember("id")) return ParseBody("{}");
    const std::string target = "/api/v1/quality/runs/" + std::to_string(run["id"].GetInt64());
    EXPECT_EQ(started.Header("location"), target);
    for (int attempt = 0; attempt < 600; ++attempt) {
      rapidjson::Document current = ParseBody(client().Get(target).body);
      if (current.IsObject() && std::string(current["status"].GetString()) != "running") return current;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "the quality run did not finish within 60 s";
    return ParseBody("{}");
  }
};

TEST_F(QualityApiTest, BeforeAnyRunTheSummaryHasNoScoresAndTheListsAreEmpty) {
  const HttpResponse summary = client().Get("/api/v1/quality/summary");
  ASSERT_EQ(summary.status, 200) << summary.body;
  const rapidjson::Document doc = ParseBody(summary.body);
  EXPECT_TRUE(doc["run"].IsNull());
  EXPECT_EQ(doc["orders"].GetInt64(), 0);
  ASSERT_EQ(doc["dimensions"].Size(), 6u);
  EXPECT_TRUE(doc["dimensions"][0]["score"].IsNull());
  EXPECT_EQ(std::string(doc["previous"]["to"].GetString()) < doc["from"].GetString(), true);

  const rapidjson::Document issues = ParseBody(client().Get("/api/v1/quality/issues").body);
  EXPECT_TRUE(issues["run"].IsNull());
  EXPECT_EQ(issues["items"].Size(), 0u);
  EXPECT_EQ(ParseBody(client().Get("/api/v1/quality/tickets").body)["items"].Size(), 0u);
  EXPECT_EQ(client().Get("/api/v1/quality/runs/424242").status, 404);
}

TEST_F(QualityApiTest, ARunScoresOrdersAndABreachRaisesOneTicketAndAWebhookEvent) {
  const HttpResponse subscribed = client().Post(
      "/api/v1/webhooks",
      R"({"url":"http://127.0.0.1:9/quality","event_types":["quality.threshold_breached"],"secret":"0123456789abcdef"})");
  ASSERT_EQ(subscribed.status, 201) << subscribed.body;
  PostOrders("Q", 6, "api", "浙江省", kInvalidPhone);

  const rapidjson::Document run = RunToCompletion();
  ASSERT_TRUE(run.IsObject() && run.HasMember("status"));
  ASSERT_STREQ(run["status"].GetString(), "done") << run["error"].GetString();
  EXPECT_EQ(run["orders"].GetInt64(), 6);
  EXPECT_EQ(run["tickets_raised"].GetInt64(), 2);  // validity and accuracy (unreachable phones) on (today, api)
  EXPECT_THAT(run["trigger"].GetString(), HasSubstr("api:"));

  const rapidjson::Document summary = ParseBody(client().Get("/api/v1/quality/summary").body);
  ASSERT_TRUE(summary.IsObject());
  EXPECT_EQ(summary["orders"].GetInt64(), 6);
  EXPECT_EQ(summary["run"]["id"].GetInt64(), run["id"].GetInt64());
  const rapidjson::Value* validity = Dimension(summary["dimensions"], "validity");
  ASSERT_NE(validity, nullptr);
  EXPECT_LT(validity->operator[]("score").GetDouble(), 95.0);
  EXPECT_TRUE(validity->operator[]("below_threshold").GetBool());
  EXPECT_TRUE(validity->operator[]("trend").IsNull());  // nothing in the previous 30 days
  EXPECT_DOUBLE_EQ(Dimension(summary["dimensions"], "completeness")->operator[]("score").GetDouble(), 100.0);
  ASSERT_EQ(summary["by_channel"].Size(), 1u);
  EXPECT_STREQ(summary["by_channel"][0]["channel"].GetString(), "api");
  EXPECT_STREQ(summary["by_check"][0]["check"].GetString(), "phone_valid");
  EXPECT_EQ(summary["by_check"][0]["failed"].GetInt64(), 6);
  ASSERT_EQ(summary["by_day"].Size(), 1u);

  // The ticket: open, unassigned, for today's validity on the api channel.
  const rapidjson::Document tickets = ParseBody(client().Get("/api/v1/quality/tickets?dimension=validity").body);
  ASSERT_EQ(tickets["items"].Size(), 1u);
  const rapidjson::Value& ticket = tickets["items"][0];
  EXPECT_STREQ(ticket["dimension"].GetString(), "validity");
  EXPECT_STREQ(ticket["channel"].GetString(), "api");
  EXPECT_STREQ(ticket["status"].GetString(), "open");
  EXPECT_TRUE(ticket["owner"].IsNull());
  EXPECT_DOUBLE_EQ(ticket["threshold"].GetDouble(), 95.0);
  const std::string ticket_path = "/api/v1/quality/tickets/" + std::to_string(ticket["id"].GetInt64());

  // Owner and status; the change is audited.
  const HttpResponse patched = client().Send("PATCH", ticket_path, R"({"owner":"alice","status":"acknowledged"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_STREQ(ParseBody(patched.body)["owner"].GetString(), "alice");
  EXPECT_EQ(ParseBody(client().Get("/api/v1/quality/tickets?status=acknowledged").body)["items"].Size(), 1u);
  EXPECT_EQ(ParseBody(client().Get("/api/v1/quality/tickets?status=open").body)["items"].Size(), 1u);  // accuracy
  EXPECT_EQ(client().Send("PATCH", ticket_path, R"({"status":"fixed"})").status, 422);
  EXPECT_EQ(client().Send("PATCH", ticket_path, R"({})").status, 422);
  EXPECT_EQ(client().Send("PATCH", "/api/v1/quality/tickets/424242", R"({"status":"resolved"})").status, 404);
  const rapidjson::Document audit = ParseBody(client().Get("/api/v1/audit?action=quality.ticket.update").body);
  EXPECT_EQ(audit["items"].Size(), 1u);

  // A second run finds the same breach: no second ticket.
  const rapidjson::Document again = RunToCompletion();
  EXPECT_EQ(again["tickets_raised"].GetInt64(), 0);
  EXPECT_EQ(ParseBody(client().Get("/api/v1/quality/tickets").body)["items"].Size(), 2u);

  // The outbox row became a delivery for the subscriber (port 9 refuses, so it stays pending).
  bool delivered_to_subscriber = false;
  for (int attempt = 0; attempt < 100 && !delivered_to_subscriber; ++attempt) {
    for (const char* state : {"pending", "dead"}) {
      const rapidjson::Document deliveries =
          ParseBody(client().Get(std::string("/api/v1/webhooks/deliveries?state=") + state).body);
      for (const auto& delivery : deliveries["items"].GetArray()) {
        delivered_to_subscriber |= std::string(delivery["event_type"].GetString()) == "quality.threshold_breached";
      }
    }
    if (!delivered_to_subscriber) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(delivered_to_subscriber);
}

TEST_F(QualityApiTest, IssuesAreScopedLikeTheOrderListPagedAndFreeOfPersonalData) {
  PostOrders("ZJ", 3, "api", "浙江省", kInvalidPhone);
  PostOrders("JS", 3, "tmall", "江苏省", kInvalidPhone);  // the fixture's city is 杭州市: not in 江苏
  ASSERT_STREQ(RunToCompletion()["status"].GetString(), "done");

  // Admin: every failing record, newest first, in pages.
  std::set<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    std::string target = "/api/v1/quality/issues?check=phone_valid&limit=2";
    if (!cursor.empty()) target += "&cursor=" + cursor;
    const HttpResponse response = client().Get(target);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_THAT(response.body, Not(HasSubstr("1234")));  // no phone digits, masked or not
    EXPECT_THAT(response.body, Not(HasSubstr("张三")));
    const rapidjson::Document doc = ParseBody(response.body);
    for (const auto& item : doc["items"].GetArray()) {
      EXPECT_STREQ(item["dimension"].GetString(), "validity");
      EXPECT_STREQ(item["field"].GetString(), "phone");
      EXPECT_THAT(item["detail"].GetString(), HasSubstr("unassigned_mobile_range"));
      seen.insert(std::to_string(item["order_id"].GetInt64()));
    }
    if (!doc["next_cursor"].IsString()) break;
    cursor = doc["next_cursor"].GetString();
  }
  EXPECT_EQ(seen.size(), 6u);
  const rapidjson::Document consistency =
      ParseBody(client().Get("/api/v1/quality/issues?dimension=consistency&channel=tmall").body);
  ASSERT_EQ(consistency["items"].Size(), 3u);
  EXPECT_STREQ(consistency["items"][0]["check"].GetString(), "city_in_province");

  // A region manager of 浙江省 sees only that province's records and scores.
  ASSERT_EQ(CreateUser("zj-manager", "region-password-1", "region_manager", {"province:浙江省"}), 0);
  auto manager = ClientWithToken(Login("zj-manager", "region-password-1"));
  const rapidjson::Document scoped = ParseBody(manager->Get("/api/v1/quality/issues?limit=500").body);
  ASSERT_GT(scoped["items"].Size(), 0u);
  for (const auto& item : scoped["items"].GetArray()) EXPECT_STREQ(item["province"].GetString(), "浙江省");
  EXPECT_EQ(ParseBody(manager->Get("/api/v1/quality/issues?dimension=consistency").body)["items"].Size(), 0u);
  const rapidjson::Document manager_summary = ParseBody(manager->Get("/api/v1/quality/summary").body);
  EXPECT_EQ(manager_summary["orders"].GetInt64(), 3);
  ASSERT_EQ(manager_summary["by_channel"].Size(), 1u);
  EXPECT_STREQ(manager_summary["by_channel"][0]["channel"].GetString(), "api");
  // Tickets and runs are the data stewards': quality.manage, which a region manager lacks.
  EXPECT_EQ(manager->Get("/api/v1/quality/tickets").status, 403);
  EXPECT_EQ(manager->Post("/api/v1/quality/runs", "").status, 403);
}

TEST_F(QualityApiTest, BadParametersAreNamed) {
  struct Case {
    std::string target;
    int status;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"/api/v1/quality/summary?from=2026-13-01", 422, "from"},
      {"/api/v1/quality/summary?from=2026-11-20&to=2026-11-01", 422, "from"},
      {"/api/v1/quality/summary?from=2024-01-01&to=2026-01-01", 422, "from"},
      {"/api/v1/quality/summary?period=week", 400, "period"},
      {"/api/v1/quality/issues?dimension=beauty", 422, "dimension"},
      {"/api/v1/quality/issues?check=phone_pretty", 422, "check"},
      {"/api/v1/quality/issues?cursor=nonsense", 400, "cursor"},
      {"/api/v1/quality/issues?limit=0", 422, "limit"},
      {"/api/v1/quality/tickets?status=lost", 422, "status"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.target);
    const HttpResponse response = client().Get(test.target);
    EXPECT_EQ(response.status, test.status) << response.body;
    EXPECT_THAT(response.body, HasSubstr("\"field\":\"" + test.field + "\""));
  }
}

TEST_F(QualityApiTest, ServeRunsTheProfileAtStartAndEveryIntervalWithItsThresholds) {
  PostOrders("S", 6, "api", "浙江省", kInvalidPhone);
  DropServer();
  std::string error;
  // Validity here is 7/8 = 87.5 %: under 95, over 80; accuracy (phone unreachable) over 50.
  server_ = ServerProcess::Start(database_.url, temp_dir_, error,
                                 {"--quality-interval-minutes", "0.005", "--quality-threshold", "validity=80",
                                  "--quality-threshold", "accuracy=50"});
  ASSERT_NE(server_, nullptr) << error;
  client_ = std::make_unique<HttpClient>(port(), admin_token_);

  std::int64_t first_run = 0;
  std::int64_t latest_run = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline && (first_run == 0 || latest_run == first_run)) {
    const rapidjson::Document summary = ParseBody(client().Get("/api/v1/quality/summary").body);
    if (summary.IsObject() && summary["run"].IsObject()) {
      EXPECT_STREQ(summary["run"]["trigger"].GetString(), "scheduler");
      latest_run = summary["run"]["id"].GetInt64();
      if (first_run == 0) first_run = latest_run;
      EXPECT_FALSE(Dimension(summary["dimensions"], "validity")->operator[]("below_threshold").GetBool());
      EXPECT_DOUBLE_EQ(Dimension(summary["dimensions"], "validity")->operator[]("threshold").GetDouble(), 80.0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GT(first_run, 0) << "no scheduled run at start";
  EXPECT_GT(latest_run, first_run) << "no second scheduled run";
  EXPECT_EQ(ParseBody(client().Get("/api/v1/quality/tickets").body)["items"].Size(), 0u);

  client_.reset();
  EXPECT_EQ(server().StopWith(SIGTERM), 0);  // joins the scheduler
  std::string log;
  for (const auto& entry : std::filesystem::directory_iterator(temp_dir_)) {
    if (entry.path().filename().string().starts_with("server-")) log += ReadFile(entry.path().string());
  }
  EXPECT_THAT(log, HasSubstr("quality run"));
  EXPECT_THAT(log, Not(HasSubstr("1234")));  // counts only, never whose data
}

TEST_F(QualityApiTest, ABadThresholdIsAUsageError) {
  DropServer();
  EXPECT_EQ(RunOrdo({"serve", "--db", database_.url, "--dev-insecure-key", "--quality-threshold", "beauty=90"},
                    temp_dir_ + "/usage.log"),
            2);
  EXPECT_THAT(ReadFile(temp_dir_ + "/usage.log"), HasSubstr("--quality-threshold"));
}

}  // namespace
}  // namespace ordo::api::testing
