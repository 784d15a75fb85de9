#include "quality/detail/name_trie.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ordo::quality::detail {
namespace {

TEST(NameTrie, FindsTheLongestName) {
  NameTrie<int> trie;
  trie.Add("杭州", 1);
  trie.Add("杭州市", 2);
  trie.Freeze();
  const auto match = trie.LongestPrefix("杭州市西湖区");
  EXPECT_EQ(match.length, std::string("杭州市").size());
  ASSERT_EQ(match.values.size(), 1U);
  EXPECT_EQ(match.values[0], 2);
  EXPECT_EQ(trie.LongestPrefix("杭州湾").values[0], 1);
}

TEST(NameTrie, KeepsEveryValueOfASharedNameOnce) {
  NameTrie<int> trie;
  trie.Add("朝阳区", 1);
  trie.Add("朝阳区", 2);
  trie.Add("朝阳区", 2);
  trie.Freeze();
  EXPECT_EQ(trie.LongestPrefix("朝阳区").values.size(), 2U);
}

TEST(NameTrie, NoMatchIsLengthZero) {
  NameTrie<int> trie;
  trie.Add("北京", 1);
  trie.Freeze();
  EXPECT_EQ(trie.LongestPrefix("南京").length, 0U);
  EXPECT_EQ(trie.LongestPrefix("北").length, 0U);  // a prefix of a name is not a name
  EXPECT_EQ(trie.LongestPrefix("").length, 0U);
}

TEST(NameTrie, GrowsPastItsFirstTable) {
  NameTrie<int> trie;
  for (int index = 0; index < 5000; ++index) trie.Add("名" + std::to_string(index), index);
  trie.Freeze();
  for (int index = 0; index < 5000; index += 97) {
    const auto match = trie.LongestPrefix("名" + std::to_string(index) + "路");
    ASSERT_FALSE(match.values.empty());
    EXPECT_EQ(match.values.back(), index);
  }
}

}  // namespace
}  // namespace ordo::quality::detail
