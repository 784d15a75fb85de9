// The CSV reader (RFC 4180 + Excel), the text decoding and the profile.
#include "channels/csv_reader.hpp"

#include <gtest/gtest.h>

#include "channels/csv_orders.hpp"
#include "channels/csv_profile.hpp"
#include "channels/text_encoding.hpp"
#include "channel_test_support.hpp"

namespace ordo::channels {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view text, char delimiter = ',') {
  CsvReader reader(text, delimiter);
  CsvRecord record;
  std::vector<std::vector<std::string>> rows;
  while (reader.Next(record)) rows.push_back(record.fields);
  return rows;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, ReadsRfc4180) {
  EXPECT_EQ(ReadAll("a,b,c\r\n1,2,3\r\n"), (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(ReadAll("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));  // no final line break
  EXPECT_EQ(ReadAll("a,,\n"), (Rows{{"a", "", ""}}));
}

TEST(CsvReader, QuotedFieldsHoldDelimitersLineBreaksAndDoubledQuotes) {
  EXPECT_EQ(ReadAll("\"a,b\",\"say \"\"hi\"\"\",\"x\r\ny\"\r\nnext\r\n"),
            (Rows{{"a,b", "say \"hi\"", "x\r\ny"}, {"next"}}));
  EXPECT_EQ(ReadAll("\"\",\"\"\"\"\n"), (Rows{{"", "\""}}));
}

TEST(CsvReader, ToleratesWhatExcelWrites) {
  EXPECT_EQ(ReadAll("sep=;\na;b\n1;2\n"), (Rows{{"a", "b"}, {"1", "2"}}));  // the delimiter line
  EXPECT_EQ(ReadAll("a\rb\rc"), (Rows{{"a"}, {"b"}, {"c"}}));                // old Mac line ends
  EXPECT_EQ(ReadAll("5\" disk,ok\n"), (Rows{{"5\" disk", "ok"}}));           // a quote mid-field is text
  EXPECT_EQ(ReadAll("\"ab\"c,d\n"), (Rows{{"abc", "d"}}));                  // text after a closing quote
  EXPECT_EQ(ReadAll("a\tb\n", '\t'), (Rows{{"a", "b"}}));
}

TEST(CsvReader, CountsRecordsAndPhysicalLines) {
  CsvReader reader("h\n\"multi\nline\"\nlast\n", ',');
  CsvRecord record;
  ASSERT_TRUE(reader.Next(record));
  ASSERT_TRUE(reader.Next(record));
  EXPECT_EQ(record.number, 2u);
  EXPECT_EQ(record.line, 2u);
  ASSERT_TRUE(reader.Next(record));
  EXPECT_EQ(record.number, 3u);
  EXPECT_EQ(record.line, 4u);
  EXPECT_FALSE(reader.Next(record));
}

TEST(CsvReader, ReportsAnUnterminatedQuote) {
  CsvReader reader("a\n\"never closed,\nx\n", ',');
  CsvRecord record;
  ASSERT_TRUE(reader.Next(record));
  EXPECT_FALSE(record.unterminated_quote);
  ASSERT_TRUE(reader.Next(record));
  EXPECT_TRUE(record.unterminated_quote);
}

TEST(TextEncoding, DetectsUtf8Gb18030AndUtf16) {
  EXPECT_EQ(DecodeToUtf8("\xEF\xBB\xBF订单", TextEncoding::kAuto).value(), "订单");
  EXPECT_EQ(DecodeToUtf8("\xB6\xA9\xB5\xA5\xBA\xC5", TextEncoding::kAuto).value(), "订单号");  // GBK bytes
  EXPECT_EQ(DecodeToUtf8("\xB6\xA9\xB5\xA5", TextEncoding::kGb18030).value(), "订单");
  EXPECT_EQ(DecodeToUtf8(std::string_view("\xFF\xFE\xA2\x8B\x55\x53", 6), TextEncoding::kAuto).value(), "订单");
  EXPECT_EQ(DecodeToUtf8("\x81\x30\x81\x30", TextEncoding::kGb18030).value(), "\u0080");  // a 4-byte GB18030 code
}

TEST(TextEncoding, NamesTheByteThatDoesNotDecode) {
  const auto bad = DecodeToUtf8("ok\xFF", TextEncoding::kGb18030);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kMalformed);
  EXPECT_NE(bad.error().detail.find("byte 2"), std::string::npos);
  EXPECT_FALSE(DecodeToUtf8("\xB6\xA9", TextEncoding::kUtf8).has_value());  // declared UTF-8, but GBK
}

TEST(CsvProfile, HeadersMatchAcrossLanguagesAndSpellings) {
  const CsvProfile& profile = DefaultCsvProfile();
  for (const char* header : {"订单号", "order_no", "Order ID", "ORDER-ID", "OrderID", " 单号 "}) {
    EXPECT_EQ(profile.FieldForHeader(header), CsvField::kExternalId) << header;
  }
  for (const char* header : {"手机", "电话", "phone", "Mobile", "联系电话"}) {
    EXPECT_EQ(profile.FieldForHeader(header), CsvField::kPhone) << header;
  }
  for (const char* header : {"金额", "总价", "金额(元)", "金额（元）", "Total", "grand_total"}) {
    EXPECT_EQ(profile.FieldForHeader(header), CsvField::kGrandTotal) << header;
  }
  EXPECT_FALSE(profile.FieldForHeader("颜色").has_value());
  EXPECT_EQ(profile.StatusFor("已完成"), order::OrderStatus::kCompleted);
  EXPECT_EQ(profile.StatusFor("Cancelled"), order::OrderStatus::kCancelled);
}

TEST(CsvProfile, ASavedProfileAddsToTheBuiltInNames) {
  const auto profile = ParseCsvProfile(R"({"name":"store_pos","channel":"pos_store_12","delimiter":";",
      "amounts":"minor","columns":{"external_id":["单据号"]},"statuses":{"结账":"completed"},
      "default_address":{"province":"浙江省","city":"杭州市"}})");
  ASSERT_TRUE(profile.has_value()) << profile.error().detail;
  EXPECT_EQ(profile->FieldForHeader("单据号"), CsvField::kExternalId);
  EXPECT_EQ(profile->FieldForHeader("订单号"), CsvField::kExternalId);  // built-in still there
  EXPECT_EQ(profile->delimiter, ';');
  EXPECT_TRUE(profile->amounts_in_minor_units);
  EXPECT_EQ(profile->channel, "pos_store_12");
  EXPECT_EQ(profile->default_address.province, "浙江省");
}

TEST(CsvProfile, ABadProfileNamesTheMemberAsAJsonPointer) {
  const struct {
    const char* json;
    const char* pointer;
  } cases[] = {
      {R"({"channel":"x"})", "/name"},
      {R"({"name":"Has Space"})", "/name"},
      {R"({"name":"p","columns":{"colour":["颜色"]}})", "/columns/colour"},
      {R"({"name":"p","columns":{"phone":[""]}})", "/columns/phone/0"},
      {R"({"name":"p","statuses":{"挂起":"on_hold"}})", "/statuses/挂起"},
      {R"({"name":"p","delimiter":"\""})", "/delimiter"},
      {R"({"name":"p","encoding":"latin-1"})", "/encoding"},
      {R"({"name":"p","currency":"RMB"})", "/currency"},
      {R"({"name":"p","amounts":"cents"})", "/amounts"},
  };
  for (const auto& test_case : cases) {
    const auto profile = ParseCsvProfile(test_case.json);
    ASSERT_FALSE(profile.has_value()) << test_case.json;
    EXPECT_EQ(profile.error().fields[0].field, test_case.pointer) << test_case.json;
  }
}

TEST(CsvProfile, EveryHeaderNameTheDocsListIsRecognised) {
  const std::string docs = testing::ReadFile(std::string(ORDO_DOCS_DIR) + "/channels.md");
  const std::size_t table = docs.find("| canonical field | built-in header names |");
  ASSERT_NE(table, std::string::npos);
  std::size_t pos = docs.find('\n', docs.find('\n', table) + 1) + 1;  // past the |---| line
  int rows = 0;
  while (pos < docs.size() && docs.compare(pos, 3, "| `") == 0) {
    const std::size_t end = docs.find('\n', pos);
    const std::string row = docs.substr(pos, end - pos);
    const std::size_t tick = row.find('`', 3);
    const auto field = ParseCsvFieldName(row.substr(3, tick - 3));
    ASSERT_TRUE(field.has_value()) << row;
    EXPECT_EQ(DefaultCsvProfile().FieldForHeader(CsvFieldName(*field)), field);
    std::string names = row.substr(row.find("| ", tick) + 2);
    names = names.substr(0, names.rfind(" |"));
    for (std::size_t start = 0; start < names.size();) {
      const std::size_t comma = std::min(names.find(", ", start), names.size());
      const std::string name = names.substr(start, comma - start);
      EXPECT_EQ(DefaultCsvProfile().FieldForHeader(name), field) << name;
      start = comma + 2;
    }
    ++rows;
    pos = end + 1;
  }
  EXPECT_EQ(rows, static_cast<int>(kCsvFieldCount));
}

TEST(CsvTime, ReadsWhatSpreadsheetsWrite) {
  constexpr std::int64_t kBeijing = 480;
  EXPECT_EQ(ParseCsvTime("2024-06-01 10:00:00", kBeijing), 1717207200000);
  EXPECT_EQ(ParseCsvTime("2024/6/1 10:00", kBeijing), 1717207200000);
  EXPECT_EQ(ParseCsvTime("2024-06-01T02:00:00Z", kBeijing), 1717207200000);
  EXPECT_EQ(ParseCsvTime("2024-06-01T10:00:00+08:00", 0), 1717207200000);
  EXPECT_EQ(ParseCsvTime("2024-06-01", kBeijing), 1717171200000);
  EXPECT_EQ(ParseCsvTime("2024-06-01 10:00:00.5", kBeijing), 1717207200500);
  for (const char* bad : {"", "2024-13-01", "2023-02-29", "01/06/2024", "2024-06-01 25:00", "2024-06-01 10:00 PM",
                          "2024-06-01x"}) {
    EXPECT_FALSE(ParseCsvTime(bad, kBeijing).has_value()) << bad;
  }
}

}  // namespace
}  // namespace ordo::channels
