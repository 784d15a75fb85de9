#include "core/money.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace ordo::core {
namespace {

TEST(Currency, KnowsIsoCodesAndTheirMinorDigits) {
  ASSERT_TRUE(FindCurrency("CNY").has_value());
  EXPECT_EQ(FindCurrency("CNY")->minor_digits, 2);
  EXPECT_EQ(FindCurrency("JPY")->minor_digits, 0);
  EXPECT_FALSE(FindCurrency("cny").has_value());
  EXPECT_FALSE(FindCurrency("XYZ").has_value());
  EXPECT_FALSE(FindCurrency("").has_value());
}

TEST(CheckedArithmetic, DetectsOverflow) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  EXPECT_FALSE(CheckedAdd(kMax, 1).has_value());
  EXPECT_FALSE(CheckedMul(kMax / 2, 3).has_value());
  EXPECT_EQ(CheckedMul(12800, 2), 25600);
  EXPECT_FALSE(CheckedSub(std::numeric_limits<std::int64_t>::min(), 1).has_value());
}

TEST(ParseDecimalMinor, ReadsChannelAmountsExactly) {
  EXPECT_EQ(ParseDecimalMinor("199.00", 2), 19900);
  EXPECT_EQ(ParseDecimalMinor("0.5", 2), 50);
  EXPECT_EQ(ParseDecimalMinor("1299", 2), 129900);
  EXPECT_EQ(ParseDecimalMinor("-10.00", 2), -1000);
  EXPECT_EQ(ParseDecimalMinor("3.000", 2), 300);  // a trailing zero more than the currency has
  EXPECT_EQ(ParseDecimalMinor("1200", 0), 1200);  // JPY
  EXPECT_EQ(ParseDecimalMinor("0.29", 2), 29);    // 0.29 is not exact in binary floating point
}

TEST(ParseDecimalMinor, RefusesWhatIsNotAPlainDecimal) {
  for (const char* text : {"", ".", "1.", ".5", "3.005", "1e3", "+1", " 1", "1,000.00", "1.2.3", "-",
                           "0x10", "99999999999999999999"}) {
    EXPECT_FALSE(ParseDecimalMinor(text, 2).has_value()) << text;
  }
}

}  // namespace
}  // namespace ordo::core
