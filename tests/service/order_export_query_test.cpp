// The export's query parameters and its audit detail (the paging and the file are covered by
// tests/api/export_api_test.cpp against a real server).
#include <gmock/gmock.h>

#include "service/order_export.hpp"

namespace ordo::service {
namespace {

using core::ErrorCode;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ParseExportQuery, ReadsTheListFiltersAndTheFormat) {
  const auto query = ParseExportQuery({{"format", "xlsx"}, {"status", "paid"}, {"channel", "tmall"},
                                       {"province", "浙江省"}, {"created_from", "2026-11-01T00:00:00Z"},
                                       {"created_to", "2026-12-01T00:00:00Z"}, {"q", "T-1"}});
  ASSERT_TRUE(query.has_value()) << query.error().detail;
  EXPECT_EQ(query->format, ExportFormat::kXlsx);
  EXPECT_EQ(query->filter.status, order::OrderStatus::kPaid);
  EXPECT_EQ(query->filter.channel, "tmall");
  EXPECT_EQ(query->filter.province, "浙江省");
  EXPECT_EQ(query->filter.q, "T-1");
  EXPECT_EQ(query->filter.limit, kExportPageSize);
  EXPECT_FALSE(query->filter.before_id.has_value());
}

TEST(ParseExportQuery, CsvIsTheDefault) {
  const auto query = ParseExportQuery({});
  ASSERT_TRUE(query.has_value());
  EXPECT_EQ(query->format, ExportFormat::kCsv);
}

// clear (personal data in clear) arrives with the unmask grants; cursor and limit are the list's.
TEST(ParseExportQuery, ClearCursorAndLimitAreUnknownParametersNamedInErrors) {
  for (const char* name : {"clear", "cursor", "limit", "fields"}) {
    const auto query = ParseExportQuery({{name, "1"}});
    ASSERT_FALSE(query.has_value()) << name;
    EXPECT_EQ(query.error().code, ErrorCode::kMalformed) << name;
    ASSERT_EQ(query.error().fields.size(), 1u) << name;
    EXPECT_EQ(query.error().fields[0].field, name);
    EXPECT_EQ(query.error().fields[0].code, "unknown_parameter");
  }
}

TEST(ParseExportQuery, BadValuesAreInvalidArgumentsNamingEachParameter) {
  const auto query = ParseExportQuery({{"format", "pdf"}, {"status", "nope"}, {"created_from", "yesterday"}});
  ASSERT_FALSE(query.has_value());
  EXPECT_EQ(query.error().code, ErrorCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const core::FieldError& field : query.error().fields) fields.push_back(field.field);
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("format", "status", "created_from"));
}

TEST(ParseExportQuery, RepeatedFormatIsMalformed) {
  const auto query = ParseExportQuery({{"format", "csv"}, {"format", "xlsx"}});
  ASSERT_FALSE(query.has_value());
  EXPECT_EQ(query.error().code, ErrorCode::kMalformed);
}

TEST(ExportAuditDetail, NamesFormatFilterRowsAndMaskedButNeverTheSearchText) {
  const auto query = ParseExportQuery({{"format", "csv"}, {"status", "paid"}, {"q", "13912345678"}});
  ASSERT_TRUE(query.has_value());
  const std::string detail = ExportAuditDetail(*query, 42);
  EXPECT_EQ(detail, R"({"format":"csv","filter":{"status":"paid","q_given":true},"rows":42,"masked":true})");
  EXPECT_THAT(detail, Not(HasSubstr("13912345678")));
}

}  // namespace
}  // namespace ordo::service
