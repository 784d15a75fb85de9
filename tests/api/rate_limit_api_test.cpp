// Request rate limits over HTTP: a bucket per principal (per IP when not signed in), a stricter
// one for exports, 429 rate_limited with Retry-After, and flags that switch them off.
#include <gmock/gmock.h>

#include "api_fixture.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;

void ExpectRateLimited(const HttpResponse& response) {
  EXPECT_EQ(response.status, 429) << response.body;
  EXPECT_EQ(response.Header("content-type"), "application/problem+json");
  const rapidjson::Document doc = ParseBody(response.body);
  ASSERT_TRUE(doc.IsObject()) << response.body;
  EXPECT_STREQ(doc["type"].GetString(), "urn:ordo:problem:rate-limited");
  EXPECT_STREQ(doc["errors"][0]["code"].GetString(), "rate_limited");
  const std::string retry_after = response.Header("retry-after");
  ASSERT_FALSE(retry_after.empty());
  EXPECT_GE(std::stoi(retry_after), 1);
}

class RateLimitApiTest : public ApiTest {
 protected:
  // A tiny general bucket (3 at once, one more every 10 s), so that the 4th request is refused.
  void RestartWithTinyBuckets() {
    server_args_ = {"--rate-limit-rps", "0.1", "--rate-limit-burst", "3"};
    RestartServer();
  }
};

TEST_F(RateLimitApiTest, FourthRequestBeyondTheBurstIs429WithRetryAfter) {
  RestartWithTinyBuckets();
  for (int request_idx = 0; request_idx < 3; ++request_idx) ASSERT_EQ(client().Get("/api/v1/me").status, 200);
  const HttpResponse refused = client().Get("/api/v1/orders");
  ExpectRateLimited(refused);
  EXPECT_GE(std::stoi(refused.Header("retry-after")), 9);
}

TEST_F(RateLimitApiTest, EachPrincipalAndEachAnonymousIpHasItsOwnBucket) {
  ASSERT_EQ(CreateUser("second-op", "operator-password-1", "operator"), 0);
  const std::string second_token = Login("second-op", "operator-password-1");
  RestartWithTinyBuckets();
  for (int request_idx = 0; request_idx < 3; ++request_idx) ASSERT_EQ(client().Get("/api/v1/me").status, 200);
  ExpectRateLimited(client().Get("/api/v1/me"));
  HttpClient second(port(), second_token);
  EXPECT_EQ(second.Get("/api/v1/me").status, 200);  // another principal: a full bucket

  HttpClient anonymous(port());  // public routes and refused credentials count against the IP
  for (int request_idx = 0; request_idx < 3; ++request_idx) ASSERT_EQ(anonymous.Get("/healthz").status, 200);
  ExpectRateLimited(anonymous.Get("/healthz"));
  ExpectRateLimited(anonymous.Get("/api/v1/orders"));  // no credential: 429 before 401
  HttpClient forged(port(), "ses_not-a-real-token");
  ExpectRateLimited(forged.Get("/api/v1/orders"));
}

TEST_F(RateLimitApiTest, ExportsHaveAStricterBucketOfTheirOwn) {
  server_args_ = {"--export-rate-limit", "2"};
  RestartServer();
  ASSERT_EQ(client().Get("/api/v1/orders/export").status, 200);
  ASSERT_EQ(client().Get("/api/v1/orders/export?format=xlsx").status, 200);
  const HttpResponse refused = client().Get("/api/v1/orders/export");
  ExpectRateLimited(refused);
  EXPECT_GE(std::stoi(refused.Header("retry-after")), 20);  // 2 a minute: the next in ~30 s
  EXPECT_EQ(client().Get("/api/v1/orders").status, 200);    // other routes are not affected
}

TEST_F(RateLimitApiTest, DefaultsLetABurstOfOrdinaryTrafficThrough) {
  for (int request_idx = 0; request_idx < 150; ++request_idx) {
    ASSERT_EQ(client().Get("/api/v1/me").status, 200) << request_idx;
  }
}

TEST_F(RateLimitApiTest, ZeroSwitchesTheLimitsOff) {
  server_args_ = {"--rate-limit-rps", "0", "--rate-limit-burst", "1", "--export-rate-limit", "0"};
  RestartServer();
  for (int request_idx = 0; request_idx < 20; ++request_idx) ASSERT_EQ(client().Get("/api/v1/me").status, 200);
  for (int request_idx = 0; request_idx < 12; ++request_idx) {
    ASSERT_EQ(client().Get("/api/v1/orders/export").status, 200) << request_idx;
  }
}

}  // namespace
}  // namespace ordo::api::testing
