#include "api/problem.hpp"

#include <string>

namespace ordo::api {
namespace {

constexpr std::string_view kTypePrefix = "urn:ordo:problem:";

void WriteMembers(core::JsonWriter& writer, int status, std::string_view slug, std::string_view title,
                  std::string_view detail, std::string_view request_id) {
  const std::string type = std::string(kTypePrefix) + std::string(slug);
  core::WriteKey(writer, "type");
  core::WriteString(writer, type);
  core::WriteKey(writer, "title");
  core::WriteString(writer, title);
  core::WriteKey(writer, "status");
  writer.Int(status);
  core::WriteKey(writer, "detail");
  core::WriteString(writer, detail);
  core::WriteKey(writer, "request_id");
  core::WriteString(writer, request_id);
}

}  // namespace

ProblemKind ProblemFor(core::ErrorCode code) {
  using core::ErrorCode;
  switch (code) {
    case ErrorCode::kInvalidArgument: return {422, "invalid-argument", "The request breaks validation rules"};
    case ErrorCode::kMalformed: return {400, "malformed", "The request cannot be read"};
    case ErrorCode::kNotFound: return {404, "not-found", "Not found"};
    case ErrorCode::kConflict: return {409, "conflict", "The request conflicts with the current state"};
    case ErrorCode::kIllegalTransition: return {409, "illegal-transition", "The order cannot make this transition"};
    case ErrorCode::kRejected: return {422, "rejected", "Refused by a business rule"};
    case ErrorCode::kUnauthorized: return {401, "unauthorized", "Authentication is required"};
    case ErrorCode::kForbidden: return {403, "forbidden", "Not allowed"};
    case ErrorCode::kTooLarge: return {413, "too-large", "The request body is too large"};
    case ErrorCode::kUnavailable: return {503, "unavailable", "Temporarily unavailable"};
    case ErrorCode::kInternal: return {500, "internal", "Internal error"};
  }
  return {500, "internal", "Internal error"};
}

bool IsTooManyAttempts(const core::Error& error) {
  return error.code == core::ErrorCode::kUnauthorized && error.detail == kTooManyAttempts;
}

bool IsRateLimited(const core::Error& error) {
  return error.code == core::ErrorCode::kUnavailable && error.detail == kRateLimited;
}

std::int64_t RetryAfterSeconds(const core::Error& error) {
  // security::ThrottleVerdict::ToError: field "retry_after_seconds", message "try again in N seconds".
  for (const core::FieldError& field : error.fields) {
    if (field.field != "retry_after_seconds") continue;
    std::int64_t seconds = 0;
    bool digits = false;
    for (const char c : field.message) {
      if (c >= '0' && c <= '9') {
        seconds = seconds * 10 + (c - '0');
        digits = true;
      } else if (digits) {
        break;
      }
      if (seconds > 1'000'000) break;
    }
    if (digits) return seconds < 1 ? 1 : seconds;
  }
  return 60;
}

ProblemKind ProblemOf(const core::Error& error) {
  // core has no "too many requests" code: the login throttle says kUnauthorized with this
  // detail, and it becomes 429 here, in the one place that maps errors to statuses.
  if (IsTooManyAttempts(error)) return {429, "too-many-requests", "Too many attempts"};
  if (IsRateLimited(error)) return {429, "rate-limited", "Too many requests"};
  return ProblemFor(error.code);
}

void WriteProblemObject(core::JsonWriter& writer, const core::Error& error, std::string_view request_id) {
  const ProblemKind kind = ProblemOf(error);
  writer.StartObject();
  // Internal details stay in the log; the client learns only that it was ours.
  const std::string_view detail = error.code == core::ErrorCode::kInternal ? "see the server log for this request id"
                                                                          : std::string_view(error.detail);
  WriteMembers(writer, kind.status, kind.slug, kind.title, detail, request_id);
  core::WriteKey(writer, "errors");
  writer.StartArray();
  for (const core::FieldError& field : error.fields) {
    writer.StartObject();
    core::WriteKey(writer, "field");
    core::WriteString(writer, field.field);
    core::WriteKey(writer, "code");
    core::WriteString(writer, field.code);
    core::WriteKey(writer, "message");
    core::WriteString(writer, field.message);
    if (!field.rule.empty()) {
      core::WriteKey(writer, "rule");
      core::WriteString(writer, field.rule);
      core::WriteKey(writer, "action");
      core::WriteString(writer, field.action);
    }
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

void WriteProblem(Response& response, const core::Error& error, std::string_view request_id) {
  response.status = ProblemOf(error).status;
  if (response.status == 429) response.AddHeader("Retry-After", std::to_string(RetryAfterSeconds(error)));
  if (response.status == 401) response.AddHeader("WWW-Authenticate", "Bearer");
  response.content_type = kContentProblem;
  WriteProblemObject(response.StartJson(), error, request_id);
}

void WriteHttpProblem(Response& response, int status, std::string_view slug, std::string_view title,
                      std::string_view detail, std::string_view request_id) {
  response.status = status;
  response.content_type = kContentProblem;
  core::JsonWriter& writer = response.StartJson();
  writer.StartObject();
  WriteMembers(writer, status, slug, title, detail, request_id);
  core::WriteKey(writer, "errors");
  writer.StartArray();
  writer.EndArray();
  writer.EndObject();
}

}  // namespace ordo::api
