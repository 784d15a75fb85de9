#include "service/rule_set_diff.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "core/json.hpp"

namespace ordo::service {
namespace {

void WriteSorted(const rapidjson::Value& value, core::JsonWriter& writer) {
  if (value.IsObject()) {
    std::vector<const rapidjson::Value::Member*> members;
    for (const auto& member : value.GetObject()) members.push_back(&member);
    std::sort(members.begin(), members.end(), [](const auto* left, const auto* right) {
      return core::AsView(left->name) < core::AsView(right->name);
    });
    writer.StartObject();
    for (const auto* member : members) {
      core::WriteKey(writer, core::AsView(member->name));
      WriteSorted(member->value, writer);
    }
    writer.EndObject();
    return;
  }
  if (value.IsArray()) {
    writer.StartArray();
    for (const auto& element : value.GetArray()) WriteSorted(element, writer);
    writer.EndArray();
    return;
  }
  value.Accept(writer);
}

std::string Canonical(const rapidjson::Value& value) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  WriteSorted(value, writer);
  return {buffer.GetString(), buffer.GetSize()};
}

// A member's canonical text, or its default's when it is left out.
std::string MemberText(const rapidjson::Value& rule, std::string_view name) {
  const auto found = rule.FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
  if (found != rule.MemberEnd()) return Canonical(found->value);
  if (name == "priority") return "0";
  if (name == "stop_processing") return "false";
  if (name == "cron" || name == "description") return "\"\"";
  return "";  // when, then, trigger, enabled_from/to: absent
}

struct IndexedRules {
  rapidjson::Document doc;
  std::vector<std::string> ids;  // document order
  std::map<std::string, const rapidjson::Value*> by_id;
};

core::Status Index(std::string_view json, std::string_view which, IndexedRules& out) {
  ORDO_TRY(core::ParseJson(json, out.doc));
  const auto malformed = [&] {
    return core::MakeError(core::ErrorCode::kMalformed, std::string(which) + " is not a rule set document");
  };
  if (!out.doc.IsObject()) return malformed();
  const auto rules = out.doc.FindMember("rules");
  if (rules == out.doc.MemberEnd() || !rules->value.IsArray()) return malformed();
  for (const auto& rule : rules->value.GetArray()) {
    if (!rule.IsObject() || !rule.HasMember("id") || !rule["id"].IsString()) return malformed();
    std::string id(core::AsView(rule["id"]));
    if (!out.by_id.emplace(id, &rule).second) return malformed();
    out.ids.push_back(std::move(id));
  }
  return core::Ok();
}

}  // namespace

core::Result<std::string> CanonicalJson(std::string_view json) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(json, doc));
  return Canonical(doc);
}

core::Result<RuleSetDiff> DiffRuleSets(std::string_view from_json, std::string_view to_json) {
  IndexedRules from;
  IndexedRules to;
  ORDO_TRY(Index(from_json, "the older version", from));
  ORDO_TRY(Index(to_json, "the newer version", to));
  RuleSetDiff diff;
  for (const auto& id : from.ids) {
    if (!to.by_id.contains(id)) diff.removed.push_back(id);
  }
  for (const auto& id : to.ids) {
    const auto before = from.by_id.find(id);
    if (before == from.by_id.end()) {
      diff.added.push_back(id);
      continue;
    }
    RuleChange change{id, {}};
    for (std::string_view member : kDiffedRuleMembers) {
      if (MemberText(*before->second, member) != MemberText(*to.by_id.at(id), member)) {
        change.members.emplace_back(member);
      }
    }
    if (!change.members.empty()) diff.changed.push_back(std::move(change));
  }
  return diff;
}

}  // namespace ordo::service
