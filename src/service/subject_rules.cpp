// The non-order side of the rule runtime: stock.changed, carrier.sla_daily and schedule rules,
// whose subjects are a SKU or a carrier and whose effects stand until the rule stops firing.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "rules/cron.hpp"
#include "service/rule_runtime.hpp"
#include "service/rule_runtime_json.hpp"

namespace ordo::service {
namespace {

constexpr int kLedgerBatch = 1000;
constexpr core::UnixMillis kMinute = 60'000;
constexpr core::UnixMillis kDay = 24 * 60 * kMinute;
constexpr int kChinaOffsetMinutes = 8 * 60;

// Each SKU's stock summed over its locations.
struct SkuStock {
  std::int64_t available = 0;
  std::int64_t on_hand = 0;
  std::int64_t locations_in_stock = 0;
};

core::Result<SkuStock> StockOf(store::InventoryStore& inventory, const std::string& sku) {
  store::StockFilter filter;
  filter.sku = sku;
  filter.limit = 1000;
  auto rows = inventory.ListStock(filter);
  if (!rows) return std::move(rows).error();
  SkuStock stock;
  for (const store::StockRecord& row : *rows) {
    stock.available += row.available();
    stock.on_hand += row.on_hand;
    if (row.available() > 0) ++stock.locations_in_stock;
  }
  return stock;
}

// Every SKU with a stock row, for the schedule sweep.
core::Result<std::vector<std::string>> AllSkus(store::InventoryStore& inventory) {
  std::vector<std::string> skus;
  store::StockFilter filter;
  filter.limit = 1000;
  for (;;) {
    auto rows = inventory.ListStock(filter);
    if (!rows) return std::move(rows).error();
    for (const store::StockRecord& row : *rows) {
      if (skus.empty() || skus.back() != row.sku) skus.push_back(row.sku);
    }
    if (rows->size() < 1000) break;
    filter.after = std::make_pair(rows->back().sku, rows->back().location_id);
  }
  skus.erase(std::unique(skus.begin(), skus.end()), skus.end());
  return skus;
}

}  // namespace

core::Status RuleRuntime::ApplySubjectPlan(const Subject& subject, const rules::ActionPlan& plan, const std::string& sku,
                                           std::vector<store::RuleFiringRecord>& firings) {
  std::vector<store::RuleEvent> events;
  for (const rules::HideSkuAction& hide : plan.hidden_skus) {
    const std::string hidden = hide.sku.empty() ? sku : hide.sku;
    if (hidden.empty()) continue;  // a carrier rule naming no SKU: nothing to hide
    const auto& source = FiredBy(firings, hide.rule_id);
    ORDO_TRY(store_.Rules().PutRuleEffect(store::RuleEffectRecord{std::string(kEffectHideSku), hide.channel + ":" + hidden, "",
                                                                  source.ruleset_id, source.version, hide.rule_id, 0}));
    events.push_back(store::RuleEvent{kEventSkuHidden, 0, SkuVisibilityPayload(hide.channel, hidden, hide.rule_id)});
  }
  bool switched = false;
  for (const auto& [from, to] : plan.carrier_switches) {
    const std::string& rule_id = plan.carrier_switch_rules.at(from);
    const auto& source = FiredBy(firings, rule_id);
    ORDO_TRY(store_.Rules().PutRuleEffect(store::RuleEffectRecord{std::string(kEffectSwitchCarrier), from, to,
                                                                  source.ruleset_id, source.version, rule_id, 0}));
    events.push_back(store::RuleEvent{kEventCarrierSwitched, 0, CarrierSwitchPayload(from, to, rule_id, true)});
    switched = true;
  }
  for (const std::string& region : plan.blocked_regions) {
    const std::string& rule_id = plan.blocked_region_rules.at(region);
    const auto& source = FiredBy(firings, rule_id);
    ORDO_TRY(store_.Rules().PutRuleEffect(store::RuleEffectRecord{std::string(kEffectBlockOrdering), region, "",
                                                                  source.ruleset_id, source.version, rule_id, 0}));
    events.push_back(store::RuleEvent{kEventOrderingBlocked, 0, RegionPayload(region)});
  }
  for (const rules::NotifyAction& notify : plan.notifications) {
    events.push_back(store::RuleEvent{kEventRuleNotify, 0, NotifyPayload(notify, subject.name, "")});
  }
  ORDO_TRY(store_.Rules().RecordRuleFirings(std::move(firings), std::move(events)));
  if (switched) ORDO_TRY(LoadCarrierSwitches());
  return core::Ok();
}

core::Result<RuleWorkReport> RuleRuntime::RunSkuRules(rules::Trigger trigger, const std::vector<std::string>& skus,
                                                      const std::string& only_rule) {
  // stock.changed latches (acts when a rule starts to fire on a SKU, undoes when it stops); a
  // schedule acts at every tick it is due.
  const bool latch = trigger != rules::Trigger::kSchedule;
  RuleWorkReport report;
  const ActiveRulesPtr active = rule_sets_.Current();
  if (!active || active->sets.empty()) return report;
  const std::string trigger_name(rules::TriggerName(trigger));
  for (const std::string& sku : skus) {
    auto stock = StockOf(store_.Inventory(), sku);
    if (!stock) return std::move(stock).error();
    rules::FactSnapshot snapshot;
    const rules::FactCatalogue& catalogue = rule_sets_.catalogue();
    SetStringFact(snapshot, catalogue, "stock.sku", sku);
    SetIntFact(snapshot, catalogue, "stock.available", stock->available);
    SetIntFact(snapshot, catalogue, "stock.on_hand", stock->on_hand);
    SetIntFact(snapshot, catalogue, "stock.locations_in_stock", stock->locations_in_stock);
    const Subject subject{0, "stock:" + sku};
    std::vector<rules::FiredAction> fired;
    auto outcome = Evaluate(*active, trigger, snapshot, subject, fired);
    if (!outcome) return std::move(outcome).error();
    if (!only_rule.empty()) {
      std::erase_if(fired, [&](const rules::FiredAction& action) { return action.rule_id != only_rule; });
      std::erase_if(outcome->firings, [&](const store::RuleFiringRecord& firing) { return firing.rule_id != only_rule; });
    }
    ++report.subjects;
    core::Result<std::vector<rules::FiredAction>> rising = fired;
    if (latch) rising = Latch(subject, fired, trigger_name);
    if (!rising) return std::move(rising).error();
    if (rising->empty()) continue;
    std::erase_if(outcome->firings, [&](const store::RuleFiringRecord& firing) {
      return std::none_of(rising->begin(), rising->end(), [&](const rules::FiredAction& action) {
        return action.rule_id == firing.rule_id && action.ruleset_id == firing.ruleset_id;
      });
    });
    auto plan = rules::PlanActions(*rising);
    if (!plan) return std::move(plan).error();
    for (store::RuleFiringRecord& firing : outcome->firings) firing.actions_json = ActionsJson(*rising, *plan, firing.rule_id);
    report.firings += static_cast<std::int64_t>(outcome->firings.size());
    ORDO_TRY(ApplySubjectPlan(subject, *plan, sku, outcome->firings));
  }
  return report;
}

core::Result<RuleWorkReport> RuleRuntime::RunStockRules() {
  std::int64_t cursor = 0;
  {
    std::lock_guard lock(mutex_);
    if (ledger_cursor_) cursor = *ledger_cursor_;
  }
  const bool first = cursor == 0 && !ledger_cursor_;
  std::set<std::string> skus;
  for (;;) {
    store::StockLedgerFilter filter;
    filter.after_seq = cursor;
    filter.limit = kLedgerBatch;
    auto rows = store_.Inventory().ListStockLedger(filter);
    if (!rows) return std::move(rows).error();
    for (const store::StockLedgerRow& row : *rows) {
      skus.insert(row.sku);
      cursor = std::max(cursor, row.seq);
    }
    if (static_cast<int>(rows->size()) < kLedgerBatch) break;
  }
  {
    std::lock_guard lock(mutex_);
    ledger_cursor_ = std::max(ledger_cursor_.value_or(0), cursor);
  }
  // At start the ledger's history is not replayed: the latches in the store already say which
  // rules were firing; the next change re-evaluates its SKU.
  if (first) return RuleWorkReport{};
  return RunSkuRules(rules::Trigger::kStockChanged, std::vector<std::string>(skus.begin(), skus.end()), "");
}

core::Result<RuleWorkReport> RuleRuntime::RunCarrierRules(bool again) {
  RuleWorkReport report;
  const core::UnixMillis now = clock_.Now();
  const std::string today = std::to_string((now + kChinaOffsetMinutes * kMinute) / kDay);
  auto last = store_.Rules().GetRuleEffect(std::string(kEffectCursor), "carrier.sla_daily");
  if (!last) return std::move(last).error();
  if (*last && (*last)->value == today && !again) return report;
  const ActiveRulesPtr active = rule_sets_.Current();
  if (!active || active->sets.empty()) return report;
  auto statuses = carrier_sla_.Status(now);
  if (!statuses) return std::move(statuses).error();
  const rules::FactCatalogue& catalogue = rule_sets_.catalogue();
  const std::string trigger_name(rules::TriggerName(rules::Trigger::kCarrierSlaDaily));
  for (const sourcing::CarrierSlaStatus& status : *statuses) {
    rules::FactSnapshot snapshot;
    SetStringFact(snapshot, catalogue, "carrier.code", status.carrier);
    SetIntFact(snapshot, catalogue, "carrier.sla_miss_days", status.sla_miss_days);
    if (!status.days.empty() && status.days.back().on_time_rate) {
      SetDecimalFact(snapshot, catalogue, "carrier.on_time_rate",
                     static_cast<std::int64_t>(*status.days.back().on_time_rate * rules::kDecimalScale + 0.5));
    }
    const Subject subject{0, "carrier:" + status.carrier};
    std::vector<rules::FiredAction> fired;
    auto outcome = Evaluate(*active, rules::Trigger::kCarrierSlaDaily, snapshot, subject, fired);
    if (!outcome) return std::move(outcome).error();
    ++report.subjects;
    auto rising = Latch(subject, fired, trigger_name);
    if (!rising) return std::move(rising).error();
    if (rising->empty()) continue;
    std::erase_if(outcome->firings, [&](const store::RuleFiringRecord& firing) {
      return std::none_of(rising->begin(), rising->end(),
                          [&](const rules::FiredAction& action) { return action.rule_id == firing.rule_id; });
    });
    auto plan = rules::PlanActions(*rising);
    if (!plan) return std::move(plan).error();
    for (store::RuleFiringRecord& firing : outcome->firings) firing.actions_json = ActionsJson(*rising, *plan, firing.rule_id);
    report.firings += static_cast<std::int64_t>(outcome->firings.size());
    ORDO_TRY(ApplySubjectPlan(subject, *plan, "", outcome->firings));
  }
  ORDO_TRY(store_.Rules().PutRuleEffect(
      store::RuleEffectRecord{std::string(kEffectCursor), "carrier.sla_daily", today, "", 0, "", 0}));
  return report;
}

core::Result<RuleWorkReport> RuleRuntime::RunScheduledRules() {
  RuleWorkReport report;
  const core::UnixMillis now = clock_.Now();
  const core::UnixMillis this_minute = now - now % kMinute;
  core::UnixMillis after;
  {
    std::lock_guard lock(mutex_);
    after = last_schedule_minute_ == 0 ? this_minute - kMinute : last_schedule_minute_;
    last_schedule_minute_ = this_minute;
  }
  after = std::max(after, this_minute - kDay);
  const ActiveRulesPtr active = rule_sets_.Current();
  if (!active || active->sets.empty()) return report;
  std::optional<std::vector<std::string>> skus;
  for (const ActiveRuleSet& set : active->sets) {
    for (const rules::Rule& rule : set.source.rules) {
      if (rule.trigger != rules::Trigger::kSchedule) continue;
      auto schedule = rules::ParseCron(rule.cron);
      if (!schedule) continue;  // validated at save time; a newer grammar is skipped, not fatal
      if (rules::DueMinutes(*schedule, after, this_minute, kChinaOffsetMinutes, 1).empty()) continue;
      if (!skus) {
        auto all = AllSkus(store_.Inventory());
        if (!all) return std::move(all).error();
        skus = std::move(*all);
      }
      auto ran = RunSkuRules(rules::Trigger::kSchedule, *skus, rule.id);
      if (!ran) return std::move(ran).error();
      report.subjects += ran->subjects;
      report.firings += ran->firings;
    }
  }
  return report;
}

core::Status RuleRuntime::LoadCarrierSwitches() {
  auto switches = store_.Rules().ListRuleEffects(std::string(kEffectSwitchCarrier));
  if (!switches) return std::move(switches).error();
  std::map<std::string, std::string> from_to;
  for (const store::RuleEffectRecord& effect : *switches) from_to.emplace(effect.key, effect.value);
  sourcing_.SetCarrierSwitches(std::move(from_to));
  return core::Ok();
}

}  // namespace ordo::service
