#include "security/token.hpp"

#include <gtest/gtest.h>

#include <array>
#include <set>

namespace ordo::security {
namespace {

std::array<std::uint8_t, kTokenSecretBytes> Secret(std::uint8_t fill) {
  std::array<std::uint8_t, kTokenSecretBytes> secret{};
  secret.fill(fill);
  return secret;
}

TEST(SessionToken, HasPrefixAndStoresOnlyTheSha256Hash) {
  const IssuedSessionToken issued = SessionTokenFromBytes(Secret(0));
  EXPECT_EQ(issued.token, "ses_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(issued.token_hash, HashToken(issued.token));
  EXPECT_EQ(issued.token_hash.size(), 64u);
  EXPECT_EQ(issued.token_hash.find(issued.token), std::string::npos);
}

TEST(SessionToken, RandomTokensDiffer) {
  std::set<std::string> tokens;
  for (int i = 0; i < 100; ++i) tokens.insert(NewSessionToken().token);
  EXPECT_EQ(tokens.size(), 100u);
}

TEST(HashToken, IsHexSha256) {
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ApiKey, CarriesAPublicIdThatFindsTheRow) {
  const std::array<std::uint8_t, 5> id_bytes = {0, 0, 0, 0, 0};
  const IssuedApiKey issued = ApiKeyFromBytes(id_bytes, Secret(0xff));
  EXPECT_EQ(issued.key_id, "ok_aaaaaaaa");
  EXPECT_EQ(issued.key.rfind("ok_aaaaaaaa_", 0), 0u);
  EXPECT_EQ(ApiKeyIdOf(issued.key), issued.key_id);
  EXPECT_EQ(issued.key_hash, HashToken(issued.key));
}

TEST(ApiKey, RandomKeysHaveDistinctIds) {
  const IssuedApiKey a = NewApiKey();
  const IssuedApiKey b = NewApiKey();
  EXPECT_NE(a.key_id, b.key_id);
  EXPECT_EQ(ClassifyCredential(a.key), CredentialKind::kApiKey);
}

TEST(RecordId, IsThePrefixAndSixteenLowerCaseBase32CharactersAndRandom) {
  const std::string id = NewRecordId("umr_");
  ASSERT_EQ(id.size(), 4u + 16u);
  EXPECT_EQ(id.rfind("umr_", 0), 0u);
  for (const char c : id.substr(4)) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')) << c;
  EXPECT_NE(NewRecordId("umr_"), id);
}

TEST(ClassifyCredential, TellsTheKindsApartByShapeOnly) {
  EXPECT_EQ(ClassifyCredential(NewSessionToken().token), CredentialKind::kSessionToken);
  EXPECT_EQ(ClassifyCredential("ses_short"), CredentialKind::kUnknown);
  EXPECT_EQ(ClassifyCredential("Bearer ses_x"), CredentialKind::kUnknown);
  EXPECT_EQ(ClassifyCredential(""), CredentialKind::kUnknown);
  EXPECT_FALSE(ApiKeyIdOf("ok_AAAAAAAA_" + std::string(43, 'A')).has_value());  // id is lower case
}

TEST(ConstantTimeEquals, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace ordo::security
