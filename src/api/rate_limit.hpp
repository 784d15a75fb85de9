#pragma once
// Request rate limits in front of every route (security::TokenBucketLimiter underneath).
//
// Key: the signed-in principal ("user:<username>", "api_key:<key id>") on guarded routes,
// once the guard has authenticated it; the client IP ("ip:<address>") for public routes, static
// files, unmatched paths and requests whose credential was refused. Every request takes a token
// from its key's general bucket; export routes (RateClass::kExport) also take one from the
// key's export bucket. An empty bucket answers 429, problem type urn:ordo:problem:rate-limited
// (errors[0].code "rate_limited") with Retry-After in seconds.
//
//   ordo serve defaults: 100 requests/s, bursts of 200, per principal or IP;
//                        exports 10 per minute, bursts of 10, per principal.
//   --rate-limit-rps 0 (or --export-rate-limit-per-minute 0) switches that bucket off.
//
// Thread-safe.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "api/router.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "security/rate_limiter.hpp"

namespace ordo::api {

struct RateLimitOptions {
  double requests_per_second = 100;   // general bucket; 0 disables it
  double burst = 200;
  double exports_per_minute = 10;     // export bucket; 0 disables it
  double export_burst = 10;
  std::size_t max_tracked_keys = 100'000;  // per bucket kind; idle keys are evicted first
};

// The refusal as an error (ProblemOf turns it into 429 + Retry-After):
// kUnavailable, detail "rate_limited", field {"retry_after_seconds", "rate_limited", "try again in N seconds"}.
core::Error RateLimitedError(std::int64_t retry_after_seconds);

class RequestRateLimiter {
 public:
  // `clock` is not owned and must outlive the limiter.
  RequestRateLimiter(const RateLimitOptions& options, const core::Clock& clock);

  // nullopt when admitted, else the 429 error. Keyed as described above by the exchange's
  // principal (when set) or its client IP.
  std::optional<core::Error> Admit(const Exchange& exchange, RateClass rate_class);

  // For the router and the guard: admits or finishes the exchange with the 429 problem.
  bool AdmitOrReply(const ExchangePtr& exchange, const RouteSpec* spec);

 private:
  security::TokenBucketLimiter general_;
  security::TokenBucketLimiter exports_;
};

}  // namespace ordo::api
