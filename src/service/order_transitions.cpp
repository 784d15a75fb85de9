#include "service/order_transitions.hpp"

#include <charconv>
#include <utility>

#include "core/json.hpp"
#include "order/status.hpp"

namespace ordo::service {
namespace {

constexpr std::size_t kMaxReasonBytes = 500;

}  // namespace

std::optional<std::int64_t> ParseIfMatch(std::string_view if_match, bool& malformed) {
  malformed = false;
  if (if_match.empty()) return std::nullopt;
  std::string_view text = if_match;
  if (text.starts_with("W/")) text.remove_prefix(2);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  std::int64_t version = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (ec != std::errc() || end != text.data() + text.size() || version < 0) {
    malformed = true;
    return std::nullopt;
  }
  return version;
}

core::Result<store::TransitionCommand> ParseTransitionRequest(std::string_view body, std::int64_t order_id,
                                                              std::string_view if_match, const core::Actor& actor,
                                                              bool strict_json) {
  store::TransitionCommand command;
  command.order_id = order_id;
  command.actor = actor;
  bool if_match_malformed = false;
  command.expected_version = ParseIfMatch(if_match, if_match_malformed);
  if (if_match_malformed) {
    return core::Error{core::ErrorCode::kMalformed, "If-Match must carry the order's version",
                       {{"If-Match", "format", "must be the order version, e.g. \"3\""}}};
  }

  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  if (!doc.IsObject()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "a transition request is a JSON object",
                       {{"", "type", "must be a JSON object {\"to\": ..., \"reason\": ...}"}}};
  }
  std::vector<core::FieldError> fields;
  if (strict_json) {
    for (auto member = doc.MemberBegin(); member != doc.MemberEnd(); ++member) {
      const std::string_view name = core::AsView(member->name);
      if (name != "to" && name != "reason") {
        fields.push_back({std::string(name.substr(0, 64)), "unknown_field", "field is not part of the request schema"});
      }
    }
  }
  const auto to = doc.FindMember("to");
  if (to == doc.MemberEnd() || to->value.IsNull()) {
    fields.push_back({"to", "required", "field is required"});
  } else if (!to->value.IsString()) {
    fields.push_back({"to", "type", "must be a string"});
  } else if (auto status = order::ParseStatus(core::AsView(to->value))) {
    command.to = *status;
  } else {
    fields.push_back({"to", "enum", "must be one of the unified statuses"});
  }
  const auto reason = doc.FindMember("reason");
  if (reason != doc.MemberEnd() && !reason->value.IsNull()) {
    if (!reason->value.IsString()) {
      fields.push_back({"reason", "type", "must be a string"});
    } else if (reason->value.GetStringLength() > kMaxReasonBytes) {
      fields.push_back({"reason", "too_long", "must be at most " + std::to_string(kMaxReasonBytes) + " bytes"});
    } else {
      command.reason = core::AsView(reason->value);
    }
  }
  if (!fields.empty()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "the transition request breaks the rules listed in errors",
                       std::move(fields)};
  }
  return command;
}

core::Status OrderTransitions::Request(std::string_view body, std::int64_t order_id, std::string_view if_match,
                                       const core::Actor& actor, store::OrderScope scope,
                                       store::Callback<order::Order> done) {
  core::Result<store::TransitionCommand> command = ParseTransitionRequest(body, order_id, if_match, actor, strict_json_);
  if (!command) return std::move(command).error();
  command->scope = std::move(scope);
  store_.Transition(std::move(command).value(), std::move(done));
  return core::Ok();
}

}  // namespace ordo::service
