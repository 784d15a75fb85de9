// The order side of the rule runtime: order.created rules before sourcing (SourcingGate).
#include <spdlog/spdlog.h>

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/json.hpp"
#include "order/status.hpp"
#include "service/order_facts.hpp"
#include "service/rule_runtime.hpp"
#include "service/rule_runtime_json.hpp"

namespace ordo::service {
namespace {

constexpr core::UnixMillis kThirtyDays = 30LL * 24 * 3600 * 1000;
constexpr core::UnixMillis kHour = 3600LL * 1000;

// limit_quantity's scope key: the rule and the buyer / city / SKU it counts per, hashed so the
// key (stored in rule_quantity_uses) holds no buyer reference in the clear.
std::string ScopeKey(const rules::QuantityLimitAction& limit, const std::string& ruleset_id, const order::Order& order,
                     const std::string& sku) {
  std::string material = ruleset_id + "\x1f" + limit.rule_id;
  for (const std::string& per : limit.per) {
    material += "\x1f" + per + "=";
    if (per == "buyer") material += order.customer_ref;
    if (per == "city") material += order.shipping_address.province + "/" + order.shipping_address.city;
    if (per == "sku") material += sku;
  }
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(material.data()), material.size(),
                     nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

// The fewest units available over the order's SKUs (each SKU summed over its locations):
// the fact order.stock.min_available, "while stock is low". nullopt for an order without lines.
core::Result<std::optional<std::int64_t>> LeastAvailable(store::InventoryStore& inventory, const order::Order& order) {
  std::optional<std::int64_t> least;
  std::set<std::string> seen;
  for (const order::OrderLine& line : order.lines) {
    if (!seen.insert(line.sku).second) continue;
    store::StockFilter filter;
    filter.sku = line.sku;
    filter.limit = 1000;
    auto rows = inventory.ListStock(filter);
    if (!rows) return std::move(rows).error();
    std::int64_t available = 0;
    for (const store::StockRecord& row : *rows) available += row.available();
    least = least ? std::min(*least, available) : available;
  }
  return least;
}

std::string LimitReason(const rules::QuantityLimitAction& limit) {
  std::string per;
  for (const std::string& scope : limit.per) per += (per.empty() ? "" : "+") + scope;
  return "quantity_limit: rule " + limit.rule_id + " allows " + std::to_string(limit.max_units) + " per " + per + " in " +
         std::to_string(limit.window_hours) + " h";
}

}  // namespace

core::Result<SourcingGate::Verdict> RuleRuntime::BeforeSourcing(std::int64_t order_id) {
  const std::string order_key = std::to_string(order_id);
  // Judged once: an order the rules held and an operator released is not held again for the
  // same reasons; it keeps the routing its rules left.
  auto judged = store_.Rules().GetRuleEffect(std::string(kEffectOrderRules), order_key);
  if (!judged) return std::move(judged).error();
  if (*judged) {
    auto directives = ParseDirectivesJson((*judged)->value);
    if (!directives) return std::move(directives).error();
    return Verdict{true, std::move(*directives), std::nullopt};
  }
  const ActiveRulesPtr active = rule_sets_.Current();
  auto order = store_.GetOrderSync(order_id);
  if (!order) return std::move(order).error();
  OrderFactInputs inputs;
  if (!order->customer_ref.empty()) {
    auto recent = store_.RuleFacts().CountCustomerOrders(order->customer_ref, order->created_at - kThirtyDays,
                                                          order->created_at);
    if (!recent) return std::move(recent).error();
    inputs.customer_orders_30d = *recent;
  }
  auto least = LeastAvailable(store_.Inventory(), *order);
  if (!least) return std::move(least).error();
  inputs.min_stock_available = *least;
  const rules::FactSnapshot snapshot = OrderFacts(*order, inputs, rule_sets_.catalogue());
  store::FactSnapshotRecord record;
  record.order_id = order_id;
  record.trigger = std::string(rules::TriggerName(rules::Trigger::kOrderCreated));
  record.order_created_at = order->created_at;
  record.captured_at = clock_.Now();
  record.facts = rules::EncodeFactSnapshot(snapshot, rule_sets_.catalogue());
  if (!active || active->sets.empty()) {
    // Nothing in force: the facts are still kept, so that the first rule set can be simulated
    // on the orders that came before it. Not marked as judged: rules published later apply to
    // the order if it is sourced again from `paid` (e.g. released from a hold).
    ORDO_TRY(store_.RuleFacts().PutFactSnapshots({std::move(record)}));
    return Verdict{};
  }

  const Subject subject{order_id, "order:" + order_key};
  std::vector<rules::FiredAction> fired;
  auto outcome = Evaluate(*active, rules::Trigger::kOrderCreated, snapshot, subject, fired);
  if (!outcome) return std::move(outcome).error();
  auto plan = rules::PlanActions(fired);
  if (!plan) return std::move(plan).error();

  // Quantity limits: each scope takes the order's units if they fit, else the order is held.
  std::optional<std::string> limit_reason;
  for (const rules::QuantityLimitAction& limit : plan->limits) {
    const bool per_sku = std::find(limit.per.begin(), limit.per.end(), "sku") != limit.per.end();
    std::map<std::string, std::int64_t> units;  // scope key → units of this order
    const std::string& ruleset_id = FiredBy(outcome->firings, limit.rule_id).ruleset_id;
    for (const order::OrderLine& line : order->lines) {
      units[ScopeKey(limit, ruleset_id, *order, per_sku ? line.sku : "")] += line.qty;
    }
    for (const auto& [key, qty] : units) {
      store::QuantityUse use{key, order_id, qty, clock_.Now() - limit.window_hours * kHour, limit.max_units};
      auto fits = store_.Rules().TryUseQuantity(use);
      if (!fits) return std::move(fits).error();
      if (!*fits && !limit_reason) limit_reason = LimitReason(limit);
    }
  }

  std::optional<std::string> hold_reason;
  if (plan->hold_reason) hold_reason = "rule " + plan->hold_rule + ": " + *plan->hold_reason;
  if (!hold_reason && !plan->blocked_regions.empty()) hold_reason = "ordering_blocked: " + plan->blocked_regions.front();
  if (!hold_reason && limit_reason) hold_reason = limit_reason;

  const std::string directives_json = DirectivesJson(*plan);
  std::vector<store::RuleEvent> events;
  for (const rules::NotifyAction& notify : plan->notifications) {
    events.push_back(store::RuleEvent{kEventRuleNotify, order_id, NotifyPayload(notify, subject.name, record.facts)});
  }
  for (const std::string& region : plan->blocked_regions) {
    const std::string& rule_id = plan->blocked_region_rules.at(region);
    const auto& source = FiredBy(outcome->firings, rule_id);
    ORDO_TRY(store_.Rules().PutRuleEffect(store::RuleEffectRecord{std::string(kEffectBlockOrdering), region, "",
                                                                  source.ruleset_id, source.version, rule_id, 0}));
    events.push_back(store::RuleEvent{kEventOrderingBlocked, order_id, RegionPayload(region)});
  }
  for (store::RuleFiringRecord& firing : outcome->firings) {
    firing.actions_json = ActionsJson(fired, *plan, firing.rule_id);
  }
  // Hold first: if the order moved meanwhile (cancelled, updated), nothing below is written and
  // the next pass judges it again as it is then.
  if (hold_reason) {
    store::TransitionCommand hold;
    hold.order_id = order_id;
    hold.expected_version = order->version;
    hold.to = order::OrderStatus::kOnHold;
    hold.reason = *hold_reason;
    hold.actor = core::Actor{"system", "rules"};
    auto held = store_.TransitionSync(std::move(hold));
    if (!held) return std::move(held).error();
  }
  ORDO_TRY(store_.RuleFacts().PutFactSnapshots({std::move(record)}));
  ORDO_TRY(store_.Rules().RecordRuleFirings(std::move(outcome->firings), std::move(events)));
  // The judged mark last: a failure before it means the next pass judges the order again (a
  // firing may then be recorded twice; quantity uses count an order once).
  ORDO_TRY(store_.Rules().PutRuleEffect(
      store::RuleEffectRecord{std::string(kEffectOrderRules), order_key, directives_json, "", 0, "", 0}));

  if (hold_reason) return Verdict{false, {}, std::nullopt};
  Verdict verdict{true, ToDirectives(*plan), std::nullopt};
  if (plan->priority_level) verdict.priority = rules::PriorityRank(*plan->priority_level);
  return verdict;
}

core::Result<sourcing::RuleDirectives> RuleRuntime::DirectivesFor(std::int64_t order_id) {
  auto judged = store_.Rules().GetRuleEffect(std::string(kEffectOrderRules), std::to_string(order_id));
  if (!judged) return std::move(judged).error();
  if (!*judged) return sourcing::RuleDirectives{};
  return ParseDirectivesJson((*judged)->value);
}

}  // namespace ordo::service
