// The router, query strings and the problem mapping, without a server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/auth_guard.hpp"
#include "api/problem.hpp"
#include "api/query_string.hpp"
#include "api/router.hpp"

namespace ordo::api {
namespace {

using ::testing::HasSubstr;

// An exchange that records what the handler or router answered.
class RecordingExchange final : public Exchange {
 public:
  void Finish() override { ++finished; }
  void Post(std::function<void()> task) override { task(); }
  std::string Body() const { return {response.body.GetString(), response.body.GetSize()}; }
  int finished = 0;
};

std::shared_ptr<RecordingExchange> Call(const Router& router, Method method, std::string_view path) {
  auto exchange = std::make_shared<RecordingExchange>();
  exchange->request.method = method;
  exchange->request.path = path;
  router.Dispatch(exchange);
  return exchange;
}

Router SampleRouter(std::string& captured) {
  Router router;
  auto answer = [&captured](const ExchangePtr& exchange) {
    captured = std::string(exchange->request.path_params[0]);
    exchange->Finish();
  };
  router.Add({.method = Method::kGet, .pattern = "/api/v1/orders/{id}", .access = Access::kPublic}, answer);
  router.Add({.method = Method::kPost, .pattern = "/api/v1/orders:batch", .access = Access::kPublic}, answer);
  router.Add({.method = Method::kGet, .pattern = "/api/v1/webhooks/deliveries", .access = Access::kPublic}, answer);
  router.Add({.method = Method::kDelete, .pattern = "/api/v1/webhooks/{id}", .access = Access::kPublic}, answer);
  return router;
}

TEST(BearerToken, ReadsTheTokenOfABearerHeaderOnly) {
  EXPECT_EQ(BearerToken("Bearer ses_abc"), "ses_abc");
  EXPECT_EQ(BearerToken("bearer   ses_abc  "), "ses_abc");
  EXPECT_EQ(BearerToken("Basic YWRtaW46YWRtaW4="), "");
  EXPECT_EQ(BearerToken("Bearer"), "");
  EXPECT_EQ(BearerToken(""), "");
}

TEST(Router, RouteWithoutPermissionMustSayWhoMayCallIt) {
  Router router;
  EXPECT_DEATH(router.Add({.method = Method::kGet, .pattern = "/api/v1/x"}, [](const ExchangePtr&) {}), "");
}

TEST(Router, GuardRunsBeforeNonPublicRoutesOnly) {
  Router router;
  int guarded = 0;
  int handled = 0;
  router.SetGuard([&guarded](const ExchangePtr& exchange, const RouteSpec&, const Handler&) {
    ++guarded;
    exchange->Finish();
  });
  const auto handler = [&handled](const ExchangePtr& exchange) {
    ++handled;
    exchange->Finish();
  };
  router.Add({.method = Method::kGet, .pattern = "/healthz", .access = Access::kPublic}, handler);
  router.Add({.method = Method::kGet, .pattern = "/api/v1/orders", .permission = "orders.read"}, handler);
  Call(router, Method::kGet, "/healthz");
  Call(router, Method::kGet, "/api/v1/orders");
  EXPECT_EQ(handled, 1);
  EXPECT_EQ(guarded, 1);
}

TEST(Router, CapturesPathParameters) {
  std::string captured;
  const Router router = SampleRouter(captured);
  const auto exchange = Call(router, Method::kGet, "/api/v1/orders/42");
  EXPECT_EQ(captured, "42");
  EXPECT_EQ(exchange->route_index, 0);
  EXPECT_EQ(exchange->finished, 1);
}

TEST(Router, LiteralColonSegmentIsItsOwnRoute) {
  std::string captured = "unset";
  const Router router = SampleRouter(captured);
  EXPECT_EQ(Call(router, Method::kPost, "/api/v1/orders:batch")->route_index, 1);
  EXPECT_EQ(Call(router, Method::kGet, "/api/v1/orders:batch")->response.status, 405);
  EXPECT_EQ(Call(router, Method::kPost, "/api/v1/orders")->response.status, 404);
}

TEST(Router, LiteralSegmentBeatsCaptureWhateverTheOrder) {
  std::string captured = "unset";
  Router router = SampleRouter(captured);
  int literal_calls = 0;
  router.Add({.method = Method::kGet, .pattern = "/api/v1/orders/summary", .access = Access::kPublic},
             [&literal_calls](const ExchangePtr& exchange) {
               ++literal_calls;
               exchange->Finish();
             });
  EXPECT_EQ(Call(router, Method::kGet, "/api/v1/orders/summary")->route_index, 4);
  EXPECT_EQ(literal_calls, 1);
  EXPECT_EQ(captured, "unset");
  EXPECT_EQ(Call(router, Method::kGet, "/api/v1/orders/7")->route_index, 0);
  EXPECT_EQ(captured, "7");
}

TEST(Router, CaptureWithALiteralSuffixIsACustomMethodRoute) {
  Router router;
  std::string captured = "unset";
  int route = -1;
  auto answer = [&](int index) {
    return [&captured, &route, index](const ExchangePtr& exchange) {
      captured = std::string(exchange->request.path_params[0]);
      route = index;
      exchange->Finish();
    };
  };
  router.Add({.method = Method::kGet, .pattern = "/r/{id}", .access = Access::kPublic}, answer(0));
  router.Add({.method = Method::kPost, .pattern = "/r/{id}:approve", .access = Access::kPublic}, answer(1));
  router.Add({.method = Method::kPost, .pattern = "/r/{id}:deny", .access = Access::kPublic}, answer(2));
  Call(router, Method::kPost, "/r/umr_x:approve");
  EXPECT_EQ(route, 1);
  EXPECT_EQ(captured, "umr_x");
  Call(router, Method::kPost, "/r/umr_y:deny");
  EXPECT_EQ(route, 2);
  EXPECT_EQ(captured, "umr_y");
  EXPECT_EQ(Call(router, Method::kPost, "/r/:approve")->response.status, 405);  // an empty capture is no match
  EXPECT_EQ(Call(router, Method::kPost, "/r/umr_x")->response.status, 405);
  Call(router, Method::kGet, "/r/umr_z");
  EXPECT_EQ(route, 0);
  EXPECT_EQ(captured, "umr_z");
}

TEST(Router, WrongMethodIs405WithAllow) {
  std::string captured;
  const Router router = SampleRouter(captured);
  const auto exchange = Call(router, Method::kPut, "/api/v1/orders/42");
  EXPECT_EQ(exchange->response.status, 405);
  EXPECT_THAT(exchange->response.headers, HasSubstr("Allow: GET\r\n"));
  EXPECT_EQ(exchange->response.content_type, kContentProblem);
}

TEST(Router, UnknownPathsAndTrailingSlashesAre404) {
  std::string captured;
  const Router router = SampleRouter(captured);
  for (std::string_view path : {"/", "/api/v1/orders/", "/api/v1/orders/42/extra", "/api/v2/orders/42", ""}) {
    const auto exchange = Call(router, Method::kGet, path);
    EXPECT_EQ(exchange->response.status, 404) << path;
    EXPECT_EQ(exchange->finished, 1);
  }
}

TEST(Router, MetricLabelsEndWithStaticAndUnmatched) {
  std::string captured;
  const auto labels = SampleRouter(captured).MetricLabels();
  ASSERT_EQ(labels.size(), 6u);
  EXPECT_EQ(labels[0], "GET /api/v1/orders/{id}");
  EXPECT_EQ(labels[4], "static");
  EXPECT_EQ(labels[5], "unmatched");
}

TEST(QueryString, DecodesPairs) {
  const auto params = ParseQuery("status=paid&province=%E5%B9%BF%E4%B8%9C&q=a+b&empty=&flag");
  ASSERT_TRUE(params.has_value());
  ASSERT_EQ(params->size(), 5u);
  EXPECT_EQ((*params)[1].second, "广东");
  EXPECT_EQ((*params)[2].second, "a b");
  EXPECT_EQ((*params)[4].first, "flag");
}

TEST(QueryString, RefusesBrokenEscapes) {
  for (std::string_view query : {"a=%", "a=%4", "a=%zz", "a=%00"}) {
    EXPECT_FALSE(ParseQuery(query).has_value()) << query;
  }
}

TEST(Problem, EveryErrorCodeMapsToAStatusAndType) {
  using core::ErrorCode;
  const std::pair<ErrorCode, int> table[] = {
      {ErrorCode::kInvalidArgument, 422}, {ErrorCode::kMalformed, 400},  {ErrorCode::kNotFound, 404},
      {ErrorCode::kConflict, 409},        {ErrorCode::kIllegalTransition, 409}, {ErrorCode::kRejected, 422},
      {ErrorCode::kUnauthorized, 401},    {ErrorCode::kForbidden, 403}, {ErrorCode::kTooLarge, 413},
      {ErrorCode::kUnavailable, 503},     {ErrorCode::kInternal, 500}};
  for (const auto& [code, status] : table) {
    EXPECT_EQ(ProblemFor(code).status, status) << core::ErrorCodeName(code);
    EXPECT_FALSE(ProblemFor(code).slug.empty());
  }
}

TEST(Problem, InternalDetailsStayOutOfTheBody) {
  Response response;
  WriteProblem(response, core::MakeError(core::ErrorCode::kInternal, "sqlite said: disk I/O error at page 7"), "rid-1");
  const std::string body(response.body.GetString(), response.body.GetSize());
  EXPECT_EQ(response.status, 500);
  EXPECT_THAT(body, ::testing::Not(HasSubstr("sqlite")));
  EXPECT_THAT(body, HasSubstr("\"request_id\":\"rid-1\""));
}

}  // namespace
}  // namespace ordo::api

namespace ordo::api {
namespace {

TEST(Problem, LoginThrottleRefusalIs429WithRetryAfter) {
  Response response;
  WriteProblem(response,
               core::Error{core::ErrorCode::kUnauthorized, "too_many_attempts",
                           {{"retry_after_seconds", "too_many_attempts", "try again in 899 seconds"}}},
               "rid-1");
  EXPECT_EQ(response.status, 429);
  EXPECT_THAT(response.headers, ::testing::HasSubstr("Retry-After: 899\r\n"));
  EXPECT_THAT(std::string(response.body.GetString()), ::testing::HasSubstr("too-many-requests"));
}

TEST(Problem, UnauthorizedCarriesABearerChallenge) {
  Response response;
  WriteProblem(response, core::MakeError(core::ErrorCode::kUnauthorized, "no"), "rid-2");
  EXPECT_EQ(response.status, 401);
  EXPECT_THAT(response.headers, ::testing::HasSubstr("WWW-Authenticate: Bearer\r\n"));
}

}  // namespace
}  // namespace ordo::api
