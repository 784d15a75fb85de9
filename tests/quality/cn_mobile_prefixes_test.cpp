// The fast path's prefix table (quality/detail/cn_mobile_prefixes.hpp) against libphonenumber,
// the oracle it was derived from: random 11-digit numbers starting with 1, plus both ends of
// every prefix. A metadata change that makes validity depend on more than five digits fails here.
#include "quality/detail/cn_mobile_prefixes.hpp"

#include <gtest/gtest.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstdint>
#include <random>
#include <string>

#include "quality/phone.hpp"

namespace ordo::quality::detail {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

CnMobileClass Oracle(std::uint64_t national) {
  PhoneNumber number;
  number.set_country_code(86);
  number.set_national_number(national);
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  if (!util.IsValidNumber(number)) return CnMobileClass::kUnassigned;
  return util.GetNumberType(number) == PhoneNumberUtil::MOBILE ? CnMobileClass::kMobile : CnMobileClass::kAskLibrary;
}

TEST(CnMobilePrefixes, AgreesWithLibphonenumberOnRandomNumbers) {
  const CnMobilePrefixes& table = CnMobilePrefixes::Get();
  std::mt19937_64 random(20261128);  // fixed seed: the same numbers every run
  std::uniform_int_distribution<std::uint64_t> national(10'000'000'000ULL, 19'999'999'999ULL);
  for (int sample = 0; sample < 20'000; ++sample) {
    const std::uint64_t number = national(random);
    const CnMobileClass fast = table.Classify(std::to_string(number));
    if (fast == CnMobileClass::kAskLibrary) continue;
    ASSERT_EQ(fast, Oracle(number)) << number;
  }
}

TEST(CnMobilePrefixes, KnowsTheAssignedRangesWithoutDeferring) {
  const CnMobilePrefixes& table = CnMobilePrefixes::Get();
  EXPECT_EQ(table.Classify("13812345678"), CnMobileClass::kMobile);
  EXPECT_EQ(table.Classify("19912345678"), CnMobileClass::kMobile);
  EXPECT_EQ(table.Classify("12012345678"), CnMobileClass::kUnassigned);
  EXPECT_EQ(table.Classify("10012345678"), CnMobileClass::kUnassigned);
  // 1740[0-5] (satellite) is assigned, 17406 is not: the deepest split of the metadata.
  EXPECT_EQ(table.Classify("17405123456"), CnMobileClass::kMobile);
  EXPECT_EQ(table.Classify("17406123456"), CnMobileClass::kUnassigned);
  EXPECT_GT(table.Count(CnMobileClass::kMobile), 3000);
  EXPECT_EQ(table.Count(CnMobileClass::kAskLibrary), 0);
}

TEST(CnMobilePrefixes, NormalizePhoneMatchesTheLibraryOnRandomNumbers) {
  // End to end: the fast path's answer equals libphonenumber's for whole results.
  std::mt19937_64 random(42);
  std::uniform_int_distribution<std::uint64_t> national(13'000'000'000ULL, 19'999'999'999ULL);
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  for (int sample = 0; sample < 2'000; ++sample) {
    const std::string digits = std::to_string(national(random));
    const NormalizedPhone phone = NormalizePhone(digits);
    PhoneNumber number;
    ASSERT_EQ(util.Parse(digits, "CN", &number), PhoneNumberUtil::NO_PARSING_ERROR);
    ASSERT_EQ(phone.valid, util.IsValidNumber(number)) << digits;
    if (!phone.valid) continue;
    std::string national_format;
    util.Format(number, PhoneNumberUtil::NATIONAL, &national_format);
    EXPECT_EQ(phone.national, national_format) << digits;
  }
}

}  // namespace
}  // namespace ordo::quality::detail
