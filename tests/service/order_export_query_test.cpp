// The export's query parameters and its audit detail (the paging and the file are covered by
// tests/api/export_api_test.cpp against a real server).
#include <gmock/gmock.h>

#include <algorithm>

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

// cursor and limit are the list's: an export is every matching order.
TEST(ParseExportQuery, CursorAndLimitAreUnknownParametersNamedInErrors) {
  for (const char* name : {"cursor", "limit", "fields"}) {
    const auto query = ParseExportQuery({{name, "1"}});
    ASSERT_FALSE(query.has_value()) << name;
    EXPECT_EQ(query.error().code, ErrorCode::kMalformed) << name;
    ASSERT_EQ(query.error().fields.size(), 1u) << name;
    EXPECT_EQ(query.error().fields[0].field, name);
    EXPECT_EQ(query.error().fields[0].code, "unknown_parameter");
  }
}

TEST(ParseExportQuery, ClearNamesFieldsInCatalogueOrder) {
  const auto query = ParseExportQuery({{"clear", "street,phone,name"}});
  ASSERT_TRUE(query.has_value()) << query.error().detail;
  EXPECT_THAT(query->clear, ::testing::ElementsAre(security::PiiField::kName, security::PiiField::kPhone,
                                                   security::PiiField::kStreet));
  EXPECT_TRUE(ParseExportQuery({})->clear.empty());
}

TEST(ParseExportQuery, BadClearListsAreRefusedNamingTheRule) {
  struct Case {
    QueryParams params;
    ErrorCode code;
    std::string rule;
  };
  const std::vector<Case> cases = {
      {{{"clear", ""}}, ErrorCode::kInvalidArgument, "empty"},
      {{{"clear", "phone,ssn"}}, ErrorCode::kInvalidArgument, "unknown_field"},
      {{{"clear", "phone,phone"}}, ErrorCode::kInvalidArgument, "duplicate_field"},
      {{{"clear", "phone,email"}}, ErrorCode::kInvalidArgument, "not_exported"},
      {{{"clear", "phone"}, {"clear", "name"}}, ErrorCode::kMalformed, "repeated"},
  };
  for (const Case& bad : cases) {
    const auto query = ParseExportQuery(bad.params);
    ASSERT_FALSE(query.has_value()) << bad.rule;
    EXPECT_EQ(query.error().code, bad.code) << bad.rule;
    ASSERT_EQ(query.error().fields.size(), 1u) << bad.rule;
    EXPECT_EQ(query.error().fields[0].field, "clear");
    EXPECT_EQ(query.error().fields[0].code, bad.rule);
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

security::MaskingDecision ClearedBy(const std::string& grant_id, std::vector<security::PiiField> clear) {
  security::MaskingDecision decision;
  for (const security::PiiField field : security::AllPiiFields()) {
    const bool cleared = std::find(clear.begin(), clear.end(), field) != clear.end();
    decision.fields.push_back({field, cleared, cleared ? "grant" : "no_grant", cleared ? grant_id : ""});
  }
  return decision;
}

TEST(ExportAuditDetail, ClearExportCountsRowsAndGrantsWithPurposesButNoValues) {
  const auto query = ParseExportQuery({{"clear", "phone,name"}});
  ASSERT_TRUE(query.has_value());
  const std::vector<security::UnmaskGrant> grants = {
      {.request_id = "umr_a", .purpose = "courier cannot reach the buyer"},
      {.request_id = "umr_b", .purpose = "invoice address check"}};
  ClearExportTally tally;
  tally.Count(ClearedBy("umr_a", {security::PiiField::kPhone}), grants);
  tally.Count(ClearedBy("umr_a", {}), grants);  // a row no grant covers
  tally.Count(ClearedBy("umr_b", {security::PiiField::kName, security::PiiField::kPhone}), grants);
  tally.Count(ClearedBy("umr_a", {security::PiiField::kName}), grants);
  EXPECT_EQ(tally.rows_clear(), 3);
  EXPECT_EQ(ExportAuditDetail(*query, 4, tally),
            R"({"format":"csv","filter":{},"rows":4,"masked":false,"clear":{"fields":["name","phone"],"rows":3,)"
            R"("grants":[{"request_id":"umr_a","purpose":"courier cannot reach the buyer",)"
            R"("fields":["name","phone"],"rows":2},)"
            R"({"request_id":"umr_b","purpose":"invoice address check","fields":["name","phone"],"rows":1}]}})");
}

TEST(ExportAuditDetail, ClearExportThatClearedNothingSaysMasked) {
  const auto query = ParseExportQuery({{"clear", "phone"}});
  ASSERT_TRUE(query.has_value());
  ClearExportTally tally;
  tally.Count(ClearedBy("", {}), {});
  EXPECT_EQ(ExportAuditDetail(*query, 1, tally),
            R"({"format":"csv","filter":{},"rows":1,"masked":true,"clear":{"fields":["phone"],"rows":0,"grants":[]}})");
}

}  // namespace
}  // namespace ordo::service
