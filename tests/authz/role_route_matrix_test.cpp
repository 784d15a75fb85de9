// Every route × every built-in role, generated from the route table (the OpenAPI document is
// built from it: x-permission and security say what each route needs). Users are created with
// `ordo admin create-user` and signed in; the expected answer comes from the role's permission
// set in security/roles.cpp:
//   public / any signed-in caller        → allowed
//   role lacks the permission            → 403 missing_permission
//   role has it, not sensitive           → allowed
//   role has it, sensitive, no step-up   → 403 step_up_required
//   role has it, sensitive, TOTP step-up → allowed
// "Allowed" means the guard let the request through: anything but 401/403 (the handler may still
// refuse the sample body with 4xx). No credentials → 401 on every non-public route.
#include <gmock/gmock.h>

#include <cstdio>

#include "api_fixture.hpp"
#include "core/time.hpp"
#include "security/encoding.hpp"
#include "security/permissions.hpp"
#include "security/roles.hpp"
#include "security/totp.hpp"

namespace ordo::api::testing {
namespace {

struct Route {
  std::string method;       // "GET"
  std::string pattern;      // "/api/v1/orders/{id}"
  std::string target;       // "/api/v1/orders/1"
  std::string permission;   // "" for public and any-signed-in routes
  bool is_public = false;
};

enum class Outcome { kAllowed, kMissingPermission, kStepUpRequired, kUnauthenticated };

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kAllowed: return "allowed";
    case Outcome::kMissingPermission: return "403 missing_permission";
    case Outcome::kStepUpRequired: return "403 step_up_required";
    case Outcome::kUnauthenticated: return "401";
  }
  return "?";
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string SampleTarget(const std::string& pattern) {
  std::string target;
  for (std::size_t char_idx = 0; char_idx < pattern.size(); ++char_idx) {
    if (pattern[char_idx] == '{') {
      target += "1";
      char_idx = pattern.find('}', char_idx);
    } else {
      target += pattern[char_idx];
    }
  }
  return target;
}

Outcome Observed(const HttpResponse& response) {
  if (response.status == 401) return Outcome::kUnauthenticated;
  if (response.status != 403) return Outcome::kAllowed;
  return response.body.find("\"step_up_required\"") != std::string::npos ? Outcome::kStepUpRequired
                                                                         : Outcome::kMissingPermission;
}

Outcome Expected(const Route& route, const security::Role& role, bool stepped_up) {
  if (route.permission.empty()) return Outcome::kAllowed;
  if (role.permissions.count(route.permission) == 0) return Outcome::kMissingPermission;
  if (security::IsSensitivePermission(route.permission) && !stepped_up) return Outcome::kStepUpRequired;
  return Outcome::kAllowed;
}

class RoleRouteMatrix : public ApiTest {
 protected:
  std::vector<Route> Routes() {
    std::vector<Route> routes;
    const rapidjson::Document doc = ParseBody(client().Get("/api/v1/openapi.json").body);
    EXPECT_TRUE(doc.IsObject());
    if (!doc.IsObject()) return routes;
    for (const auto& path : doc["paths"].GetObject()) {
      for (const auto& operation : path.value.GetObject()) {
        Route route;
        route.method = Upper(operation.name.GetString());
        route.pattern = path.name.GetString();
        route.target = SampleTarget(route.pattern);
        route.permission = operation.value["x-permission"].GetString();
        route.is_public = operation.value["security"].Empty();
        routes.push_back(std::move(route));
      }
    }
    return routes;
  }

  void Check(HttpClient& caller, const Route& route, const std::string& who, Outcome expected) {
    const std::string body = route.method == "POST" || route.method == "PATCH" ? "{}" : "";
    const HttpResponse response = caller.Send(route.method, route.target, body);
    const Outcome observed = Observed(response);
    if (observed != expected) {
      ++unexpected_;
      ADD_FAILURE() << who << " " << route.method << " " << route.pattern << ": expected " << OutcomeName(expected)
                    << ", got " << response.status << " " << response.body;
    } else if (observed == Outcome::kAllowed) {
      ++allowed_;
    } else {
      ++denied_;
    }
  }

  int allowed_ = 0;
  int denied_ = 0;
  int unexpected_ = 0;
};

bool IsLogout(const Route& route) { return route.pattern == "/api/v1/auth/logout"; }

TEST_F(RoleRouteMatrix, EveryRouteTimesEveryBuiltInRoleAnswersAsTheRoleAllows) {
  const std::vector<Route> routes = Routes();
  ASSERT_GE(routes.size(), 25u);

  // No credentials: every non-public route is 401, every public one answers.
  HttpClient anonymous(port());
  for (const Route& route : routes) {
    if (IsLogout(route)) continue;
    Check(anonymous, route, "anonymous", route.is_public ? Outcome::kAllowed : Outcome::kUnauthenticated);
  }

  for (const security::Role& role : security::BuiltInRoles()) {
    SCOPED_TRACE(role.name);
    const std::string username = "matrix-" + role.name;
    const std::string password = role.name + "-matrix-password";
    ASSERT_EQ(CreateUser(username, password, role.name), 0);
    HttpClient caller(port(), Login(username, password));

    // Without a step-up.
    for (const Route& route : routes) {
      if (!IsLogout(route)) Check(caller, route, role.name, Expected(route, role, false));
    }
    // With a fresh TOTP step-up (activation counts as one): the sensitive routes again.
    const rapidjson::Document enrolled = ParseBody(caller.Post("/api/v1/me/totp/enroll", "").body);
    ASSERT_TRUE(enrolled.IsObject() && enrolled.HasMember("secret"));
    const std::optional<std::string> secret = security::FromBase32(enrolled["secret"].GetString());
    ASSERT_TRUE(secret.has_value());
    const std::string code = *security::TotpCodeForStep(*secret, security::TotpStepAt(core::SystemClock().Now()));
    ASSERT_EQ(caller.Post("/api/v1/me/totp/activate", R"({"code":")" + code + R"("})").status, 200);
    for (const Route& route : routes) {
      if (!route.permission.empty() && security::IsSensitivePermission(route.permission)) {
        Check(caller, route, role.name + " (stepped up)", Expected(route, role, true));
      }
    }
    // Last: logging out is open to every signed-in caller, and ends the session.
    for (const Route& route : routes) {
      if (IsLogout(route)) Check(caller, route, role.name, Outcome::kAllowed);
    }
    EXPECT_EQ(caller.Get("/api/v1/me").status, 401);
  }

  std::printf("role x route matrix: %zu routes x %zu roles (+ anonymous, + step-up): allowed %d, denied %d, "
              "unexpected %d\n",
              routes.size(), security::BuiltInRoles().size(), allowed_, denied_, unexpected_);
  RecordProperty("allowed", allowed_);
  RecordProperty("denied", denied_);
  RecordProperty("unexpected", unexpected_);
  EXPECT_EQ(unexpected_, 0);
}

}  // namespace
}  // namespace ordo::api::testing
