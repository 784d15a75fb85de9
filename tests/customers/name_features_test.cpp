#include "customers/name_features.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "customers/name_similarity.hpp"

namespace ordo::customers {
namespace {

struct FeatureCase {
  std::string raw;
  NameScript script;
  std::string canonical;
  int surname_length;
};

TEST(NameFeatures, NormalisesHanAndLatinNames) {
  const std::vector<FeatureCase> cases = {
      {"王小明", NameScript::kHan, "王小明", 1},
      {"王 小明", NameScript::kHan, "王小明", 1},
      {" 王　小明 ", NameScript::kHan, "王小明", 1},
      {"欧阳娜娜", NameScript::kHan, "欧阳娜娜", 2},
      {"欧阳", NameScript::kHan, "欧阳", 1},  // two characters: surname 欧 + given 阳
      {"买买提·艾力", NameScript::kHan, "买买提艾力", 1},
      {"John Smith", NameScript::kLatin, "john smith", 0},
      {"Smith, John", NameScript::kLatin, "john smith", 0},
      {"  JOHN   smith ", NameScript::kLatin, "john smith", 0},
      {"Bob Smith", NameScript::kLatin, "robert smith", 0},
      {"Dr. José F. Núñez", NameScript::kLatin, "jose nunez", 0},
      {"Mr Patrick O'Brien Jr.", NameScript::kLatin, "obrien patrick", 0},
      {"Mary-Jane Watson", NameScript::kLatin, "jane mary watson", 0},
      {"13812345678", NameScript::kNone, "", 0},
      {"", NameScript::kNone, "", 0},
      {"\xff\xfe", NameScript::kNone, "", 0},
  };
  for (const FeatureCase& test : cases) {
    const NameFeatures features = MakeNameFeatures(test.raw);
    EXPECT_EQ(features.script, test.script) << test.raw;
    EXPECT_EQ(features.canonical, test.canonical) << test.raw;
    if (test.script == NameScript::kHan) {
      EXPECT_EQ(features.surname_length, test.surname_length) << test.raw;
    }
  }
}

TEST(NameFeatures, NicknamesMapToTheFullFormAndUnisexFormsStay) {
  EXPECT_EQ(NicknameFullForm("bob"), "robert");
  EXPECT_EQ(NicknameFullForm("bill"), "william");
  EXPECT_EQ(NicknameFullForm("liz"), "elizabeth");
  EXPECT_EQ(NicknameFullForm("chris"), "chris");
  EXPECT_EQ(NicknameFullForm("alex"), "alex");
  EXPECT_EQ(NicknameFullForm("robert"), "robert");
}

struct CompareCase {
  std::string a;
  std::string b;
  NameMatch match;
  double score;
  bool nickname = false;
  bool swapped = false;
};

TEST(CompareNames, CategoriesAndScoresAsATable) {
  const std::vector<CompareCase> cases = {
      {"王小明", "王 小明", NameMatch::kExact, 1.0},
      {"王小明", "王晓明", NameMatch::kNear, kNearNameScore},
      {"王小明", "汪小明", NameMatch::kNear, kNearNameScore},
      {"王小明", "王明", NameMatch::kNear, kNearNameScore},
      {"张伟", "张玮", NameMatch::kNear, kShortNearNameScore},
      {"王小明", "王大红", NameMatch::kNone, 0},
      {"王小明", "李娜", NameMatch::kNone, 0},
      {"Robert Smith", "Bob Smith", NameMatch::kExact, 1.0, true, false},
      {"William Gates", "Bill Gates", NameMatch::kExact, 1.0, true, false},
      {"John Smith", "Smith John", NameMatch::kExact, 1.0, false, true},
      {"Smith Bob", "Robert Smith", NameMatch::kExact, 1.0, true, true},
      {"John Smith", "John Smith", NameMatch::kExact, 1.0, false, false},
      {"Jonathan Smith", "Jonathon Smith", NameMatch::kNear, kNearNameScore},
      {"John Smith", "John Smyth", NameMatch::kNear, kNearNameScore},
      {"John Smith", "Jhon Smith", NameMatch::kNear, kNearNameScore},
      {"John Paul Smith", "John Smith", NameMatch::kNear, kNearNameScore},
      {"Mary Smith", "Mark Smith", NameMatch::kNone, 0},
      {"John Smith", "Jane Smith", NameMatch::kNone, 0},
      {"Smith", "John Smith", NameMatch::kNone, 0},
      {"John Smith", "王小明", NameMatch::kNone, 0},
      {"", "王小明", NameMatch::kNone, 0},
  };
  for (const CompareCase& test : cases) {
    const NameComparison result = CompareNames(MakeNameFeatures(test.a), MakeNameFeatures(test.b));
    EXPECT_EQ(result.match, test.match) << test.a << " / " << test.b;
    EXPECT_DOUBLE_EQ(result.score, test.score) << test.a << " / " << test.b;
    EXPECT_EQ(result.nickname, test.nickname) << test.a << " / " << test.b;
    EXPECT_EQ(result.swapped_order, test.swapped) << test.a << " / " << test.b;
    const NameComparison reverse = CompareNames(MakeNameFeatures(test.b), MakeNameFeatures(test.a));
    EXPECT_EQ(reverse.match, result.match) << "symmetric: " << test.a << " / " << test.b;
  }
}

TEST(JaroWinkler, KnownValues) {
  EXPECT_DOUBLE_EQ(JaroWinkler("martha", "martha"), 1.0);
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.813, 0.001);
  EXPECT_NEAR(JaroWinkler("mary", "mark"), 0.883, 0.001);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "xyz"), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("", "abc"), 0.0);
}

TEST(WithinOneEdit, SubstitutionInsertionDeletionAndSwap) {
  EXPECT_TRUE(WithinOneEdit(std::string_view("smith"), std::string_view("smyth")));
  EXPECT_TRUE(WithinOneEdit(std::string_view("smith"), std::string_view("smiht")));
  EXPECT_TRUE(WithinOneEdit(std::string_view("smith"), std::string_view("smth")));
  EXPECT_TRUE(WithinOneEdit(std::string_view("smith"), std::string_view("smitth")));
  EXPECT_FALSE(WithinOneEdit(std::string_view("smith"), std::string_view("smoth1")));
  EXPECT_FALSE(WithinOneEdit(std::string_view("smith"), std::string_view("timsh")));
  EXPECT_TRUE(WithinOneEdit(std::u32string_view(U"王小明"), std::u32string_view(U"王晓明")));
  EXPECT_FALSE(WithinOneEdit(std::u32string_view(U"王小明"), std::u32string_view(U"王大红")));
}

}  // namespace
}  // namespace ordo::customers
