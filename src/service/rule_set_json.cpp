#include "service/rule_set_json.hpp"

#include <algorithm>
#include <initializer_list>
#include <utility>
#include <vector>

#include "core/json.hpp"

namespace ordo::service {
namespace {

core::Error Invalid(std::string field, std::string code, std::string message) {
  return core::Error{core::ErrorCode::kInvalidArgument, "the request breaks a rule",
                     {{std::move(field), std::move(code), std::move(message)}}};
}

// The members of `body` beyond `known` are refused, each by its pointer.
std::vector<core::FieldError> UnknownMembers(const rapidjson::Value& body, std::initializer_list<std::string_view> known) {
  std::vector<core::FieldError> errors;
  for (const auto& member : body.GetObject()) {
    const std::string_view name = core::AsView(member.name);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      errors.push_back({"/" + std::string(name), "unknown_field", "not a member of this request"});
    }
  }
  return errors;
}

// A required non-negative integer member; appends a field error when it is not one.
std::int64_t ReadCount(const rapidjson::Value& body, std::string_view name, std::int64_t minimum,
                       std::vector<core::FieldError>& errors) {
  const auto found = body.FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
  if (found == body.MemberEnd()) {
    errors.push_back({"/" + std::string(name), "required", "required"});
    return 0;
  }
  if (!found->value.IsInt64() || found->value.GetInt64() < minimum) {
    errors.push_back({"/" + std::string(name), "type", "must be an integer of at least " + std::to_string(minimum)});
    return 0;
  }
  return found->value.GetInt64();
}

}  // namespace

bool ValidRuleSetId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

core::Result<RuleVersionInput> ParseRuleVersionInput(std::string_view body) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  if (!doc.IsObject()) return Invalid("", "type", "the body is a JSON object");
  std::vector<core::FieldError> errors = UnknownMembers(doc, {"based_on", "comment", "ruleset"});
  RuleVersionInput input;
  input.based_on = ReadCount(doc, "based_on", 0, errors);
  if (const auto comment = doc.FindMember("comment"); comment != doc.MemberEnd()) {
    if (!comment->value.IsString() || comment->value.GetStringLength() > 500) {
      errors.push_back({"/comment", "type", "must be a string of at most 500 bytes"});
    } else {
      input.comment = std::string(core::AsView(comment->value));
    }
  }
  const auto ruleset = doc.FindMember("ruleset");
  if (ruleset == doc.MemberEnd()) {
    errors.push_back({"/ruleset", "required", "required: the rule set document {\"rules\": [...]}"});
  } else if (!ruleset->value.IsObject()) {
    errors.push_back({"/ruleset", "type", "must be an object {\"rules\": [...]}"});
  } else {
    core::JsonBuffer buffer;
    core::JsonWriter writer(buffer);
    ruleset->value.Accept(writer);
    input.ruleset_json.assign(buffer.GetString(), buffer.GetSize());
  }
  if (!errors.empty()) return core::Error{core::ErrorCode::kInvalidArgument, "the request breaks a rule", errors};
  return input;
}

core::Result<PublicationInput> ParsePublicationInput(std::string_view body) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  if (!doc.IsObject()) return Invalid("", "type", "the body is a JSON object");
  std::vector<core::FieldError> errors = UnknownMembers(doc, {"version", "expected_published"});
  PublicationInput input;
  input.version = ReadCount(doc, "version", 1, errors);
  input.expected_published = ReadCount(doc, "expected_published", 0, errors);
  if (!errors.empty()) return core::Error{core::ErrorCode::kInvalidArgument, "the request breaks a rule", errors};
  return input;
}

}  // namespace ordo::service
