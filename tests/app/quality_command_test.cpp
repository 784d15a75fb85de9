// `ordo quality normalize`: one JSON object per input line, whatever the line holds.
#include "app/quality_command.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include <sstream>
#include <string>
#include <vector>

namespace ordo::app {
namespace {

using ::testing::HasSubstr;

std::vector<rapidjson::Document> NormalizeLines(NormalizeKind kind, const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out;
  EXPECT_EQ(RunQualityNormalize({.kind = kind}, in, out), 0);
  std::vector<rapidjson::Document> lines;
  std::istringstream printed(out.str());
  for (std::string line; std::getline(printed, line);) {
    lines.emplace_back();
    lines.back().Parse(line.c_str());
    EXPECT_FALSE(lines.back().HasParseError()) << line;
  }
  return lines;
}

TEST(QualityNormalize, PrintsOneObjectPerPhoneLine) {
  const auto lines = NormalizeLines(NormalizeKind::kPhone, "＋86 138-1234-5678\n12012345678\n17012345678转1234\n");
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_TRUE(lines[0]["valid"].GetBool());
  EXPECT_STREQ(lines[0]["value"].GetString(), "+8613812345678");
  EXPECT_STREQ(lines[0]["type"].GetString(), "mobile");
  EXPECT_EQ(lines[0]["line"].GetInt(), 1);
  EXPECT_FALSE(lines[1]["valid"].GetBool());
  EXPECT_TRUE(lines[1]["value"].IsNull());
  EXPECT_STREQ(lines[1]["reasons"][0].GetString(), "unassigned_mobile_range");
  EXPECT_STREQ(lines[2]["type"].GetString(), "virtual");
  EXPECT_STREQ(lines[2]["extension"].GetString(), "1234");
  EXPECT_TRUE(lines[2]["privacy_relay"].GetBool());
}

TEST(QualityNormalize, EmptyAndBadUtf8LinesGetAnErrorObject) {
  const auto lines = NormalizeLines(NormalizeKind::kPhone, "\n\xff\xfe\n  \n");
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_STREQ(lines[0]["error"].GetString(), "empty");
  EXPECT_STREQ(lines[1]["error"].GetString(), "invalid_utf8");
  EXPECT_STREQ(lines[2]["error"].GetString(), "empty");
  for (const auto& line : lines) EXPECT_FALSE(line["valid"].GetBool());
  const auto addresses = NormalizeLines(NormalizeKind::kAddress, "\n\xe6\xb5\n");
  ASSERT_EQ(addresses.size(), 2U);
  EXPECT_STREQ(addresses[0]["error"].GetString(), "empty");
  EXPECT_STREQ(addresses[1]["error"].GetString(), "invalid_utf8");
}

TEST(QualityNormalize, PrintsDivisionsCodesStreetAndCentroidForAddresses) {
  const auto lines = NormalizeLines(NormalizeKind::kAddress, "浙江杭州西湖区文三路100号\r\n朝阳区建国路1号\n");
  ASSERT_EQ(lines.size(), 2U);
  const auto& first = lines[0];
  EXPECT_TRUE(first["valid"].GetBool());
  EXPECT_STREQ(first["value"].GetString(), "浙江省杭州市西湖区文三路100号");
  EXPECT_STREQ(first["province"]["code"].GetString(), "330000");
  EXPECT_STREQ(first["district"]["name"].GetString(), "西湖区");
  EXPECT_STREQ(first["street"].GetString(), "文三路100号");
  EXPECT_DOUBLE_EQ(first["confidence"].GetDouble(), 0.95);
  EXPECT_STREQ(first["reasons"][0].GetString(), "short_name");
  EXPECT_STREQ(first["centroid"]["precision"].GetString(), "district");
  const auto& second = lines[1];
  EXPECT_FALSE(second["valid"].GetBool());
  EXPECT_TRUE(second["district"].IsNull());
  EXPECT_STREQ(second["reasons"][0].GetString(), "ambiguous_district");
}

TEST(QualityNormalize, MunicipalityNameIsNotRepeatedInTheValue) {
  const std::string json = NormalizeAddressLineJson("北京市朝阳区建国路1号", 1);
  EXPECT_THAT(json, HasSubstr("\"value\":\"北京市朝阳区建国路1号\""));
}

}  // namespace
}  // namespace ordo::app
