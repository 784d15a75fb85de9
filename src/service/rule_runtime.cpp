#include "service/rule_runtime.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "core/json.hpp"
#include "service/rule_runtime_json.hpp"

namespace ordo::service {

RuleRuntime::RuleRuntime(store::Store& store, const core::Clock& clock, RuleSets& rule_sets, SourcingService& sourcing,
                         CarrierSla& carrier_sla)
    : store_(store), clock_(clock), rule_sets_(rule_sets), sourcing_(sourcing), carrier_sla_(carrier_sla) {}

core::Result<RuleRunOutcome> RuleRuntime::Evaluate(const ActiveRules& active, rules::Trigger trigger,
                                                   const rules::FactSnapshot& snapshot, const Subject& subject,
                                                   std::vector<rules::FiredAction>& actions) {
  RuleRunOutcome outcome;
  const core::UnixMillis now = clock_.Now();
  for (const ActiveRuleSet& set : active.sets) {
    const rules::CompiledRuleSet& compiled = *set.compiled;
    rules::Facts facts(compiled);
    rules::LoadFacts(snapshot, facts);
    rules::FiredRules fired(compiled);
    compiled.Evaluate(facts, trigger, now, fired);
    for (std::size_t fired_idx = 0; fired_idx < fired.size(); ++fired_idx) {
      const std::uint32_t rule_idx = fired[fired_idx];
      const rules::Rule& rule = compiled.rule(rule_idx);
      store::RuleFiringRecord firing;
      firing.order_id = subject.order_id;
      firing.subject = subject.name;
      firing.ruleset_id = set.ruleset_id;
      firing.version = set.version;
      firing.rule_id = rule.id;
      firing.trigger = std::string(rules::TriggerName(trigger));
      firing.at = now;
      firing.matched_json = LeafMatchesJson(compiled.ExplainRule(facts, rule_idx));
      outcome.firings.push_back(std::move(firing));
      for (const rules::Action& action : rule.then) {
        actions.push_back(rules::FiredAction{set.ruleset_id, set.version, rule.id, action});
      }
    }
  }
  return outcome;
}

core::Result<std::vector<rules::FiredAction>> RuleRuntime::Latch(const Subject& subject,
                                                                 const std::vector<rules::FiredAction>& fired,
                                                                 const std::string& trigger_name) {
  auto latches = store_.Rules().ListRuleEffects(std::string(kEffectLatch));
  if (!latches) return std::move(latches).error();
  std::set<std::string> firing_rules;
  for (const rules::FiredAction& action : fired) firing_rules.insert(action.ruleset_id + "/" + action.rule_id);
  // Rules that were firing on this subject and no longer do: unlatch and undo what they left.
  const std::string prefix = subject.name + "|" + trigger_name + "|";
  std::set<std::string> latched;
  for (const store::RuleEffectRecord& latch : *latches) {
    if (!latch.key.starts_with(prefix)) continue;
    const std::string rule_key = latch.key.substr(prefix.size());
    if (firing_rules.contains(rule_key)) {
      latched.insert(rule_key);
      continue;
    }
    ORDO_TRY(store_.Rules().ClearRuleEffect(std::string(kEffectLatch), latch.key));
    for (const std::string_view kind : {kEffectHideSku, kEffectSwitchCarrier}) {
      auto standing = store_.Rules().ListRuleEffects(std::string(kind));
      if (!standing) return std::move(standing).error();
      for (const store::RuleEffectRecord& effect : *standing) {
        if (effect.ruleset_id + "/" + effect.rule_id != rule_key || !EffectBelongsTo(effect, subject.name)) continue;
        ORDO_TRY(store_.Rules().ClearRuleEffect(effect.kind, effect.key));
        std::vector<store::RuleEvent> events;
        if (auto undone = UndoEvent(effect)) events.push_back(std::move(*undone));
        ORDO_TRY(store_.Rules().RecordRuleFirings({}, std::move(events)));
        if (effect.kind == kEffectSwitchCarrier) ORDO_TRY(LoadCarrierSwitches());
      }
    }
  }
  std::vector<rules::FiredAction> rising;
  for (const rules::FiredAction& action : fired) {
    const std::string rule_key = action.ruleset_id + "/" + action.rule_id;
    if (latched.contains(rule_key)) continue;
    rising.push_back(action);
  }
  for (const std::string& rule_key : firing_rules) {
    if (latched.contains(rule_key)) continue;
    store::RuleEffectRecord latch;
    latch.kind = std::string(kEffectLatch);
    latch.key = prefix + rule_key;
    const auto slash = rule_key.find('/');
    latch.ruleset_id = rule_key.substr(0, slash);
    latch.rule_id = rule_key.substr(slash + 1);
    ORDO_TRY(store_.Rules().PutRuleEffect(std::move(latch)));
  }
  return rising;
}

core::Result<OrderRulesExplanation> RuleRuntime::ExplainOrder(std::int64_t order_id, const store::OrderScope& scope) {
  auto order = store_.GetOrderSync(order_id, scope);
  if (!order) return std::move(order).error();
  OrderRulesExplanation explanation;
  explanation.order_id = order_id;
  auto firings = store_.Rules().ListRuleFirings(order_id);
  if (!firings) return std::move(firings).error();
  explanation.firings = std::move(*firings);
  auto snapshot = store_.RuleFacts().GetFactSnapshot(order_id, std::string(rules::TriggerName(rules::Trigger::kOrderCreated)));
  if (!snapshot) return std::move(snapshot).error();
  if (*snapshot) explanation.facts_json = (*snapshot)->facts;
  auto route = store_.Rules().GetRuleEffect(std::string(kEffectOrderRules), std::to_string(order_id));
  if (!route) return std::move(route).error();
  if (*route) explanation.directives_json = (*route)->value;
  return explanation;
}

}  // namespace ordo::service
