#include "security/totp.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "security/encoding.hpp"

namespace ordo::security {
namespace {

using ::testing::HasSubstr;

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const std::string kRfcSecret = "12345678901234567890";
const std::string kRfcSecretBase32 = ToBase32(kRfcSecret);

core::UnixMillis Seconds(std::int64_t seconds) { return seconds * 1000; }

TEST(Totp, MatchesRfc6238AppendixBSha1Vectors) {
  struct Vector {
    std::int64_t unix_seconds;
    const char* code;
  };
  const Vector vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  const TotpParams eight_digits{.digits = 8};
  for (const Vector& v : vectors) {
    const std::int64_t step = TotpStepAt(Seconds(v.unix_seconds), eight_digits);
    const auto code = TotpCodeForStep(kRfcSecret, step, eight_digits);
    ASSERT_TRUE(code.has_value()) << v.unix_seconds;
    EXPECT_EQ(code.value(), v.code) << v.unix_seconds;
  }
}

TEST(Totp, SixDigitCodeIsTheLowDigitsOfTheSameTruncation) {
  const auto code = TotpCodeForStep(kRfcSecret, TotpStepAt(Seconds(59)));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code.value(), "287082");
}

TEST(Totp, RefusesUnsupportedDigits) {
  const auto code = TotpCodeForStep(kRfcSecret, 1, TotpParams{.digits = 5});
  ASSERT_FALSE(code.has_value());
  EXPECT_EQ(code.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(VerifyTotp, AcceptsTheCurrentCodeAndReturnsItsStep) {
  const core::UnixMillis now = Seconds(1111111111);
  const auto step = VerifyTotp(kRfcSecretBase32, "050471", now, std::nullopt);
  ASSERT_TRUE(step.has_value());
  EXPECT_EQ(step.value(), 1111111111 / 30);
}

TEST(VerifyTotp, AcceptsOneStepEitherSideButNotTwo) {
  const core::UnixMillis now = Seconds(1111111111);
  const std::int64_t current = TotpStepAt(now);
  for (const std::int64_t offset : {-1, 1}) {
    const std::string code = TotpCodeForStep(kRfcSecret, current + offset).value();
    const auto step = VerifyTotp(kRfcSecretBase32, code, now, std::nullopt);
    ASSERT_TRUE(step.has_value()) << offset;
    EXPECT_EQ(step.value(), current + offset);
  }
  for (const std::int64_t offset : {-2, 2}) {
    const std::string code = TotpCodeForStep(kRfcSecret, current + offset).value();
    const auto step = VerifyTotp(kRfcSecretBase32, code, now, std::nullopt);
    ASSERT_FALSE(step.has_value()) << offset;
    EXPECT_EQ(step.error().detail, "invalid_totp");
  }
}

TEST(VerifyTotp, ACodeWorksOnlyOnce) {
  const core::UnixMillis now = Seconds(1111111111);
  const auto first = VerifyTotp(kRfcSecretBase32, "050471", now, std::nullopt);
  ASSERT_TRUE(first.has_value());
  const auto again = VerifyTotp(kRfcSecretBase32, "050471", now + 1000, first.value());
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, core::ErrorCode::kUnauthorized);
  EXPECT_EQ(again.error().detail, "totp_replayed");
}

TEST(VerifyTotp, AnOlderCodeIsRefusedAfterANewerOne) {
  const core::UnixMillis now = Seconds(1111111111);
  const std::int64_t current = TotpStepAt(now);
  const std::string previous_code = TotpCodeForStep(kRfcSecret, current - 1).value();
  const auto result = VerifyTotp(kRfcSecretBase32, previous_code, now, current);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().detail, "totp_replayed");
}

TEST(VerifyTotp, MalformedCodesAreInvalidNotErrors) {
  const core::UnixMillis now = Seconds(1111111111);
  for (const char* code : {"", "05047", "0504710", "05047a", " 050471"}) {
    const auto result = VerifyTotp(kRfcSecretBase32, code, now, std::nullopt);
    ASSERT_FALSE(result.has_value()) << code;
    EXPECT_EQ(result.error().detail, "invalid_totp") << code;
  }
}

TEST(VerifyTotp, CorruptStoredSecretIsInvalidArgument) {
  const auto result = VerifyTotp("not base32!", "123456", Seconds(59), std::nullopt);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(TotpSecret, IsTwentyRandomBytesInBase32) {
  const std::string secret = NewTotpSecretBase32();
  EXPECT_EQ(secret.size(), 32u);
  ASSERT_TRUE(FromBase32(secret).has_value());
  EXPECT_EQ(FromBase32(secret)->size(), kTotpSecretBytes);
  EXPECT_NE(secret, NewTotpSecretBase32());
}

TEST(TotpProvisioningUri, IsTheFormAuthenticatorAppsRead) {
  EXPECT_EQ(TotpProvisioningUri("alice", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Ordo:alice?secret=JBSWY3DPEHPK3PXP&issuer=Ordo");
}

TEST(TotpProvisioningUri, PercentEncodesTheUsername) {
  EXPECT_THAT(TotpProvisioningUri("a b&c", "S"), HasSubstr("Ordo:a%20b%26c?"));
  EXPECT_THAT(TotpProvisioningUri("张三", "S"), HasSubstr("Ordo:%E5%BC%A0%E4%B8%89?"));
}

TEST(StepUpFresh, HoldsForFiveMinutesInclusive) {
  const core::UnixMillis at = Seconds(1'700'000'000);
  EXPECT_TRUE(StepUpFresh(at, at));
  EXPECT_TRUE(StepUpFresh(at, at + kStepUpMaxAgeMillis));
  EXPECT_FALSE(StepUpFresh(at, at + kStepUpMaxAgeMillis + 1));
}

TEST(StepUpFresh, FailsClosedWithoutAStepUpOrWithAFutureOne) {
  EXPECT_FALSE(StepUpFresh(std::nullopt, Seconds(100)));
  EXPECT_FALSE(StepUpFresh(Seconds(101), Seconds(100)));
}

TEST(IsTotpReplay, RequiresTheStepToIncrease) {
  EXPECT_FALSE(IsTotpReplay(10, std::nullopt));
  EXPECT_FALSE(IsTotpReplay(11, 10));
  EXPECT_TRUE(IsTotpReplay(10, 10));
  EXPECT_TRUE(IsTotpReplay(9, 10));
}

}  // namespace
}  // namespace ordo::security
