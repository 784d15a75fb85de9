#include "security/password.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ordo::security {
namespace {

using ::testing::IsEmpty;

// The minimum cost keeps the suite fast; one test below uses the production cost.
const PasswordCost kFast = MinimumPasswordCostForTests();

TEST(PasswordHash, VerifiesTheRightPasswordAndRefusesAWrongOne) {
  const auto hash = HashPassword("correct horse battery", kFast);
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(VerifyPassword(hash.value(), "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(hash.value(), "correct horse batterY"));
}

TEST(PasswordHash, IsArgon2idWithARandomSalt) {
  const auto first = HashPassword("same password", kFast);
  const auto second = HashPassword("same password", kFast);
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ(first->rfind("$argon2id$", 0), 0u);
  EXPECT_NE(first.value(), second.value());
}

TEST(PasswordHash, ProductionCostUsesInteractiveLimits) {
  const auto hash = HashPassword("production password");
  ASSERT_TRUE(hash.has_value());
  EXPECT_NE(hash->find("m=65536"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(hash.value(), "production password"));
  EXPECT_FALSE(PasswordNeedsRehash(hash.value()));
}

TEST(PasswordHash, MalformedStoredHashesNeverVerify) {
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("plain-text-password", "plain-text-password"));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$m=8,t=1,p=1$garbage", "x"));
  EXPECT_FALSE(VerifyPassword(std::string(500, 'a'), "x"));
}

TEST(PasswordHash, NeedsRehashWhenCostDiffersOrHashIsForeign) {
  const auto cheap = HashPassword("some password", kFast);
  ASSERT_TRUE(cheap.has_value());
  EXPECT_TRUE(PasswordNeedsRehash(cheap.value(), InteractivePasswordCost()));
  EXPECT_FALSE(PasswordNeedsRehash(cheap.value(), kFast));
  EXPECT_TRUE(PasswordNeedsRehash("$2b$12$bcrypt-from-elsewhere", kFast));
}

TEST(PasswordHash, DummyVerifyRunsWithoutAHash) {
  VerifyPasswordAgainstDummy("whatever", kFast);  // must not crash; time is not asserted
}

TEST(PasswordPolicy, AcceptsTenCharactersCountedAsCodePoints) {
  EXPECT_THAT(CheckPasswordPolicy("abcdefghij", "alice"), IsEmpty());
  EXPECT_THAT(CheckPasswordPolicy("密码密码密码密码密码", "alice"), IsEmpty());  // 10 chars, 30 bytes
}

struct PolicyCase {
  std::string password;
  std::string username;
  std::string code;
};

TEST(PasswordPolicy, RefusesEachRuleWithItsCode) {
  const PolicyCase cases[] = {
      {"short", "alice", "too_short"},
      {"密码密码密码密码密", "alice", "too_short"},  // 9 code points though 27 bytes
      {"administrator", "Administrator", "equals_username"},
      {" LongUserName ", "longusername", "equals_username"},
      {std::string(1025, 'x'), "alice", "too_long"},
      {"abcdefghij\xff", "alice", "invalid_utf8"},
  };
  for (const PolicyCase& c : cases) {
    const auto errors = CheckPasswordPolicy(c.password, c.username);
    ASSERT_FALSE(errors.empty()) << c.code;
    EXPECT_EQ(errors[0].field, "password");
    EXPECT_EQ(errors[0].code, c.code);
    EXPECT_EQ(errors[0].message.find(c.password), std::string::npos) << "value echoed";
  }
}

TEST(PasswordPolicy, ValidateReturnsInvalidArgumentWithFields) {
  const core::Status status = ValidatePasswordPolicy("short", "bob");
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::kInvalidArgument);
  ASSERT_EQ(status.error().fields.size(), 1u);
  EXPECT_TRUE(ValidatePasswordPolicy("long enough pw", "bob").has_value());
}

}  // namespace
}  // namespace ordo::security
