#include "rules/simulation.hpp"

#include <algorithm>
#include <tuple>

#include "core/json.hpp"

namespace ordo::rules {
namespace {
enum class ActionKind { kOther, kHold, kRelease, kForce, kExclude, kSwitchCarrier };
constexpr std::string_view kConflictKinds[] = {"hold_release", "force_two_locations", "force_excluded", "switch_carrier"};
}  // namespace

struct Simulator::ActionInfo {
  std::string text;        // "name" or "name {params}"
  std::uint32_t name_id = 0;
  ActionKind kind = ActionKind::kOther;
  std::string first;       // route.*: the location; switch_carrier: from
  std::string second;      // switch_carrier: to
};

struct Simulator::Side {
  std::shared_ptr<const CompiledRuleSet> rules;
  std::unique_ptr<Facts> facts;
  std::unique_ptr<FiredRules> fired;
  std::vector<std::uint32_t> rule_key;                                // by compiled index: id in rule_ids_
  std::vector<std::pair<std::uint32_t, std::uint32_t>> action_range;  // by compiled index, in action_list
  std::vector<std::uint32_t> action_list;                             // ids in actions_
  std::vector<std::int64_t> rule_fired;                               // by rule id
  std::vector<std::int64_t> action_fired;                             // by action name id
  // Scratch of one order: fired rule ids and action ids, sorted for comparison.
  std::vector<std::uint32_t> fired_rules;
  std::vector<std::uint32_t> fired_actions;
};

namespace {

ActionKind KindOf(std::string_view name) {
  if (name == "hold") return ActionKind::kHold;
  if (name == "release") return ActionKind::kRelease;
  if (name == "route.force") return ActionKind::kForce;
  if (name == "route.exclude") return ActionKind::kExclude;
  if (name == "switch_carrier") return ActionKind::kSwitchCarrier;
  return ActionKind::kOther;
}

std::string Member(const rapidjson::Document& params, const char* name) {
  if (!params.IsObject()) return {};
  const auto found = params.FindMember(name);
  if (found == params.MemberEnd() || !found->value.IsString()) return {};
  return std::string(core::AsView(found->value));
}

}  // namespace

Simulator::Simulator(std::shared_ptr<const CompiledRuleSet> baseline, std::shared_ptr<const CompiledRuleSet> candidate,
                     Trigger trigger)
    : trigger_(trigger), baseline_(std::make_unique<Side>()), candidate_(std::make_unique<Side>()) {
  baseline_->rules = std::move(baseline);
  candidate_->rules = std::move(candidate);
  Prepare(*baseline_);
  Prepare(*candidate_);
  for (Side* side : {baseline_.get(), candidate_.get()}) {
    side->rule_fired.assign(rule_ids_.size(), 0);
    side->action_fired.assign(action_names_.size(), 0);
  }
}

Simulator::~Simulator() = default;
Simulator::Simulator(Simulator&&) noexcept = default;

std::uint32_t Simulator::InternRule(const std::string& id) {
  const auto found = std::find(rule_ids_.begin(), rule_ids_.end(), id);
  if (found != rule_ids_.end()) return static_cast<std::uint32_t>(found - rule_ids_.begin());
  rule_ids_.push_back(id);
  return static_cast<std::uint32_t>(rule_ids_.size() - 1);
}

std::uint32_t Simulator::InternAction(const Action& action) {
  std::string text = action.name;
  if (!action.params_json.empty() && action.params_json != "{}") text += " " + action.params_json;
  for (std::uint32_t action_id = 0; action_id < actions_.size(); ++action_id) {
    if (actions_[action_id].text == text) return action_id;
  }
  ActionInfo info;
  info.text = std::move(text);
  const auto name = std::find(action_names_.begin(), action_names_.end(), action.name);
  info.name_id = static_cast<std::uint32_t>(name - action_names_.begin());
  if (name == action_names_.end()) action_names_.push_back(action.name);
  info.kind = KindOf(action.name);
  if (info.kind != ActionKind::kOther && !action.params_json.empty()) {
    rapidjson::Document params;
    if (core::ParseJson(action.params_json, params)) {
      info.first = Member(params, info.kind == ActionKind::kSwitchCarrier ? "from" : "location");
      info.second = Member(params, "to");
    }
  }
  actions_.push_back(std::move(info));
  return static_cast<std::uint32_t>(actions_.size() - 1);
}

void Simulator::Prepare(Side& side) {
  if (!side.rules) return;
  const CompiledRuleSet& rules = *side.rules;
  side.facts = std::make_unique<Facts>(rules);
  side.fired = std::make_unique<FiredRules>(rules);
  side.rule_key.assign(rules.rule_count(), 0);
  side.action_range.assign(rules.rule_count(), {0, 0});
  for (std::uint32_t rule_idx = 0; rule_idx < rules.rule_count(); ++rule_idx) {
    const Rule& rule = rules.rule(rule_idx);
    if (rule.trigger != trigger_) continue;
    side.rule_key[rule_idx] = InternRule(rule.id);
    const auto begin = static_cast<std::uint32_t>(side.action_list.size());
    for (const Action& action : rule.then) side.action_list.push_back(InternAction(action));
    side.action_range[rule_idx] = {begin, static_cast<std::uint32_t>(side.action_list.size())};
  }
}

void Simulator::Add(std::int64_t order_id, core::UnixMillis at, const FactSnapshot& snapshot) {
  ++orders_;
  for (Side* side : {baseline_.get(), candidate_.get()}) {
    side->fired_rules.clear();
    side->fired_actions.clear();
    if (!side->rules) continue;
    LoadFacts(snapshot, *side->facts);
    side->rules->Evaluate(*side->facts, trigger_, at, *side->fired);
    const FiredRules& fired = *side->fired;
    for (std::size_t fired_idx = 0; fired_idx < fired.size(); ++fired_idx) {
      const std::uint32_t rule_idx = fired[fired_idx];
      const std::uint32_t key = side->rule_key[rule_idx];
      side->fired_rules.push_back(key);
      ++side->rule_fired[key];
      const auto [begin, end] = side->action_range[rule_idx];
      for (std::uint32_t list_idx = begin; list_idx < end; ++list_idx) {
        const std::uint32_t action_id = side->action_list[list_idx];
        side->fired_actions.push_back(action_id);
        ++side->action_fired[actions_[action_id].name_id];
      }
    }
    std::sort(side->fired_rules.begin(), side->fired_rules.end());
    std::sort(side->fired_actions.begin(), side->fired_actions.end());
  }
  const bool differs =
      baseline_->fired_rules != candidate_->fired_rules || baseline_->fired_actions != candidate_->fired_actions;
  if (differs) {
    ++differing_;
    if (sample_.size() < kSimulationSampleSize) {
      sample_.push_back(SimulationSample{order_id, OutcomeOf(*baseline_), OutcomeOf(*candidate_)});
    }
  }
  if (candidate_->rules && candidate_->fired->size() >= 2) FindConflicts(order_id);
}

SimulationOutcome Simulator::OutcomeOf(const Side& side) const {
  SimulationOutcome outcome;
  if (!side.rules) return outcome;
  const FiredRules& fired = *side.fired;
  for (std::size_t fired_idx = 0; fired_idx < fired.size(); ++fired_idx) {
    const std::uint32_t rule_idx = fired[fired_idx];
    outcome.rules.push_back(rule_ids_[side.rule_key[rule_idx]]);
    const auto [begin, end] = side.action_range[rule_idx];
    for (std::uint32_t list_idx = begin; list_idx < end; ++list_idx) {
      outcome.actions.push_back(actions_[side.action_list[list_idx]].text);
    }
  }
  return outcome;
}

void Simulator::FindConflicts(std::int64_t order_id) {
  const FiredRules& fired = *candidate_->fired;
  for (std::size_t first_idx = 0; first_idx < fired.size(); ++first_idx) {
    for (std::size_t second_idx = first_idx + 1; second_idx < fired.size(); ++second_idx) {
      CheckPair(fired[first_idx], fired[second_idx], order_id);
    }
  }
}

void Simulator::CheckPair(std::uint32_t first_rule, std::uint32_t second_rule, std::int64_t order_id) {
  const Side& side = *candidate_;
  bool hold_release = false;
  bool force_two = false;
  bool force_excluded = false;
  bool switch_carrier = false;
  const auto [first_begin, first_end] = side.action_range[first_rule];
  const auto [second_begin, second_end] = side.action_range[second_rule];
  for (std::uint32_t first_idx = first_begin; first_idx < first_end; ++first_idx) {
    const ActionInfo& one = actions_[side.action_list[first_idx]];
    if (one.kind == ActionKind::kOther) continue;
    for (std::uint32_t second_idx = second_begin; second_idx < second_end; ++second_idx) {
      const ActionInfo& other = actions_[side.action_list[second_idx]];
      const auto either = [&](ActionKind a, ActionKind b) {
        return (one.kind == a && other.kind == b) || (one.kind == b && other.kind == a);
      };
      if (either(ActionKind::kHold, ActionKind::kRelease)) hold_release = true;
      if (one.kind == ActionKind::kForce && other.kind == ActionKind::kForce && one.first != other.first) force_two = true;
      if (either(ActionKind::kForce, ActionKind::kExclude) && one.first == other.first) force_excluded = true;
      if (one.kind == ActionKind::kSwitchCarrier && other.kind == ActionKind::kSwitchCarrier) {
        const bool two_targets = one.first == other.first && one.second != other.second;
        const bool back_and_forth = one.first == other.second && one.second == other.first;
        if (two_targets || back_and_forth) switch_carrier = true;
      }
    }
  }
  if (hold_release) CountConflict(first_rule, second_rule, 0, order_id);
  if (force_two) CountConflict(first_rule, second_rule, 1, order_id);
  if (force_excluded) CountConflict(first_rule, second_rule, 2, order_id);
  if (switch_carrier) CountConflict(first_rule, second_rule, 3, order_id);
}

void Simulator::CountConflict(std::uint32_t first_rule, std::uint32_t second_rule, std::uint32_t kind,
                              std::int64_t order_id) {
  std::uint32_t first = candidate_->rule_key[first_rule];
  std::uint32_t second = candidate_->rule_key[second_rule];
  if (rule_ids_[second] < rule_ids_[first]) std::swap(first, second);
  ConflictCount& count = conflicts_[{first, second, kind}];
  ++count.orders;
  if (count.examples.size() < kConflictExamples) count.examples.push_back(order_id);
}

void Simulator::Merge(const Simulator& later) {
  orders_ += later.orders_;
  differing_ += later.differing_;
  undecodable_ += later.undecodable_;
  for (const auto& [side, other] : {std::pair{baseline_.get(), later.baseline_.get()},
                                    std::pair{candidate_.get(), later.candidate_.get()}}) {
    for (std::size_t idx = 0; idx < side->rule_fired.size() && idx < other->rule_fired.size(); ++idx) {
      side->rule_fired[idx] += other->rule_fired[idx];
    }
    for (std::size_t idx = 0; idx < side->action_fired.size() && idx < other->action_fired.size(); ++idx) {
      side->action_fired[idx] += other->action_fired[idx];
    }
  }
  // Each simulator kept the first samples and examples of its own orders: the first of the union
  // are the first overall, whatever ranges the simulators had.
  sample_.insert(sample_.end(), later.sample_.begin(), later.sample_.end());
  std::sort(sample_.begin(), sample_.end(),
            [](const SimulationSample& a, const SimulationSample& b) { return a.order_id < b.order_id; });
  if (sample_.size() > kSimulationSampleSize) sample_.resize(kSimulationSampleSize);
  for (const auto& [key, count] : later.conflicts_) {
    ConflictCount& merged = conflicts_[key];
    merged.orders += count.orders;
    merged.examples.insert(merged.examples.end(), count.examples.begin(), count.examples.end());
    std::sort(merged.examples.begin(), merged.examples.end());
    if (merged.examples.size() > kConflictExamples) merged.examples.resize(kConflictExamples);
  }
}

SimulationReport Simulator::Finish() const {
  SimulationReport report;
  report.trigger = std::string(TriggerName(trigger_));
  report.orders = orders_;
  report.differing = differing_;
  report.undecodable = undecodable_;
  for (std::uint32_t rule_id = 0; rule_id < rule_ids_.size(); ++rule_id) {
    report.rules[rule_ids_[rule_id]] = RuleCounts{baseline_->rule_fired[rule_id], candidate_->rule_fired[rule_id]};
  }
  for (std::uint32_t name_id = 0; name_id < action_names_.size(); ++name_id) {
    report.actions[action_names_[name_id]] =
        RuleCounts{baseline_->action_fired[name_id], candidate_->action_fired[name_id]};
  }
  report.sample = sample_;
  for (const auto& [key, count] : conflicts_) {
    report.conflicts.push_back(SimulationConflict{rule_ids_[std::get<0>(key)], rule_ids_[std::get<1>(key)],
                                                  std::string(kConflictKinds[std::get<2>(key)]), count.orders,
                                                  count.examples});
  }
  std::sort(report.conflicts.begin(), report.conflicts.end(), [](const SimulationConflict& a, const SimulationConflict& b) {
    return std::tie(a.first_rule, a.second_rule, a.kind) < std::tie(b.first_rule, b.second_rule, b.kind);
  });
  return report;
}

namespace {

void WriteOutcome(core::JsonWriter& writer, const SimulationOutcome& outcome) {
  writer.StartObject();
  core::WriteKey(writer, "rules");
  writer.StartArray();
  for (const std::string& rule : outcome.rules) core::WriteString(writer, rule);
  writer.EndArray();
  core::WriteKey(writer, "actions");
  writer.StartArray();
  for (const std::string& action : outcome.actions) core::WriteString(writer, action);
  writer.EndArray();
  writer.EndObject();
}

}  // namespace

std::string SimulationReportJson(const SimulationReport& report, std::int64_t ruleset_version,
                                 std::int64_t baseline_version, std::int64_t elapsed_ms) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "version");
  writer.Int64(ruleset_version);
  core::WriteKey(writer, "baseline_version");
  writer.Int64(baseline_version);
  core::WriteKey(writer, "trigger");
  core::WriteString(writer, report.trigger);
  core::WriteKey(writer, "orders");
  writer.Int64(report.orders);
  core::WriteKey(writer, "differing");
  writer.Int64(report.differing);
  core::WriteKey(writer, "undecodable");
  writer.Int64(report.undecodable);
  core::WriteKey(writer, "elapsed_ms");
  writer.Int64(elapsed_ms);
  core::WriteKey(writer, "rules");
  writer.StartArray();
  for (const auto& [rule_id, counts] : report.rules) {
    writer.StartObject();
    core::WriteKey(writer, "rule_id");
    core::WriteString(writer, rule_id);
    core::WriteKey(writer, "baseline_fired");
    writer.Int64(counts.baseline_fired);
    core::WriteKey(writer, "candidate_fired");
    writer.Int64(counts.candidate_fired);
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "actions");
  writer.StartArray();
  for (const auto& [action, counts] : report.actions) {
    writer.StartObject();
    core::WriteKey(writer, "action");
    core::WriteString(writer, action);
    core::WriteKey(writer, "baseline");
    writer.Int64(counts.baseline_fired);
    core::WriteKey(writer, "candidate");
    writer.Int64(counts.candidate_fired);
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "sample");
  writer.StartArray();
  for (const SimulationSample& sample : report.sample) {
    writer.StartObject();
    core::WriteKey(writer, "order_id");
    writer.Int64(sample.order_id);
    core::WriteKey(writer, "baseline");
    WriteOutcome(writer, sample.baseline);
    core::WriteKey(writer, "candidate");
    WriteOutcome(writer, sample.candidate);
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "conflicts");
  writer.StartArray();
  for (const SimulationConflict& conflict : report.conflicts) {
    writer.StartObject();
    core::WriteKey(writer, "rules");
    writer.StartArray();
    core::WriteString(writer, conflict.first_rule);
    core::WriteString(writer, conflict.second_rule);
    writer.EndArray();
    core::WriteKey(writer, "kind");
    core::WriteString(writer, conflict.kind);
    core::WriteKey(writer, "orders");
    writer.Int64(conflict.orders);
    core::WriteKey(writer, "example_order_ids");
    writer.StartArray();
    for (const std::int64_t order_id : conflict.example_order_ids) writer.Int64(order_id);
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace ordo::rules
