#pragma once
// The rule runtime (issue 7, items 6 and 7): runs the published rule sets where their events
// happen and carries the actions out through the module that owns each effect.
//
//   order.created     once per order, when it is paid and before it is sourced (after risk
//                     scoring, which is not built yet): SourcingGate. hold / block_ordering /
//                     a spent limit_quantity → the state machine holds the order (reason names
//                     the rule); route.* → sourcing::RuleDirectives, kept for re-sourcing;
//                     set_priority → the sourcing queue; tag → the timeline; notify → outbox.
//   stock.changed     per SKU whose stock moved (the stock ledger, any node's change).
//   carrier.sla_daily once per local day per carrier, facts from CarrierSla.
//   schedule          at every minute a rule's cron names (China time), over every SKU's stock.
//
// Every firing is recorded (rule id, set, version, the leaves and the actual values they were
// tested against, the actions and what they did) and, for orders, shown on the timeline; the
// facts an order was judged with are kept for the simulation. Non-order subjects latch: a rule
// that keeps firing on the same SKU or carrier acts once when it starts to fire, and the
// standing effects it left (a hidden SKU, a switched carrier) are cleared when it stops.
//
// Every method BLOCKS (store calls): call from the sourcing/rule workers or the blocking pool.
// Thread-safe.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "rules/action_plan.hpp"
#include "rules/compiled_rule_set.hpp"
#include "rules/fact_snapshot.hpp"
#include "service/carrier_sla_service.hpp"
#include "service/rule_runtime_json.hpp"
#include "service/rule_sets.hpp"
#include "service/sourcing_service.hpp"
#include "store/rule_fact_store.hpp"
#include "store/rules_store.hpp"
#include "store/store.hpp"

namespace ordo::service {

// What the rules did on one subject.
struct RuleRunOutcome {
  std::vector<store::RuleFiringRecord> firings;
  rules::ActionPlan plan;
  bool held = false;
};

// The explanation of one order: every firing and the facts it was judged with.
struct OrderRulesExplanation {
  std::int64_t order_id = 0;
  std::vector<store::RuleFiringRecord> firings;
  std::string facts_json = "{}";  // the snapshot of order.created, "{}" when never judged
  std::string directives_json;    // the routing the rules left, "" when none
};

struct RuleWorkReport {
  std::int64_t subjects = 0;
  std::int64_t firings = 0;
};

class RuleRuntime : public SourcingGate {
 public:
  // Everything outlives this.
  RuleRuntime(store::Store& store, const core::Clock& clock, RuleSets& rule_sets, SourcingService& sourcing,
              CarrierSla& carrier_sla);

  // SourcingGate.
  core::Result<Verdict> BeforeSourcing(std::int64_t order_id) override;
  core::Result<sourcing::RuleDirectives> DirectivesFor(std::int64_t order_id) override;

  // stock.changed for the SKUs whose stock moved since the last call (first call: from now).
  core::Result<RuleWorkReport> RunStockRules();
  // carrier.sla_daily, once per local day (a second call the same day does nothing unless
  // `again`: an operator re-running today's check).
  core::Result<RuleWorkReport> RunCarrierRules(bool again = false);
  // schedule: the cron minutes due since the last call (at most a day is caught up).
  core::Result<RuleWorkReport> RunScheduledRules();
  // Installs the carrier switches standing in the store into sourcing (at start, and after a
  // carrier run).
  core::Status LoadCarrierSwitches();

  // GET /orders/{id}/rules: kNotFound when out of scope or unknown.
  core::Result<OrderRulesExplanation> ExplainOrder(std::int64_t order_id, const store::OrderScope& scope);

 private:
  struct Subject {
    std::int64_t order_id = 0;
    std::string name;  // "order:42", "stock:SKU-1", "carrier:sf"
  };
  // Evaluates every active set's rules of `trigger` on `facts`; fills firings (with explanations)
  // and the actions in firing order.
  core::Result<RuleRunOutcome> Evaluate(const ActiveRules& active, rules::Trigger trigger, const rules::FactSnapshot& facts,
                                        const Subject& subject, std::vector<rules::FiredAction>& actions);
  core::Result<RuleWorkReport> RunSkuRules(rules::Trigger trigger, const std::vector<std::string>& skus,
                                           const std::string& only_rule);
  // Latching for non-order subjects: which of `outcome`'s firings start now, and clears the
  // effects of rules that stopped firing on the subject.
  core::Result<std::vector<rules::FiredAction>> Latch(const Subject& subject, const std::vector<rules::FiredAction>& fired,
                                                      const std::string& trigger_name);
  core::Status ApplySubjectPlan(const Subject& subject, const rules::ActionPlan& plan, const std::string& sku,
                                std::vector<store::RuleFiringRecord>& firings);

  store::Store& store_;
  const core::Clock& clock_;
  RuleSets& rule_sets_;
  SourcingService& sourcing_;
  CarrierSla& carrier_sla_;
  std::mutex mutex_;
  std::optional<std::int64_t> ledger_cursor_;      // guarded by mutex_
  core::UnixMillis last_schedule_minute_ = 0;      // guarded by mutex_
};

}  // namespace ordo::service
