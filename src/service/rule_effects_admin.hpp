#pragma once
// The API's use cases of the rule runtime: explaining an order's rules, listing the standing
// effects rules left and lifting one (audited as rules.effect.clear). Work runs on the blocking
// pool; `done` runs on a pool thread.
#include <functional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "service/blocking_pool.hpp"
#include "service/rule_runtime.hpp"
#include "store/store.hpp"

namespace ordo::service {

class RuleEffectsAdmin {
 public:
  template <class T>
  using Done = std::function<void(core::Result<T>)>;

  // Everything outlives this.
  RuleEffectsAdmin(store::Store& store, RuleRuntime& runtime, BlockingPool& pool)
      : store_(store), runtime_(runtime), pool_(pool) {}

  void ExplainOrder(std::int64_t order_id, store::OrderScope scope, Done<OrderRulesExplanation> done);
  // `kind` "" = every public kind (hide_sku, switch_carrier, block_ordering); another value
  // outside those → kMalformed naming the query field.
  void ListEffects(std::string kind, Done<std::vector<store::RuleEffectRecord>> done);
  // POST /rules/run: runs one trigger now — "stock.changed" (the SKUs moved since the worker's
  // last look), "carrier.sla_daily" (today's check again) or "schedule"; kMalformed naming
  // /trigger for another.
  void RunTrigger(std::string trigger, Done<RuleWorkReport> done);
  // kNotFound when no such effect stands.
  void ClearEffect(std::string kind, std::string key, core::Actor actor, std::string ip, Done<bool> done);

 private:
  store::Store& store_;
  RuleRuntime& runtime_;
  BlockingPool& pool_;
};

}  // namespace ordo::service
