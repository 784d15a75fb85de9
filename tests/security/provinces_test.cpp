#include "security/provinces.hpp"

#include <gtest/gtest.h>

#include <set>

#include "security/principal.hpp"

namespace ordo::security {
namespace {

TEST(Provinces, TableHasThirtyFourUniqueDivisions) {
  std::set<std::string_view> codes, full, short_names;
  for (const Province& province : AllProvinces()) {
    codes.insert(province.code);
    full.insert(province.full_name);
    short_names.insert(province.short_name);
    EXPECT_EQ(province.code.size(), 6u);
    EXPECT_EQ(province.code.substr(2), "0000");
  }
  EXPECT_EQ(codes.size(), 34u);
  EXPECT_EQ(full.size(), 34u);
  EXPECT_EQ(short_names.size(), 34u);
}

TEST(Provinces, CodeFullAndShortNameAllCanonicaliseToTheFullName) {
  const char* inputs[] = {"330000", "浙江省", "浙江", " 浙江 ", "330106"};
  for (const char* input : inputs) {
    const auto name = CanonicalProvinceName(input);
    ASSERT_TRUE(name.has_value()) << input;
    EXPECT_EQ(name.value(), "浙江省") << input;
  }
  EXPECT_EQ(CanonicalProvinceName("内蒙古").value(), "内蒙古自治区");
  EXPECT_EQ(CanonicalProvinceName("150000").value(), "内蒙古自治区");
  EXPECT_EQ(CanonicalProvinceName("北京").value(), "北京市");
  EXPECT_EQ(CanonicalProvinceName("810000").value(), "香港特别行政区");
}

TEST(Provinces, UnknownIsInvalidArgumentWithoutEchoingTheInput) {
  const auto name = CanonicalProvinceName("Atlantis");
  ASSERT_FALSE(name.has_value());
  EXPECT_EQ(name.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(name.error().detail.find("Atlantis"), std::string::npos);
  EXPECT_FALSE(CanonicalProvinceName("990000").has_value());
  EXPECT_FALSE(CanonicalProvinceName("").has_value());
}

TEST(NormaliseScopes, CanonicalisesSortsAndDeduplicates) {
  const Scopes input{{"330000", "浙江", "江苏省"}, {"tmall", "jd", "tmall"}, {}};
  const auto scopes = NormaliseScopes(input);
  ASSERT_TRUE(scopes.has_value());
  EXPECT_EQ(scopes->provinces, (std::vector<std::string>{"江苏省", "浙江省"}));
  EXPECT_EQ(scopes->channels, (std::vector<std::string>{"jd", "tmall"}));
}

TEST(NormaliseScopes, NamesEachBadEntryByIndex) {
  const auto scopes = NormaliseScopes(Scopes{{"浙江", "Atlantis"}, {""}, {}});
  ASSERT_FALSE(scopes.has_value());
  ASSERT_EQ(scopes.error().fields.size(), 2u);
  EXPECT_EQ(scopes.error().fields[0].field, "scopes/provinces/1");
  EXPECT_EQ(scopes.error().fields[0].code, "unknown_province");
  EXPECT_EQ(scopes.error().fields[1].field, "scopes/channels/0");
}

TEST(AddScopeArgument, ParsesTheCommandLineForm) {
  Scopes scopes;
  ASSERT_TRUE(AddScopeArgument(scopes, "province:330000").has_value());
  ASSERT_TRUE(AddScopeArgument(scopes, "province:浙江").has_value());
  ASSERT_TRUE(AddScopeArgument(scopes, "channel:tmall").has_value());
  ASSERT_TRUE(AddScopeArgument(scopes, "location:WH-HZ-1").has_value());
  EXPECT_EQ(scopes.provinces, (std::vector<std::string>{"浙江省"}));
  EXPECT_EQ(scopes.channels, (std::vector<std::string>{"tmall"}));
  EXPECT_EQ(scopes.locations, (std::vector<std::string>{"WH-HZ-1"}));
  EXPECT_FALSE(AddScopeArgument(scopes, "region:east").has_value());
  EXPECT_FALSE(AddScopeArgument(scopes, "province:").has_value());
  EXPECT_FALSE(AddScopeArgument(scopes, "province:Atlantis").has_value());
}

}  // namespace
}  // namespace ordo::security
