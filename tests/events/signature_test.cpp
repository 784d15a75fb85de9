#include "events/signature.hpp"

#include <cctype>
#include <string>

#include <gtest/gtest.h>

namespace ordo::events {
namespace {

constexpr std::int64_t kT = 1'795'000'000;
constexpr const char* kSecret = "whsec_test";
constexpr const char* kBody = R"({"id":1})";

// Independent vectors, computed with OpenSSL rather than libsodium:
//   printf '%s' '1795000000.{"id":1}' | openssl dgst -sha256 -hmac whsec_test
TEST(SignatureHex, MatchesOpenSslForTheDocumentedExample) {
  EXPECT_EQ(SignatureHex(kSecret, kT, kBody),
            "e79655c9f4d57b171e6500ec3c7e77d212e9d28f56058d634a0a748916261596");
}

//   printf '%s' '1700000000.{"event":"order.created","order_id":42}' |
//     openssl dgst -sha256 -hmac '<the secret below>'
// A key longer than SHA-256's 64-byte block is hashed first (RFC 2104); receivers' HMACs do that.
TEST(SignatureHex, MatchesOpenSslForASecretLongerThanOneBlock) {
  const std::string secret =
      "a much longer secret that is over sixty-four bytes long, so HMAC hashes it first!!";
  ASSERT_GT(secret.size(), 64u);
  EXPECT_EQ(SignatureHex(secret, 1'700'000'000, R"({"event":"order.created","order_id":42})"),
            "1ee896a903a052e9f5fe279675177d62420b9ad5e4b2bf5bfdd050cc3500e6f4");
}

TEST(SignatureHeaderValue, IsTimestampThenV1) {
  EXPECT_EQ(SignatureHeaderValue(kSecret, kT, kBody),
            "t=1795000000,v1=e79655c9f4d57b171e6500ec3c7e77d212e9d28f56058d634a0a748916261596");
}

TEST(VerifySignature, AcceptsWhatWasSigned) {
  const std::string header = SignatureHeaderValue(kSecret, kT, kBody);
  EXPECT_TRUE(VerifySignature(header, kSecret, kBody, kT).has_value());
}

TEST(VerifySignature, AcceptsAtBothEdgesOfTheToleranceWindow) {
  const std::string header = SignatureHeaderValue(kSecret, kT, kBody);
  EXPECT_TRUE(VerifySignature(header, kSecret, kBody, kT + 300, 300).has_value());
  EXPECT_TRUE(VerifySignature(header, kSecret, kBody, kT - 300, 300).has_value());
}

struct RefusalCase {
  const char* name;
  std::string header;
  std::string secret;
  std::string body;
  std::int64_t now;
  core::ErrorCode code;
};

TEST(VerifySignature, RefusesEachWayOfGettingItWrong) {
  const std::string good = SignatureHeaderValue(kSecret, kT, kBody);
  const std::string good_hex = SignatureHex(kSecret, kT, kBody);
  const RefusalCase cases[] = {
      {"body changed", good, kSecret, R"({"id":2})", kT, core::ErrorCode::kUnauthorized},
      {"other secret", good, "whsec_other", kBody, kT, core::ErrorCode::kUnauthorized},
      {"timestamp changed", "t=1795000001,v1=" + good_hex, kSecret, kBody, kT,
       core::ErrorCode::kUnauthorized},
      {"too old", good, kSecret, kBody, kT + 301, core::ErrorCode::kUnauthorized},
      {"from the future", good, kSecret, kBody, kT - 301, core::ErrorCode::kUnauthorized},
      {"empty header", "", kSecret, kBody, kT, core::ErrorCode::kMalformed},
      {"no timestamp", "v1=" + good_hex, kSecret, kBody, kT, core::ErrorCode::kMalformed},
      {"timestamp not a number", "t=soon,v1=" + good_hex, kSecret, kBody, kT,
       core::ErrorCode::kMalformed},
      {"no v1", "t=1795000000", kSecret, kBody, kT, core::ErrorCode::kMalformed},
      {"v1 too short", "t=1795000000,v1=" + good_hex.substr(2), kSecret, kBody, kT,
       core::ErrorCode::kMalformed},
      {"v1 not hex", "t=1795000000,v1=" + std::string(64, 'z'), kSecret, kBody, kT,
       core::ErrorCode::kMalformed},
  };
  for (const RefusalCase& refusal : cases) {
    const core::Status status =
        VerifySignature(refusal.header, refusal.secret, refusal.body, refusal.now, 300);
    ASSERT_FALSE(status.has_value()) << refusal.name;
    EXPECT_EQ(status.error().code, refusal.code) << refusal.name;
  }
}

TEST(VerifySignature, AcceptsWhenAnyOfSeveralV1Matches) {
  const std::string header = "t=1795000000, v1=" + std::string(64, '0') + ", v0=ignored, v1=" +
                             SignatureHex(kSecret, kT, kBody);
  EXPECT_TRUE(VerifySignature(header, kSecret, kBody, kT).has_value());
}

TEST(VerifySignature, IsNotFooledByUppercaseHexOfTheRightMac) {
  // Hex decoding is case-insensitive; what matters is the bytes, so uppercase still verifies.
  std::string hex = SignatureHex(kSecret, kT, kBody);
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(VerifySignature("t=1795000000,v1=" + hex, kSecret, kBody, kT).has_value());
}

}  // namespace
}  // namespace ordo::events
