#include "rules/rule_set.hpp"

#include <array>
#include <cmath>
#include <set>

#include "core/json.hpp"
#include "core/json_pointer.hpp"
#include "core/utf8.hpp"
#include "rules/cron.hpp"
#include "rules/leaf_reader.hpp"

namespace ordo::rules {
namespace {

constexpr std::array<std::string_view, kTriggerCount> kTriggerNames = {
    "order.created", "order.updated", "stock.changed", "tracking.updated", "carrier.sla_daily", "schedule"};

constexpr std::array<std::string_view, 13> kOpNames = {
    "==", "!=", "<", "<=", ">", ">=", "in", "not_in", "contains", "starts_with", "between", "matches", "exists"};

// What an action accepts: each parameter's name, kind and whether it is required.
enum class ParamKind { kString, kInt, kStringList, kScalar };
struct ParamSpec {
  std::string_view name;
  ParamKind kind;
  bool required;
};
struct ActionSpec {
  std::string_view name;
  std::vector<ParamSpec> params;
};

const std::vector<ActionSpec>& ActionSpecs() {
  static const std::vector<ActionSpec> specs = {
      {"hold", {{"reason", ParamKind::kString, true}}},
      {"release", {}},
      {"set_priority", {{"level", ParamKind::kString, true}}},
      {"route.prefer", {{"location", ParamKind::kString, true}}},
      {"route.exclude", {{"location", ParamKind::kString, true}}},
      {"route.force", {{"location", ParamKind::kString, true}}},
      {"limit_quantity",
       {{"max", ParamKind::kInt, true}, {"per", ParamKind::kStringList, true}, {"window_hours", ParamKind::kInt, true}}},
      {"block_ordering", {{"region", ParamKind::kString, true}}},
      {"hide_sku", {{"channel", ParamKind::kString, true}, {"sku", ParamKind::kString, false}}},
      {"switch_carrier", {{"from", ParamKind::kString, true}, {"to", ParamKind::kString, true}}},
      {"notify", {{"webhook", ParamKind::kString, true}, {"template", ParamKind::kString, true}}},
      {"tag", {{"tag", ParamKind::kString, true}}},
      {"set_field", {{"field", ParamKind::kString, true}, {"value", ParamKind::kScalar, true}}},
  };
  return specs;
}

constexpr std::array<std::string_view, 4> kPriorityLevels = {"low", "normal", "high", "urgent"};
constexpr std::array<std::string_view, 3> kLimitScopes = {"buyer", "sku", "city"};

template <std::size_t N>
std::optional<std::size_t> IndexOf(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t name_idx = 0; name_idx < N; ++name_idx) {
    if (names[name_idx] == name) return name_idx;
  }
  return std::nullopt;
}

std::string PointerToken(std::string_view name) { return core::JsonPointerToken(name); }

bool IsRuleId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (std::size_t char_idx = 0; char_idx < id.size(); ++char_idx) {
    const char c = id[char_idx];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (char_idx == 0 || (c != '_' && c != '-' && c != '.'))) return false;
  }
  return true;
}

class Problems {
 public:
  void Add(std::string pointer, std::string code, std::string message) {
    if (errors_.size() < kMaxProblems) errors_.push_back(core::FieldError{std::move(pointer), std::move(code), std::move(message)});
  }
  bool empty() const { return errors_.empty(); }
  std::size_t size() const { return errors_.size(); }
  std::vector<core::FieldError> Take() { return std::move(errors_); }

 private:
  static constexpr std::size_t kMaxProblems = 100;
  std::vector<core::FieldError> errors_;
};

using Value = rapidjson::Value;

bool ValidOp(FactType type, Op op) {
  switch (type) {
    case FactType::kInt:
    case FactType::kDecimal:
      return op == Op::kEq || op == Op::kNe || op == Op::kLt || op == Op::kLe || op == Op::kGt || op == Op::kGe ||
             op == Op::kIn || op == Op::kNotIn || op == Op::kBetween || op == Op::kExists;
    case FactType::kString:
      return op == Op::kEq || op == Op::kNe || op == Op::kIn || op == Op::kNotIn || op == Op::kContains ||
             op == Op::kStartsWith || op == Op::kMatches || op == Op::kExists;
    case FactType::kBool: return op == Op::kEq || op == Op::kNe || op == Op::kExists;
    case FactType::kStringList: return op == Op::kContains || op == Op::kIn || op == Op::kNotIn || op == Op::kExists;
  }
  return false;
}

// One scalar of the fact's type, or nullopt (wrong type, out of range, too many decimals).
std::optional<std::int64_t> ReadNumber(const Value& value, FactType type) {
  if (type == FactType::kBool) {
    if (!value.IsBool()) return std::nullopt;
    return value.GetBool() ? 1 : 0;
  }
  if (type == FactType::kInt) {
    if (!value.IsInt64()) return std::nullopt;
    return value.GetInt64();
  }
  if (!value.IsNumber()) return std::nullopt;
  if (value.IsInt64()) {
    const std::int64_t whole = value.GetInt64();
    if (whole > INT64_MAX / kDecimalScale || whole < INT64_MIN / kDecimalScale) return std::nullopt;
    return whole * kDecimalScale;
  }
  const double scaled = value.GetDouble() * static_cast<double>(kDecimalScale);
  if (!std::isfinite(scaled) || std::fabs(scaled) > 9.0e15) return std::nullopt;
  const double rounded = std::round(scaled);
  if (std::fabs(scaled - rounded) > 1e-3) return std::nullopt;  // more than four decimals
  return static_cast<std::int64_t>(rounded);
}

std::optional<std::string> ReadString(const Value& value) {
  if (!value.IsString() || value.GetStringLength() > kMaxStringBytes) return std::nullopt;
  return std::string(core::AsView(value));
}

class Reader {
 public:
  Reader(const FactCatalogue& catalogue, Problems& problems) : catalogue_(catalogue), problems_(problems) {}

  std::optional<Condition> ReadCondition(const Value& node, const std::string& at, std::size_t depth, std::size_t& nodes) {
    if (++nodes > kMaxNodesPerRule) {
      problems_.Add(at, "too_many", "a rule has at most " + std::to_string(kMaxNodesPerRule) + " conditions");
      return std::nullopt;
    }
    if (depth > kMaxDepth) {
      problems_.Add(at, "too_deep", "conditions nest at most " + std::to_string(kMaxDepth) + " levels");
      return std::nullopt;
    }
    if (!node.IsObject()) {
      problems_.Add(at, "type", "a condition is an object: {all}, {any}, {not} or {fact, op, value}");
      return std::nullopt;
    }
    for (const char* group : {"all", "any"}) {
      const auto member = node.FindMember(group);
      if (member == node.MemberEnd()) continue;
      if (node.MemberCount() != 1) {
        problems_.Add(at, "shape", std::string("a {") + group + "} node has no other member");
        return std::nullopt;
      }
      const std::string list_at = at + "/" + group;
      if (!member->value.IsArray() || member->value.Empty()) {
        problems_.Add(list_at, "type", "must be a non-empty array of conditions");
        return std::nullopt;
      }
      Condition condition;
      condition.kind = group[1] == 'l' ? Condition::Kind::kAll : Condition::Kind::kAny;
      bool ok = true;
      for (rapidjson::SizeType child_idx = 0; child_idx < member->value.Size(); ++child_idx) {
        auto child = ReadCondition(member->value[child_idx], list_at + "/" + std::to_string(child_idx), depth + 1, nodes);
        if (child) {
          condition.children.push_back(std::move(*child));
        } else {
          ok = false;
        }
      }
      if (!ok) return std::nullopt;
      return condition;
    }
    if (const auto member = node.FindMember("not"); member != node.MemberEnd()) {
      if (node.MemberCount() != 1) {
        problems_.Add(at, "shape", "a {not} node has no other member");
        return std::nullopt;
      }
      auto child = ReadCondition(member->value, at + "/not", depth + 1, nodes);
      if (!child) return std::nullopt;
      Condition condition;
      condition.kind = Condition::Kind::kNot;
      condition.children.push_back(std::move(*child));
      return condition;
    }
    return ReadLeaf(node, at);
  }

  std::vector<Action> ReadActions(const Value& then, const std::string& at) {
    std::vector<Action> actions;
    if (!then.IsArray() || then.Empty()) {
      problems_.Add(at, "type", "must be a non-empty array of actions");
      return actions;
    }
    if (then.Size() > kMaxActionsPerRule) {
      problems_.Add(at, "too_many", "a rule has at most " + std::to_string(kMaxActionsPerRule) + " actions");
      return actions;
    }
    for (rapidjson::SizeType action_idx = 0; action_idx < then.Size(); ++action_idx) {
      if (auto action = ReadAction(then[action_idx], at + "/" + std::to_string(action_idx))) {
        actions.push_back(std::move(*action));
      }
    }
    CheckConflicts(then, actions, at);
    return actions;
  }

  // A single {fact, op, value} node (decision table cells): the caller has checked it is an object.
  std::optional<Condition> ReadLeafOnly(const Value& node, const std::string& at) { return ReadLeaf(node, at); }

 private:
  std::optional<Condition> ReadLeaf(const Value& node, const std::string& at) {
    bool ok = true;
    for (auto member = node.MemberBegin(); member != node.MemberEnd(); ++member) {
      const std::string_view name = core::AsView(member->name);
      if (name != "fact" && name != "op" && name != "value") {
        problems_.Add(at + "/" + PointerToken(name), "unknown_field", "a condition has fact, op and value");
        ok = false;
      }
    }
    const auto fact = node.FindMember("fact");
    const auto op = node.FindMember("op");
    const auto value = node.FindMember("value");
    std::optional<Slot> slot;
    if (fact == node.MemberEnd()) {
      problems_.Add(at + "/fact", "required", "member is required");
    } else if (!fact->value.IsString()) {
      problems_.Add(at + "/fact", "type", "must be a fact path string");
    } else if (slot = catalogue_.Find(core::AsView(fact->value)); !slot) {
      problems_.Add(at + "/fact", "unknown_fact", "not a fact of the catalogue");
    }
    std::optional<std::size_t> op_idx;
    if (op == node.MemberEnd()) {
      problems_.Add(at + "/op", "required", "member is required");
    } else if (!op->value.IsString() || !(op_idx = IndexOf(kOpNames, core::AsView(op->value)))) {
      problems_.Add(at + "/op", "unknown_operator", "not an operator of the rule language");
    }
    if (!ok || !slot || !op_idx) return std::nullopt;
    Condition leaf;
    leaf.slot = *slot;
    leaf.type = catalogue_.At(*slot).type;
    leaf.op = static_cast<Op>(*op_idx);
    if (!ValidOp(leaf.type, leaf.op)) {
      problems_.Add(at + "/op", "operator_type",
                    "operator " + std::string(OpName(leaf.op)) + " does not apply to a " +
                        std::string(FactTypeName(leaf.type)) + " fact");
      return std::nullopt;
    }
    const std::string value_at = at + "/value";
    if (leaf.op == Op::kExists) {
      if (value == node.MemberEnd()) {
        leaf.numbers.push_back(1);
      } else if (value->value.IsBool()) {
        leaf.numbers.push_back(value->value.GetBool() ? 1 : 0);
      } else {
        problems_.Add(value_at, "value_type", "exists takes true, false or no value");
        return std::nullopt;
      }
      return leaf;
    }
    if (value == node.MemberEnd()) {
      problems_.Add(value_at, "required", "member is required");
      return std::nullopt;
    }
    if (!ReadValue(value->value, leaf, value_at)) return std::nullopt;
    return leaf;
  }

  bool ReadValue(const Value& value, Condition& leaf, const std::string& at) {
    const bool text = leaf.type == FactType::kString || leaf.type == FactType::kStringList;
    const std::string want = text ? "a string" : std::string("a ") + std::string(FactTypeName(leaf.type));
    if (leaf.op == Op::kIn || leaf.op == Op::kNotIn) {
      if (!value.IsArray() || value.Empty() || value.Size() > kMaxSetValues) {
        problems_.Add(at, "value_type", "must be an array of 1 to " + std::to_string(kMaxSetValues) + " values");
        return false;
      }
      bool ok = true;
      for (rapidjson::SizeType item_idx = 0; item_idx < value.Size(); ++item_idx) {
        ok = ReadScalar(value[item_idx], leaf, at + "/" + std::to_string(item_idx), want) && ok;
      }
      return ok;
    }
    if (leaf.op == Op::kBetween) {
      if (!value.IsArray() || value.Size() != 2) {
        problems_.Add(at, "value_type", "between takes [low, high]");
        return false;
      }
      if (!ReadScalar(value[0], leaf, at + "/0", want) || !ReadScalar(value[1], leaf, at + "/1", want)) return false;
      if (leaf.numbers[0] > leaf.numbers[1]) {
        problems_.Add(at, "value_range", "low must not exceed high");
        return false;
      }
      return true;
    }
    return ReadScalar(value, leaf, at, want);
  }

  bool ReadScalar(const Value& value, Condition& leaf, const std::string& at, const std::string& want) {
    if (leaf.type == FactType::kString || leaf.type == FactType::kStringList) {
      std::optional<std::string> text = ReadString(value);
      if (!text) {
        problems_.Add(at, "value_type", "must be " + want + " of at most " + std::to_string(kMaxStringBytes) + " bytes");
        return false;
      }
      leaf.strings.push_back(std::move(*text));
      return true;
    }
    const std::optional<std::int64_t> number = ReadNumber(value, leaf.type);
    if (!number) {
      problems_.Add(at, "value_type",
                    leaf.type == FactType::kDecimal ? "must be a number with at most four decimals" : "must be " + want);
      return false;
    }
    leaf.numbers.push_back(*number);
    return true;
  }

  std::optional<Action> ReadAction(const Value& node, const std::string& at) {
    if (!node.IsObject()) {
      problems_.Add(at, "type", "an action is an object {\"action\": name, params...}");
      return std::nullopt;
    }
    const auto name = node.FindMember("action");
    if (name == node.MemberEnd() || !name->value.IsString()) {
      problems_.Add(at + "/action", "required", "member is required (a string)");
      return std::nullopt;
    }
    const ActionSpec* spec = nullptr;
    for (const ActionSpec& candidate : ActionSpecs()) {
      if (candidate.name == core::AsView(name->value)) spec = &candidate;
    }
    if (spec == nullptr) {
      problems_.Add(at + "/action", "unknown_action", "not an action of the rule language");
      return std::nullopt;
    }
    const std::size_t before = problems_.size();
    for (auto member = node.MemberBegin(); member != node.MemberEnd(); ++member) {
      const std::string_view param = core::AsView(member->name);
      if (param == "action") continue;
      const ParamSpec* param_spec = nullptr;
      for (const ParamSpec& candidate : spec->params) {
        if (candidate.name == param) param_spec = &candidate;
      }
      const std::string param_at = at + "/" + PointerToken(param);
      if (param_spec == nullptr) {
        problems_.Add(param_at, "unknown_param", "not a parameter of " + std::string(spec->name));
        continue;
      }
      CheckParam(member->value, *param_spec, spec->name, param_at);
    }
    for (const ParamSpec& param : spec->params) {
      if (param.required && !node.HasMember(rapidjson::StringRef(param.name.data(), param.name.size()))) {
        problems_.Add(at + "/" + std::string(param.name), "required", "parameter of " + std::string(spec->name) + " is required");
      }
    }
    if (problems_.size() != before) return std::nullopt;
    core::JsonBuffer buffer;
    core::JsonWriter writer(buffer);
    writer.StartObject();
    for (auto member = node.MemberBegin(); member != node.MemberEnd(); ++member) {
      if (core::AsView(member->name) == "action") continue;
      core::WriteKey(writer, core::AsView(member->name));
      member->value.Accept(writer);
    }
    writer.EndObject();
    return Action{std::string(spec->name), std::string(buffer.GetString(), buffer.GetSize())};
  }

  void CheckParam(const Value& value, const ParamSpec& spec, std::string_view action, const std::string& at) {
    switch (spec.kind) {
      case ParamKind::kString:
        if (!value.IsString() || value.GetStringLength() == 0 || value.GetStringLength() > kMaxStringBytes ||
            !core::IsValidUtf8(core::AsView(value))) {
          problems_.Add(at, "param_type", "must be a non-empty string of at most " + std::to_string(kMaxStringBytes) + " bytes");
        } else if (action == "set_priority" && !IndexOf(kPriorityLevels, core::AsView(value))) {
          problems_.Add(at, "param_value", "must be low, normal, high or urgent");
        }
        return;
      case ParamKind::kInt:
        if (!value.IsInt64() || value.GetInt64() < 1) problems_.Add(at, "param_type", "must be a positive integer");
        return;
      case ParamKind::kStringList:
        if (!value.IsArray() || value.Empty()) {
          problems_.Add(at, "param_type", "must be a non-empty array of buyer, sku, city");
          return;
        }
        for (rapidjson::SizeType item_idx = 0; item_idx < value.Size(); ++item_idx) {
          if (!value[item_idx].IsString() || !IndexOf(kLimitScopes, core::AsView(value[item_idx]))) {
            problems_.Add(at + "/" + std::to_string(item_idx), "param_value", "must be buyer, sku or city");
          }
        }
        return;
      case ParamKind::kScalar:
        if (!(value.IsString() && value.GetStringLength() <= kMaxStringBytes) && !value.IsNumber() && !value.IsBool()) {
          problems_.Add(at, "param_type", "must be a string, number or boolean");
        }
        return;
    }
  }

  // Actions that contradict each other inside one rule: hold with release, two different
  // route.force, switch_carrier to the carrier it leaves. (Conflicts between rules of a set
  // depend on priorities and facts; the simulation shows those.)
  void CheckConflicts(const Value& then, const std::vector<Action>& actions, const std::string& at) {
    if (actions.size() != then.Size()) return;  // already reported
    std::optional<std::size_t> hold;
    std::optional<std::size_t> release;
    std::optional<std::size_t> force;
    for (std::size_t action_idx = 0; action_idx < actions.size(); ++action_idx) {
      const std::string& name = actions[action_idx].name;
      const std::string action_at = at + "/" + std::to_string(action_idx);
      if (name == "hold") hold = action_idx;
      if (name == "release") release = action_idx;
      if (name == "route.force") {
        if (force) problems_.Add(action_at, "conflict", "a rule forces routing to one location at most");
        force = action_idx;
      }
      if (name == "switch_carrier") {
        const Value& node = then[static_cast<rapidjson::SizeType>(action_idx)];
        if (core::AsView(node["from"]) == core::AsView(node["to"])) {
          problems_.Add(action_at + "/to", "conflict", "switches to the carrier it leaves");
        }
      }
    }
    if (hold && release) problems_.Add(at + "/" + std::to_string(*release), "conflict", "a rule cannot hold and release");
  }

  const FactCatalogue& catalogue_;
  Problems& problems_;
};

std::optional<core::UnixMillis> ReadInstant(const Value& rule, const char* name, const std::string& at, Problems& problems) {
  const auto member = rule.FindMember(name);
  if (member == rule.MemberEnd() || member->value.IsNull()) return std::nullopt;
  std::optional<core::UnixMillis> instant;
  if (member->value.IsString()) instant = core::ParseRfc3339(core::AsView(member->value));
  if (!instant) problems.Add(at + "/" + name, "date", "must be an RFC 3339 timestamp");
  return instant;
}

std::optional<Rule> ReadRule(const Value& node, std::size_t rule_idx, const FactCatalogue& catalogue, Problems& problems) {
  const std::string at = "/rules/" + std::to_string(rule_idx);
  if (!node.IsObject()) {
    problems.Add(at, "type", "a rule is an object");
    return std::nullopt;
  }
  const std::size_t before = problems.size();
  static constexpr std::array<std::string_view, 10> kMembers = {
      "id", "trigger", "cron", "when", "then", "priority", "stop_processing", "enabled_from", "enabled_to", "description"};
  for (auto member = node.MemberBegin(); member != node.MemberEnd(); ++member) {
    if (!IndexOf(kMembers, core::AsView(member->name))) {
      problems.Add(at + "/" + PointerToken(core::AsView(member->name)), "unknown_field", "not a member of a rule");
    }
  }
  Rule rule;
  const auto id = node.FindMember("id");
  if (id == node.MemberEnd() || !id->value.IsString() || !IsRuleId(core::AsView(id->value))) {
    problems.Add(at + "/id", "id", "required: 1-64 of A-Z a-z 0-9 _ - . starting with a letter or digit");
  } else {
    rule.id = std::string(core::AsView(id->value));
  }
  const auto trigger = node.FindMember("trigger");
  std::optional<std::size_t> trigger_idx;
  if (trigger == node.MemberEnd() || !trigger->value.IsString() ||
      !(trigger_idx = IndexOf(kTriggerNames, core::AsView(trigger->value)))) {
    problems.Add(at + "/trigger", "trigger", "required: order.created, order.updated, stock.changed, tracking.updated, "
                                             "carrier.sla_daily or schedule");
  } else {
    rule.trigger = static_cast<Trigger>(*trigger_idx);
  }
  const auto cron = node.FindMember("cron");
  if (rule.trigger == Trigger::kSchedule && trigger_idx) {
    if (cron == node.MemberEnd() || !cron->value.IsString()) {
      problems.Add(at + "/cron", "required", "a schedule rule needs a cron expression");
    } else if (auto problem = CronProblem(core::AsView(cron->value))) {
      problems.Add(at + "/cron", "cron", std::move(*problem));
    } else {
      rule.cron = std::string(core::AsView(cron->value));
    }
  } else if (cron != node.MemberEnd()) {
    problems.Add(at + "/cron", "unexpected", "only a schedule rule has a cron expression");
  }
  Reader reader(catalogue, problems);
  const auto when = node.FindMember("when");
  if (when == node.MemberEnd()) {
    problems.Add(at + "/when", "required", "member is required");
  } else {
    std::size_t nodes = 0;
    if (auto condition = reader.ReadCondition(when->value, at + "/when", 0, nodes)) rule.when = std::move(*condition);
  }
  const auto then = node.FindMember("then");
  if (then == node.MemberEnd()) {
    problems.Add(at + "/then", "required", "member is required");
  } else {
    rule.then = reader.ReadActions(then->value, at + "/then");
  }
  if (const auto priority = node.FindMember("priority"); priority != node.MemberEnd()) {
    if (!priority->value.IsInt() || priority->value.GetInt() < -1'000'000 || priority->value.GetInt() > 1'000'000) {
      problems.Add(at + "/priority", "type", "must be an integer in -1000000..1000000");
    } else {
      rule.priority = priority->value.GetInt();
    }
  }
  if (const auto stop = node.FindMember("stop_processing"); stop != node.MemberEnd()) {
    if (!stop->value.IsBool()) {
      problems.Add(at + "/stop_processing", "type", "must be a boolean");
    } else {
      rule.stop_processing = stop->value.GetBool();
    }
  }
  if (const auto description = node.FindMember("description"); description != node.MemberEnd()) {
    if (!description->value.IsString() || description->value.GetStringLength() > 500) {
      problems.Add(at + "/description", "type", "must be a string of at most 500 bytes");
    }
  }
  rule.enabled_from = ReadInstant(node, "enabled_from", at, problems);
  rule.enabled_to = ReadInstant(node, "enabled_to", at, problems);
  if (rule.enabled_from && rule.enabled_to && *rule.enabled_from >= *rule.enabled_to) {
    problems.Add(at + "/enabled_to", "date", "must be after enabled_from");
  }
  if (problems.size() != before) return std::nullopt;
  return rule;
}

}  // namespace

bool OpValidFor(FactType type, Op op) { return ValidOp(type, op); }

std::optional<Condition> ReadLeafCondition(const rapidjson::Value& node, const std::string& at,
                                           const FactCatalogue& catalogue, std::vector<core::FieldError>& errors) {
  Problems problems;
  Reader reader(catalogue, problems);
  std::optional<Condition> leaf = reader.ReadLeafOnly(node, at);
  for (core::FieldError& error : problems.Take()) errors.push_back(std::move(error));
  return leaf;
}

std::string_view TriggerName(Trigger trigger) { return kTriggerNames[static_cast<std::size_t>(trigger)]; }
std::string_view OpName(Op op) { return kOpNames[static_cast<std::size_t>(op)]; }

core::Result<RuleSet> ParseRuleSet(std::string_view json, const FactCatalogue& catalogue) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(json, doc));
  const Value& root = doc;  // const iterators: clang -Wambiguous-reversed-operator on Document's
  Problems problems;
  RuleSet set;
  if (!doc.IsObject()) {
    problems.Add("", "type", "a rule set is a JSON object {\"rules\": [...]}");
    return core::Error{core::ErrorCode::kInvalidArgument, "the rule set is invalid", problems.Take()};
  }
  for (auto member = root.MemberBegin(); member != root.MemberEnd(); ++member) {
    const std::string_view name = core::AsView(member->name);
    if (name != "rules") problems.Add("/" + PointerToken(name), "unknown_field", "not a member of a rule set");
  }
  const auto rules = root.FindMember("rules");
  if (rules == root.MemberEnd()) {
    problems.Add("/rules", "required", "member is required");
  } else if (!rules->value.IsArray()) {
    problems.Add("/rules", "type", "must be an array");
  } else if (rules->value.Size() > kMaxRules) {
    problems.Add("/rules", "too_many", "at most " + std::to_string(kMaxRules) + " rules");
  } else {
    std::set<std::string, std::less<>> ids;
    for (rapidjson::SizeType rule_idx = 0; rule_idx < rules->value.Size(); ++rule_idx) {
      const Value& node = rules->value[rule_idx];
      // Duplicates are found among invalid rules too: each id is reported once per repeat.
      if (node.IsObject() && node.HasMember("id") && node["id"].IsString() &&
          !ids.emplace(core::AsView(node["id"])).second) {
        problems.Add("/rules/" + std::to_string(rule_idx) + "/id", "duplicate", "another rule has this id");
        continue;
      }
      std::optional<Rule> rule = ReadRule(node, rule_idx, catalogue, problems);
      if (rule) set.rules.push_back(std::move(*rule));
    }
  }
  if (!problems.empty()) return core::Error{core::ErrorCode::kInvalidArgument, "the rule set is invalid", problems.Take()};
  return set;
}

}  // namespace ordo::rules
