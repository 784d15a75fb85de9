// Custom roles over HTTP: define, assign (API, CLI, API keys), change, delete; the permissions a
// custom role grants are what authentication resolves, and a change reaches signed-in users.
#include <gmock/gmock.h>

#include "api_fixture.hpp"
#include "core/time.hpp"
#include "security/encoding.hpp"
#include "security/roles.hpp"
#include "security/totp.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;

std::string Str(const rapidjson::Value& value) { return {value.GetString(), value.GetStringLength()}; }

std::string FirstErrorCode(const std::string& body) {
  const rapidjson::Document doc = ParseBody(body);
  if (!doc.IsObject() || !doc.HasMember("errors") || doc["errors"].Empty()) return {};
  return Str(doc["errors"][0]["code"]);
}

// Enrols and activates TOTP for the client's user: a fresh step-up for sensitive routes.
void StepUp(HttpClient& client) {
  const rapidjson::Document enrolled = ParseBody(client.Post("/api/v1/me/totp/enroll", "").body);
  ASSERT_TRUE(enrolled.IsObject() && enrolled.HasMember("secret"));
  const std::optional<std::string> secret = security::FromBase32(Str(enrolled["secret"]));
  ASSERT_TRUE(secret.has_value());
  const core::Result<std::string> code =
      security::TotpCodeForStep(*secret, security::TotpStepAt(core::SystemClock().Now()));
  ASSERT_TRUE(code.has_value());
  ASSERT_EQ(client.Post("/api/v1/me/totp/activate", R"({"code":")" + *code + R"("})").status, 200);
}

std::vector<std::string> Permissions(const rapidjson::Value& list) {
  std::vector<std::string> out;
  for (const auto& item : list.GetArray()) out.push_back(Str(item));
  return out;
}

class RolesApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    StepUp(client());
  }
  HttpResponse Put(const std::string& target, const std::string& body) { return client().Send("PUT", target, body); }
  HttpResponse Delete(const std::string& target) { return client().Send("DELETE", target); }
  // Signs in a new user of `role` (created over the API) and returns its client.
  std::unique_ptr<HttpClient> SignedInAs(const std::string& username, const std::string& role) {
    const HttpResponse created = client().Post(
        "/api/v1/users", R"({"username":")" + username + R"(","password":"role-test-password-1","role":")" + role + R"("})");
    EXPECT_EQ(created.status, 201) << created.body;
    return ClientWithToken(Login(username, "role-test-password-1"));
  }
};

TEST_F(ApiTest, RoleRoutesNeedAFreshStepUp) {
  for (const auto& [method, target] : {std::pair{"GET", "/api/v1/roles"}, std::pair{"POST", "/api/v1/roles"},
                                       std::pair{"PUT", "/api/v1/roles/packer"}, std::pair{"DELETE", "/api/v1/roles/packer"}}) {
    SCOPED_TRACE(target);
    const HttpResponse response = client().Send(method, target, "{}");
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(FirstErrorCode(response.body), "step_up_required");
  }
}

TEST_F(RolesApi, ListShowsTheBuiltInRolesThenCustomOnes) {
  ASSERT_EQ(client().Post("/api/v1/roles", R"({"name":"packer","permissions":["stock.read","orders.read"]})").status, 201);
  const HttpResponse listed = client().Get("/api/v1/roles");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const rapidjson::Document doc = ParseBody(listed.body);
  const auto& items = doc["items"];
  ASSERT_EQ(items.Size(), security::BuiltInRoles().size() + 1);
  EXPECT_EQ(Str(items[0]["name"]), "admin");
  EXPECT_TRUE(items[0]["built_in"].GetBool());
  EXPECT_TRUE(items[0]["created_at"].IsNull());
  const auto& packer = items[items.Size() - 1];
  EXPECT_EQ(Str(packer["name"]), "packer");
  EXPECT_FALSE(packer["built_in"].GetBool());
  EXPECT_EQ(Permissions(packer["permissions"]), (std::vector<std::string>{"orders.read", "stock.read"}));
  EXPECT_TRUE(packer["created_at"].IsString());
}

TEST_F(RolesApi, BadRolesAreRefusedNamingTheRule) {
  const HttpResponse reserved = client().Post("/api/v1/roles", R"({"name":"operator","permissions":["orders.read"]})");
  EXPECT_EQ(reserved.status, 422);
  EXPECT_EQ(FirstErrorCode(reserved.body), "reserved_role_name");
  const HttpResponse bad_name = client().Post("/api/v1/roles", R"({"name":"Packer!","permissions":["orders.read"]})");
  EXPECT_EQ(FirstErrorCode(bad_name.body), "invalid_role_name");
  const HttpResponse unknown = client().Post("/api/v1/roles", R"({"name":"packer","permissions":["orders.fly"]})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(FirstErrorCode(unknown.body), "unknown_permission");
  EXPECT_EQ(FirstErrorCode(client().Post("/api/v1/roles", R"({"name":"packer","permissions":[]})").body), "empty");
  EXPECT_EQ(FirstErrorCode(client().Post("/api/v1/roles", R"({"name":"packer","permissions":["orders.read"],"x":1})").body),
            "unknown_field");
  ASSERT_EQ(client().Post("/api/v1/roles", R"({"name":"packer","permissions":["orders.read"]})").status, 201);
  EXPECT_EQ(client().Post("/api/v1/roles", R"({"name":"packer","permissions":["orders.read"]})").status, 409);
  EXPECT_EQ(Put("/api/v1/roles/admin", R"({"permissions":["orders.read"]})").status, 422);
  EXPECT_EQ(Put("/api/v1/roles/nobody", R"({"permissions":["orders.read"]})").status, 404);
  EXPECT_EQ(Delete("/api/v1/roles/auditor").status, 422);
  EXPECT_EQ(Delete("/api/v1/roles/nobody").status, 404);
}

TEST_F(RolesApi, ACustomRoleGrantsExactlyItsPermissionsAndAChangeReachesSignedInUsers) {
  ASSERT_EQ(client().Post("/api/v1/roles", R"({"name":"packer","permissions":["orders.read","stock.read"]})").status, 201);
  std::unique_ptr<HttpClient> packer = SignedInAs("packer-1", "packer");
  const rapidjson::Document me = ParseBody(packer->Get("/api/v1/me").body);
  EXPECT_EQ(Str(me["role"]), "packer");
  EXPECT_EQ(Permissions(me["permissions"]), (std::vector<std::string>{"orders.read", "stock.read"}));
  EXPECT_EQ(packer->Get("/api/v1/orders").status, 200);
  EXPECT_EQ(packer->Post("/api/v1/orders", OrderJson("ROLE-1")).status, 403);

  const HttpResponse changed = Put("/api/v1/roles/packer", R"({"permissions":["orders.read","orders.write"]})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Permissions(ParseBody(changed.body)["permissions"]), (std::vector<std::string>{"orders.read", "orders.write"}));
  // The cached principal was evicted: the next request already has the new permissions.
  EXPECT_EQ(packer->Post("/api/v1/orders", OrderJson("ROLE-1")).status, 201);

  const HttpResponse audit = client().Get("/api/v1/audit?action=role.update");
  ASSERT_EQ(audit.status, 200);
  const rapidjson::Document entries = ParseBody(audit.body);
  ASSERT_EQ(entries["items"].Size(), 1u);
  EXPECT_EQ(Str(entries["items"][0]["subject"]), "role:packer");
}

TEST_F(RolesApi, ARoleStillAssignedCannotBeDeleted) {
  ASSERT_EQ(client().Post("/api/v1/roles", R"({"name":"packer","permissions":["orders.read"]})").status, 201);
  std::unique_ptr<HttpClient> packer = SignedInAs("packer-1", "packer");
  const HttpResponse in_use = Delete("/api/v1/roles/packer");
  EXPECT_EQ(in_use.status, 409);
  EXPECT_THAT(in_use.body, HasSubstr("1 users"));

  // Moved to another role through the user routes, the role can go.
  const rapidjson::Document users = ParseBody(client().Get("/api/v1/users").body);
  std::int64_t packer_id = 0;
  for (const auto& user : users["items"].GetArray()) {
    if (Str(user["username"]) == "packer-1") packer_id = user["id"].GetInt64();
  }
  ASSERT_GT(packer_id, 0);
  const std::string user_path = "/api/v1/users/" + std::to_string(packer_id);
  EXPECT_EQ(client().Send("PATCH", user_path, R"({"role":"no_such_role"})").status, 422);
  ASSERT_EQ(client().Send("PATCH", user_path, R"({"role":"auditor"})").status, 200);
  EXPECT_EQ(Delete("/api/v1/roles/packer").status, 204);
  EXPECT_EQ(Delete("/api/v1/roles/packer").status, 404);
  // Assigning a role that no longer exists is refused.
  EXPECT_EQ(FirstErrorCode(client().Send("PATCH", user_path, R"({"role":"packer"})").body), "unknown_role");
  EXPECT_EQ(packer->Get("/api/v1/audit").status, 200);  // now an auditor
}

TEST_F(RolesApi, TheCliAndApiKeysAcceptACustomRole) {
  EXPECT_EQ(CreateUser("early-packer", "role-test-password-1", "packer"), 2);  // not defined yet
  ASSERT_EQ(client().Post("/api/v1/roles", R"({"name":"packer","permissions":["orders.read","orders.write"]})").status, 201);
  ASSERT_EQ(CreateUser("cli-packer", "role-test-password-1", "packer"), 0);
  HttpClient cli_packer(port(), Login("cli-packer", "role-test-password-1"));
  EXPECT_EQ(Str(ParseBody(cli_packer.Get("/api/v1/me").body)["role"]), "packer");

  const HttpResponse issued = client().Post("/api/v1/api-keys", R"({"name":"erp","role":"packer"})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  HttpClient erp(port(), Str(ParseBody(issued.body)["key"]));
  EXPECT_EQ(erp.Post("/api/v1/orders", OrderJson("KEY-1")).status, 201);
  EXPECT_EQ(erp.Get("/api/v1/users").status, 403);
  EXPECT_EQ(Delete("/api/v1/roles/packer").status, 409);  // the user and the key still have it
}

TEST_F(RolesApi, ARoleCannotGrantMoreThanItsCreatorHas) {
  ASSERT_EQ(client().Post("/api/v1/roles", R"({"name":"role_editor","permissions":["roles.manage","orders.read"]})").status,
            201);
  std::unique_ptr<HttpClient> editor = SignedInAs("editor-1", "role_editor");
  StepUp(*editor);
  const HttpResponse escalation =
      editor->Post("/api/v1/roles", R"({"name":"snoop","permissions":["orders.read","audit.read"]})");
  EXPECT_EQ(escalation.status, 403);
  EXPECT_EQ(FirstErrorCode(escalation.body), "escalation");
  EXPECT_EQ(editor->Post("/api/v1/roles", R"({"name":"reader","permissions":["orders.read"]})").status, 201);
  EXPECT_EQ(editor->Get("/api/v1/roles").status, 403);  // listing needs users.manage
}

}  // namespace
}  // namespace ordo::api::testing
