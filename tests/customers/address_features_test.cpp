#include "customers/address_features.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "customers/address_similarity.hpp"

namespace ordo::customers {
namespace {

struct TokenCase {
  std::string street;
  std::vector<std::string> words;
  std::string units;  // StreetTokens::DescribeUnits: h house, b building, e entrance, f flat, o other
};

TEST(TokenizeStreet, WordsAndTypedUnitNumbersAsATable) {
  const std::vector<TokenCase> cases = {
      {"文三路100号华星小区3幢2单元201室", {"文三路", "华星小区"}, "h100 b3 e2 f201"},
      {"文三路100号3-2-201", {"文三路"}, "h100 b3 e2 f201"},
      {"文三路100号3-201", {"文三路"}, "h100 b3 f201"},
      {"文三路１００号三幢二单元201室", {"文三路"}, "h100 b3 e2 f201"},
      {"文三路100号 3栋 201", {"文三路"}, "h100 b3 f201"},
      {"华星小区3号楼2单元201", {"华星小区"}, "b3 e2 f201"},
      {"华星小区3号201室", {"华星小区"}, "b3 f201"},
      {"长乐路123弄4号", {"长乐路"}, "h123 b4"},
      {"三里屯路19号院A座1201", {"三里屯路"}, "h19 bA f1201"},
      {"中山北路二十三号12楼", {"中山北路"}, "h23 o12"},
      {"龙溪街道花园路一百零五号", {"龙溪街道", "花园路"}, "h105"},
      {"123 Main St Apt 4", {"main", "street"}, "h123 f4"},
      {"123 Main Street, #4", {"main", "street"}, "h123 f4"},
      {"", {}, ""},
  };
  for (const TokenCase& test : cases) {
    const StreetTokens tokens = TokenizeStreet(test.street);
    EXPECT_EQ(tokens.words, test.words) << test.street;
    EXPECT_EQ(tokens.DescribeUnits(), test.units) << test.street;
  }
}

AddressFeatures Features(std::string_view street, std::uint64_t area = 330106) {
  return MakeAddressFeatures(area, street);
}

TEST(MakeAddressFeatures, ChineseAddressUsesTheDistrictCode) {
  order::Address address;
  address.province = "浙江省";
  address.city = "杭州市";
  address.district = "西湖区";
  address.street = "文三路100号3幢201室";
  const AddressFeatures features = MakeAddressFeatures(address);
  EXPECT_EQ(features.area, 330106u);
  EXPECT_EQ(features.word_count, 1);
  EXPECT_EQ(features.Unit(UnitPart::kHouse), 100u);
  EXPECT_EQ(features.Unit(UnitPart::kBuilding), 3u);
  EXPECT_EQ(features.Unit(UnitPart::kFlat), 201u);
  EXPECT_FALSE(features.Has(UnitPart::kEntrance));

  order::Address free_text;
  free_text.street = "浙江杭州西湖区文三路100号3-201";
  EXPECT_EQ(MakeAddressFeatures(free_text), features) << "divisions inside the street line, other unit notation";
}

TEST(MakeAddressFeatures, EstateNamedLikeADistrictElsewhereStaysInTheStreet) {
  // 龙湖 is also 汕头's 龙湖区: the street field must not lose it, or the fields and the one-line
  // writing of this home would not compare equal.
  order::Address fields;
  fields.province = "江西省";
  fields.city = "宜春市";
  fields.district = "上高县";
  fields.street = "龙湖家园21号楼5单元2603";
  order::Address one_line;
  one_line.street = "江西宜春上高县龙湖家园21号楼5单元2603";
  order::Address repeated = fields;
  repeated.street = "江西省宜春市上高县龙湖家园21号楼5单元2603";
  const AddressFeatures expected = MakeAddressFeatures(360923, "龙湖家园21号楼5单元2603");
  EXPECT_EQ(MakeAddressFeatures(fields), expected);
  EXPECT_EQ(MakeAddressFeatures(one_line), expected);
  EXPECT_EQ(MakeAddressFeatures(repeated), expected);
}

TEST(MakeAddressFeatures, ForeignAddressUsesCountryAndPostcode) {
  order::Address address;
  address.country = "US";
  address.postcode = "94103";
  address.street = "123 Main St Apt 4";
  order::Address same = address;
  same.postcode = " 94103 ";
  order::Address other = address;
  other.postcode = "10001";
  EXPECT_NE(MakeAddressFeatures(address).area, 0u);
  EXPECT_EQ(MakeAddressFeatures(address).area, MakeAddressFeatures(same).area);
  EXPECT_NE(MakeAddressFeatures(address).area, MakeAddressFeatures(other).area);
  address.postcode.clear();
  EXPECT_EQ(MakeAddressFeatures(address).area, 0u) << "no postcode: no area, no fuzzy matching";
}

struct SimilarityCase {
  std::string a;
  std::string b;
  NumberAgreement numbers;
  double score;
};

TEST(CompareAddresses, ScoresAsATable) {
  const std::vector<SimilarityCase> cases = {
      {"文三路100号3幢201室", "文三路100号3-201", NumberAgreement::kEqual, 1.0},
      {"文三路100号华星小区3幢201室", "文三路100号3幢201室", NumberAgreement::kEqual, 1.0},
      {"华星小区3号楼2单元201", "文三路100号华星小区3栋201", NumberAgreement::kEqual, 1.0},
      {"文三路100号3幢2单元201室", "文三路100号3幢201室", NumberAgreement::kEqual, 1.0},
      {"文三路100号3幢201室", "文三路100号3幢502室", NumberAgreement::kConflict, 0.4},
      {"文三路100号3幢201室", "文三路102号3幢201室", NumberAgreement::kConflict, 0.4},
      {"文三路100号3幢201室", "文三路100号", NumberAgreement::kPartial, 0.4 + 0.6 / 3},
      {"文三路100号3幢201室", "文三路100号201室", NumberAgreement::kPartial, 0.4 + 0.6 * 2 / 3},
      {"文三路100号3幢201室", "文二路100号3幢201室", NumberAgreement::kEqual, 0.6},
      {"华星小区3号楼201", "文三路100号3-201", NumberAgreement::kEqual, 0.6},
      {"华星小区", "华星小区", NumberAgreement::kNone, 0.4 + 0.3},
  };
  for (const SimilarityCase& test : cases) {
    const AddressComparison result = CompareAddresses(Features(test.a), Features(test.b));
    EXPECT_TRUE(result.same_area);
    EXPECT_EQ(result.numbers, test.numbers) << test.a << " / " << test.b;
    EXPECT_NEAR(result.score, test.score, 1e-9) << test.a << " / " << test.b;
  }
}

TEST(CompareAddresses, OtherOrUnknownAreaScoresZero) {
  EXPECT_EQ(CompareAddresses(Features("文三路100号", 330106), Features("文三路100号", 330105)).score, 0);
  EXPECT_EQ(CompareAddresses(Features("文三路100号", 0), Features("文三路100号", 0)).score, 0);
}

}  // namespace
}  // namespace ordo::customers
