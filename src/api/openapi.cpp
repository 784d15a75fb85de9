#include "api/openapi.hpp"

#include <map>
#include <vector>

#include "core/json.hpp"

namespace ordo::api {
namespace {

constexpr std::string_view kComponentSchemas =
#include "api/openapi_schemas.inc"
    ;
constexpr std::string_view kSecuritySchemes =
    R"JSON({"bearer": {"type": "http", "scheme": "bearer", "description": "a session token (ses_…, from POST /api/v1/auth/login) or an API key (ok_…)"}})JSON";

std::string LowerMethod(Method method) {
  std::string name(MethodName(method));
  for (char& c : name) c = static_cast<char>(c - 'A' + 'a');
  return name;
}

std::vector<std::string> PathParameters(std::string_view pattern) {
  std::vector<std::string> names;
  for (std::size_t open = pattern.find('{'); open != std::string_view::npos; open = pattern.find('{', open + 1)) {
    const std::size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) break;
    names.emplace_back(pattern.substr(open + 1, close - open - 1));
  }
  return names;
}

void WriteParameter(core::JsonWriter& writer, std::string_view name, std::string_view in, bool required,
                    std::string_view description, std::string_view type) {
  writer.StartObject();
  core::WriteKey(writer, "name");
  core::WriteString(writer, name);
  core::WriteKey(writer, "in");
  core::WriteString(writer, in);
  core::WriteKey(writer, "required");
  writer.Bool(required);
  core::WriteKey(writer, "description");
  core::WriteString(writer, description);
  core::WriteKey(writer, "schema");
  writer.StartObject();
  core::WriteKey(writer, "type");
  core::WriteString(writer, type);
  writer.EndObject();
  writer.EndObject();
}

void WriteContent(core::JsonWriter& writer, std::string_view content_type, std::string_view schema) {
  core::WriteKey(writer, "content");
  writer.StartObject();
  core::WriteKey(writer, content_type);
  writer.StartObject();
  core::WriteKey(writer, "schema");
  writer.StartObject();
  if (schema.empty()) {
    core::WriteKey(writer, "type");
    core::WriteString(writer, "string");
  } else {
    core::WriteKey(writer, "$ref");
    core::WriteString(writer, "#/components/schemas/" + std::string(schema));
  }
  writer.EndObject();
  writer.EndObject();
  writer.EndObject();
}

void WriteOperation(core::JsonWriter& writer, const RouteSpec& spec) {
  writer.StartObject();
  core::WriteKey(writer, "operationId");
  core::WriteString(writer, spec.operation_id);
  core::WriteKey(writer, "summary");
  core::WriteString(writer, spec.summary);
  core::WriteKey(writer, "tags");
  writer.StartArray();
  core::WriteString(writer, spec.tag);
  writer.EndArray();
  core::WriteKey(writer, "x-permission");
  core::WriteString(writer, spec.permission);
  core::WriteKey(writer, "security");
  writer.StartArray();
  if (spec.access != Access::kPublic) {
    writer.StartObject();
    core::WriteKey(writer, "bearer");
    writer.StartArray();
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "parameters");
  writer.StartArray();
  for (const std::string& name : PathParameters(spec.pattern)) {
    const bool id = name == "id" || name.ends_with("_id");
    WriteParameter(writer, name, "path", true, name, id ? std::string_view(spec.path_param_type) : "string");
  }
  for (const QueryParamDoc& param : spec.query_params) {
    WriteParameter(writer, param.name, "query", false, param.description, "string");
  }
  for (const std::string& header : spec.headers) WriteParameter(writer, header, "header", false, header, "string");
  WriteParameter(writer, "X-Request-Id", "header", false, "echoed back; generated when absent", "string");
  writer.EndArray();
  if (!spec.request_schema.empty()) {
    core::WriteKey(writer, "requestBody");
    writer.StartObject();
    core::WriteKey(writer, "required");
    writer.Bool(true);
    WriteContent(writer, kContentJson, spec.request_schema);
    writer.EndObject();
  }
  core::WriteKey(writer, "responses");
  writer.StartObject();
  core::WriteKey(writer, std::to_string(spec.success_status));
  writer.StartObject();
  core::WriteKey(writer, "description");
  core::WriteString(writer, "success");
  if (spec.success_status != 204 && (!spec.response_schema.empty() || spec.response_content_type != kContentJson)) {
    WriteContent(writer, spec.response_content_type, spec.response_schema);
  }
  writer.EndObject();
  core::WriteKey(writer, "default");
  writer.StartObject();
  core::WriteKey(writer, "description");
  core::WriteString(writer, "an RFC 9457 problem (400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503)");
  WriteContent(writer, kContentProblem, "Problem");
  writer.EndObject();
  writer.EndObject();
  writer.EndObject();
}

}  // namespace

std::string BuildOpenApiDocument(const Router& router, std::string_view version) {
  // Group operations by path, keeping the table's order of first appearance.
  std::vector<std::string> paths;
  std::map<std::string, std::vector<const RouteSpec*>> operations;
  for (const RouteSpec& spec : router.specs()) {
    if (!operations.contains(spec.pattern)) paths.push_back(spec.pattern);
    operations[spec.pattern].push_back(&spec);
  }
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "openapi");
  core::WriteString(writer, "3.0.3");
  core::WriteKey(writer, "info");
  writer.StartObject();
  core::WriteKey(writer, "title");
  core::WriteString(writer, "Ordo API");
  core::WriteKey(writer, "version");
  core::WriteString(writer, version);
  writer.EndObject();
  core::WriteKey(writer, "paths");
  writer.StartObject();
  for (const std::string& path : paths) {
    core::WriteKey(writer, path);
    writer.StartObject();
    for (const RouteSpec* spec : operations[path]) {
      core::WriteKey(writer, LowerMethod(spec->method));
      WriteOperation(writer, *spec);
    }
    writer.EndObject();
  }
  writer.EndObject();
  core::WriteKey(writer, "components");
  writer.StartObject();
  core::WriteKey(writer, "schemas");
  writer.RawValue(kComponentSchemas.data(), kComponentSchemas.size(), rapidjson::kObjectType);
  core::WriteKey(writer, "securitySchemes");
  writer.RawValue(kSecuritySchemes.data(), kSecuritySchemes.size(), rapidjson::kObjectType);
  writer.EndObject();
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace ordo::api
