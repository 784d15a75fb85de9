#include "quality/divisions.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ordo::quality {
namespace {

TEST(Divisions, HasAllProvincialLevelDivisions) {
  int provinces = 0;
  for (const Division& division : AllDivisions()) provinces += division.level == DivisionLevel::kProvince;
  EXPECT_EQ(provinces, 34);
  EXPECT_GT(AllDivisions().size(), 3000U);
}

TEST(Divisions, CodesAreUniqueAndParentsConsistent) {
  std::set<std::uint32_t> codes;
  for (const Division& division : AllDivisions()) {
    EXPECT_TRUE(codes.insert(division.code).second) << division.code;
    if (division.level == DivisionLevel::kProvince) {
      EXPECT_EQ(division.parent, nullptr);
      EXPECT_EQ(division.code % 10000, 0U);
    } else {
      ASSERT_NE(division.parent, nullptr) << division.code;
      EXPECT_EQ(static_cast<int>(division.parent->level), static_cast<int>(division.level) - 1);
      EXPECT_EQ(division.code / 10000, division.parent->code / 10000) << division.code;  // same province
    }
  }
}

TEST(Divisions, FindsByCodeAndWalksUp) {
  const Division* xihu = FindDivision(330106);
  ASSERT_NE(xihu, nullptr);
  EXPECT_EQ(xihu->name, "西湖区");
  EXPECT_EQ(xihu->short_name, "西湖");
  EXPECT_EQ(xihu->Province().name, "浙江省");
  EXPECT_EQ(xihu->City()->name, "杭州市");
  EXPECT_TRUE(xihu->IsWithin(*FindDivision(330000)));
  EXPECT_FALSE(xihu->IsWithin(*FindDivision(320000)));
  EXPECT_EQ(FindDivision(999999), nullptr);
}

TEST(Divisions, ShortNamesFollowTheNamingRules) {
  EXPECT_EQ(FindDivision(150000)->short_name, "内蒙古");
  EXPECT_EQ(FindDivision(450000)->short_name, "广西");
  EXPECT_EQ(FindDivision(650000)->short_name, "新疆");
  EXPECT_EQ(FindDivision(810000)->short_name, "香港");
  EXPECT_EQ(FindDivision(222400)->short_name, "延边");     // 延边朝鲜族自治州
  EXPECT_EQ(FindDivision(522600)->short_name, "黔东南");   // 黔东南苗族侗族自治州
  EXPECT_EQ(FindDivision(310115)->short_name, "浦东");     // 浦东新区
  EXPECT_EQ(FindDivision(340523)->short_name, "");         // 和县: 和 alone is not safe
}

TEST(Divisions, RenamedAndMergedDivisionsAreCurrent) {
  EXPECT_EQ(FindDivision(420600)->name, "襄阳市");
  EXPECT_EQ(FindDivision(371200), nullptr);  // 莱芜市 is gone (2019)
  EXPECT_EQ(FindDivision(370116)->name, "莱芜区");
}

TEST(Divisions, MostDistrictsHaveTheirOwnCentroid) {
  int own = 0;
  int districts = 0;
  for (const Division& division : AllDivisions()) {
    if (division.level != DivisionLevel::kDistrict) continue;
    ++districts;
    own += division.centroid.precision == CentroidPrecision::kDistrict;
    if (division.centroid.precision != CentroidPrecision::kNone) {
      EXPECT_GT(division.centroid.lat, 3.0) << division.code;   // China lies within 3–54°N
      EXPECT_LT(division.centroid.lat, 54.0) << division.code;
      EXPECT_GT(division.centroid.lon, 73.0) << division.code;  // and 73–136°E
      EXPECT_LT(division.centroid.lon, 136.0) << division.code;
    }
  }
  EXPECT_GT(own * 100 / districts, 70);
}

TEST(Divisions, DataSourceNamesThePackages) {
  EXPECT_NE(DivisionDataSource().find("@vant/area-data"), std::string_view::npos);
}

}  // namespace
}  // namespace ordo::quality
