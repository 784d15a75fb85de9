#include "core/masking.hpp"

#include <gtest/gtest.h>

namespace ordo::core {
namespace {

TEST(Masking, PhoneKeepsPrefixAndLastFour) {
  EXPECT_EQ(MaskPhone("13812341234"), "138****1234");
  EXPECT_EQ(MaskPhone("+8613812341234"), "+86138****1234");
  EXPECT_EQ(MaskPhone("123"), "****");
}

TEST(Masking, NamesKeepFirstCharacterOfEachWord) {
  EXPECT_EQ(MaskName("张三"), "张*");
  EXPECT_EQ(MaskName("欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskName("John Smith"), "J*** S****");
  EXPECT_EQ(MaskName("张"), "张*");
}

TEST(Masking, EmailAndStreet) {
  EXPECT_EQ(MaskEmail("alice@example.com"), "a***@example.com");
  EXPECT_EQ(MaskEmail("nonsense"), "****");
  EXPECT_EQ(MaskStreet("文三路 100 号"), "****");
}

}  // namespace
}  // namespace ordo::core
