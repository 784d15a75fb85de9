#pragma once
// The rule runtime's small pieces of data: effect kinds, the JSON it records (firings' matched
// leaves and actions, stored routing directives, outbox payloads) and fact setters. None of it
// carries personal data: facts are amounts, regions, SKUs, channels.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "rules/action_plan.hpp"
#include "rules/compiled_rule_set.hpp"
#include "rules/fact_snapshot.hpp"
#include "sourcing/rule_directives.hpp"
#include "store/rules_store.hpp"

namespace ordo::service {

// Outbox event types the runtime writes.
inline constexpr const char* kEventRuleNotify = "rule.notify";
inline constexpr const char* kEventSkuHidden = "channel.sku_hidden";
inline constexpr const char* kEventSkuShown = "channel.sku_shown";
inline constexpr const char* kEventCarrierSwitched = "carrier.switched";
inline constexpr const char* kEventOrderingBlocked = "ordering.blocked";

// Effect kinds in rule_effects.
inline constexpr std::string_view kEffectHideSku = "hide_sku";              // key "<channel>:<sku>"
inline constexpr std::string_view kEffectSwitchCarrier = "switch_carrier";  // key from, value to
inline constexpr std::string_view kEffectBlockOrdering = "block_ordering";  // key region
inline constexpr std::string_view kEffectOrderRules = "order_rules";        // key order id, value directives JSON
inline constexpr std::string_view kEffectLatch = "latch";                   // key "<subject>|<trigger>|<set>/<rule>"
inline constexpr std::string_view kEffectCursor = "cursor";                 // key a worker's name

// [{"fact","op","expected","actual","held"}] — the leaves of a fired rule as they were tested.
std::string LeafMatchesJson(const std::vector<rules::LeafMatch>& leaves);

// The actions of `rule_id` among `fired`, each with what happened to it:
// [{"action", params..., "result": "applied" | "overridden", "reason"?}].
std::string ActionsJson(const std::vector<rules::FiredAction>& fired, const rules::ActionPlan& plan,
                        const std::string& rule_id);

// The first firing of `rule_id` (the plan only names rules that fired, so it exists).
const store::RuleFiringRecord& FiredBy(const std::vector<store::RuleFiringRecord>& firings, const std::string& rule_id);

sourcing::RuleDirectives ToDirectives(const rules::ActionPlan& plan);
// {"force": "WH-1"?, "exclude": [...], "prefer": [...]}
std::string DirectivesJson(const rules::ActionPlan& plan);
core::Result<sourcing::RuleDirectives> ParseDirectivesJson(std::string_view json);

// Whether a standing effect was left on `subject` ("stock:SKU" → hide_sku "<channel>:SKU";
// "carrier:sf" → switch_carrier "sf").
bool EffectBelongsTo(const store::RuleEffectRecord& effect, const std::string& subject);
// The event announcing an effect's end (a SKU shown again, a carrier switched back).
std::optional<store::RuleEvent> UndoEvent(const store::RuleEffectRecord& effect);

// {webhook, template, rule_id, subject, facts?}: `facts_json` (an encoded fact snapshot) is left
// out when empty.
std::string NotifyPayload(const rules::NotifyAction& notify, const std::string& subject, std::string_view facts_json);
std::string RegionPayload(const std::string& region);
std::string SkuVisibilityPayload(const std::string& channel, const std::string& sku, const std::string& rule_id);
std::string CarrierSwitchPayload(const std::string& from, const std::string& to, const std::string& rule_id, bool active);

// Sets a catalogue fact on a snapshot by path (ORDO_CHECKs the path is catalogued with that type:
// the runtime's facts are part of FactCatalogue::Standard()).
void SetIntFact(rules::FactSnapshot& snapshot, const rules::FactCatalogue& catalogue, std::string_view path, std::int64_t value);
void SetDecimalFact(rules::FactSnapshot& snapshot, const rules::FactCatalogue& catalogue, std::string_view path,
                    std::int64_t scaled);
void SetStringFact(rules::FactSnapshot& snapshot, const rules::FactCatalogue& catalogue, std::string_view path,
                   std::string_view value);

}  // namespace ordo::service
