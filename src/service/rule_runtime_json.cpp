#include "service/rule_runtime_json.hpp"

#include <rapidjson/document.h>

#include <set>

#include "core/assert.hpp"
#include "core/json.hpp"

namespace ordo::service {
namespace {

std::string Text(const core::JsonBuffer& buffer) { return {buffer.GetString(), buffer.GetSize()}; }

void WriteRaw(core::JsonWriter& writer, const std::string& json) {
  writer.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

void WriteStrings(core::JsonWriter& writer, const std::set<std::string>& values) {
  writer.StartArray();
  for (const std::string& value : values) core::WriteString(writer, value);
  writer.EndArray();
}

}  // namespace

std::string LeafMatchesJson(const std::vector<rules::LeafMatch>& leaves) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartArray();
  for (const rules::LeafMatch& leaf : leaves) {
    writer.StartObject();
    core::WriteKey(writer, "fact");
    core::WriteString(writer, leaf.fact);
    core::WriteKey(writer, "op");
    core::WriteString(writer, leaf.op);
    core::WriteKey(writer, "expected");
    WriteRaw(writer, leaf.expected_json);
    core::WriteKey(writer, "actual");
    WriteRaw(writer, leaf.actual_json);
    core::WriteKey(writer, "held");
    writer.Bool(leaf.held);
    writer.EndObject();
  }
  writer.EndArray();
  return Text(buffer);
}

std::string ActionsJson(const std::vector<rules::FiredAction>& fired, const rules::ActionPlan& plan,
                        const std::string& rule_id) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartArray();
  for (const rules::FiredAction& action : fired) {
    if (action.rule_id != rule_id) continue;
    writer.StartObject();
    core::WriteKey(writer, "action");
    core::WriteString(writer, action.action.name);
    core::WriteKey(writer, "params");
    WriteRaw(writer, action.action.params_json);
    const rules::OverriddenAction* overridden = nullptr;
    for (const rules::OverriddenAction& candidate : plan.overridden) {
      if (candidate.rule_id == rule_id && candidate.action == action.action.name) overridden = &candidate;
    }
    core::WriteKey(writer, "result");
    core::WriteString(writer, overridden ? "overridden" : "applied");
    if (overridden) {
      core::WriteKey(writer, "reason");
      core::WriteString(writer, overridden->reason);
    }
    writer.EndObject();
  }
  writer.EndArray();
  return Text(buffer);
}

const store::RuleFiringRecord& FiredBy(const std::vector<store::RuleFiringRecord>& firings, const std::string& rule_id) {
  for (const store::RuleFiringRecord& firing : firings) {
    if (firing.rule_id == rule_id) return firing;
  }
  ORDO_CHECK(false);
  return firings.front();
}

sourcing::RuleDirectives ToDirectives(const rules::ActionPlan& plan) {
  sourcing::RuleDirectives directives;
  directives.excluded_locations = plan.excluded_locations;
  directives.preferred_locations = plan.preferred_locations;
  directives.forced_location = plan.force_location;
  return directives;
}

std::string DirectivesJson(const rules::ActionPlan& plan) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  if (plan.force_location) {
    core::WriteKey(writer, "force");
    core::WriteString(writer, *plan.force_location);
  }
  core::WriteKey(writer, "exclude");
  WriteStrings(writer, plan.excluded_locations);
  core::WriteKey(writer, "prefer");
  WriteStrings(writer, plan.preferred_locations);
  writer.EndObject();
  return Text(buffer);
}

core::Result<sourcing::RuleDirectives> ParseDirectivesJson(std::string_view json) {
  rapidjson::Document doc;
  const auto malformed = [] { return core::MakeError(core::ErrorCode::kInternal, "stored rule directives are malformed"); };
  if (!core::ParseJson(json, doc) || !doc.IsObject()) return malformed();
  sourcing::RuleDirectives directives;
  if (const auto force = doc.FindMember("force"); force != doc.MemberEnd()) {
    if (!force->value.IsString()) return malformed();
    directives.forced_location = std::string(core::AsView(force->value));
  }
  for (const auto& [name, into] : {std::pair{"exclude", &directives.excluded_locations},
                                   std::pair{"prefer", &directives.preferred_locations}}) {
    const auto list = doc.FindMember(name);
    if (list == doc.MemberEnd()) continue;
    if (!list->value.IsArray()) return malformed();
    for (const auto& location : list->value.GetArray()) {
      if (!location.IsString()) return malformed();
      into->emplace(core::AsView(location));
    }
  }
  return directives;
}

bool EffectBelongsTo(const store::RuleEffectRecord& effect, const std::string& subject) {
  if (effect.kind == kEffectHideSku && subject.starts_with("stock:")) {
    const std::string sku = subject.substr(6);
    return effect.key.size() > sku.size() && effect.key.ends_with(":" + sku);
  }
  if (effect.kind == kEffectSwitchCarrier && subject.starts_with("carrier:")) return effect.key == subject.substr(8);
  return false;
}

std::optional<store::RuleEvent> UndoEvent(const store::RuleEffectRecord& effect) {
  if (effect.kind == kEffectHideSku) {
    const auto colon = effect.key.find(':');
    return store::RuleEvent{kEventSkuShown, 0,
                            SkuVisibilityPayload(effect.key.substr(0, colon), effect.key.substr(colon + 1), effect.rule_id)};
  }
  if (effect.kind == kEffectSwitchCarrier) {
    return store::RuleEvent{kEventCarrierSwitched, 0, CarrierSwitchPayload(effect.key, effect.value, effect.rule_id, false)};
  }
  return std::nullopt;
}

std::string NotifyPayload(const rules::NotifyAction& notify, const std::string& subject, std::string_view facts_json) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "webhook");
  core::WriteString(writer, notify.webhook);
  core::WriteKey(writer, "template");
  core::WriteString(writer, notify.template_name);
  core::WriteKey(writer, "rule_id");
  core::WriteString(writer, notify.rule_id);
  core::WriteKey(writer, "subject");
  core::WriteString(writer, subject);
  if (!facts_json.empty()) {
    core::WriteKey(writer, "facts");
    writer.RawValue(facts_json.data(), facts_json.size(), rapidjson::kObjectType);
  }
  writer.EndObject();
  return Text(buffer);
}

std::string RegionPayload(const std::string& region) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "region");
  core::WriteString(writer, region);
  writer.EndObject();
  return Text(buffer);
}

std::string SkuVisibilityPayload(const std::string& channel, const std::string& sku, const std::string& rule_id) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "channel");
  core::WriteString(writer, channel);
  core::WriteKey(writer, "sku");
  core::WriteString(writer, sku);
  core::WriteKey(writer, "rule_id");
  core::WriteString(writer, rule_id);
  writer.EndObject();
  return Text(buffer);
}

std::string CarrierSwitchPayload(const std::string& from, const std::string& to, const std::string& rule_id, bool active) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "from");
  core::WriteString(writer, from);
  core::WriteKey(writer, "to");
  core::WriteString(writer, to);
  core::WriteKey(writer, "rule_id");
  core::WriteString(writer, rule_id);
  core::WriteKey(writer, "active");
  writer.Bool(active);
  writer.EndObject();
  return Text(buffer);
}

}  // namespace ordo::service

namespace ordo::service {

void SetIntFact(rules::FactSnapshot& snapshot, const rules::FactCatalogue& catalogue, std::string_view path,
                std::int64_t value) {
  const core::Status set = snapshot.SetInt(catalogue, path, value);
  ORDO_CHECK(set.has_value());
}

void SetDecimalFact(rules::FactSnapshot& snapshot, const rules::FactCatalogue& catalogue, std::string_view path,
                    std::int64_t scaled) {
  const core::Status set = snapshot.SetDecimal(catalogue, path, scaled);
  ORDO_CHECK(set.has_value());
}

void SetStringFact(rules::FactSnapshot& snapshot, const rules::FactCatalogue& catalogue, std::string_view path,
                   std::string_view value) {
  const core::Status set = snapshot.SetString(catalogue, path, std::string(value));
  ORDO_CHECK(set.has_value());
}

}  // namespace ordo::service
