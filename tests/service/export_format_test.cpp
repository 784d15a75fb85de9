#include "service/export_format.hpp"

#include <gmock/gmock.h>

#include <filesystem>

#include "core/masking.hpp"
#include "security/masking_policy.hpp"

namespace ordo::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

order::Order SampleOrder() {
  order::Order order;
  order.id = 41;
  order.channel = "tmall";
  order.external_id = "TM-0001";
  order.status = order::OrderStatus::kPaid;
  order.customer_ref = "cust-9";
  order.currency = "CNY";
  order.created_at = 1'795'854'600'000;  // 2026-11-28T08:30:00Z
  order.lines.resize(3);
  order.totals.grand_total = 4798;
  order.shipping_address = {.name = "张三", .phone = "13812345678", .province = "浙江省", .city = "杭州市",
                            .district = "西湖区", .street = "文三路 100 号", .postcode = "310000", .country = "CN"};
  return order;
}

security::MaskingDecision AllMasked() {
  security::Principal principal;
  principal.id = "7";
  principal.username = "op";
  return security::DecideMasking(principal, {}, {}, {}, 0);
}

TEST(ExportRow, PersonalFieldsAreMaskedLikeTheJsonAnswers) {
  const ExportRow row = ExportRowOf(SampleOrder(), AllMasked());
  EXPECT_EQ(row[0], "41");
  EXPECT_EQ(row[3], "paid");
  EXPECT_EQ(row[4], "2026-11-28T08:30:00.000Z");
  EXPECT_EQ(row[6], core::MaskName("张三"));
  EXPECT_EQ(row[7], "138****5678");
  EXPECT_EQ(row[11], "****");
  EXPECT_EQ(row[8], "浙江省");
  EXPECT_EQ(row[13], "47.98");
  EXPECT_EQ(row[14], "3");
}

TEST(DecimalAmount, MinorUnitsBecomeADecimalStringOfTheCurrencysDigits) {
  const std::tuple<std::int64_t, const char*, const char*> cases[] = {
      {4798, "CNY", "47.98"}, {5, "CNY", "0.05"}, {-5, "CNY", "-0.05"}, {100, "CNY", "1.00"},
      {0, "CNY", "0.00"},     {500, "JPY", "500"}, {12345, "BHD", "12.345"}, {7, "XXZ", "0.07"},
      {INT64_MIN, "CNY", "-92233720368547758.08"}};
  for (const auto& [minor, currency, expected] : cases) EXPECT_EQ(DecimalAmount(minor, currency), expected) << minor << currency;
}

TEST(CsvField, FormulaCellsGetALeadingApostrophe) {
  const std::pair<const char*, const char*> cases[] = {
      {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
      {"+1+1", "'+1+1"},
      {"-2+3", "'-2+3"},
      {"@SUM(A1)", "'@SUM(A1)"},
      {"\tcmd", "'\tcmd"},
      {"\rcmd", "\"'\rcmd\""},
      {"a=b", "a=b"},
      {"", ""},
      {"杭州市", "杭州市"}};
  for (const auto& [cell, expected] : cases) EXPECT_EQ(CsvField(cell), expected) << cell;
}

TEST(CsvField, QuotesOnlyWhenNeededAndDoublesQuotes) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
}

TEST(CsvSink, StartsWithABomAndTheHeaderAndEndsLinesWithCrLf) {
  std::unique_ptr<ExportSink> sink = MakeCsvSink();
  ASSERT_TRUE(sink->AddRow(ExportRowOf(SampleOrder(), AllMasked())).has_value());
  const core::Result<std::string> csv = sink->Finish();
  ASSERT_TRUE(csv.has_value());
  EXPECT_THAT(*csv, StartsWith("\xEF\xBB\xBF" "id,channel,external_id,status,created_at,customer_ref,recipient_name,phone,"
                               "province,city,district,street,currency,grand_total,line_count\r\n"));
  EXPECT_THAT(*csv, HasSubstr("\r\n41,tmall,TM-0001,paid,2026-11-28T08:30:00.000Z,cust-9,"));
  EXPECT_THAT(*csv, HasSubstr(",138****5678,浙江省,杭州市,西湖区,****,CNY,47.98,3\r\n"));
  EXPECT_THAT(*csv, Not(HasSubstr("13812345678")));
  EXPECT_THAT(*csv, Not(HasSubstr("文三路")));
}

TEST(CsvSink, InjectedFormulasInAnyColumnAreNeutralised) {
  order::Order order = SampleOrder();
  order.external_id = "=cmd|' /C calc'!A0";
  order.customer_ref = "@SUM(1+1)";
  order.shipping_address.city = "+HYPERLINK(\"http://evil\")";
  order.shipping_address.district = "-1+2";
  order.shipping_address.name = "=张三";
  std::unique_ptr<ExportSink> sink = MakeCsvSink();
  ASSERT_TRUE(sink->AddRow(ExportRowOf(order, AllMasked())).has_value());
  const std::string csv = sink->Finish().value();
  EXPECT_THAT(csv, HasSubstr(",'=cmd|' /C calc'!A0,"));
  EXPECT_THAT(csv, HasSubstr(",'@SUM(1+1),"));
  EXPECT_THAT(csv, HasSubstr(",\"'+HYPERLINK(\"\"http://evil\"\")\","));
  EXPECT_THAT(csv, HasSubstr(",'-1+2,"));
  EXPECT_THAT(csv, HasSubstr(",'=**,"));
}

TEST(XlsxSink, ProducesAZipWorkbookAndLeavesNoTemporaryFile) {
  const std::string dir = ::testing::TempDir() + "xlsx-sink-test";
  std::filesystem::create_directories(dir);
  core::Result<std::unique_ptr<ExportSink>> sink = MakeXlsxSink(dir);
  ASSERT_TRUE(sink.has_value()) << sink.error().detail;
  for (int row_idx = 0; row_idx < 1000; ++row_idx) ASSERT_TRUE((*sink)->AddRow(ExportRowOf(SampleOrder(), AllMasked())).has_value());
  const core::Result<std::string> xlsx = (*sink)->Finish();
  ASSERT_TRUE(xlsx.has_value()) << xlsx.error().detail;
  EXPECT_THAT(*xlsx, StartsWith("PK\x03\x04"));
  sink->reset();
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

}  // namespace
}  // namespace ordo::service
