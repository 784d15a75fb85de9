#include "quality/phone.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ordo::quality {
namespace {

struct ValidCase {
  std::string raw;
  std::string e164;
  PhoneType type;
  std::string extension;
  std::string region = "CN";
};

// Every format the normaliser promises to read, as a table.
const std::vector<ValidCase> kValid = {
    {"13812345678", "+8613812345678", PhoneType::kMobile, ""},
    {"138 1234 5678", "+8613812345678", PhoneType::kMobile, ""},
    {"138-1234-5678", "+8613812345678", PhoneType::kMobile, ""},
    {"138.1234.5678", "+8613812345678", PhoneType::kMobile, ""},
    {"(138)12345678", "+8613812345678", PhoneType::kMobile, ""},
    {"１３８１２３４５６７８", "+8613812345678", PhoneType::kMobile, ""},
    {"１３８－１２３４－５６７８", "+8613812345678", PhoneType::kMobile, ""},
    {"＋８６　１３８１２３４５６７８", "+8613812345678", PhoneType::kMobile, ""},
    {"+86 138 1234 5678", "+8613812345678", PhoneType::kMobile, ""},
    {"+86-13812345678", "+8613812345678", PhoneType::kMobile, ""},
    {"0086 13812345678", "+8613812345678", PhoneType::kMobile, ""},
    {"008613812345678", "+8613812345678", PhoneType::kMobile, ""},
    {"8613812345678", "+8613812345678", PhoneType::kMobile, ""},
    {"86 138 1234 5678", "+8613812345678", PhoneType::kMobile, ""},
    {"  13812345678  ", "+8613812345678", PhoneType::kMobile, ""},
    {"13812345678\r", "+8613812345678", PhoneType::kMobile, ""},
    {"电话：13812345678", "+8613812345678", PhoneType::kMobile, ""},
    {"Tel: 13812345678", "+8613812345678", PhoneType::kMobile, ""},
    {"手机13812345678", "+8613812345678", PhoneType::kMobile, ""},
    {"手机号：13812345678", "+8613812345678", PhoneType::kMobile, ""},
    {"19912345678", "+8619912345678", PhoneType::kMobile, ""},
    {"19212345678", "+8619212345678", PhoneType::kMobile, ""},
    {"010-12345678", "+861012345678", PhoneType::kFixedLine, ""},
    {"(010)12345678", "+861012345678", PhoneType::kFixedLine, ""},
    {"（010）12345678", "+861012345678", PhoneType::kFixedLine, ""},
    {"0571-88888888", "+8657188888888", PhoneType::kFixedLine, ""},
    {"0571 8888 8888", "+8657188888888", PhoneType::kFixedLine, ""},
    {"+86 571 8888 8888", "+8657188888888", PhoneType::kFixedLine, ""},
    {"0086-10-12345678", "+861012345678", PhoneType::kFixedLine, ""},
    {"010-12345678-123", "+861012345678", PhoneType::kFixedLine, "123"},
    {"010-12345678转123", "+861012345678", PhoneType::kFixedLine, "123"},
    {"010-12345678 转 123", "+861012345678", PhoneType::kFixedLine, "123"},
    {"010-12345678轉123", "+861012345678", PhoneType::kFixedLine, "123"},
    {"010-12345678分机123", "+861012345678", PhoneType::kFixedLine, "123"},
    {"0571-88888888 ext 8", "+8657188888888", PhoneType::kFixedLine, "8"},
    {"0571-88888888 ext. 8", "+8657188888888", PhoneType::kFixedLine, "8"},
    {"0571-88888888x8", "+8657188888888", PhoneType::kFixedLine, "8"},
    {"0571-88888888#8", "+8657188888888", PhoneType::kFixedLine, "8"},
    {"4008123123", "+864008123123", PhoneType::kOther, ""},
    {"400-812-3123", "+864008123123", PhoneType::kOther, ""},
    {"8008101234", "+868008101234", PhoneType::kTollFree, ""},
    {"17012345678", "+8617012345678", PhoneType::kVirtual, ""},
    {"17112345678", "+8617112345678", PhoneType::kVirtual, ""},
    {"16212345678", "+8616212345678", PhoneType::kVirtual, ""},
    {"16512345678", "+8616512345678", PhoneType::kVirtual, ""},
    {"16712345678", "+8616712345678", PhoneType::kVirtual, ""},
    {"17012345678-1234", "+8617012345678", PhoneType::kVirtual, "1234"},
    {"17012345678转1234", "+8617012345678", PhoneType::kVirtual, "1234"},
    {"13812345678-1234", "+8613812345678", PhoneType::kVirtual, "1234"},
    {"13812345678转1234", "+8613812345678", PhoneType::kVirtual, "1234"},
    {"+86 138 1234 5678 转 1234", "+8613812345678", PhoneType::kVirtual, "1234"},
    {"+1 650 253 0000", "+16502530000", PhoneType::kFixedOrMobile, "", "US"},
    {"+852 2123 4567", "+85221234567", PhoneType::kFixedLine, "", "HK"},
    {"+852 5123 4567", "+85251234567", PhoneType::kMobile, "", "HK"},
    {"+44 20 7946 0018", "+442079460018", PhoneType::kFixedLine, "", "GB"},
    {"+44 7400 123456", "+447400123456", PhoneType::kMobile, "", "GB"},
    {"0044 20 7946 0018", "+442079460018", PhoneType::kFixedLine, "", "GB"},
    {"+886 912 345 678", "+886912345678", PhoneType::kMobile, "", "TW"},
    {"+81 3-1234-5678", "+81312345678", PhoneType::kFixedLine, "", "JP"},
};

TEST(NormalizePhone, ReadsEveryPromisedFormat) {
  for (const ValidCase& c : kValid) {
    SCOPED_TRACE(c.raw);
    const NormalizedPhone phone = NormalizePhone(c.raw);
    EXPECT_TRUE(phone.valid) << PhoneProblemName(phone.problem);
    EXPECT_EQ(phone.problem, PhoneProblem::kNone);
    EXPECT_EQ(phone.e164, c.e164);
    EXPECT_EQ(phone.type, c.type) << PhoneTypeName(phone.type);
    EXPECT_EQ(phone.extension, c.extension);
    EXPECT_EQ(phone.region, c.region);
  }
}

struct InvalidCase {
  std::string raw;
  PhoneProblem problem;
};

const std::vector<InvalidCase> kInvalid = {
    {"", PhoneProblem::kEmpty},
    {"   ", PhoneProblem::kEmpty},
    {"\xff\xfe", PhoneProblem::kInvalidUtf8},
    {"abc", PhoneProblem::kNotANumber},
    {"-", PhoneProblem::kNotANumber},
    {"无", PhoneProblem::kNotANumber},
    {"138abc45678", PhoneProblem::kNotANumber},
    {"12012345678", PhoneProblem::kUnassignedMobileRange},
    {"10012345678", PhoneProblem::kUnassignedMobileRange},
    {"11012345678", PhoneProblem::kUnassignedMobileRange},
    {"14012345678", PhoneProblem::kUnassignedMobileRange},
    {"+86 120 1234 5678", PhoneProblem::kUnassignedMobileRange},
    {"1381234567", PhoneProblem::kTooShort},
    {"138123456789", PhoneProblem::kTooLong},
    {"95188", PhoneProblem::kTooShort},
    {"123", PhoneProblem::kTooShort},
    {"123456789012345678901234", PhoneProblem::kTooLong},
    {"+999 1234567", PhoneProblem::kInvalidCountryCode},
    {"13812345678 转", PhoneProblem::kBadExtension},
    {"13812345678 ext 123456789", PhoneProblem::kBadExtension},
    {"13812345678 转 12a", PhoneProblem::kNotANumber},
};

TEST(NormalizePhone, NamesTheReasonForEveryRefusal) {
  for (const InvalidCase& c : kInvalid) {
    SCOPED_TRACE(c.raw);
    const NormalizedPhone phone = NormalizePhone(c.raw);
    EXPECT_FALSE(phone.valid);
    EXPECT_EQ(phone.problem, c.problem) << PhoneProblemName(phone.problem);
    EXPECT_EQ(phone.type, PhoneType::kUnknown);
    EXPECT_TRUE(phone.national.empty());
  }
}

TEST(NormalizePhone, UnassignedMobileStillReportsTheDigitsItRead) {
  EXPECT_EQ(NormalizePhone("120-1234-5678").e164, "+8612012345678");
}

TEST(NormalizePhone, NationalFormIsLibphonenumbers) {
  EXPECT_EQ(NormalizePhone("13812345678").national, "138 1234 5678");
  EXPECT_EQ(NormalizePhone("01012345678").national, "010 1234 5678");
  EXPECT_EQ(NormalizePhone("057188888888").national, "0571 8888 8888");
}

TEST(NormalizePhone, PrivacyRelayIsAMobileWithAnExtension) {
  EXPECT_TRUE(NormalizePhone("17012345678-1234").privacy_relay);
  EXPECT_TRUE(NormalizePhone("13812345678转1234").privacy_relay);
  EXPECT_FALSE(NormalizePhone("17012345678").privacy_relay);
  EXPECT_FALSE(NormalizePhone("010-12345678-123").privacy_relay);  // a landline extension
}

TEST(NormalizePhone, DefaultRegionAppliesToNumbersWithoutCountryCode) {
  const NormalizedPhone us = NormalizePhone("650-253-0000", "US");
  EXPECT_TRUE(us.valid);
  EXPECT_EQ(us.e164, "+16502530000");
  // A Chinese mobile written in full still parses with another default region.
  EXPECT_EQ(NormalizePhone("+86 13812345678", "US").e164, "+8613812345678");
  EXPECT_FALSE(NormalizePhone("13812345678", "US").valid);
}

TEST(NormalizePhone, FastAndLibraryPathsAgreeOnVirtualRanges) {
  // 17012345678 takes the fast path; written with a country code and a dash group it goes
  // through libphonenumber first. Both must type it the same way.
  const NormalizedPhone fast = NormalizePhone("17012345678");
  const NormalizedPhone slow = NormalizePhone("+86 170 1234 5678 ext 1");
  EXPECT_EQ(fast.type, PhoneType::kVirtual);
  EXPECT_EQ(slow.type, PhoneType::kVirtual);
  EXPECT_EQ(fast.national, slow.national);
}

TEST(PhoneNames, EveryValueHasAName) {
  for (int type = 1; type <= static_cast<int>(PhoneType::kOther); ++type) {
    EXPECT_NE(PhoneTypeName(static_cast<PhoneType>(type)), "unknown");
  }
  for (int problem = 1; problem <= static_cast<int>(PhoneProblem::kBadExtension); ++problem) {
    EXPECT_NE(PhoneProblemName(static_cast<PhoneProblem>(problem)), "unknown");
  }
}

}  // namespace
}  // namespace ordo::quality
