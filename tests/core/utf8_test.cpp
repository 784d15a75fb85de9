#include "core/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ordo::core {
namespace {

TEST(Utf8, AcceptsAsciiChineseAndFourByteCharacters) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii text that is longer than eight bytes"));
  EXPECT_TRUE(IsValidUtf8("浙江省杭州市西湖区"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80 emoji"));
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(Utf8, RejectsEveryKindOfBrokenSequence) {
  for (const std::string& bad : {
           std::string("\xC0\xAF"),          // overlong '/'
           std::string("\xE0\x80\xAF"),      // overlong
           std::string("\xED\xA0\x80"),      // lone high surrogate
           std::string("\xED\xB0\x80"),      // lone low surrogate (issue: fuzz seed)
           std::string("\xF4\x90\x80\x80"),  // above U+10FFFF
           std::string("\xF5\x80\x80\x80"),
           std::string("\x80"),              // continuation as lead
           std::string("abc\xE6\xB5"),       // truncated at the end
           std::string("\xE6\x41\xB5"),      // bad continuation
           std::string("12345678\xFF"),      // after the fast path
       }) {
    EXPECT_FALSE(IsValidUtf8(bad)) << "case of size " << bad.size();
  }
}

}  // namespace
}  // namespace ordo::core
