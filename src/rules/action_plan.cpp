#include "rules/action_plan.hpp"

#include <rapidjson/document.h>

#include <algorithm>

#include "core/json.hpp"

namespace ordo::rules {
namespace {

using Params = rapidjson::Document;

core::Error BadParams(const FiredAction& fired) {
  return core::MakeError(core::ErrorCode::kInvalidArgument,
                         "rule " + fired.rule_id + ": action " + fired.action.name + " has malformed parameters");
}

std::optional<std::string> Text(const Params& params, const char* name) {
  const auto member = params.FindMember(name);
  if (member == params.MemberEnd() || !member->value.IsString()) return std::nullopt;
  return std::string(core::AsView(member->value));
}

std::optional<std::int64_t> Integer(const Params& params, const char* name) {
  const auto member = params.FindMember(name);
  if (member == params.MemberEnd() || !member->value.IsInt64()) return std::nullopt;
  return member->value.GetInt64();
}

std::string ValueJson(const Params& params, const char* name) {
  const auto member = params.FindMember(name);
  if (member == params.MemberEnd()) return "null";
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  member->value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

class Planner {
 public:
  core::Status Add(const FiredAction& fired) {
    Params params;
    if (!core::ParseJson(fired.action.params_json, params) || !params.IsObject()) return BadParams(fired);
    const std::string& name = fired.action.name;
    const std::string& rule = fired.rule_id;
    if (name == "hold") {
      const auto reason = Text(params, "reason");
      if (!reason) return BadParams(fired);
      if (plan_.hold_reason) {
        Override(rule, name, "the order is already held by rule " + plan_.hold_rule);
      } else {
        plan_.hold_reason = *reason;
        plan_.hold_rule = rule;
        if (plan_.release) {
          plan_.release = false;
          Override(release_rule_, "release", "rule " + rule + " holds the order (a hold beats a release)");
        }
      }
    } else if (name == "release") {
      if (plan_.hold_reason) {
        Override(rule, name, "rule " + plan_.hold_rule + " holds the order (a hold beats a release)");
      } else if (!plan_.release) {
        plan_.release = true;
        release_rule_ = rule;
      }
    } else if (name == "set_priority") {
      const auto level = Text(params, "level");
      if (!level || !PriorityRank(*level)) return BadParams(fired);
      if (plan_.priority_level) {
        if (*plan_.priority_level != *level) Override(rule, name, "rule " + plan_.priority_rule + " set the priority first");
      } else {
        plan_.priority_level = *level;
        plan_.priority_rule = rule;
      }
    } else if (name == "route.force" || name == "route.exclude" || name == "route.prefer") {
      const auto location = Text(params, "location");
      if (!location) return BadParams(fired);
      Route(rule, name, *location);
    } else if (name == "limit_quantity") {
      const auto max_units = Integer(params, "max");
      const auto window = Integer(params, "window_hours");
      const auto per = params.FindMember("per");
      if (!max_units || !window || per == params.MemberEnd() || !per->value.IsArray()) return BadParams(fired);
      QuantityLimitAction limit{rule, *max_units, {}, *window};
      for (const auto& scope : per->value.GetArray()) {
        if (!scope.IsString()) return BadParams(fired);
        limit.per.emplace_back(core::AsView(scope));
      }
      plan_.limits.push_back(std::move(limit));
    } else if (name == "block_ordering") {
      const auto region = Text(params, "region");
      if (!region) return BadParams(fired);
      if (std::find(plan_.blocked_regions.begin(), plan_.blocked_regions.end(), *region) == plan_.blocked_regions.end()) {
        plan_.blocked_regions.push_back(*region);
        plan_.blocked_region_rules.emplace(*region, rule);
      }
    } else if (name == "hide_sku") {
      const auto channel = Text(params, "channel");
      if (!channel) return BadParams(fired);
      plan_.hidden_skus.push_back(HideSkuAction{rule, *channel, Text(params, "sku").value_or("")});
    } else if (name == "switch_carrier") {
      const auto from = Text(params, "from");
      const auto to = Text(params, "to");
      if (!from || !to) return BadParams(fired);
      Switch(rule, *from, *to);
    } else if (name == "notify") {
      const auto webhook = Text(params, "webhook");
      const auto template_name = Text(params, "template");
      if (!webhook || !template_name) return BadParams(fired);
      plan_.notifications.push_back(NotifyAction{rule, *webhook, *template_name});
    } else if (name == "tag") {
      const auto tag = Text(params, "tag");
      if (!tag) return BadParams(fired);
      if (std::find(plan_.tags.begin(), plan_.tags.end(), *tag) == plan_.tags.end()) plan_.tags.push_back(*tag);
    } else if (name == "set_field") {
      const auto field = Text(params, "field");
      if (!field) return BadParams(fired);
      plan_.fields.push_back(SetFieldAction{rule, *field, ValueJson(params, "value")});
    } else {
      return core::MakeError(core::ErrorCode::kInvalidArgument, "rule " + rule + ": unknown action " + name);
    }
    return core::Ok();
  }

  ActionPlan Take() { return std::move(plan_); }

 private:
  void Override(const std::string& rule, const std::string& action, std::string reason) {
    plan_.overridden.push_back(OverriddenAction{rule, action, std::move(reason)});
  }

  void Route(const std::string& rule, const std::string& action, const std::string& location) {
    if (action == "route.force") {
      if (plan_.force_location) {
        if (*plan_.force_location != location) Override(rule, action, "rule " + force_rule_ + " forced " + *plan_.force_location + " first");
      } else if (plan_.excluded_locations.contains(location)) {
        Override(rule, action, "an earlier rule excluded " + location);
      } else {
        plan_.force_location = location;
        force_rule_ = rule;
      }
    } else if (action == "route.exclude") {
      if (plan_.force_location == location) {
        Override(rule, action, "rule " + force_rule_ + " forced " + location + " first");
        return;
      }
      plan_.excluded_locations.insert(location);
      if (plan_.preferred_locations.erase(location) > 0) {
        Override(prefer_rules_[location], "route.prefer", "rule " + rule + " excludes " + location);
      }
    } else if (plan_.excluded_locations.contains(location)) {
      Override(rule, action, "an earlier rule excluded " + location);
    } else {
      plan_.preferred_locations.insert(location);
      prefer_rules_.emplace(location, rule);
    }
  }

  void Switch(const std::string& rule, const std::string& from, const std::string& to) {
    auto& switches = plan_.carrier_switches;
    if (const auto found = switches.find(from); found != switches.end()) {
      if (found->second != to) Override(rule, "switch_carrier", "an earlier rule switches " + from + " to " + found->second);
      return;
    }
    if (switches.contains(to)) {
      Override(rule, "switch_carrier", "an earlier rule switches away from " + to);
      return;
    }
    for (const auto& [earlier_from, earlier_to] : switches) {
      if (earlier_to == from) {
        Override(rule, "switch_carrier", "an earlier rule switches " + earlier_from + " to " + from);
        return;
      }
    }
    switches.emplace(from, to);
    plan_.carrier_switch_rules.emplace(from, rule);
  }

  ActionPlan plan_;
  std::string release_rule_;
  std::string force_rule_;
  std::map<std::string, std::string> prefer_rules_;
};

}  // namespace

std::optional<std::int64_t> PriorityRank(std::string_view level) {
  if (level == "low") return 0;
  if (level == "normal") return 1;
  if (level == "high") return 2;
  if (level == "urgent") return 3;
  return std::nullopt;
}

core::Result<ActionPlan> PlanActions(const std::vector<FiredAction>& fired) {
  Planner planner;
  for (const FiredAction& action : fired) {
    if (auto added = planner.Add(action); !added) return std::move(added).error();
  }
  return planner.Take();
}

}  // namespace ordo::rules
