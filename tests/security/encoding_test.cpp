#include "security/encoding.hpp"

#include <gtest/gtest.h>

namespace ordo::security {
namespace {

TEST(Hex, RoundTripsArbitraryBytesInLowerCase) {
  const std::string bytes("\x00\x01\xab\xff", 4);
  EXPECT_EQ(ToHex(bytes), "0001abff");
  EXPECT_EQ(FromHex("0001ABff"), bytes);
}

TEST(Hex, RejectsOddLengthAndNonHex) {
  EXPECT_FALSE(FromHex("abc").has_value());
  EXPECT_FALSE(FromHex("zz").has_value());
}

TEST(Base64, RoundTripsWithAndWithoutPadding) {
  EXPECT_EQ(ToBase64("hello"), "aGVsbG8=");
  EXPECT_EQ(FromBase64("aGVsbG8="), "hello");
  EXPECT_EQ(FromBase64("aGVsbG8"), "hello");
  EXPECT_FALSE(FromBase64("aGVs bG8=").has_value());
}

TEST(Base64Url, HasNoPaddingOrUrlUnsafeCharacters) {
  EXPECT_EQ(ToBase64Url(std::string("\xfb\xff", 2)), "-_8");
}

// RFC 4648 section 10 test vectors (without padding).
TEST(Base32, MatchesRfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},          {"f", "MY"},           {"fo", "MZXQ"},           {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(ToBase32(plain), encoded) << plain;
    EXPECT_EQ(FromBase32(encoded), plain) << encoded;
  }
}

TEST(Base32, AcceptsLowerCaseSpacesAndPaddingAsPeopleRetypeThem) {
  EXPECT_EQ(FromBase32("mzxw 6ytb-oi======"), "foobar");
}

TEST(Base32, RejectsForeignCharactersAndImpossibleLengths) {
  EXPECT_FALSE(FromBase32("MZXW1").has_value());  // '1' is not in the alphabet
  EXPECT_FALSE(FromBase32("M").has_value());      // 5 bits cannot end a byte string
  EXPECT_FALSE(FromBase32("MZ").has_value());     // non-zero leftover bits
}

}  // namespace
}  // namespace ordo::security
