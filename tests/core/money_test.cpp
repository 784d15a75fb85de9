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

}  // namespace
}  // namespace ordo::core
