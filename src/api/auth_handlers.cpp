// Sign-in and the caller's own account: login, logout, me, TOTP enrolment, step-up.
#include <string>

#include "api/auth_guard.hpp"
#include "api/handlers.hpp"
#include "api/identity_json.hpp"
#include "api/reply.hpp"
#include "security/totp.hpp"

namespace ordo::api {
namespace {

constexpr std::string_view kContentPng = "image/png";

void Login(service::Services& services, const ExchangePtr& exchange) {
  core::Result<service::LoginRequest> login = service::ParseLoginRequest(exchange->request.body);
  if (!login) return FinishWithProblem(exchange, login.error());
  login->ip = std::string(exchange->request.client_ip);
  services.accounts.Login(
      std::move(login).value(),
      ReplyOnStrand<service::LoginResult>(exchange, [](Exchange& done, core::Result<service::LoginResult> result) {
        if (!result) return ReplyProblem(done, result.error());
        core::JsonWriter& writer = done.response.StartJson();
        writer.StartObject();
        core::WriteKey(writer, "token");
        core::WriteString(writer, result->token);
        core::WriteKey(writer, "expires_at");
        core::WriteString(writer, core::FormatRfc3339(result->expires_at));
        core::WriteKey(writer, "user");
        WriteUser(writer, result->user);
        writer.EndObject();
      }));
}

void Logout(service::Services& services, const ExchangePtr& exchange) {
  services.accounts.Logout(std::string(BearerToken(exchange->request.authorization)), PrincipalOf(*exchange),
                           std::string(exchange->request.client_ip),
                           ReplyOnStrand<bool>(exchange, [](Exchange& done, core::Result<bool> result) {
                             if (!result) return ReplyProblem(done, result.error());
                             done.response.status = 204;
                           }));
}

void Me(service::Services& services, const ExchangePtr& exchange) {
  const security::Principal& principal = PrincipalOf(*exchange);
  core::JsonWriter& writer = exchange->response.StartJson();
  writer.StartObject();
  core::WriteKey(writer, "kind");
  core::WriteString(writer, security::PrincipalKindName(principal.kind));
  core::WriteKey(writer, "id");
  core::WriteString(writer, principal.id);
  core::WriteKey(writer, "username");
  core::WriteString(writer, principal.username);
  core::WriteKey(writer, "role");
  core::WriteString(writer, principal.role);
  core::WriteKey(writer, "permissions");
  writer.StartArray();
  for (const std::string& permission : principal.permissions) core::WriteString(writer, permission);
  writer.EndArray();
  core::WriteKey(writer, "scopes");
  WriteScopes(writer, principal.scopes);
  core::WriteKey(writer, "step_up_fresh");
  writer.Bool(security::StepUpFresh(principal.last_step_up_at, services.clock().Now()));
  writer.EndObject();
  exchange->Finish();
}

void WriteStepUp(Exchange& done, core::UnixMillis at) {
  core::JsonWriter& writer = done.response.StartJson();
  writer.StartObject();
  core::WriteKey(writer, "step_up_at");
  core::WriteString(writer, core::FormatRfc3339(at));
  core::WriteKey(writer, "valid_until");
  core::WriteString(writer, core::FormatRfc3339(at + security::kStepUpMaxAgeMillis));
  writer.EndObject();
}

// A code the request body carries, for step-up or activation.
template <class Call>
void WithCode(const ExchangePtr& exchange, Call call) {
  core::Result<std::string> code = service::ParseTotpCodeRequest(exchange->request.body);
  if (!code) return FinishWithProblem(exchange, code.error());
  call(std::string(BearerToken(exchange->request.authorization)), std::move(code).value(),
       std::string(exchange->request.client_ip),
       ReplyOnStrand<core::UnixMillis>(exchange, [](Exchange& done, core::Result<core::UnixMillis> at) {
         if (!at) return ReplyProblem(done, at.error());
         WriteStepUp(done, *at);
       }));
}

}  // namespace

void AddAuthRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  router.Add({.method = Method::kPost, .pattern = "/api/v1/auth/login", .access = Access::kPublic,
              .operation_id = "login", .summary = "Sign in: a session token (12 h) for username + password",
              .tag = "auth", .request_schema = "LoginRequest", .response_schema = "LoginResult"},
             [svc](const ExchangePtr& exchange) { Login(*svc, exchange); });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/auth/logout", .access = Access::kAuthenticated,
              .operation_id = "logout", .summary = "Revoke this session", .tag = "auth", .success_status = 204},
             [svc](const ExchangePtr& exchange) { Logout(*svc, exchange); });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/auth/step-up", .access = Access::kAuthenticated,
              .operation_id = "stepUp", .summary = "Confirm a TOTP code: sensitive permissions for 5 minutes",
              .tag = "auth", .request_schema = "TotpCode", .response_schema = "StepUp"},
             [svc](const ExchangePtr& exchange) {
               const security::Principal principal = PrincipalOf(*exchange);
               WithCode(exchange, [svc, principal](std::string token, std::string code, std::string ip, auto done) {
                 svc->accounts.StepUp(std::move(token), principal, std::move(code), std::move(ip), std::move(done));
               });
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/me", .access = Access::kAuthenticated,
              .operation_id = "me", .summary = "Who am I: role, permissions, scopes", .tag = "auth",
              .response_schema = "Me"},
             [svc](const ExchangePtr& exchange) { Me(*svc, exchange); });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/me/totp/enroll", .access = Access::kAuthenticated,
              .operation_id = "enrollTotp", .summary = "Start TOTP enrolment: secret and otpauth URI (shown once)",
              .tag = "auth", .response_schema = "TotpEnrollment"},
             [svc](const ExchangePtr& exchange) {
               svc->accounts.EnrollTotp(
                   PrincipalOf(*exchange), std::string(exchange->request.client_ip),
                   ReplyOnStrand<service::TotpEnrollment>(
                       exchange, [](Exchange& done, core::Result<service::TotpEnrollment> enrollment) {
                         if (!enrollment) return ReplyProblem(done, enrollment.error());
                         core::JsonWriter& writer = done.response.StartJson();
                         writer.StartObject();
                         core::WriteKey(writer, "secret");
                         core::WriteString(writer, enrollment->secret_base32);
                         core::WriteKey(writer, "otpauth_uri");
                         core::WriteString(writer, enrollment->otpauth_uri);
                         writer.EndObject();
                       }));
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/me/totp/qr.png", .access = Access::kAuthenticated,
              .operation_id = "totpQrCode", .summary = "The pending enrolment's otpauth URI as a QR code",
              .tag = "auth", .response_content_type = std::string(kContentPng)},
             [svc](const ExchangePtr& exchange) {
               svc->accounts.TotpQrPng(PrincipalOf(*exchange),
                                       ReplyOnStrand<std::string>(exchange, [](Exchange& done, core::Result<std::string> png) {
                                         if (!png) return ReplyProblem(done, png.error());
                                         done.response.content_type = kContentPng;
                                         done.response.SetText(*png);
                                       }));
             });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/me/totp/activate", .access = Access::kAuthenticated,
              .operation_id = "activateTotp", .summary = "Confirm the first code: TOTP is active (and stepped up)",
              .tag = "auth", .request_schema = "TotpCode", .response_schema = "StepUp"},
             [svc](const ExchangePtr& exchange) {
               const security::Principal principal = PrincipalOf(*exchange);
               WithCode(exchange, [svc, principal](std::string token, std::string code, std::string ip, auto done) {
                 svc->accounts.ActivateTotp(std::move(token), principal, std::move(code), std::move(ip), std::move(done));
               });
             });
}

}  // namespace ordo::api
