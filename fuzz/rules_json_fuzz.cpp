// Fuzzes the rule language parser and the compiler/evaluator (rules/rule_set.hpp,
// rules/compiled_rule_set.hpp; issue 7, item 8).
//
// A clean refusal is correct behaviour; every refusal names a JSON pointer ("" or starting with
// "/"). A finding is a crash, a sanitizer report, or a broken invariant of an accepted set:
//   1. at most kMaxRules rules with unique ids; every schedule rule has a cron expression;
//   2. it compiles, and evaluating it over empty facts and over a fixed order's facts fires at
//      most every rule once, each rule of the trigger asked for, in non-increasing priority;
//   3. a stop_processing rule, when it fires, is the last one fired.
//
// Run: scripts/fuzz-smoke.sh, or by hand:
//   build-fuzz/fuzz/rules_json_fuzz -dict=fuzz/rules_json.dict build-fuzz/corpus/rules_json fuzz/corpus/rules_json
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "rules/compiled_rule_set.hpp"
#include "rules/rule_set.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace ordo;

void CheckFired(const rules::CompiledRuleSet& compiled, const rules::FiredRules& fired, rules::Trigger trigger,
                std::string_view document) {
  FUZZ_CHECK(fired.size() <= compiled.rule_count(), document);
  std::set<std::uint32_t> seen;
  for (std::size_t idx = 0; idx < fired.size(); ++idx) {
    const rules::Rule& rule = compiled.rule(fired[idx]);
    FUZZ_CHECK(seen.insert(fired[idx]).second, document);
    FUZZ_CHECK(rule.trigger == trigger, document);
    if (idx > 0) FUZZ_CHECK(compiled.rule(fired[idx - 1]).priority >= rule.priority, document);
    if (rule.stop_processing) FUZZ_CHECK(idx + 1 == fired.size() && fired.stopped(), document);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view document(reinterpret_cast<const char*>(data), size);
  static const rules::FactCatalogue catalogue = rules::FactCatalogue::Standard();
  const core::Result<rules::RuleSet> parsed = rules::ParseRuleSet(document, catalogue);
  if (!parsed) {
    for (const core::FieldError& error : parsed.error().fields) {
      FUZZ_CHECK(error.field.empty() || error.field.front() == '/', document);
    }
    return 0;
  }
  FUZZ_CHECK(parsed->rules.size() <= rules::kMaxRules, document);
  std::set<std::string> ids;
  for (const rules::Rule& rule : parsed->rules) {
    FUZZ_CHECK(ids.insert(rule.id).second, document);
    FUZZ_CHECK((rule.trigger == rules::Trigger::kSchedule) == !rule.cron.empty(), document);
  }
  const auto compiled = rules::CompiledRuleSet::Compile(*parsed, catalogue);
  rules::Facts facts(*compiled);
  rules::FiredRules fired(*compiled);
  for (std::size_t trigger_idx = 0; trigger_idx < rules::kTriggerCount; ++trigger_idx) {
    const auto trigger = static_cast<rules::Trigger>(trigger_idx);
    compiled->Evaluate(facts, trigger, 0, fired);
    CheckFired(*compiled, fired, trigger, document);
  }
  const auto slot = [](const char* path) { return *catalogue.Find(path); };
  facts.SetDecimal(slot("order.grand_total"), 2500 * rules::kDecimalScale);
  facts.SetInt(slot("order.item_count"), 3);
  facts.SetString(slot("order.channel"), "douyin");
  facts.SetString(slot("order.address.province"), "Zhejiang");
  facts.AddToList(slot("order.lines[*].sku"), "FRZ-001");
  facts.AddToList(slot("order.lines[*].sku"), "GEN-002");
  facts.SetBool(slot("order.is_gift"), true);
  facts.SetInt(slot("stock.available"), 4);
  facts.SetDecimal(slot("quality.address_confidence"), 4500);
  compiled->Evaluate(facts, rules::Trigger::kOrderCreated, 1'790'000'000'000, fired);
  CheckFired(*compiled, fired, rules::Trigger::kOrderCreated, document);
  // The explanation of a live firing names catalogued facts and gives JSON text for both sides.
  for (std::size_t idx = 0; idx < fired.size(); ++idx) {
    for (const rules::LeafMatch& leaf : compiled->ExplainRule(facts, fired[idx])) {
      FUZZ_CHECK(catalogue.Find(leaf.fact).has_value(), document);
      FUZZ_CHECK(!leaf.op.empty() && !leaf.expected_json.empty() && !leaf.actual_json.empty(), document);
    }
  }
  return 0;
}
