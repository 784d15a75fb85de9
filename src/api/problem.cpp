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

void WriteProblemObject(core::JsonWriter& writer, const core::Error& error, std::string_view request_id) {
  const ProblemKind kind = ProblemFor(error.code);
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
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

void WriteProblem(Response& response, const core::Error& error, std::string_view request_id) {
  response.status = ProblemFor(error.code).status;
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
