// Operations over HTTP: health, readiness, metrics, the OpenAPI document, routing problems.
#include <gmock/gmock.h>

#include <set>

#include "api_fixture.hpp"
#include "security/permissions.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;

// The routes issue #2 asks for, written out independently of the route table.
struct RequiredRoute {
  std::string method;
  std::string openapi_path;
  std::string sample_target;
};
const std::vector<RequiredRoute> kRequiredRoutes = {
    {"post", "/api/v1/orders", "/api/v1/orders"},
    {"post", "/api/v1/orders:batch", "/api/v1/orders:batch"},
    {"get", "/api/v1/orders", "/api/v1/orders"},
    {"get", "/api/v1/orders/export", "/api/v1/orders/export"},
    {"get", "/api/v1/orders/{id}", "/api/v1/orders/1"},
    {"post", "/api/v1/orders/{id}/transitions", "/api/v1/orders/1/transitions"},
    {"get", "/api/v1/orders/{id}/timeline", "/api/v1/orders/1/timeline"},
    {"post", "/api/v1/webhooks", "/api/v1/webhooks"},
    {"get", "/api/v1/webhooks", "/api/v1/webhooks"},
    {"delete", "/api/v1/webhooks/{id}", "/api/v1/webhooks/1"},
    {"get", "/api/v1/webhooks/deliveries", "/api/v1/webhooks/deliveries"},
    {"post", "/api/v1/webhooks/deliveries/{id}/replay", "/api/v1/webhooks/deliveries/1/replay"},
    {"get", "/healthz", "/healthz"},
    {"get", "/readyz", "/readyz"},
    {"get", "/metrics", "/metrics"},
    {"get", "/api/v1/openapi.json", "/api/v1/openapi.json"},
    // issue #3: accounts, access administration, audit
    {"post", "/api/v1/auth/login", "/api/v1/auth/login"},
    {"post", "/api/v1/auth/step-up", "/api/v1/auth/step-up"},
    {"get", "/api/v1/me", "/api/v1/me"},
    {"post", "/api/v1/me/totp/enroll", "/api/v1/me/totp/enroll"},
    {"get", "/api/v1/me/totp/qr.png", "/api/v1/me/totp/qr.png"},
    {"post", "/api/v1/me/totp/activate", "/api/v1/me/totp/activate"},
    {"get", "/api/v1/users", "/api/v1/users"},
    {"post", "/api/v1/users", "/api/v1/users"},
    {"patch", "/api/v1/users/{id}", "/api/v1/users/1"},
    {"post", "/api/v1/api-keys", "/api/v1/api-keys"},
    {"get", "/api/v1/api-keys", "/api/v1/api-keys"},
    {"delete", "/api/v1/api-keys/{id}", "/api/v1/api-keys/1"},
    {"get", "/api/v1/audit", "/api/v1/audit"},
    {"get", "/api/v1/orders/summary", "/api/v1/orders/summary"},
    // the approved-unmasking flow
    {"post", "/api/v1/pii/unmask-requests", "/api/v1/pii/unmask-requests"},
    {"get", "/api/v1/pii/unmask-requests", "/api/v1/pii/unmask-requests"},
    {"get", "/api/v1/pii/unmask-requests/{id}", "/api/v1/pii/unmask-requests/umr_aaaaaaaaaaaaaaaa"},
    {"post", "/api/v1/pii/unmask-requests/{id}:approve", "/api/v1/pii/unmask-requests/umr_aaaaaaaaaaaaaaaa:approve"},
    {"post", "/api/v1/pii/unmask-requests/{id}:deny", "/api/v1/pii/unmask-requests/umr_aaaaaaaaaaaaaaaa:deny"},
    // issue #3 leftovers: custom roles
    {"get", "/api/v1/roles", "/api/v1/roles"},
    {"post", "/api/v1/roles", "/api/v1/roles"},
    {"put", "/api/v1/roles/{name}", "/api/v1/roles/packer"},
    {"delete", "/api/v1/roles/{name}", "/api/v1/roles/packer"},
    // issue #4: entry rules
    {"get", "/api/v1/quality/rules", "/api/v1/quality/rules"},
    {"put", "/api/v1/quality/rules", "/api/v1/quality/rules"},
    // issue #4: data-quality metrics
    {"get", "/api/v1/quality/summary", "/api/v1/quality/summary"},
    {"get", "/api/v1/quality/issues", "/api/v1/quality/issues"},
    {"get", "/api/v1/quality/tickets", "/api/v1/quality/tickets"},
    {"patch", "/api/v1/quality/tickets/{id}", "/api/v1/quality/tickets/1"},
    {"post", "/api/v1/quality/runs", "/api/v1/quality/runs"},
    {"get", "/api/v1/quality/runs/{id}", "/api/v1/quality/runs/1"},
    // issue #5: the single customer view
    {"get", "/api/v1/customers", "/api/v1/customers?q=13812345678"},
    {"get", "/api/v1/customers/{id}", "/api/v1/customers/1"},
    {"post", "/api/v1/customers/{id}/unmerge", "/api/v1/customers/1/unmerge"},
    // issue #5: channel connections and the channel order endpoint
    {"post", "/api/v1/channel-connections", "/api/v1/channel-connections"},
    {"get", "/api/v1/channel-connections", "/api/v1/channel-connections"},
    {"get", "/api/v1/channel-connections/{id}", "/api/v1/channel-connections/1"},
    {"delete", "/api/v1/channel-connections/{id}", "/api/v1/channel-connections/1"},
    {"post", "/api/v1/channels/shopify/orders", "/api/v1/channels/shopify/orders?connection=none"},
    {"post", "/api/v1/channels/woocommerce/orders", "/api/v1/channels/woocommerce/orders?connection=none"},
    {"post", "/api/v1/channels/{channel}/orders", "/api/v1/channels/taobao/orders?connection=none"},
    // issue #6: inventory and sourcing
    {"post", "/api/v1/locations", "/api/v1/locations"},
    {"get", "/api/v1/locations", "/api/v1/locations"},
    {"get", "/api/v1/locations/{id}", "/api/v1/locations/WH-1"},
    {"put", "/api/v1/locations/{id}", "/api/v1/locations/WH-1"},
    {"post", "/api/v1/locations/{id}/status", "/api/v1/locations/WH-1/status"},
    {"get", "/api/v1/carrier-rates", "/api/v1/carrier-rates"},
    {"put", "/api/v1/carrier-rates", "/api/v1/carrier-rates"},
    {"get", "/api/v1/stock", "/api/v1/stock"},
    {"put", "/api/v1/stock", "/api/v1/stock"},
    {"patch", "/api/v1/stock", "/api/v1/stock"},
    {"post", "/api/v1/stock/upload", "/api/v1/stock/upload"},
    {"get", "/api/v1/stock/ledger", "/api/v1/stock/ledger"},
    {"get", "/api/v1/stock/check", "/api/v1/stock/check"},
    {"get", "/api/v1/orders/{id}/sourcing", "/api/v1/orders/1/sourcing"},
    {"post", "/api/v1/orders/{id}/cancel-lines", "/api/v1/orders/1/cancel-lines"},
    {"post", "/api/v1/sourcing/preview", "/api/v1/sourcing/preview"},
    {"post", "/api/v1/sourcing/rebalance", "/api/v1/sourcing/rebalance"},
    // issue #7: carrier SLA
    {"get", "/api/v1/carriers/sla", "/api/v1/carriers/sla"},
    // issue #7: rule sets (versions, diff, publication)
    {"get", "/api/v1/rules/facts", "/api/v1/rules/facts"},
    {"get", "/api/v1/rulesets", "/api/v1/rulesets"},
    {"post", "/api/v1/rulesets/{id}/versions", "/api/v1/rulesets/orders/versions"},
    {"get", "/api/v1/rulesets/{id}/versions", "/api/v1/rulesets/orders/versions"},
    {"get", "/api/v1/rulesets/{id}/versions/{version}", "/api/v1/rulesets/orders/versions/1"},
    {"get", "/api/v1/rulesets/{id}/diff", "/api/v1/rulesets/orders/diff?from=1&to=2"},
    {"post", "/api/v1/rulesets/{id}/publish", "/api/v1/rulesets/orders/publish"},
    {"post", "/api/v1/rulesets/{id}/rollback", "/api/v1/rulesets/orders/rollback"},
    {"get", "/api/v1/rulesets/{id}/publications", "/api/v1/rulesets/orders/publications"},
    {"post", "/api/v1/rulesets/{id}/simulate", "/api/v1/rulesets/orders/simulate"},
    // issue #7: rules at work
    {"get", "/api/v1/orders/{id}/rules", "/api/v1/orders/1/rules"},
    {"get", "/api/v1/rules/effects", "/api/v1/rules/effects"},
    {"delete", "/api/v1/rules/effects/{kind}/{key}", "/api/v1/rules/effects/hide_sku/douyin:NONE"},
    {"post", "/api/v1/rules/run", "/api/v1/rules/run"},
    {"post", "/api/v1/auth/logout", "/api/v1/auth/logout"},  // last: it ends the session
};

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

TEST_F(ApiTest, OpenApiDocumentsEveryRouteAndEveryDocumentedRouteIsServed) {
  const HttpResponse response = client().Get("/api/v1/openapi.json");
  ASSERT_EQ(response.status, 200);
  const rapidjson::Document doc = ParseBody(response.body);
  ASSERT_TRUE(doc.IsObject());
  EXPECT_STREQ(doc["openapi"].GetString(), "3.0.3");
  const auto& paths = doc["paths"];
  for (const RequiredRoute& route : kRequiredRoutes) {
    SCOPED_TRACE(route.method + " " + route.openapi_path);
    ASSERT_TRUE(paths.HasMember(route.openapi_path.c_str()));
    EXPECT_TRUE(paths[route.openapi_path.c_str()].HasMember(route.method.c_str()));
    const HttpResponse served = client().Send(Upper(route.method), route.sample_target, route.method == "post" || route.method == "patch" ? "{}" : "");
    EXPECT_NE(served.status, 405) << served.body;
    EXPECT_THAT(served.body, ::testing::Not(HasSubstr("no route for this path")));
  }
  // And the other way: every documented operation is one of the required ones or a known extra.
  std::size_t operations = 0;
  for (const auto& path : paths.GetObject()) operations += path.value.MemberCount();
  EXPECT_EQ(operations, kRequiredRoutes.size());
}

// The OpenAPI document is generated from the route table, so it shows each route's access.
// Besides these, the two signed channel webhooks are public: their HMAC signature with the
// connection's secret authenticates them (docs/channels.md "Authentication").
TEST_F(ApiTest, RouteTablePermissionsAreAllInTheSecurityCatalogAndOnlyTheKnownRoutesArePublic) {
  const rapidjson::Document doc = ParseBody(client().Get("/api/v1/openapi.json").body);
  ASSERT_TRUE(doc.IsObject());
  std::set<std::string> public_routes;
  for (const auto& path : doc["paths"].GetObject()) {
    for (const auto& operation : path.value.GetObject()) {
      const std::string route = Upper(operation.name.GetString()) + " " + path.name.GetString();
      SCOPED_TRACE(route);
      const std::string permission = operation.value["x-permission"].GetString();
      const bool is_public = operation.value["security"].Empty();
      if (is_public) public_routes.insert(route);
      if (!permission.empty()) {
        EXPECT_TRUE(security::IsKnownPermission(permission)) << permission;
        EXPECT_FALSE(is_public);
      }
    }
  }
  EXPECT_THAT(public_routes, ::testing::ElementsAre("GET /api/v1/openapi.json", "GET /healthz", "GET /readyz",
                                                    "POST /api/v1/auth/login", "POST /api/v1/channels/shopify/orders",
                                                    "POST /api/v1/channels/woocommerce/orders"));
  EXPECT_STREQ(doc["paths"]["/metrics"]["get"]["x-permission"].GetString(), "ops.read");
}

TEST_F(ApiTest, HealthReadinessAndRequestIds) {
  const HttpResponse health = client().Send("GET", "/healthz", "", {{"X-Request-Id", "trace-me-42"}});
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.Header("x-request-id"), "trace-me-42");
  const HttpResponse ready = client().Get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_FALSE(ready.Header("x-request-id").empty());
}

TEST_F(ApiTest, UnknownRouteIs404AndWrongMethodIs405WithAllow) {
  const HttpResponse unknown = client().Get("/api/v1/nothing-here");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.Header("content-type"), "application/problem+json");
  const HttpResponse wrong = client().Send("PUT", "/api/v1/orders", "{}");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.Header("content-type"), "application/problem+json");
  EXPECT_THAT(wrong.Header("allow"), HasSubstr("GET"));
  EXPECT_THAT(wrong.Header("allow"), HasSubstr("POST"));
}

TEST_F(ApiTest, MetricsExposeRouteHistogramsStoreBatchesAndBugs) {
  ASSERT_EQ(client().Post("/api/v1/orders", OrderJson("MET-1")).status, 201);
  ASSERT_EQ(client().Get("/api/v1/orders/424242").status, 404);
  const HttpResponse metrics = client().Get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.Header("content-type"), HasSubstr("text/plain"));
  EXPECT_THAT(metrics.body, HasSubstr("# TYPE ordo_http_request_duration_seconds histogram"));
  EXPECT_THAT(metrics.body, HasSubstr(
      "ordo_http_requests_total{route=\"POST /api/v1/orders\",status_class=\"2xx\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr(
      "ordo_http_request_duration_seconds_bucket{route=\"GET /api/v1/orders/{id}\",status_class=\"4xx\",le=\"+Inf\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("ordo_store_commit_batch_size_bucket{le=\"1\"}"));
  EXPECT_THAT(metrics.body, HasSubstr("ordo_bugs_total 0"));
}

}  // namespace
}  // namespace ordo::api::testing
