// Webhook HMACs against known vectors: RFC 4231 test case 2, and values computed with
// `openssl dgst -sha256 -hmac <secret> -binary <file> | base64` over the fixture bytes.
#include "channels/webhook_signature.hpp"

#include <gtest/gtest.h>

#include "channel_test_support.hpp"

namespace ordo::channels {
namespace {

using core::ErrorCode;

TEST(WebhookSignature, MatchesRfc4231TestCase2) {
  // HMAC-SHA256("Jefe", "what do ya want for nothing?") = 5bdcc146…64ec3843
  EXPECT_EQ(HmacSha256Base64("Jefe", "what do ya want for nothing?"), "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
}

TEST(WebhookSignature, MatchesTheHeaderExample) {
  EXPECT_EQ(HmacSha256Base64("hush", R"({"id":1})"), "VnKUjZsLuN5iZWjn5EntcBVCF9kMN43LglzCE1/GSeY=");
}

TEST(WebhookSignature, KeysLongerThanTheHashBlockAreHashedFirst) {
  EXPECT_EQ(HmacSha256Base64("a-very-long-shop-secret-that-is-longer-than-the-sixty-four-byte-block-of-sha256-0123456789", ""),
            "eoJ70q90oZcqtLTGsBj2hU4QwgNXQZ6zs+RCfjYFtdY=");
}

TEST(WebhookSignature, ShopifyAcceptsTheSignatureOfTheRawBody) {
  const std::string body = testing::ReadFixture("shopify/sample_webhook_orders_create.json");
  EXPECT_TRUE(VerifyShopifyHmac(body, "shpss_test_secret", "VOY9nYXieCmCJO1Nbo2yabXIkPJ/sveHYot+KjLokTs=").has_value());
  // Header values arrive with surrounding spaces from some proxies.
  EXPECT_TRUE(VerifyShopifyHmac(body, "shpss_test_secret", " VOY9nYXieCmCJO1Nbo2yabXIkPJ/sveHYot+KjLokTs= ").has_value());
}

TEST(WebhookSignature, ShopifyRefusesAChangedBodyOrAnotherSecret) {
  std::string body = testing::ReadFixture("shopify/sample_webhook_orders_create.json");
  const std::string header = "VOY9nYXieCmCJO1Nbo2yabXIkPJ/sveHYot+KjLokTs=";
  EXPECT_EQ(VerifyShopifyHmac(body, "another_secret", header).error().code, ErrorCode::kUnauthorized);
  body[body.size() / 2] ^= 1;
  EXPECT_EQ(VerifyShopifyHmac(body, "shpss_test_secret", header).error().code, ErrorCode::kUnauthorized);
}

TEST(WebhookSignature, WooCommerceAcceptsTheSignatureOfTheRawBody) {
  const std::string body = testing::ReadFixture("woocommerce/sample_rest_v3_order_retrieve.json");
  EXPECT_TRUE(VerifyWooSignature(body, "wc_secret_5b0e", "RgAcCZL8UXQvvPn0RIe7/yfZAjPgC4gMeNTl5Rrtvr4=").has_value());
  EXPECT_EQ(VerifyWooSignature(body + "\n", "wc_secret_5b0e", "RgAcCZL8UXQvvPn0RIe7/yfZAjPgC4gMeNTl5Rrtvr4=").error().code,
            ErrorCode::kUnauthorized);
}

TEST(WebhookSignature, AHeaderThatIsNotBase64OfADigestIsMalformed) {
  for (const char* header : {"", "not base64!", "VnKUjZsLuN5iZWjn5EntcBVCF9kMN43LglzCE1/GSeY", "AAAA",
                             "VnKUjZsLuN5iZWjn5EntcBVCF9kMN43LglzCE1/GSeY=AAAA",
                             "566b94..hex-is-not-base64..5f"}) {
    const auto status = VerifyShopifyHmac(R"({"id":1})", "hush", header);
    ASSERT_FALSE(status.has_value()) << header;
    EXPECT_EQ(status.error().code, ErrorCode::kMalformed) << header;
  }
}

TEST(WebhookSignature, NoSecretConfiguredIsUnauthorizedNotAPass) {
  // HMAC with an empty key is well defined; accepting it would let anyone sign.
  const std::string header = HmacSha256Base64("", R"({"id":1})");
  EXPECT_EQ(VerifyWooSignature(R"({"id":1})", "", header).error().code, ErrorCode::kUnauthorized);
}

}  // namespace
}  // namespace ordo::channels
