#pragma once
// What the rules that fired on one subject (an order, a stock row, a carrier) ask for, merged
// into one plan with every cross-rule conflict resolved and explained (issue 7: "action
// conflicts" between rules depend on facts, so they are settled here, at run time, and shown by
// the simulation). Pure: data in, data out; the rule runtime carries the plan out through the
// owning modules.
//
// Resolution, in the order the rules fired (highest priority first, then document order):
// - hold beats release whatever their order (holding a doubtful order is the safe side);
//   the first hold's reason is the order's hold reason, later holds are recorded as merged;
// - route.force: the first wins; a later different force is overridden; a force to a location
//   an earlier rule excluded is overridden (and a later exclude of the forced location is);
// - route.exclude beats route.prefer of the same location;
// - set_priority: the first wins;
// - switch_carrier: the first switch away from a carrier wins; a switch to a carrier that an
//   earlier rule switches away from is overridden (no chains or cycles).
// Everything else accumulates (tags, notifications, limits, blocked regions, hidden SKUs).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "rules/rule_set.hpp"

namespace ordo::rules {

// One action of one fired rule, in firing order.
struct FiredAction {
  std::string ruleset_id;
  std::int64_t version = 0;
  std::string rule_id;
  Action action;
};

struct QuantityLimitAction {
  std::string rule_id;
  std::int64_t max_units = 0;
  std::vector<std::string> per;  // subset of buyer, sku, city, in the rule's order
  std::int64_t window_hours = 0;
};

struct NotifyAction {
  std::string rule_id;
  std::string webhook;
  std::string template_name;
};

struct HideSkuAction {
  std::string rule_id;
  std::string channel;
  std::string sku;  // "" = the subject's SKU(s)
};

struct SetFieldAction {
  std::string rule_id;
  std::string field;
  std::string value_json;
};

// An action that did not take effect because another rule's won, and why.
struct OverriddenAction {
  std::string rule_id;
  std::string action;
  std::string reason;
};

struct ActionPlan {
  std::optional<std::string> hold_reason;
  std::string hold_rule;
  bool release = false;  // only when no rule holds
  std::optional<std::string> priority_level;  // low | normal | high | urgent
  std::string priority_rule;
  std::optional<std::string> force_location;
  std::set<std::string> excluded_locations;
  std::set<std::string> preferred_locations;
  std::vector<QuantityLimitAction> limits;
  std::vector<std::string> blocked_regions;
  std::vector<HideSkuAction> hidden_skus;
  std::map<std::string, std::string> carrier_switches;  // from → to
  std::map<std::string, std::string> carrier_switch_rules;  // from → the rule that switched it
  std::map<std::string, std::string> blocked_region_rules;  // region → the first rule blocking it
  std::vector<NotifyAction> notifications;
  std::vector<std::string> tags;
  std::vector<SetFieldAction> fields;
  std::vector<OverriddenAction> overridden;

  bool routes() const { return force_location || !excluded_locations.empty() || !preferred_locations.empty(); }
};

// kInvalidArgument only for an action whose parameters do not match its validated shape (a
// document stored by another Ordo version); the plan is otherwise total.
core::Result<ActionPlan> PlanActions(const std::vector<FiredAction>& fired);

// Priority levels as the sourcing queue orders them (higher first): low 0, normal 1, high 2,
// urgent 3; nullopt for an unknown name.
std::optional<std::int64_t> PriorityRank(std::string_view level);

}  // namespace ordo::rules
