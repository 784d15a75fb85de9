#include "api/rate_limit.hpp"

#include "api/reply.hpp"

namespace ordo::api {

core::Error RateLimitedError(std::int64_t retry_after_seconds) {
  return core::Error{core::ErrorCode::kUnavailable, std::string(kRateLimited),
                     {{"retry_after_seconds", std::string(kRateLimited),
                       "try again in " + std::to_string(retry_after_seconds) + " seconds"}}};
}

RequestRateLimiter::RequestRateLimiter(const RateLimitOptions& options, const core::Clock& clock)
    : general_({.per_second = options.requests_per_second, .burst = options.burst}, clock, options.max_tracked_keys),
      exports_({.per_second = options.exports_per_minute / 60.0, .burst = options.export_burst}, clock,
               options.max_tracked_keys) {}

std::optional<core::Error> RequestRateLimiter::Admit(const Exchange& exchange, RateClass rate_class) {
  std::string key;
  if (exchange.principal) {
    const core::Actor actor = exchange.principal->ToActor();
    key.append(actor.kind).append(":").append(actor.id);
  } else {
    key.append("ip:").append(exchange.request.client_ip);
  }
  const security::RateDecision general = general_.Take(key);
  if (!general.allowed) return RateLimitedError(general.retry_after_seconds);
  if (rate_class == RateClass::kExport) {
    const security::RateDecision exported = exports_.Take(key);
    if (!exported.allowed) return RateLimitedError(exported.retry_after_seconds);
  }
  return std::nullopt;
}

bool RequestRateLimiter::AdmitOrReply(const ExchangePtr& exchange, const RouteSpec* spec) {
  std::optional<core::Error> refused = Admit(*exchange, spec ? spec->rate_class : RateClass::kGeneral);
  if (!refused) return true;
  FinishWithProblem(exchange, *refused);
  return false;
}

}  // namespace ordo::api
