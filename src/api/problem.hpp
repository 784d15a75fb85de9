#pragma once
// RFC 9457 problem documents: the one place where core::ErrorCode becomes an HTTP status, a
// problem `type` and a `title`. A new ErrorCode comes with its row in problem.cpp.
//
//   {"type": "urn:ordo:problem:invalid-argument", "title": "…", "status": 422, "detail": "…",
//    "request_id": "…", "errors": [{"field": "lines/0/qty", "code": "not_positive", "message": "…"}]}
#include <cstdint>
#include <string_view>

#include "api/http_types.hpp"
#include "core/result.hpp"

namespace ordo::api {

struct ProblemKind {
  int status;
  std::string_view slug;   // the end of the `type` URI
  std::string_view title;
};

ProblemKind ProblemFor(core::ErrorCode code);
// The problem for one error: ProblemFor(code), except two refusals core has no code for, both
// 429 Too Many Requests + Retry-After: the login throttle's (kUnauthorized, detail
// "too_many_attempts") and the request rate limit's (kUnavailable, detail "rate_limited",
// problem type urn:ordo:problem:rate-limited).
inline constexpr std::string_view kTooManyAttempts = "too_many_attempts";
inline constexpr std::string_view kRateLimited = "rate_limited";
ProblemKind ProblemOf(const core::Error& error);
bool IsTooManyAttempts(const core::Error& error);
bool IsRateLimited(const core::Error& error);
std::int64_t RetryAfterSeconds(const core::Error& error);

// Fills `response` with the problem for `error` (status, content type, body; Retry-After for
// 429, WWW-Authenticate: Bearer for 401).
void WriteProblem(Response& response, const core::Error& error, std::string_view request_id);
// The same, into an open JSON writer (one item of a batch answer): the problem object only.
void WriteProblemObject(core::JsonWriter& writer, const core::Error& error, std::string_view request_id);
// Problems HTTP itself raises without an ErrorCode (405 method not allowed).
void WriteHttpProblem(Response& response, int status, std::string_view slug, std::string_view title,
                      std::string_view detail, std::string_view request_id);

}  // namespace ordo::api
