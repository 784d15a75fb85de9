// The approved-unmasking flow over HTTP: request → another user approves or denies → the
// requester reads clear values with a fresh TOTP step-up → each clear view is audited, without
// the values. Also the refusals (each refused clear read audited too): self-approval, denial,
// expiry, an approver outside their scope, and bad bodies.
#include <gmock/gmock.h>

#include <filesystem>

#include "api_fixture.hpp"
#include "core/time.hpp"
#include "security/encoding.hpp"
#include "security/totp.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kRequests = "/api/v1/pii/unmask-requests";
constexpr const char* kPhone = "13812345678";  // OrderSpec's default phone
constexpr const char* kPurpose = "courier cannot reach the buyer, confirm the number";

std::string Str(const rapidjson::Value& value) { return {value.GetString(), value.GetStringLength()}; }

std::string FirstErrorCode(const std::string& body) {
  const rapidjson::Document doc = ParseBody(body);
  if (!doc.IsObject() || !doc.HasMember("errors") || doc["errors"].Empty()) return {};
  return Str(doc["errors"][0]["code"]);
}

// Whether the problem body lists an error on `field` with `code`.
bool HasError(const std::string& body, const std::string& field, const std::string& code) {
  const rapidjson::Document doc = ParseBody(body);
  if (!doc.IsObject() || !doc.HasMember("errors")) return false;
  for (const auto& error : doc["errors"].GetArray()) {
    if (Str(error["field"]) == field && Str(error["code"]) == code) return true;
  }
  return false;
}

std::string TotpCode(const std::string& secret_base32, std::int64_t step) {
  const std::optional<std::string> raw = security::FromBase32(secret_base32);
  if (!raw) return {};
  core::Result<std::string> code = security::TotpCodeForStep(*raw, step);
  return code ? *code : std::string();
}

std::string RequestBody(const std::string& subjects_json, const std::string& fields_json = R"(["phone"])") {
  return R"({"subjects":)" + subjects_json + R"(,"fields":)" + fields_json + R"(,"purpose":")" + kPurpose + R"("})";
}

std::string OrderSubject(std::int64_t order_id) {
  return R"([{"kind":"order","id":")" + std::to_string(order_id) + R"("}])";
}

class UnmaskApiTest : public ApiTest {
 protected:
  std::int64_t CreateOrder(const std::string& external_id, const std::string& province = "浙江省") {
    OrderSpec spec;
    spec.province = province;
    const HttpResponse created = client().Post("/api/v1/orders", OrderJson(external_id, spec));
    EXPECT_EQ(created.status, 201) << created.body;
    const rapidjson::Document doc = ParseBody(created.body);
    return doc.IsObject() && doc.HasMember("id") ? doc["id"].GetInt64() : -1;
  }

  static std::string PasswordOf(const std::string& username) { return username + "-password-1"; }

  // A new user of `role`, signed in (a session without a step-up).
  std::unique_ptr<HttpClient> SignIn(const std::string& username, const std::string& role,
                                     const std::vector<std::string>& scopes = {}) {
    EXPECT_EQ(CreateUser(username, PasswordOf(username), role, scopes), 0);
    return ClientWithToken(Login(username, PasswordOf(username)));
  }

  // Enrols TOTP for `username` in a session of its own (activating counts as a step-up for that
  // session only); returns the secret and the step its activation code used.
  std::pair<std::string, std::int64_t> EnableTotpElsewhere(const std::string& username) {
    auto setup = ClientWithToken(Login(username, PasswordOf(username)));
    const rapidjson::Document enrolled = ParseBody(setup->Post("/api/v1/me/totp/enroll", "").body);
    EXPECT_TRUE(enrolled.IsObject() && enrolled.HasMember("secret"));
    if (!enrolled.IsObject() || !enrolled.HasMember("secret")) return {};
    const std::string secret = Str(enrolled["secret"]);
    const std::int64_t step = security::TotpStepAt(core::SystemClock().Now());
    EXPECT_EQ(setup->Post("/api/v1/me/totp/activate", R"({"code":")" + TotpCode(secret, step) + R"("})").status, 200);
    return {secret, step};
  }

  // POSTs a request; its id ("" with a test failure when refused).
  std::string Request(HttpClient& requester, const std::string& body) {
    const HttpResponse created = requester.Post(kRequests, body);
    EXPECT_EQ(created.status, 201) << created.body;
    const rapidjson::Document doc = ParseBody(created.body);
    return doc.IsObject() && doc.HasMember("id") ? Str(doc["id"]) : std::string();
  }

  HttpResponse Approve(HttpClient& approver, const std::string& id, const std::string& body = "{}") {
    return approver.Post(std::string(kRequests) + "/" + id + ":approve", body);
  }

  std::string StatusOf(HttpClient& caller, const std::string& id) {
    const rapidjson::Document doc = ParseBody(caller.Get(std::string(kRequests) + "/" + id).body);
    return doc.IsObject() && doc.HasMember("status") ? Str(doc["status"]) : std::string();
  }

  std::string ClearPath(std::int64_t order_id, const std::string& fields = "phone") {
    return "/api/v1/orders/" + std::to_string(order_id) + "?clear=" + fields;
  }
};

// Entry normalisation keeps the values it replaced; the personal ones are as personal as the
// fields: clear exactly where the grant makes their field clear.
TEST_F(UnmaskApiTest, TheOriginalsOfNormalisedFieldsAreClearOnlyWhereTheirFieldIs) {
  OrderSpec spec;
  spec.phone = "+86 138-1234-5678";
  spec.province = "浙江";
  const std::string name_with_blanks = " 张三 ";
  std::string body = OrderJson("UM-ORIG", spec);
  body.replace(body.find("\"张三\""), 8, "\"" + name_with_blanks + "\"");
  const HttpResponse created = client().Post("/api/v1/orders", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::int64_t order_id = ParseBody(created.body)["id"].GetInt64();
  auto agent = SignIn("cs-orig", "customer_service");
  auto approver = SignIn("rm-orig", "region_manager");
  const auto [secret, activation_step] = EnableTotpElsewhere("cs-orig");
  const std::string id = Request(*agent, RequestBody(OrderSubject(order_id)));
  ASSERT_EQ(Approve(*approver, id).status, 200);
  ASSERT_EQ(agent->Post("/api/v1/auth/step-up", R"({"code":")" + TotpCode(secret, activation_step + 1) + R"("})").status,
            200);
  const HttpResponse clear = agent->Get(ClearPath(order_id));
  ASSERT_EQ(clear.status, 200) << clear.body;
  const rapidjson::Document order = ParseBody(clear.body);
  EXPECT_EQ(Str(order["shipping_address"]["phone"]), "13812345678");
  EXPECT_EQ(Str(order["original_fields"]["shipping_address.phone"]), "+86 138-1234-5678");
  EXPECT_EQ(Str(order["original_fields"]["shipping_address.name"]), " 张* ");  // name not granted: masked
  EXPECT_EQ(Str(order["original_fields"]["shipping_address.province"]), "浙江");
}

TEST_F(UnmaskApiTest, ApprovedRequestShowsTheClearPhoneAfterAStepUpAndAuditsTheViewWithoutIt) {
  const std::int64_t order_id = CreateOrder("UM-1");
  auto agent = SignIn("cs-agent", "customer_service");
  auto approver = SignIn("rm-approver", "region_manager");
  const auto [secret, activation_step] = EnableTotpElsewhere("cs-agent");

  const HttpResponse created = agent->Post(kRequests, RequestBody(OrderSubject(order_id)));
  ASSERT_EQ(created.status, 201) << created.body;
  const rapidjson::Document request = ParseBody(created.body);
  const std::string id = Str(request["id"]);
  EXPECT_THAT(id, ::testing::StartsWith("umr_"));
  EXPECT_EQ(created.Header("location"), std::string(kRequests) + "/" + id);
  EXPECT_EQ(Str(request["status"]), "pending");
  EXPECT_EQ(request["grant_minutes"].GetInt(), 30);

  // The approver's inbox holds it; the approval makes a 30-minute grant.
  EXPECT_THAT(approver->Get(std::string(kRequests) + "?status=pending").body, HasSubstr(id));
  const HttpResponse approved = Approve(*approver, id, R"({"note":"ok for this delivery"})");
  ASSERT_EQ(approved.status, 200) << approved.body;
  const rapidjson::Document decision = ParseBody(approved.body);
  EXPECT_EQ(Str(decision["status"]), "approved");
  EXPECT_TRUE(decision["expires_at"].IsString());

  // Granted, but this session has not stepped up: refused, with the reason, nothing revealed.
  const HttpResponse before = agent->Get(ClearPath(order_id));
  EXPECT_EQ(before.status, 403);
  EXPECT_EQ(FirstErrorCode(before.body), "step_up_required");
  EXPECT_THAT(before.body, Not(HasSubstr(kPhone)));
  EXPECT_EQ(agent->Get("/api/v1/orders/" + std::to_string(order_id)).status, 200);  // masked view still works

  ASSERT_EQ(agent->Post("/api/v1/auth/step-up", R"({"code":")" + TotpCode(secret, activation_step + 1) + R"("})").status,
            200);
  const HttpResponse clear = agent->Get(ClearPath(order_id));
  ASSERT_EQ(clear.status, 200) << clear.body;
  const rapidjson::Document order = ParseBody(clear.body);
  EXPECT_EQ(Str(order["shipping_address"]["phone"]), kPhone);
  EXPECT_EQ(Str(order["shipping_address"]["name"]), "张*");  // not granted: still masked
  EXPECT_EQ(clear.Header("ordo-clear-fields"), "phone");
  // All or nothing: asking for a field the grant lacks reveals nothing.
  const HttpResponse wider = agent->Get(ClearPath(order_id, "phone,name"));
  EXPECT_EQ(wider.status, 403);
  EXPECT_TRUE(HasError(wider.body, "clear/name", "no_grant")) << wider.body;
  EXPECT_THAT(wider.body, Not(HasSubstr(kPhone)));

  const HttpResponse audit = client().Get("/api/v1/audit?action=pii.view_clear");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const rapidjson::Document entries = ParseBody(audit.body);
  ASSERT_EQ(entries["items"].Size(), 1u) << audit.body;
  const auto& entry = entries["items"][0];
  EXPECT_EQ(Str(entry["actor_id"]), "cs-agent");
  EXPECT_EQ(Str(entry["ip"]), "127.0.0.1");
  EXPECT_EQ(Str(entry["subject"]), "order:" + std::to_string(order_id));
  const auto& detail = entry["detail"];
  ASSERT_EQ(detail["fields"].Size(), 1u);
  EXPECT_EQ(Str(detail["fields"][0]), "phone");
  ASSERT_EQ(detail["grants"].Size(), 1u);
  EXPECT_EQ(Str(detail["grants"][0]["request_id"]), id);
  EXPECT_EQ(Str(detail["grants"][0]["purpose"]), kPurpose);
  // The number itself is nowhere in the audit log, nor in the server's output.
  const HttpResponse whole_log = client().Get("/api/v1/audit?limit=1000");
  EXPECT_THAT(whole_log.body, HasSubstr("pii.unmask_approve"));
  EXPECT_THAT(whole_log.body, Not(HasSubstr(kPhone)));
  for (const auto& file : std::filesystem::directory_iterator(temp_dir_)) {
    if (file.path().filename().string().starts_with("server-")) {
      EXPECT_THAT(ReadFile(file.path().string()), Not(HasSubstr(kPhone)));
    }
  }
}

TEST_F(UnmaskApiTest, NobodyApprovesTheirOwnRequest) {
  const std::int64_t order_id = CreateOrder("UM-SELF");
  auto manager = SignIn("rm-self", "region_manager");  // may both request and approve
  const std::string id = Request(*manager, RequestBody(OrderSubject(order_id)));
  const HttpResponse refused = Approve(*manager, id);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(Str(ParseBody(refused.body)["detail"]), "self_approval");
  EXPECT_EQ(manager->Post(std::string(kRequests) + "/" + id + ":deny", "").status, 403);
  EXPECT_EQ(StatusOf(*manager, id), "pending");
}

TEST_F(UnmaskApiTest, DeniedRequestGrantsNothingAndCannotBeApprovedAfterwards) {
  const std::int64_t order_id = CreateOrder("UM-DENY");
  auto agent = SignIn("cs-denied", "customer_service");
  auto approver = SignIn("rm-denier", "region_manager");
  const std::string id = Request(*agent, RequestBody(OrderSubject(order_id)));
  const HttpResponse denied =
      approver->Post(std::string(kRequests) + "/" + id + ":deny", R"({"note":"use the platform's virtual number"})");
  ASSERT_EQ(denied.status, 200) << denied.body;
  EXPECT_EQ(Str(ParseBody(denied.body)["status"]), "denied");
  EXPECT_EQ(Approve(*approver, id).status, 409);
  EXPECT_THAT(agent->Get(std::string(kRequests) + "?status=denied").body, HasSubstr(id));

  const auto [secret, step] = EnableTotpElsewhere("cs-denied");
  ASSERT_EQ(agent->Post("/api/v1/auth/step-up", R"({"code":")" + TotpCode(secret, step + 1) + R"("})").status, 200);
  const HttpResponse refused = agent->Get(ClearPath(order_id));
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(FirstErrorCode(refused.body), "no_grant");
}

// `ordo serve` runs on the system clock, so expiry is simulated by moving the stored expires_at
// into the past (the grant lasts at least 5 minutes; the test does not wait for it).
TEST_F(UnmaskApiTest, ExpiredGrantClearsNothingAndTheRefusalSaysGrantExpired) {
  const std::int64_t order_id = CreateOrder("UM-EXP");
  auto agent = SignIn("cs-expired", "customer_service");
  auto approver = SignIn("rm-expiry", "region_manager");
  const std::string id = Request(*agent, R"({"subjects":)" + OrderSubject(order_id) +
                                             R"(,"fields":["phone"],"purpose":")" + kPurpose + R"(","grant_minutes":5})");
  ASSERT_EQ(Approve(*approver, id).status, 200);
  const auto [secret, step] = EnableTotpElsewhere("cs-expired");
  ASSERT_EQ(agent->Post("/api/v1/auth/step-up", R"({"code":")" + TotpCode(secret, step + 1) + R"("})").status, 200);
  ASSERT_EQ(agent->Get(ClearPath(order_id)).status, 200);

  const std::int64_t past = core::SystemClock().Now() - 1000;
  ASSERT_EQ(ExecuteSql("UPDATE unmask_requests SET expires_at = " + std::to_string(past) + " WHERE id = '" + id + "'"),
            0)
      << ReadFile(temp_dir_ + "/sql.log");
  EXPECT_EQ(StatusOf(*agent, id), "expired");
  EXPECT_THAT(agent->Get(std::string(kRequests) + "?status=expired").body, HasSubstr(id));
  const HttpResponse refused = agent->Get(ClearPath(order_id));
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(FirstErrorCode(refused.body), "grant_expired");
  EXPECT_EQ(Str(ParseBody(refused.body)["detail"]), "grant_expired");
  EXPECT_THAT(refused.body, Not(HasSubstr(kPhone)));

  // A grant that ran out more than a day ago is forgotten: no grant at all.
  const std::int64_t long_ago = core::SystemClock().Now() - 25LL * 60 * 60 * 1000;
  ASSERT_EQ(
      ExecuteSql("UPDATE unmask_requests SET expires_at = " + std::to_string(long_ago) + " WHERE id = '" + id + "'"), 0)
      << ReadFile(temp_dir_ + "/sql.log");
  EXPECT_EQ(FirstErrorCode(agent->Get(ClearPath(order_id)).body), "no_grant");
}

TEST_F(UnmaskApiTest, RefusedClearReadsAreAuditedWithReasonAndFieldsButNoValue) {
  const std::int64_t order_id = CreateOrder("UM-REFUSED");
  auto agent = SignIn("cs-refused", "customer_service");
  auto approver = SignIn("rm-refused", "region_manager");
  ASSERT_EQ(Approve(*approver, Request(*agent, RequestBody(OrderSubject(order_id)))).status, 200);

  EXPECT_EQ(agent->Get(ClearPath(order_id)).status, 403);  // no step-up yet
  const auto [secret, step] = EnableTotpElsewhere("cs-refused");
  ASSERT_EQ(agent->Post("/api/v1/auth/step-up", R"({"code":")" + TotpCode(secret, step + 1) + R"("})").status, 200);
  EXPECT_EQ(agent->Get(ClearPath(order_id, "phone,name")).status, 403);  // name not granted
  EXPECT_EQ(agent->Get(ClearPath(order_id)).status, 200);

  const HttpResponse audit = client().Get("/api/v1/audit?action=pii.view_clear_refused");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const rapidjson::Document entries = ParseBody(audit.body);
  ASSERT_EQ(entries["items"].Size(), 2u) << audit.body;
  const auto& no_step_up = entries["items"][0];
  EXPECT_EQ(Str(no_step_up["actor_id"]), "cs-refused");
  EXPECT_EQ(Str(no_step_up["ip"]), "127.0.0.1");
  EXPECT_EQ(Str(no_step_up["subject"]), "order:" + std::to_string(order_id));
  EXPECT_EQ(Str(no_step_up["detail"]["reason"]), "step_up_required");
  ASSERT_EQ(no_step_up["detail"]["fields"].Size(), 1u);
  EXPECT_EQ(Str(no_step_up["detail"]["fields"][0]), "phone");
  const auto& wider = entries["items"][1]["detail"];
  EXPECT_EQ(Str(wider["reason"]), "no_grant");
  ASSERT_EQ(wider["fields"].Size(), 2u);
  EXPECT_EQ(Str(wider["fields"][0]), "name");
  EXPECT_EQ(Str(wider["fields"][1]), "phone");
  ASSERT_EQ(wider["refused"].Size(), 1u);  // phone was covered: only name was refused
  EXPECT_EQ(Str(wider["refused"][0]["field"]), "clear/name");
  EXPECT_EQ(Str(wider["refused"][0]["code"]), "no_grant");
  EXPECT_THAT(audit.body, Not(HasSubstr(kPhone)));
  EXPECT_THAT(audit.body, Not(HasSubstr("张")));
  EXPECT_EQ(ParseBody(client().Get("/api/v1/audit?action=pii.view_clear").body)["items"].Size(), 1u);
}

TEST_F(UnmaskApiTest, ScopedApproverDecidesOnlyOrdersInTheirProvinces) {
  const std::int64_t guangdong = CreateOrder("UM-GD", "广东省");
  const std::int64_t zhejiang = CreateOrder("UM-ZJ", "浙江省");
  auto agent = SignIn("cs-scoped", "customer_service");
  auto zj_manager = SignIn("rm-zhejiang", "region_manager", {"province:浙江省"});

  const std::string outside = Request(*agent, RequestBody(OrderSubject(guangdong)));
  const HttpResponse hidden = Approve(*zj_manager, outside);
  EXPECT_EQ(hidden.status, 404) << hidden.body;
  EXPECT_EQ(StatusOf(*agent, outside), "pending");
  // A missing order answers the same, so the 404 does not tell the order exists.
  const std::string missing = Request(*agent, RequestBody(OrderSubject(999'999)));
  EXPECT_EQ(Str(ParseBody(Approve(*zj_manager, missing).body)["detail"]), Str(ParseBody(hidden.body)["detail"]));

  const std::string customer = Request(*agent, RequestBody(R"([{"kind":"customer","id":"cust-1"}])"));
  const HttpResponse needs_unrestricted = Approve(*zj_manager, customer);
  EXPECT_EQ(needs_unrestricted.status, 403);
  EXPECT_EQ(FirstErrorCode(needs_unrestricted.body), "customer_subject_needs_unrestricted_approver");

  const std::string inside = Request(*agent, RequestBody(OrderSubject(zhejiang)));
  EXPECT_EQ(Approve(*zj_manager, inside).status, 200);
}

TEST_F(UnmaskApiTest, BadBodiesGetAProblemNamingTheFieldAndWriteNothing) {
  auto agent = SignIn("cs-bad", "customer_service");
  struct Case {
    std::string body;
    int status;
    std::string field;
    std::string code;
  };
  const std::string order = OrderSubject(1);
  const std::vector<Case> cases = {
      {"not json", 400, "", ""},
      {"[]", 422, "", "type"},
      {"{}", 422, "subjects", "required"},
      {"{}", 422, "purpose", "required"},
      {RequestBody("[]"), 422, "subjects", "empty"},
      {RequestBody(R"([{"kind":"shop","id":"1"}])"), 422, "subjects/0/kind", "unknown_kind"},
      {RequestBody(R"([{"kind":"order","id":"abc"}])"), 422, "subjects/0/id", "format"},
      {RequestBody(R"([{"kind":"order","id":""}])"), 422, "subjects/0", "empty_id"},
      {RequestBody(order, R"(["phone","ssn"])"), 422, "fields", "unknown_field"},
      {RequestBody(order, R"(["phone","phone"])"), 422, "fields", "duplicate_field"},
      {R"({"subjects":)" + order + R"(,"fields":["phone"],"purpose":"short"})", 422, "purpose", "too_short"},
      {R"({"subjects":)" + order + R"(,"fields":["phone"],"purpose":")" + kPurpose + R"(","grant_minutes":1000})", 422,
       "grant_minutes", "out_of_range"},
      {R"({"subjects":)" + order + R"(,"fields":["phone"],"purpose":")" + kPurpose + R"(","colour":"red"})", 422,
       "colour", "unknown_field"},
  };
  for (const Case& bad : cases) {
    SCOPED_TRACE(bad.body);
    const HttpResponse response = agent->Post(kRequests, bad.body);
    EXPECT_EQ(response.status, bad.status) << response.body;
    EXPECT_EQ(response.Header("content-type"), "application/problem+json");
    if (!bad.code.empty()) {
      EXPECT_TRUE(HasError(response.body, bad.field, bad.code)) << response.body;
    }
  }
  EXPECT_EQ(ParseBody(agent->Get(kRequests).body)["items"].Size(), 0u);
  EXPECT_EQ(ParseBody(client().Get("/api/v1/audit?action=pii.unmask_request").body)["items"].Size(), 0u);

  // The decision body and the clear parameter are checked the same way.
  auto approver = SignIn("rm-bad", "region_manager");
  const std::string id = Request(*agent, RequestBody(order));
  const HttpResponse bad_note = Approve(*approver, id, R"({"note":5})");
  EXPECT_EQ(bad_note.status, 422);
  EXPECT_TRUE(HasError(bad_note.body, "note", "type")) << bad_note.body;
  EXPECT_EQ(StatusOf(*agent, id), "pending");
  const HttpResponse bad_clear = agent->Get(ClearPath(CreateOrder("UM-BAD"), "phone,ssn"));
  EXPECT_EQ(bad_clear.status, 422);
  EXPECT_TRUE(HasError(bad_clear.body, "clear", "unknown_field")) << bad_clear.body;
  EXPECT_EQ(agent->Get(std::string(kRequests) + "/umr_doesnotexist0000").status, 404);
  EXPECT_EQ(agent->Get(std::string(kRequests) + "?status=maybe").status, 422);
}

TEST_F(UnmaskApiTest, OthersSeeNeitherTheRequestNorItsGrant) {
  const std::int64_t order_id = CreateOrder("UM-OWN");
  auto agent = SignIn("cs-owner", "customer_service");
  auto colleague = SignIn("cs-colleague", "customer_service");
  auto approver = SignIn("rm-own", "region_manager");
  const std::string id = Request(*agent, RequestBody(OrderSubject(order_id)));
  ASSERT_EQ(Approve(*approver, id).status, 200);
  EXPECT_EQ(colleague->Get(std::string(kRequests) + "/" + id).status, 404);
  EXPECT_THAT(colleague->Get(kRequests).body, Not(HasSubstr(id)));
  // The grant is the requester's: a stepped-up colleague still gets nothing.
  const auto [secret, step] = EnableTotpElsewhere("cs-colleague");
  ASSERT_EQ(colleague->Post("/api/v1/auth/step-up", R"({"code":")" + TotpCode(secret, step + 1) + R"("})").status, 200);
  EXPECT_EQ(FirstErrorCode(colleague->Get(ClearPath(order_id)).body), "no_grant");
}

}  // namespace
}  // namespace ordo::api::testing
