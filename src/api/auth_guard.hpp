#pragma once
// The authentication and authorization guard in front of every non-public route.
//
//   Authorization: Bearer ses_…  → the session's user      (service::Authenticator)
//   Authorization: Bearer ok_…   → the API key
//   no / unknown / expired credential          → 401 problem, WWW-Authenticate: Bearer
//   route's permission missing                 → 403 problem (errors[0].code "missing_permission")
//   sensitive permission, step-up not fresh    → 403 problem, errors [{field "", code "step_up_required"}]
//     unless the request carries X-Ordo-TOTP with a valid code: then the step-up is recorded
//     (as POST /api/v1/auth/step-up would) and the request goes on.
// Then the handler runs with exchange.principal set.
//
// Rate limits (when a limiter is given): an authenticated caller takes a token from its own
// bucket before authorization (429 rate_limited when empty); a refused credential takes one from
// its IP's bucket, so that guessing tokens is limited like any anonymous traffic.
#include "api/rate_limit.hpp"
#include "api/router.hpp"
#include "service/services.hpp"

namespace ordo::api {

// `services` and `limiter` (nullptr: no rate limits) outlive the router that holds the guard.
Guard MakeAuthGuard(service::Services& services, RequestRateLimiter* limiter = nullptr);

// The token of an "Authorization: Bearer <token>" header (scheme case-insensitive), or "".
std::string_view BearerToken(std::string_view authorization);

// 403 step_up_required, as the guard answers it.
core::Error StepUpRequiredError(std::string_view permission);

}  // namespace ordo::api
