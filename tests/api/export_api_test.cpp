// GET /api/v1/orders/export over HTTP: masked CSV and XLSX within the caller's scope, filters,
// refusals (unknown parameters, permission, too many rows), the audit row without which no file
// leaves, and clear exports (only the rows the exporter's own grants cover are in clear).
#include <gmock/gmock.h>

#include "api_fixture.hpp"
#include "core/time.hpp"
#include "security/encoding.hpp"
#include "security/totp.hpp"

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

std::size_t Occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

constexpr const char* kPhone = "13812345678";  // OrderSpec's default phone
constexpr const char* kPurpose = "courier cannot reach the buyer, confirm the number";

class ExportApiTest : public ApiTest {
 protected:
  std::int64_t Ingest(const std::string& external_id, const OrderSpec& spec = {}) {
    const HttpResponse created = client().Post("/api/v1/orders", OrderJson(external_id, spec));
    EXPECT_EQ(created.status, 201) << created.body;
    const rapidjson::Document doc = ParseBody(created.body);
    return doc.IsObject() && doc.HasMember("id") ? doc["id"].GetInt64() : -1;
  }
  // Enrols the admin's TOTP in the default session; activating counts as its step-up.
  void StepUpAdmin() {
    const rapidjson::Document enrolled = ParseBody(client().Post("/api/v1/me/totp/enroll", "").body);
    ASSERT_TRUE(enrolled.IsObject() && enrolled.HasMember("secret"));
    const std::optional<std::string> secret = security::FromBase32(Str(enrolled["secret"]));
    ASSERT_TRUE(secret.has_value());
    const core::Result<std::string> code =
        security::TotpCodeForStep(*secret, security::TotpStepAt(core::SystemClock().Now()));
    ASSERT_TRUE(code.has_value());
    ASSERT_EQ(client().Post("/api/v1/me/totp/activate", R"({"code":")" + *code + R"("})").status, 200);
  }
  // The admin asks to see `fields` of `subjects_json` and a region manager approves: the id.
  std::string GrantAdmin(const std::string& subjects_json, const std::string& fields_json = R"(["phone"])") {
    const HttpResponse requested = client().Post(
        "/api/v1/pii/unmask-requests",
        R"({"subjects":)" + subjects_json + R"(,"fields":)" + fields_json + R"(,"purpose":")" + kPurpose + R"("})");
    EXPECT_EQ(requested.status, 201) << requested.body;
    const rapidjson::Document request = ParseBody(requested.body);
    if (!request.IsObject() || !request.HasMember("id")) return {};
    const std::string id = Str(request["id"]);
    if (approver_ == nullptr) {
      EXPECT_EQ(CreateUser("rm-approver", "approver-password-1", "region_manager"), 0);
      approver_ = ClientWithToken(Login("rm-approver", "approver-password-1"));
    }
    EXPECT_EQ(approver_->Post("/api/v1/pii/unmask-requests/" + id + ":approve", "{}").status, 200);
    return id;
  }
  static std::string OrderSubject(std::int64_t order_id) {
    return R"([{"kind":"order","id":")" + std::to_string(order_id) + R"("}])";
  }

  std::unique_ptr<HttpClient> approver_;

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

TEST_F(ExportApiTest, CursorAndLimitAre400NamingThem) {
  for (const char* parameter : {"cursor", "limit"}) {
    const HttpResponse refused = client().Get(std::string("/api/v1/orders/export?") + parameter + "=1");
    EXPECT_EQ(refused.status, 400) << parameter;
    EXPECT_EQ(FirstErrorCode(refused.body), std::string("unknown_parameter@") + parameter);
  }
  const HttpResponse bad_format = client().Get("/api/v1/orders/export?format=pdf");
  EXPECT_EQ(bad_format.status, 422);
  EXPECT_EQ(FirstErrorCode(bad_format.body), "enum@format");
  const HttpResponse bad_clear = client().Get("/api/v1/orders/export?clear=phone,ssn");
  EXPECT_EQ(bad_clear.status, 422);
  EXPECT_EQ(FirstErrorCode(bad_clear.body), "unknown_field@clear");
  EXPECT_EQ(FirstErrorCode(client().Get("/api/v1/orders/export?clear=email").body), "not_exported@clear");
  EXPECT_EQ(ExportAudits()["items"].Size(), 0u);
}

TEST_F(ExportApiTest, ClearExportShowsThePhoneOnlyOfTheOrderTheGrantCovers) {
  const std::int64_t covered = Ingest("ZJ-1");
  OrderSpec same_phone;  // same customer, same phone: only the grant's order is cleared
  Ingest("ZJ-2", same_phone);
  OrderSpec guangdong;
  guangdong.province = "广东省";
  guangdong.phone = "+8613912345678";
  Ingest("GD-1", guangdong);
  const std::string grant = GrantAdmin(OrderSubject(covered));
  StepUpAdmin();

  const HttpResponse exported = client().Get("/api/v1/orders/export?format=csv&clear=phone");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(exported.Header("ordo-export-rows"), "3");
  EXPECT_EQ(exported.Header("ordo-export-clear-rows"), "1");
  const std::vector<std::string> rows = CsvRows(exported.body);
  ASSERT_EQ(rows.size(), 3u) << exported.body;
  EXPECT_THAT(rows[0], HasSubstr(",GD-1,"));
  EXPECT_THAT(rows[0], HasSubstr(",张*,139****5678,"));
  EXPECT_THAT(rows[1], HasSubstr(",ZJ-2,"));
  EXPECT_THAT(rows[1], HasSubstr(",张*,138****5678,"));
  EXPECT_THAT(rows[2], HasSubstr(",ZJ-1,"));
  EXPECT_THAT(rows[2], HasSubstr(std::string(",张*,") + kPhone + ",浙江省,"));  // name not asked: masked
  EXPECT_EQ(Occurrences(exported.body, kPhone), 1u);
  EXPECT_THAT(exported.body, Not(HasSubstr("13912345678")));

  const rapidjson::Document audits = ExportAudits();
  ASSERT_EQ(audits["items"].Size(), 1u);
  const auto& detail = audits["items"][0]["detail"];
  EXPECT_EQ(detail["rows"].GetInt64(), 3);
  EXPECT_FALSE(detail["masked"].GetBool());
  ASSERT_EQ(detail["clear"]["fields"].Size(), 1u);
  EXPECT_EQ(Str(detail["clear"]["fields"][0]), "phone");
  EXPECT_EQ(detail["clear"]["rows"].GetInt64(), 1);
  ASSERT_EQ(detail["clear"]["grants"].Size(), 1u);
  EXPECT_EQ(Str(detail["clear"]["grants"][0]["request_id"]), grant);
  EXPECT_EQ(Str(detail["clear"]["grants"][0]["purpose"]), kPurpose);
  EXPECT_EQ(detail["clear"]["grants"][0]["rows"].GetInt64(), 1);
  // Neither number, clear or masked, anywhere in the audit log.
  const std::string whole_log = client().Get("/api/v1/audit?limit=1000").body;
  EXPECT_THAT(whole_log, HasSubstr("pii.unmask_approve"));
  EXPECT_THAT(whole_log, Not(HasSubstr("12345678")));
  EXPECT_THAT(whole_log, Not(HasSubstr("****")));
}

TEST_F(ExportApiTest, CustomerGrantClearsEveryOrderOfThatCustomerOnly) {
  OrderSpec other_customer;
  other_customer.customer_ref = "cust-2";
  Ingest("C1-A");
  Ingest("C2-A", other_customer);
  Ingest("C1-B");
  GrantAdmin(R"([{"kind":"customer","id":"cust-1"}])", R"(["name","street"])");
  StepUpAdmin();
  const HttpResponse exported = client().Get("/api/v1/orders/export?clear=name,street,phone");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(exported.Header("ordo-export-clear-rows"), "2");
  const std::vector<std::string> rows = CsvRows(exported.body);
  ASSERT_EQ(rows.size(), 3u) << exported.body;
  for (const std::size_t row_idx : {0u, 2u}) {
    EXPECT_THAT(rows[row_idx], HasSubstr(",cust-1,张三,138****5678,"));  // phone not granted
    EXPECT_THAT(rows[row_idx], HasSubstr(",文三路 100 号 5 幢 301,CNY,"));
  }
  EXPECT_THAT(rows[1], HasSubstr(",cust-2,张*,138****5678,"));
  EXPECT_THAT(rows[1], HasSubstr(",****,CNY,"));
  const rapidjson::Document audits = ExportAudits();
  ASSERT_EQ(audits["items"].Size(), 1u);
  const auto& grants = audits["items"][0]["detail"]["clear"]["grants"];
  ASSERT_EQ(grants.Size(), 1u);
  ASSERT_EQ(grants[0]["fields"].Size(), 2u);
  EXPECT_EQ(Str(grants[0]["fields"][0]), "name");
  EXPECT_EQ(Str(grants[0]["fields"][1]), "street");
  EXPECT_EQ(grants[0]["rows"].GetInt64(), 2);
}

TEST_F(ExportApiTest, ClearExportWithoutAGrantKeepsEveryRowMasked) {
  IngestThreeOrders();
  StepUpAdmin();
  const HttpResponse exported = client().Get("/api/v1/orders/export?clear=phone,name");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(exported.Header("ordo-export-clear-rows"), "0");
  EXPECT_EQ(CsvRows(exported.body).size(), 3u);
  EXPECT_THAT(exported.body, Not(HasSubstr(kPhone)));
  EXPECT_THAT(exported.body, Not(HasSubstr("13912345678")));
  EXPECT_THAT(exported.body, Not(HasSubstr("张三")));
  const rapidjson::Document audits = ExportAudits();
  ASSERT_EQ(audits["items"].Size(), 1u);
  const auto& detail = audits["items"][0]["detail"];
  EXPECT_TRUE(detail["masked"].GetBool());
  EXPECT_EQ(detail["clear"]["rows"].GetInt64(), 0);
  EXPECT_EQ(detail["clear"]["grants"].Size(), 0u);
}

TEST_F(ExportApiTest, ClearExportWithoutAStepUpIs403AndAuditedAsRefused) {
  IngestThreeOrders();
  GrantAdmin(R"([{"kind":"customer","id":"cust-1"}])");
  const HttpResponse refused = client().Get("/api/v1/orders/export?clear=phone");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(FirstErrorCode(refused.body), "step_up_required@permission");
  EXPECT_EQ(Str(ParseBody(refused.body)["detail"]), "step_up_required");
  EXPECT_THAT(refused.body, Not(HasSubstr(kPhone)));
  EXPECT_EQ(refused.Header("content-disposition"), "");
  EXPECT_EQ(ExportAudits()["items"].Size(), 0u);

  const rapidjson::Document audit = ParseBody(client().Get("/api/v1/audit?action=pii.view_clear_refused").body);
  ASSERT_EQ(audit["items"].Size(), 1u);
  const auto& entry = audit["items"][0];
  EXPECT_EQ(Str(entry["actor_id"]), "admin");
  EXPECT_EQ(Str(entry["subject"]), "orders");
  EXPECT_EQ(Str(entry["detail"]["reason"]), "step_up_required");
  ASSERT_EQ(entry["detail"]["fields"].Size(), 1u);
  EXPECT_EQ(Str(entry["detail"]["fields"][0]), "phone");
  EXPECT_EQ(Str(entry["detail"]["refused"][0]["field"]), "permission");
}

// Only admin holds orders.export.clear among the built-in roles: an operator has orders.export
// and pii.read.clear, but exports masked only.
TEST_F(ExportApiTest, ClearExportWithoutOrdersExportClearIs403) {
  IngestThreeOrders();
  ASSERT_EQ(CreateUser("operator-1", "operator-password-1", "operator"), 0);
  HttpClient operator_client(port(), Login("operator-1", "operator-password-1"));
  const HttpResponse refused = operator_client.Get("/api/v1/orders/export?clear=phone");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(FirstErrorCode(refused.body), "missing_permission@permission");
  EXPECT_THAT(refused.body, HasSubstr("orders.export.clear"));
  EXPECT_EQ(operator_client.Get("/api/v1/orders/export").status, 200);  // masked still works
  const rapidjson::Document audit = ParseBody(client().Get("/api/v1/audit?action=pii.view_clear_refused").body);
  ASSERT_EQ(audit["items"].Size(), 1u);
  EXPECT_EQ(Str(audit["items"][0]["actor_id"]), "operator-1");
  EXPECT_EQ(Str(audit["items"][0]["detail"]["reason"]), "missing_permission");
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
