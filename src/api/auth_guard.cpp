#include "api/auth_guard.hpp"

#include "api/reply.hpp"
#include "security/authorize.hpp"

namespace ordo::api {

std::string_view BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return {};
  for (std::size_t char_idx = 0; char_idx < kScheme.size(); ++char_idx) {
    const char c = authorization[char_idx];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != kScheme[char_idx]) return {};
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

core::Error StepUpRequiredError(std::string_view permission) {
  return core::Error{core::ErrorCode::kForbidden, "step_up_required",
                     {{"", "step_up_required",
                       "'" + std::string(permission) +
                           "' needs a TOTP code confirmed in the last 5 minutes: POST /api/v1/auth/step-up, or "
                           "send X-Ordo-TOTP with this request"}}};
}

namespace {

core::Error Unauthenticated(std::string detail) {
  return core::MakeError(core::ErrorCode::kUnauthorized, std::move(detail));
}

// On the exchange's strand, with the caller known: authorize, then run the handler.
void AuthorizeAndRun(service::Services& services, const ExchangePtr& exchange, const RouteSpec& spec,
                     const Handler& handler) {
  const security::Principal& principal = *exchange->principal;
  if (spec.access == Access::kAuthenticated) return handler(exchange);
  const security::Decision decision = security::Authorize(principal, spec.permission, services.clock().Now());
  if (decision.allowed()) return handler(exchange);
  if (decision.kind != security::DecisionKind::kStepUpRequired) {
    return FinishWithProblem(exchange, decision.ToError());
  }
  if (exchange->request.totp_code.empty()) return FinishWithProblem(exchange, StepUpRequiredError(spec.permission));
  // A code came with the request: step up now, then go on with the fresh principal.
  services.accounts.StepUp(
      std::string(BearerToken(exchange->request.authorization)), principal, std::string(exchange->request.totp_code),
      std::string(exchange->request.client_ip),
      [exchange, &spec, &handler](core::Result<core::UnixMillis> stepped_up) {
        Exchange& target = *exchange;
        target.Post([exchange, &spec, &handler, stepped_up = std::move(stepped_up)] {
          if (!stepped_up) {
            const core::Error& error = stepped_up.error();
            if (error.code == core::ErrorCode::kUnauthorized || error.code == core::ErrorCode::kConflict) {
              core::Error refused = StepUpRequiredError(spec.permission);
              refused.fields.push_back({"X-Ordo-TOTP", error.detail == "totp_replayed" ? "totp_replayed" : "invalid_totp",
                                        "the code was not accepted"});
              return FinishWithProblem(exchange, refused);
            }
            return FinishWithProblem(exchange, error);
          }
          auto fresh = std::make_shared<security::Principal>(*exchange->principal);
          fresh->last_step_up_at = *stepped_up;
          exchange->principal = std::move(fresh);
          handler(exchange);
        });
      });
}

}  // namespace

Guard MakeAuthGuard(service::Services& services, RequestRateLimiter* limiter) {
  service::Services* svc = &services;
  return [svc, limiter](const ExchangePtr& exchange, const RouteSpec& spec, const Handler& handler) {
    const std::string_view token = BearerToken(exchange->request.authorization);
    if (token.empty()) {
      if (limiter && !limiter->AdmitOrReply(exchange, nullptr)) return;
      return FinishWithProblem(exchange, Unauthenticated("send Authorization: Bearer <session token or API key>"));
    }
    svc->authenticator.Authenticate(token, [svc, limiter, exchange, &spec, &handler](
                                               core::Result<service::PrincipalPtr> principal) {
      Exchange& target = *exchange;
      target.Post([svc, limiter, exchange, &spec, &handler, principal = std::move(principal)] {
        if (!principal) {
          if (limiter && !limiter->AdmitOrReply(exchange, nullptr)) return;
          return FinishWithProblem(exchange, principal.error());
        }
        exchange->principal = *principal;
        if (limiter && !limiter->AdmitOrReply(exchange, &spec)) return;
        AuthorizeAndRun(*svc, exchange, spec, handler);
      });
    });
  };
}

}  // namespace ordo::api
