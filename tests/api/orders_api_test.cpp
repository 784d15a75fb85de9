// Orders over HTTP against a real `ordo serve`: ingest, idempotency, batch, list, transitions,
// timeline, masking.
#include <gmock/gmock.h>

#include <set>

#include "api_fixture.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::int64_t IdOf(const std::string& body) { return ParseBody(body)["id"].GetInt64(); }

TEST_F(ApiTest, CreateThenRepeatReturnsTheSameOrderWith200) {
  const HttpResponse created = client().Post("/api/v1/orders", OrderJson("T-1"));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Header("content-type"), "application/json");
  EXPECT_EQ(created.Header("ordo-ingest-result"), "created");
  EXPECT_EQ(created.Header("location"), "/api/v1/orders/" + std::to_string(IdOf(created.body)));

  const HttpResponse repeated = client().Post("/api/v1/orders", OrderJson("T-1"));
  ASSERT_EQ(repeated.status, 200) << repeated.body;
  EXPECT_EQ(repeated.Header("ordo-ingest-result"), "unchanged");
  EXPECT_EQ(IdOf(repeated.body), IdOf(created.body));
  EXPECT_EQ(ParseBody(repeated.body)["version"].GetInt64(), ParseBody(created.body)["version"].GetInt64());
  EXPECT_EQ(CountOrders(), 1u);
}

TEST_F(ApiTest, ChangedPayloadUpdatesWithVersionPlusOneAndAnUpdatedNode) {
  const HttpResponse created = client().Post("/api/v1/orders", OrderJson("T-2"));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::int64_t version = ParseBody(created.body)["version"].GetInt64();

  OrderSpec changed;
  changed.buyer_note = "please ring twice";
  const HttpResponse updated = client().Post("/api/v1/orders", OrderJson("T-2", changed));
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.Header("ordo-ingest-result"), "updated");
  EXPECT_EQ(IdOf(updated.body), IdOf(created.body));
  EXPECT_EQ(ParseBody(updated.body)["version"].GetInt64(), version + 1);

  const HttpResponse timeline = client().Get("/api/v1/orders/" + std::to_string(IdOf(created.body)) + "/timeline");
  ASSERT_EQ(timeline.status, 200) << timeline.body;
  EXPECT_THAT(timeline.body, HasSubstr("\"node\":\"updated\""));
  EXPECT_EQ(CountOrders(), 1u);
}

TEST_F(ApiTest, IdempotencyKeyReusedForAnotherBodyIs409) {
  const HeaderList key = {{"Idempotency-Key", "key-abc"}};
  ASSERT_EQ(client().Post("/api/v1/orders", OrderJson("T-3"), key).status, 201);
  EXPECT_EQ(client().Post("/api/v1/orders", OrderJson("T-3"), key).status, 200);
  const HttpResponse reused = client().Post("/api/v1/orders", OrderJson("T-4"), key);
  EXPECT_EQ(reused.status, 409) << reused.body;
  EXPECT_EQ(reused.Header("content-type"), "application/problem+json");
  EXPECT_EQ(CountOrders(), 1u);
}

TEST_F(ApiTest, BatchAnswersEachItemAndWritesOnlyTheGoodOnes) {
  std::string bad = OrderJson("B-2");
  bad.replace(bad.find("\"qty\":2"), 7, "\"qty\":0");
  const std::string body = "{\"orders\":[" + OrderJson("B-1") + "," + bad + "," + OrderJson("B-3") + "]}";
  const HttpResponse response = client().Post("/api/v1/orders:batch", body);
  ASSERT_EQ(response.status, 200) << response.body;
  const rapidjson::Document doc = ParseBody(response.body);
  const auto& results = doc["results"];
  ASSERT_EQ(results.Size(), 3u);
  EXPECT_EQ(results[0]["status"].GetInt(), 201);
  EXPECT_EQ(results[1]["status"].GetInt(), 422);
  EXPECT_STREQ(results[1]["error"]["errors"][0]["field"].GetString(), "orders/1/lines/0/qty");
  EXPECT_EQ(results[2]["status"].GetInt(), 201);
  EXPECT_EQ(CountOrders(), 2u);
}

TEST_F(ApiTest, BatchOverOneThousandIs422AndWritesNothing) {
  std::string body = "{\"orders\":[";
  for (int order_idx = 0; order_idx < 1001; ++order_idx) body += (order_idx ? "," : "") + OrderJson("X-" + std::to_string(order_idx));
  body += "]}";
  const HttpResponse response = client().Post("/api/v1/orders:batch", body);
  EXPECT_EQ(response.status, 422) << response.body.substr(0, 300);
  EXPECT_EQ(CountOrders(), 0u);
}

TEST_F(ApiTest, ListFiltersByStatusChannelAndProvince) {
  OrderSpec tmall;
  tmall.channel = "tmall";
  tmall.province = "广东省";
  ASSERT_EQ(client().Post("/api/v1/orders", OrderJson("F-1", tmall)).status, 201);
  OrderSpec pending;
  pending.status = "pending_payment";
  ASSERT_EQ(client().Post("/api/v1/orders", OrderJson("F-2", pending)).status, 201);
  ASSERT_EQ(client().Post("/api/v1/orders", OrderJson("F-3")).status, 201);

  auto count = [&](const std::string& query) {
    const HttpResponse response = client().Get("/api/v1/orders?" + query);
    EXPECT_EQ(response.status, 200) << response.body;
    return ParseBody(response.body)["items"].Size();
  };
  EXPECT_EQ(count("channel=tmall"), 1u);
  EXPECT_EQ(count("status=pending_payment"), 1u);
  EXPECT_EQ(count("status=paid"), 2u);
  EXPECT_EQ(count("province=%E5%B9%BF%E4%B8%9C%E7%9C%81"), 1u);  // 广东省
  EXPECT_EQ(count("q=F-3"), 1u);
  EXPECT_EQ(count("created_from=2026-11-01T00:00:00Z&created_to=2026-12-01T00:00:00Z"), 3u);
  EXPECT_EQ(count("created_to=2026-11-01T00:00:00Z"), 0u);
}

TEST_F(ApiTest, CursorPagesCoverEveryOrderOnceWithoutGaps) {
  std::string body = "{\"orders\":[";
  for (int order_idx = 0; order_idx < 57; ++order_idx) body += (order_idx ? "," : "") + OrderJson("P-" + std::to_string(order_idx));
  body += "]}";
  ASSERT_EQ(client().Post("/api/v1/orders:batch", body).status, 200);

  std::set<std::int64_t> seen;
  std::int64_t previous_id = INT64_MAX;
  std::string cursor;
  int pages = 0;
  for (;;) {
    const HttpResponse page = client().Get("/api/v1/orders?limit=10" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body;
    const rapidjson::Document doc = ParseBody(page.body);
    ++pages;
    for (const auto& item : doc["items"].GetArray()) {
      const std::int64_t id = item["id"].GetInt64();
      EXPECT_LT(id, previous_id) << "newest first, no repeats";
      previous_id = id;
      EXPECT_TRUE(seen.insert(id).second);
    }
    if (doc["next_cursor"].IsNull()) break;
    cursor = doc["next_cursor"].GetString();
  }
  EXPECT_EQ(seen.size(), 57u);
  EXPECT_EQ(pages, 6);
}

TEST_F(ApiTest, BadListParametersAreProblemsNamingTheParameter) {
  const std::pair<std::string, std::string> cases[] = {
      {"status=teleported", "status"}, {"limit=0", "limit"},       {"limit=abc", "limit"},
      {"created_from=yesterday", "created_from"}, {"cursor=!!!", "cursor"}, {"colour=red", "colour"}};
  for (const auto& [query, field] : cases) {
    const HttpResponse response = client().Get("/api/v1/orders?" + query);
    EXPECT_TRUE(response.status == 400 || response.status == 422) << query << " → " << response.status;
    EXPECT_EQ(response.Header("content-type"), "application/problem+json") << query;
    EXPECT_THAT(response.body, HasSubstr("\"field\":\"" + field + "\"")) << query;
  }
}

TEST_F(ApiTest, TransitionHappyPathThenStaleVersionAndIllegalMoveAre409) {
  const HttpResponse created = client().Post("/api/v1/orders", OrderJson("S-1"));
  ASSERT_EQ(created.status, 201);
  const std::string path = "/api/v1/orders/" + std::to_string(IdOf(created.body)) + "/transitions";
  const std::int64_t version = ParseBody(created.body)["version"].GetInt64();

  const HttpResponse allocated = client().Post(path, R"({"to":"allocated","reason":"stock found"})",
                                               {{"If-Match", "\"" + std::to_string(version) + "\""}});
  ASSERT_EQ(allocated.status, 200) << allocated.body;
  EXPECT_EQ(ParseBody(allocated.body)["version"].GetInt64(), version + 1);
  EXPECT_STREQ(ParseBody(allocated.body)["status"].GetString(), "allocated");

  const HttpResponse stale = client().Post(path, R"({"to":"released"})", {{"If-Match", std::to_string(version)}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.Header("content-type"), "application/problem+json");

  const HttpResponse illegal = client().Post(path, R"({"to":"delivered"})");
  EXPECT_EQ(illegal.status, 409) << illegal.body;
  EXPECT_THAT(illegal.body, HasSubstr("allocated"));
  EXPECT_THAT(illegal.body, HasSubstr("delivered"));
}

TEST_F(ApiTest, TimelineShowsEveryNodeOfTheWay) {
  const HttpResponse created = client().Post("/api/v1/orders", OrderJson("L-1"));
  ASSERT_EQ(created.status, 201);
  const std::string base = "/api/v1/orders/" + std::to_string(IdOf(created.body));
  for (const char* to : {"allocated", "released", "picking", "packed", "shipped", "in_transit", "out_for_delivery",
                         "delivered", "completed"}) {
    const HttpResponse moved = client().Post(base + "/transitions", std::string(R"({"to":")") + to + "\"}");
    ASSERT_EQ(moved.status, 200) << to << ": " << moved.body;
  }
  const HttpResponse timeline = client().Get(base + "/timeline");
  ASSERT_EQ(timeline.status, 200) << timeline.body;
  const rapidjson::Document doc = ParseBody(timeline.body);
  std::vector<std::string> nodes;
  for (const auto& event : doc["items"].GetArray()) nodes.emplace_back(event["node"].GetString());
  EXPECT_GE(nodes.size(), 10u);
  EXPECT_EQ(nodes.front(), "created");
  EXPECT_EQ(nodes.back(), "completed");
  for (std::size_t node_idx = 0; node_idx < doc["items"].Size(); ++node_idx) {
    EXPECT_EQ(doc["items"][static_cast<rapidjson::SizeType>(node_idx)]["seq"].GetInt64(),
              static_cast<std::int64_t>(node_idx + 1));
  }
}

TEST_F(ApiTest, UnknownOrderIs404Problem) {
  const HttpResponse missing = client().Get("/api/v1/orders/999999");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Header("content-type"), "application/problem+json");
  EXPECT_EQ(client().Get("/api/v1/orders/999999/timeline").status, 404);
}

TEST_F(ApiTest, ResponsesNeverShowTheClearPhoneOrStreet) {
  const HttpResponse created = client().Post("/api/v1/orders", OrderJson("M-1"));
  ASSERT_EQ(created.status, 201);
  const std::string id = std::to_string(IdOf(created.body));
  const std::string bodies[] = {created.body, client().Get("/api/v1/orders/" + id).body,
                                client().Get("/api/v1/orders").body,
                                client().Get("/api/v1/orders/" + id + "/timeline").body,
                                client().Post("/api/v1/orders:batch", "{\"orders\":[" + OrderJson("M-1") + "]}").body};
  for (const std::string& body : bodies) {
    EXPECT_THAT(body, Not(HasSubstr("13812345678")));
    EXPECT_THAT(body, Not(HasSubstr("文三路")));
  }
  EXPECT_THAT(created.body, HasSubstr("138****5678"));
}

TEST_F(ApiTest, WebhookSecretIsWriteOnly) {
  const HttpResponse created = client().Post(
      "/api/v1/webhooks", R"({"url":"http://127.0.0.1:9/hook","event_types":["order.created"],"secret":"s3cr3t-s3cr3t-s3cr3t"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_THAT(created.body, Not(HasSubstr("s3cr3t")));
  const HttpResponse listed = client().Get("/api/v1/webhooks");
  ASSERT_EQ(listed.status, 200);
  EXPECT_THAT(listed.body, Not(HasSubstr("s3cr3t")));
  EXPECT_EQ(ParseBody(listed.body)["items"].Size(), 1u);

  const std::string id = std::to_string(IdOf(created.body));
  EXPECT_EQ(client().Send("DELETE", "/api/v1/webhooks/" + id).status, 204);
  EXPECT_EQ(client().Send("DELETE", "/api/v1/webhooks/" + id).status, 404);
  EXPECT_EQ(client().Get("/api/v1/webhooks/deliveries?state=dead").status, 200);
  EXPECT_EQ(client().Get("/api/v1/webhooks/deliveries?state=lost").status, 422);
  EXPECT_EQ(client().Post("/api/v1/webhooks/deliveries/424242/replay", "").status, 404);
}

}  // namespace
}  // namespace ordo::api::testing
