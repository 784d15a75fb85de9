// Authentication, authorization, scopes, TOTP step-up, API keys and the audit log, over HTTP.
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

std::string Str(const rapidjson::Value& value) { return {value.GetString(), value.GetStringLength()}; }

std::int64_t IdOf(const std::string& body) {
  const rapidjson::Document doc = ParseBody(body);
  return doc.IsObject() && doc.HasMember("id") && doc["id"].IsInt64() ? doc["id"].GetInt64() : -1;
}

// The first error's code of a problem body, "" when none.
std::string FirstErrorCode(const std::string& body) {
  const rapidjson::Document doc = ParseBody(body);
  if (!doc.IsObject() || !doc.HasMember("errors") || doc["errors"].Empty()) return {};
  return Str(doc["errors"][0]["code"]);
}

std::string TotpCode(const std::string& secret_base32, std::int64_t step) {
  const std::optional<std::string> raw = security::FromBase32(secret_base32);
  if (!raw) return {};
  core::Result<std::string> code = security::TotpCodeForStep(*raw, step);
  return code ? *code : std::string();
}

std::int64_t StepNow() { return security::TotpStepAt(core::SystemClock().Now()); }

std::string Credentials(const std::string& username, const std::string& password) {
  return R"({"username":")" + username + R"(","password":")" + password + R"("})";
}

// Enrols and activates TOTP for the client's user; returns the secret (the activation is a step-up).
std::string EnableTotp(HttpClient& client, std::int64_t step) {
  const HttpResponse enrolled = client.Post("/api/v1/me/totp/enroll", "");
  EXPECT_EQ(enrolled.status, 200) << enrolled.body;
  const rapidjson::Document doc = ParseBody(enrolled.body);
  if (!doc.IsObject() || !doc.HasMember("secret")) return {};
  const std::string secret = Str(doc["secret"]);
  EXPECT_THAT(Str(doc["otpauth_uri"]), HasSubstr("otpauth://totp/Ordo:"));
  const HttpResponse qr = client.Get("/api/v1/me/totp/qr.png");
  EXPECT_EQ(qr.status, 200);
  EXPECT_EQ(qr.Header("content-type"), "image/png");
  EXPECT_EQ(qr.body.substr(1, 3), "PNG");
  const HttpResponse activated =
      client.Post("/api/v1/me/totp/activate", R"({"code":")" + TotpCode(secret, step) + R"("})");
  EXPECT_EQ(activated.status, 200) << activated.body;
  return secret;
}

TEST_F(ApiTest, NoCredentialsIs401WithBearerChallenge) {
  HttpClient anonymous(port());
  for (const std::string target : {"/api/v1/orders", "/api/v1/me", "/metrics", "/api/v1/audit", "/api/v1/webhooks"}) {
    SCOPED_TRACE(target);
    const HttpResponse response = anonymous.Get(target);
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(response.Header("www-authenticate"), "Bearer");
    EXPECT_EQ(response.Header("content-type"), "application/problem+json");
  }
  EXPECT_EQ(anonymous.Post("/api/v1/orders", OrderJson("ANON-1")).status, 401);
  EXPECT_EQ(anonymous.Get("/healthz").status, 200);
  EXPECT_EQ(anonymous.Get("/readyz").status, 200);
  EXPECT_EQ(anonymous.Get("/api/v1/openapi.json").status, 200);
  EXPECT_EQ(CountOrders(), 0u);  // the refused POST wrote nothing
}

TEST_F(ApiTest, UnknownExpiredOrMalformedCredentialsAre401) {
  for (const std::string header :
       {"Bearer ses_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Bearer ok_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "Bearer nonsense", "Basic YWRtaW46YWRtaW4=", "Bearer "}) {
    SCOPED_TRACE(header);
    HttpClient anonymous(port());
    const HttpResponse response = anonymous.Send("GET", "/api/v1/orders", "", {{"Authorization", header}});
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(response.Header("www-authenticate"), "Bearer");
  }
}

TEST_F(ApiTest, EveryResponseCarriesSecurityHeaders) {
  HttpClient anonymous(port());
  for (const HttpResponse& response : {client().Get("/api/v1/orders"), anonymous.Get("/healthz"),
                                       anonymous.Get("/api/v1/orders"), client().Get("/api/v1/nothing")}) {
    EXPECT_EQ(response.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(response.Header("referrer-policy"), "no-referrer");
    EXPECT_EQ(response.Header("x-frame-options"), "DENY");
    EXPECT_EQ(response.Header("content-security-policy"), "default-src 'self'");
    EXPECT_EQ(response.Header("cache-control"), "no-store");
  }
}

TEST_F(ApiTest, LoginAnswersATokenAndMeDescribesTheCaller) {
  HttpClient anonymous(port());
  const HttpResponse login = anonymous.Post("/api/v1/auth/login", Credentials(kAdminUser, kAdminPassword));
  ASSERT_EQ(login.status, 200) << login.body;
  const rapidjson::Document doc = ParseBody(login.body);
  EXPECT_THAT(Str(doc["token"]), ::testing::StartsWith("ses_"));
  EXPECT_FALSE(Str(doc["expires_at"]).empty());
  EXPECT_EQ(Str(doc["user"]["username"]), kAdminUser);
  EXPECT_EQ(Str(doc["user"]["role"]), "admin");
  EXPECT_THAT(login.body, Not(HasSubstr("argon2")));
  EXPECT_THAT(login.body, Not(HasSubstr(kAdminPassword)));
  HttpClient signed_in(port(), Str(doc["token"]));
  const HttpResponse me = signed_in.Get("/api/v1/me");
  // Neither the password nor any token reaches the server's output.
  for (const auto& entry : std::filesystem::directory_iterator(temp_dir_)) {
    if (entry.path().filename().string().starts_with("server-")) {
      const std::string log = ReadFile(entry.path().string());
      EXPECT_THAT(log, Not(HasSubstr(kAdminPassword)));
      EXPECT_THAT(log, Not(HasSubstr("ses_")));
    }
  }
  ASSERT_EQ(me.status, 200) << me.body;
  const rapidjson::Document me_doc = ParseBody(me.body);
  EXPECT_EQ(Str(me_doc["kind"]), "user");
  EXPECT_EQ(Str(me_doc["role"]), "admin");
  EXPECT_FALSE(me_doc["step_up_fresh"].GetBool());
}

TEST_F(ApiTest, WrongPasswordAndUnknownUserGetTheSameAnswerAndAreAuditedWithoutThePassword) {
  HttpClient anonymous(port());
  const HttpResponse wrong = anonymous.Post("/api/v1/auth/login", Credentials(kAdminUser, "not-the-password-1"));
  const HttpResponse unknown = anonymous.Post("/api/v1/auth/login", Credentials("nobody-here", "not-the-password-2"));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(ParseBody(wrong.body)["detail"], ParseBody(unknown.body)["detail"]);
  EXPECT_EQ(anonymous.Post("/api/v1/auth/login", R"({"username":"x"})").status, 422);

  const HttpResponse audit = client().Get("/api/v1/audit?action=auth.login_failed");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(ParseBody(audit.body)["items"].Size(), 2u);
  EXPECT_THAT(audit.body, Not(HasSubstr("not-the-password")));
  EXPECT_THAT(audit.body, Not(HasSubstr("nobody-here")));
}

TEST_F(ApiTest, FiveFailuresLockTheAccountWith429AndRetryAfter) {
  ASSERT_EQ(CreateUser("locked-out", "right-password-1", "operator"), 0);
  HttpClient anonymous(port());
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_EQ(anonymous.Post("/api/v1/auth/login", Credentials("locked-out", "wrong-password-1")).status, 401);
  }
  // Locked: even the right password is refused, without saying whether it was right.
  const HttpResponse locked = anonymous.Post("/api/v1/auth/login", Credentials("locked-out", "right-password-1"));
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_GT(std::stoi(locked.Header("retry-after").empty() ? "0" : locked.Header("retry-after")), 60);
  EXPECT_EQ(FirstErrorCode(locked.body), "too_many_attempts");
  // Other accounts are unaffected.
  EXPECT_EQ(anonymous.Post("/api/v1/auth/login", Credentials(kAdminUser, kAdminPassword)).status, 200);
}

TEST_F(ApiTest, LogoutRevokesTheSessionAtOnce) {
  const std::string token = Login(kAdminUser, kAdminPassword);
  HttpClient session(port(), token);
  ASSERT_EQ(session.Get("/api/v1/me").status, 200);  // now cached
  EXPECT_EQ(session.Post("/api/v1/auth/logout", "").status, 204);
  EXPECT_EQ(session.Get("/api/v1/me").status, 401);
  EXPECT_EQ(session.Get("/api/v1/orders").status, 401);
  EXPECT_EQ(client().Get("/api/v1/me").status, 200);  // another session of the same user lives on
}

TEST_F(ApiTest, MissingPermissionIs403) {
  ASSERT_EQ(CreateUser("audit-only", "auditor-password-1", "auditor"), 0);
  HttpClient auditor(port(), Login("audit-only", "auditor-password-1"));
  const HttpResponse refused = auditor.Post("/api/v1/orders", OrderJson("AUD-1"));
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(FirstErrorCode(refused.body), "missing_permission");
  EXPECT_EQ(auditor.Get("/api/v1/webhooks").status, 403);
  EXPECT_EQ(auditor.Get("/api/v1/audit").status, 200);
  EXPECT_EQ(auditor.Get("/api/v1/orders").status, 200);
  EXPECT_EQ(auditor.Get("/metrics").status, 200);
}

TEST_F(ApiTest, SensitiveRoutesNeedAFreshTotpStepUp) {
  const HttpResponse before = client().Get("/api/v1/users");
  EXPECT_EQ(before.status, 403);
  EXPECT_EQ(FirstErrorCode(before.body), "step_up_required");
  const std::int64_t step = StepNow();
  const std::string secret = EnableTotp(client(), step);
  ASSERT_FALSE(secret.empty());
  EXPECT_EQ(client().Get("/api/v1/users").status, 200);  // activation counted as a step-up

  // A new session has no step-up; a code in X-Ordo-TOTP steps it up on the spot, once.
  HttpClient second(port(), Login(kAdminUser, kAdminPassword));
  EXPECT_EQ(FirstErrorCode(second.Get("/api/v1/users").body), "step_up_required");
  const HttpResponse replayed =
      second.Send("GET", "/api/v1/users", "", {{"X-Ordo-TOTP", TotpCode(secret, step)}});
  EXPECT_EQ(replayed.status, 403);  // the activation code was used already
  const HttpResponse stepped =
      second.Send("GET", "/api/v1/users", "", {{"X-Ordo-TOTP", TotpCode(secret, step + 1)}});
  EXPECT_EQ(stepped.status, 200) << stepped.body;
  EXPECT_EQ(second.Get("/api/v1/users").status, 200);  // the step-up stays for 5 minutes
  EXPECT_EQ(second.Post("/api/v1/auth/step-up", R"({"code":"000000"})").status, 401);

  const HttpResponse audit = client().Get("/api/v1/audit?action=auth.step_up");
  EXPECT_EQ(ParseBody(audit.body)["items"].Size(), 1u) << audit.body;
}

TEST_F(ApiTest, RegionManagerSeesOnlyTheirProvince) {
  ASSERT_EQ(CreateUser("zhejiang-rm", "region-password-1", "region_manager", {"province:330000"}), 0);
  OrderSpec guangdong;
  guangdong.province = "广东省";
  ASSERT_EQ(client().Post("/api/v1/orders", OrderJson("ZJ-1")).status, 201);
  ASSERT_EQ(client().Post("/api/v1/orders", OrderJson("ZJ-2")).status, 201);
  const HttpResponse gd = client().Post("/api/v1/orders", OrderJson("GD-1", guangdong));
  ASSERT_EQ(gd.status, 201);
  const std::string gd_path = "/api/v1/orders/" + std::to_string(IdOf(gd.body));

  HttpClient manager(port(), Login("zhejiang-rm", "region-password-1"));
  const HttpResponse me = manager.Get("/api/v1/me");
  EXPECT_THAT(me.body, HasSubstr(R"("provinces":["浙江省"])"));
  const HttpResponse listed = manager.Get("/api/v1/orders");
  ASSERT_EQ(listed.status, 200);
  const rapidjson::Document doc = ParseBody(listed.body);
  ASSERT_EQ(doc["items"].Size(), 2u);
  for (const auto& item : doc["items"].GetArray()) EXPECT_EQ(Str(item["shipping_address"]["province"]), "浙江省");
  EXPECT_EQ(manager.Get("/api/v1/orders?province=广东省").body.find("GD-1"), std::string::npos);
  EXPECT_EQ(manager.Get(gd_path).status, 404);
  EXPECT_EQ(manager.Get(gd_path + "/timeline").status, 404);
  EXPECT_EQ(manager.Post(gd_path + "/transitions", R"({"to":"allocated"})").status, 404);
  EXPECT_EQ(client().Get(gd_path).status, 200);  // the admin is unrestricted
}

TEST_F(ApiTest, ApiKeyIsShownOnceWorksAndStopsWhenRevoked) {
  const HttpResponse created = client().Post("/api/v1/api-keys", R"({"name":"shop sync","scopes":["channel:api"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const rapidjson::Document doc = ParseBody(created.body);
  const std::string key = Str(doc["key"]);
  EXPECT_THAT(key, ::testing::StartsWith("ok_"));
  EXPECT_EQ(Str(doc["role"]), "integration");
  const HttpResponse listed = client().Get("/api/v1/api-keys");
  EXPECT_THAT(listed.body, HasSubstr(Str(doc["key_id"])));
  EXPECT_THAT(listed.body, Not(HasSubstr(key)));

  HttpClient integration(port(), key);
  const HttpResponse order = integration.Post("/api/v1/orders", OrderJson("KEY-1"));
  ASSERT_EQ(order.status, 201) << order.body;
  const HttpResponse timeline =
      client().Get("/api/v1/orders/" + std::to_string(IdOf(order.body)) + "/timeline");
  EXPECT_THAT(timeline.body, HasSubstr(R"("kind":"api_key","id":")" + Str(doc["key_id"])));
  EXPECT_EQ(integration.Get("/api/v1/audit").status, 403);
  OrderSpec tmall;
  tmall.channel = "tmall";
  ASSERT_EQ(client().Post("/api/v1/orders", OrderJson("TM-1", tmall)).status, 201);
  EXPECT_EQ(ParseBody(integration.Get("/api/v1/orders").body)["items"].Size(), 1u);  // channel scope

  // No escalation: an operator's key cannot be made by someone lacking operator permissions,
  // and a key cannot be made with a role that does not exist.
  EXPECT_EQ(client().Post("/api/v1/api-keys", R"({"name":"x","role":"wizard"})").status, 422);

  EXPECT_EQ(client().Send("DELETE", "/api/v1/api-keys/" + std::to_string(doc["id"].GetInt64())).status, 204);
  EXPECT_EQ(integration.Post("/api/v1/orders", OrderJson("KEY-2")).status, 401);
  EXPECT_EQ(client().Send("DELETE", "/api/v1/api-keys/424242").status, 404);
}

TEST_F(ApiTest, TimelineAndAuditNameTheSignedInUser) {
  const HttpResponse created = client().Post("/api/v1/orders", OrderJson("WHO-1"));
  ASSERT_EQ(created.status, 201);
  const std::string path = "/api/v1/orders/" + std::to_string(IdOf(created.body));
  ASSERT_EQ(client().Post(path + "/transitions", R"({"to":"allocated"})").status, 200);
  const HttpResponse timeline = client().Get(path + "/timeline");
  EXPECT_THAT(timeline.body, HasSubstr(R"("actor":{"kind":"user","id":"admin"})"));
  const HttpResponse audit = client().Get("/api/v1/audit?actor=admin&action=auth.login");
  ASSERT_EQ(audit.status, 200);
  const rapidjson::Document doc = ParseBody(audit.body);
  ASSERT_GE(doc["items"].Size(), 1u);
  EXPECT_EQ(Str(doc["items"][0]["ip"]), "127.0.0.1");
  EXPECT_EQ(client().Get("/api/v1/audit?limit=0").status, 422);
  EXPECT_EQ(client().Get("/api/v1/audit?colour=red").status, 400);
}

TEST_F(ApiTest, UsersAdminCreatesChangesAndDisables) {
  const std::int64_t step = StepNow();
  ASSERT_FALSE(EnableTotp(client(), step).empty());
  const HttpResponse weak = client().Post("/api/v1/users", R"({"username":"cs-1","password":"short","role":"customer_service"})");
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(FirstErrorCode(weak.body), "too_short");
  const HttpResponse created = client().Post(
      "/api/v1/users", R"({"username":"cs-1","password":"service-password-1","role":"customer_service"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_THAT(created.body, Not(HasSubstr("argon2")));
  EXPECT_EQ(client().Post("/api/v1/users", R"({"username":"cs-1","password":"service-password-1","role":"operator"})").status,
            409);
  HttpClient agent(port(), Login("cs-1", "service-password-1"));
  EXPECT_EQ(agent.Get("/api/v1/orders").status, 200);
  const std::string user_path = "/api/v1/users/" + std::to_string(IdOf(created.body));
  const HttpResponse scoped = client().Send("PATCH", user_path, R"({"scopes":["province:浙江"],"role":"auditor"})");
  ASSERT_EQ(scoped.status, 200) << scoped.body;
  EXPECT_THAT(scoped.body, HasSubstr(R"("role":"auditor")"));
  EXPECT_EQ(agent.Post("/api/v1/orders", OrderJson("CS-1")).status, 403);  // the new role applies at once
  EXPECT_EQ(client().Send("PATCH", user_path, R"({"disabled":true})").status, 200);
  EXPECT_EQ(agent.Get("/api/v1/orders").status, 401);
  EXPECT_EQ(HttpClient(port()).Post("/api/v1/auth/login", Credentials("cs-1", "service-password-1")).status, 401);
}

TEST_F(ApiTest, CreateUserCliRefusesWeakPasswordsUnknownRolesAndDuplicates) {
  EXPECT_EQ(CreateUser("weak-one", "short", "operator"), 2);
  EXPECT_EQ(CreateUser("no-role", "long-enough-password", "wizard"), 2);
  EXPECT_EQ(CreateUser("bad-scope", "long-enough-password", "operator", {"province:Atlantis"}), 2);
  EXPECT_EQ(CreateUser(kAdminUser, "another-password-1", "operator"), 1);
  EXPECT_THAT(ReadFile(temp_dir_ + "/admin.log"), Not(HasSubstr("long-enough-password")));
}

TEST_F(ApiTest, AuditVerifyPassesThenNamesTheTamperedSeq) {
  ASSERT_EQ(CreateUser("second-user", "second-password-1", "operator"), 0);
  ASSERT_FALSE(Login("second-user", "second-password-1").empty());
  const std::string log = temp_dir_ + "/verify.log";
  EXPECT_EQ(RunOrdo({"audit", "verify", "--db", database_.url}, log), 0);
  EXPECT_THAT(ReadFile(log), HasSubstr("OK: 4 entries"));  // 2 × user.create, 2 × auth.login
  ASSERT_EQ(ExecuteSql("UPDATE audit_log SET actor_id = 'mallory' WHERE seq = 3"), 0) << ReadFile(temp_dir_ + "/sql.log");
  EXPECT_EQ(RunOrdo({"audit", "verify", "--db", database_.url}, log), 1);
  EXPECT_THAT(ReadFile(log), HasSubstr("BROKEN at seq 3 (wrong_hash)"));
}

}  // namespace
}  // namespace ordo::api::testing
