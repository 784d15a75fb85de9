#include "quality/detail/phone_text.hpp"

#include <gtest/gtest.h>

namespace ordo::quality::detail {
namespace {

TEST(ReadPhoneText, FoldsFullWidthDigitsAndPlus) {
  const PhoneText text = ReadPhoneText("＋８６ １３８");
  EXPECT_TRUE(text.plus);
  EXPECT_EQ(text.Digits(), "86138");
}

TEST(ReadPhoneText, RemembersWhereTheLastDashGroupStarts) {
  const PhoneText text = ReadPhoneText("17012345678-1234");
  EXPECT_EQ(text.Digits(), "170123456781234");
  EXPECT_EQ(text.last_group_start, 11);
}

TEST(ReadPhoneText, OneGroupHasNoLastGroup) {
  EXPECT_EQ(ReadPhoneText("13812345678").last_group_start, 0);
}

TEST(ReadPhoneText, SplitsAnExplicitExtension) {
  const PhoneText text = ReadPhoneText("010-12345678 转 ８８");
  EXPECT_EQ(text.Digits(), "01012345678");
  EXPECT_EQ(text.Extension(), "88");
}

TEST(ReadPhoneText, PlusAfterDigitsIsNotANumber) {
  EXPECT_EQ(ReadPhoneText("138+12345678").problem, PhoneProblem::kNotANumber);
}

TEST(ReadPhoneText, LabelWithDigitsIsNotSkipped) {
  // "No2: …" is not a label: its digit makes the whole text suspect.
  EXPECT_EQ(ReadPhoneText("No2: 13812345678").problem, PhoneProblem::kNotANumber);
}

TEST(ReadPhoneText, TooManyDigitsIsTooLongNotAnOverflow) {
  const PhoneText text = ReadPhoneText(std::string(200, '9'));
  EXPECT_EQ(text.problem, PhoneProblem::kTooLong);
  EXPECT_EQ(text.digit_count, kMaxPhoneDigits);
}

}  // namespace
}  // namespace ordo::quality::detail
