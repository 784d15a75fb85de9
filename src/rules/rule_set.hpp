#pragma once
// The rule language (issue 7, item 1): a JSON document of condition → action rules, validated
// at save time against the fact catalogue (item 2). Every refusal is kInvalidArgument with one
// core::FieldError per bad node, `field` a JSON pointer into the document ("/rules/3/when/all/1/op").
//
//   {"rules": [{"id": "low-stock-douyin", "trigger": "stock.changed",
//               "when": {"all": [{"fact": "stock.available", "op": "<=", "value": 10},
//                                {"not": {"fact": "order.channel", "op": "==", "value": "pos"}}]},
//               "then": [{"action": "hide_sku", "channel": "douyin"}, {"action": "notify", ...}],
//               "priority": 10, "stop_processing": false,
//               "enabled_from": "2026-12-01T00:00:00Z", "enabled_to": "2026-12-31T00:00:00Z"}]}
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "rules/fact_catalogue.hpp"

namespace ordo::rules {

enum class Trigger { kOrderCreated, kOrderUpdated, kStockChanged, kTrackingUpdated, kCarrierSlaDaily, kSchedule };
inline constexpr std::size_t kTriggerCount = 6;
std::string_view TriggerName(Trigger trigger);

enum class Op { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn, kContains, kStartsWith, kBetween, kMatches, kExists };
std::string_view OpName(Op op);
inline constexpr std::size_t kOpCount = 13;
// Whether a condition on a fact of `type` may use `op` (what the console offers per fact).
bool OpValidFor(FactType type, Op op);

inline constexpr std::size_t kMaxRules = 2000;
inline constexpr std::size_t kMaxDepth = 12;
inline constexpr std::size_t kMaxNodesPerRule = 256;
inline constexpr std::size_t kMaxSetValues = 1000;
inline constexpr std::size_t kMaxStringBytes = 256;
inline constexpr std::size_t kMaxActionsPerRule = 16;

struct Condition {
  enum class Kind { kAll, kAny, kNot, kLeaf };
  Kind kind = Kind::kLeaf;
  std::vector<Condition> children;  // all / any: any number; not: exactly one
  // Leaf: the fact, the operator and the value, typed by the fact. Numbers are ints, decimals
  // times kDecimalScale, or bools as 0/1; `between` holds {low, high}; `exists` holds {1} or {0}.
  Slot slot = 0;
  FactType type = FactType::kInt;
  Op op = Op::kEq;
  std::vector<std::int64_t> numbers;
  std::vector<std::string> strings;
};

struct Action {
  std::string name;         // "hold", "route.prefer", ...
  std::string params_json;  // the action's members other than "action", as a compact JSON object
};

struct Rule {
  std::string id;
  Trigger trigger = Trigger::kOrderCreated;
  std::string cron;  // trigger "schedule" only
  Condition when;
  std::vector<Action> then;
  std::int64_t priority = 0;  // higher first
  bool stop_processing = false;
  std::optional<core::UnixMillis> enabled_from;  // inclusive
  std::optional<core::UnixMillis> enabled_to;    // exclusive
};

struct RuleSet {
  std::vector<Rule> rules;
};

// kMalformed for text that is not JSON; kInvalidArgument (fields: every bad node) otherwise.
core::Result<RuleSet> ParseRuleSet(std::string_view json, const FactCatalogue& catalogue);

}  // namespace ordo::rules
