// GET /api/v1/orders/export over HTTP: masked CSV and XLSX within the caller's scope, filters,
// refusals (clear, unknown parameters, permission, too many rows), and the audit row without
// which no file leaves.
#include <gmock/gmock.h>

#include "api_fixture.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* kBom = "\xEF\xBB\xBF";

std::string Str(const rapidjson::Value& value) { return {value.GetString(), value.GetStringLength()}; }

// Data rows of a CSV export (lines after the header).
std::vector<std::string> CsvRows(const std::string& csv) {
  std::vector<std::string> rows;
  std::size_t start = csv.find("\r\n");
  while (start != std::string::npos && start + 2 < csv.size()) {
    const std::size_t end = csv.find("\r\n", start + 2);
    rows.push_back(csv.substr(start + 2, end - start - 2));
    start = end;
  }
  return rows;
}

std::string FirstErrorCode(const std::string& problem) {
  const rapidjson::Document doc = ParseBody(problem);
  if (!doc.IsObject() || !doc.HasMember("errors") || doc["errors"].Empty()) return {};
  return Str(doc["errors"][0]["code"]) + "@" + Str(doc["errors"][0]["field"]);
}

class ExportApiTest : public ApiTest {
 protected:
  void IngestThreeOrders() {
    OrderSpec guangdong;
    guangdong.province = "广东省";
    guangdong.phone = "+1 415 555 2671";  // stored as +14155552671: a leading '+' for the CSV guard
    OrderSpec shipped;
    shipped.status = "pending_payment";
    ASSERT_EQ(client().Post("/api/v1/orders", OrderJson("ZJ-1")).status, 201);
    ASSERT_EQ(client().Post("/api/v1/orders", OrderJson("ZJ-2", shipped)).status, 201);
    ASSERT_EQ(client().Post("/api/v1/orders", OrderJson("GD-1", guangdong)).status, 201);
  }
  rapidjson::Document ExportAudits() {
    const HttpResponse audit = client().Get("/api/v1/audit?action=orders.export");
    EXPECT_EQ(audit.status, 200) << audit.body;
    return ParseBody(audit.body);
  }
};

TEST_F(ExportApiTest, CsvIsMaskedAttachmentWithBomAndAudited) {
  IngestThreeOrders();
  const HttpResponse exported = client().Get("/api/v1/orders/export?format=csv");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(exported.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_THAT(exported.Header("content-disposition"), ::testing::MatchesRegex("attachment; filename=\"orders-[0-9]{8}T[0-9]{6}Z\\.csv\""));
  EXPECT_EQ(exported.Header("ordo-export-rows"), "3");
  EXPECT_THAT(exported.body, StartsWith(std::string(kBom) + "id,channel,external_id,status,created_at,customer_ref,"
                                                            "recipient_name,phone,province,city,district,street,"
                                                            "currency,grand_total,line_count\r\n"));
  const std::vector<std::string> rows = CsvRows(exported.body);
  ASSERT_EQ(rows.size(), 3u) << exported.body;
  EXPECT_THAT(rows[0], HasSubstr(",GD-1,paid,"));  // newest first, like the list
  EXPECT_THAT(rows[0], HasSubstr(",张*,'+141****2671,广东省,广州市,天河区,****,CNY,47.98,1"));
  EXPECT_THAT(rows[2], HasSubstr(",ZJ-1,paid,2026-11-20T02:00:00.000Z,cust-1,张*,138****5678,浙江省,"));
  EXPECT_THAT(exported.body, Not(HasSubstr("13812345678")));
  EXPECT_THAT(exported.body, Not(HasSubstr("4155552671")));
  EXPECT_THAT(exported.body, Not(HasSubstr("张三")));
  EXPECT_THAT(exported.body, Not(HasSubstr("文三路")));

  const rapidjson::Document audits = ExportAudits();
  ASSERT_EQ(audits["items"].Size(), 1u);
  const auto& entry = audits["items"][0];
  EXPECT_EQ(Str(entry["actor_id"]), "admin");
  EXPECT_EQ(Str(entry["ip"]), "127.0.0.1");
  EXPECT_EQ(Str(entry["subject"]), "orders");
  EXPECT_EQ(Str(entry["detail"]["format"]), "csv");
  EXPECT_TRUE(entry["detail"]["filter"].ObjectEmpty());
  EXPECT_EQ(entry["detail"]["rows"].GetInt64(), 3);
  EXPECT_TRUE(entry["detail"]["masked"].GetBool());
}

TEST_F(ExportApiTest, FiltersAreTheListsAndAreAudited) {
  IngestThreeOrders();
  const HttpResponse paid = client().Get("/api/v1/orders/export?status=paid&province=%E6%B5%99%E6%B1%9F%E7%9C%81");
  ASSERT_EQ(paid.status, 200) << paid.body;
  const std::vector<std::string> rows = CsvRows(paid.body);
  ASSERT_EQ(rows.size(), 1u) << paid.body;
  EXPECT_THAT(rows[0], HasSubstr(",ZJ-1,"));
  const HttpResponse none = client().Get("/api/v1/orders/export?q=nothing-matches");
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(CsvRows(none.body).empty());
  EXPECT_EQ(none.Header("ordo-export-rows"), "0");
  const std::string audits = client().Get("/api/v1/audit?action=orders.export").body;
  EXPECT_THAT(audits, HasSubstr(R"("filter":{"status":"paid","province":"浙江省"},"rows":1)"));
  EXPECT_THAT(audits, HasSubstr(R"("filter":{"q_given":true},"rows":0)"));
  EXPECT_THAT(audits, Not(HasSubstr("nothing-matches")));
}

TEST_F(ExportApiTest, RegionManagerExportsOnlyTheirProvince) {
  IngestThreeOrders();
  ASSERT_EQ(CreateUser("zhejiang-rm", "region-password-1", "region_manager", {"province:330000"}), 0);
  HttpClient manager(port(), Login("zhejiang-rm", "region-password-1"));
  const HttpResponse exported = manager.Get("/api/v1/orders/export");
  ASSERT_EQ(exported.status, 200) << exported.body;
  const std::vector<std::string> rows = CsvRows(exported.body);
  ASSERT_EQ(rows.size(), 2u) << exported.body;
  for (const std::string& row : rows) EXPECT_THAT(row, HasSubstr(",浙江省,"));
  EXPECT_THAT(manager.Get("/api/v1/orders/export?province=%E5%B9%BF%E4%B8%9C%E7%9C%81").body, Not(HasSubstr("GD-1")));
}

TEST_F(ExportApiTest, XlsxIsAWorkbookAttachment) {
  IngestThreeOrders();
  const HttpResponse exported = client().Get("/api/v1/orders/export?format=xlsx");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(exported.Header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_THAT(exported.Header("content-disposition"), HasSubstr(".xlsx\""));
  EXPECT_THAT(exported.body, StartsWith("PK\x03\x04"));
  const rapidjson::Document audits = ExportAudits();
  ASSERT_EQ(audits["items"].Size(), 1u);
  EXPECT_EQ(Str(audits["items"][0]["detail"]["format"]), "xlsx");
}

TEST_F(ExportApiTest, SpreadsheetFormulasInOrderFieldsAreNeutralised) {
  std::string body = OrderJson("F-1");
  const std::string city = "杭州市";
  body.replace(body.find(city), city.size(), R"(=HYPERLINK(\"http://evil.example\",\"x\"))");
  const std::string district = "西湖区";
  body.replace(body.find(district), district.size(), "@SUM(1+1)");
  const HttpResponse created = client().Post("/api/v1/orders", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const HttpResponse exported = client().Get("/api/v1/orders/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_THAT(exported.body, HasSubstr(R"x(,"'=HYPERLINK(""http://evil.example"",""x"")",'@SUM(1+1),)x"));
}

// Clear export arrives with the unmask grants: until then `clear` is simply not a parameter.
TEST_F(ExportApiTest, ClearAndListOnlyParametersAre400NamingThem) {
  for (const char* parameter : {"clear", "cursor", "limit"}) {
    const HttpResponse refused = client().Get(std::string("/api/v1/orders/export?") + parameter + "=1");
    EXPECT_EQ(refused.status, 400) << parameter;
    EXPECT_EQ(FirstErrorCode(refused.body), std::string("unknown_parameter@") + parameter);
  }
  const HttpResponse bad_format = client().Get("/api/v1/orders/export?format=pdf");
  EXPECT_EQ(bad_format.status, 422);
  EXPECT_EQ(FirstErrorCode(bad_format.body), "enum@format");
  EXPECT_EQ(ExportAudits()["items"].Size(), 0u);
}

TEST_F(ExportApiTest, RolesWithoutOrdersExportAre403) {
  ASSERT_EQ(CreateUser("cs-agent", "service-password-1", "customer_service"), 0);
  HttpClient agent(port(), Login("cs-agent", "service-password-1"));
  const HttpResponse refused = agent.Get("/api/v1/orders/export");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(FirstErrorCode(refused.body), "missing_permission@permission");
  HttpClient anonymous(port());
  EXPECT_EQ(anonymous.Get("/api/v1/orders/export").status, 401);
}

TEST_F(ExportApiTest, MoreRowsThanTheCapIs422AskingToNarrowTheFilter) {
  server_args_ = {"--export-max-rows", "2"};
  RestartServer();
  IngestThreeOrders();
  const HttpResponse refused = client().Get("/api/v1/orders/export");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(FirstErrorCode(refused.body), "too_many_rows@");
  EXPECT_THAT(refused.body, HasSubstr("narrow the filter"));
  EXPECT_EQ(client().Get("/api/v1/orders/export?status=paid").status, 200);  // two rows: at the cap
  EXPECT_EQ(ExportAudits()["items"].Size(), 1u);
}

TEST_F(ExportApiTest, NoAuditRowNoFile) {
  IngestThreeOrders();
  const bool sqlite = database_.name.empty();
  const std::string refuse_audit =
      sqlite ? "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END;"
             : "CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$ "
               "LANGUAGE plpgsql; CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE "
               "FUNCTION refuse_audit();";
  ASSERT_EQ(ExecuteSql(refuse_audit), 0) << ReadFile(temp_dir_ + "/sql.log");
  const HttpResponse failed = client().Get("/api/v1/orders/export");
  EXPECT_GE(failed.status, 500) << failed.body;
  EXPECT_EQ(failed.Header("content-type"), "application/problem+json");
  EXPECT_THAT(failed.body, Not(HasSubstr("ZJ-1")));
  EXPECT_EQ(failed.Header("content-disposition"), "");
}

}  // namespace
}  // namespace ordo::api::testing
