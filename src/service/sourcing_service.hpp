#pragma once
// Sourcing at run time (issue 6): decides where each paid order ships from and reserves it
// (store::InventoryStore::Allocate with a decider wrapping the pure sourcing::DecideSourcing),
// allocates waiting orders when their stock arrives, re-sources a closed location's orders
// (failover), and answers "what would happen now" (preview) and "why there" (explanation).
//
// Every method BLOCKS (store calls): call from the blocking pool, the worker or the CLI.
// Thread-safe: the carrier table cache and the ledger cursor are guarded.
//
// Nothing is sourced while no location exists: a merchant who has not set up inventory keeps
// orders in `paid` as before.
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
#include "service/sourcing_adapter.hpp"
#include "sourcing/carrier_switch.hpp"
#include "sourcing/rebalance.hpp"
#include "store/inventory_store.hpp"
#include "store/store.hpp"

namespace ordo::service {

// What closing (or degrading) a location did.
struct FailoverReport {
  store::LocationRecord location;      // as stored after the change
  std::int64_t orders_considered = 0;  // orders holding reservations there when it closed
  std::int64_t reallocated = 0;        // now reserved elsewhere
  std::int64_t to_backup = 0;          // … of which at the location's backup
  std::int64_t waiting = 0;            // on_hold no_stock: nowhere else has it
  std::int64_t skipped = 0;            // moved on meanwhile (shipped, cancelled) — untouched
  std::int64_t failed = 0;             // store errors (logged); retry by closing again
  std::map<std::string, std::int64_t> moved_to;  // location id → orders now reserved there
  double elapsed_ms = 0;
  std::vector<std::int64_t> failed_orders;
};

struct PassReport {
  std::int64_t new_orders = 0;       // paid orders decided
  std::int64_t held_by_rules = 0;    // paid orders the rules held instead
  std::int64_t stock_arrivals = 0;   // waiting orders decided again because their SKUs got stock
  std::int64_t allocated = 0;
  std::int64_t waiting = 0;
};

// What a batch re-allocation found (and did, when applied): the waiting orders, both methods'
// figures on the same snapshot, and how many of the MIP's orders were then reserved.
struct RebalanceReport {
  std::int64_t waiting_orders = 0;
  std::int64_t skus = 0;
  sourcing::RebalanceComparison comparison;
  bool mip_hit_limit = false;
  bool applied = false;
  std::int64_t allocated = 0;      // applied: reserved as planned
  std::int64_t not_allocated = 0;  // applied: stock moved meanwhile, or no carrier lane; still waiting
  double solve_ms = 0;
  double elapsed_ms = 0;
};

// Asked before an order is sourced. The rule runtime (service/rule_runtime.hpp) implements it:
// order rules run after risk scoring and before sourcing, and may hold the order or steer it.
class SourcingGate {
 public:
  struct Verdict {
    bool proceed = true;  // false: the rules held the order (it left `paid`); do not source it
    sourcing::RuleDirectives directives;
    // The rules' set_priority: the order's place among those waiting for stock (set once the
    // order has its sourcing record, i.e. after the decision).
    std::optional<std::int64_t> priority;
  };
  virtual ~SourcingGate() = default;
  // A paid order not sourced yet. An error leaves the order paid (the next pass asks again).
  virtual core::Result<Verdict> BeforeSourcing(std::int64_t order_id) = 0;
  // An order sourced again (its stock arrived, its location closed): what its rules left.
  virtual core::Result<sourcing::RuleDirectives> DirectivesFor(std::int64_t order_id) = 0;
};

class SourcingService {
 public:
  // `store` and `clock` outlive this.
  SourcingService(store::Store& store, const core::Clock& clock, SourcingDefaults defaults = {});

  // Decides and reserves (kNew) or re-decides (kResource) one order.
  core::Result<store::AllocateOutcome> SourceOrder(std::int64_t order_id, store::AllocateMode mode,
                                                   const std::string& cause,
                                                   const sourcing::RuleDirectives& directives = {});

  // One round of the worker: paid orders not sourced yet (in parallel units so that group
  // commit batches them), then waiting orders whose SKUs gained stock, highest priority and
  // oldest first, one at a time.
  core::Result<PassReport> RunPass();

  // Sets the status with an audit row; closing re-sources every order reserved there (its
  // backup preferred when its cost is close: CostPolicy::preference_credit per parcel) with a
  // timeline event naming the cause, and audits the report. Degraded lowers capacity for new
  // decisions; reopening affects new orders only.
  core::Result<FailoverReport> SetLocationStatus(const std::string& location_id, const std::string& status,
                                                 const std::string& reason, const core::Actor& actor,
                                                 const std::string& ip);

  // Batch re-allocation of the orders waiting for stock (ordo sourcing rebalance, POST
  // /sourcing/rebalance): which to fill, to maximise filled orders weighted by priority and
  // promise date (sourcing::AllocateByMip, GLPK), against first come, first served on the same
  // snapshot. With `apply`, each chosen order is reserved where the MIP put its lines (the
  // decision then only picks carriers and dates), highest weight first.
  core::Result<RebalanceReport> Rebalance(bool apply, int time_limit_ms);

  // What DecideSourcing says about `order` now (nothing written): the decision JSON.
  core::Result<std::string> Preview(const order::Order& order, const std::string& pickup_location_id);

  // The stored decision and reservations of an order within the caller's scope (kNotFound when
  // out of scope, unknown, or never sourced).
  core::Result<store::SourcingRecord> Explain(std::int64_t order_id, const store::OrderScope& scope);

  const SourcingDefaults& defaults() const { return defaults_; }

  // Set once, before the worker starts; nullptr (the default): no rules, every order proceeds.
  void SetGate(SourcingGate* gate) { gate_ = gate; }

  // Carrier switches (issue 7: a carrier that missed its SLA hands its lanes to a backup): from
  // now on every decision uses the carrier table without each `from` carrier on the lanes its
  // `to` carrier serves (sourcing::ApplyCarrierSwitches), and its explanation lists the switches.
  // Replaces the whole set; an empty map lifts every switch. Held in memory by this process (the
  // rule runtime sets them). Thread-safe; does not block.
  void SetCarrierSwitches(std::map<std::string, std::string> from_to);
  std::map<std::string, std::string> CarrierSwitches() const;

 private:
  // The stored carrier table with the switches applied; cached per (table version, switches).
  core::Result<std::shared_ptr<const sourcing::SwitchedCarriers>> Carriers();
  core::Result<std::int64_t> SourceNewOrders(PassReport& report);
  core::Result<std::int64_t> SourceArrivals(PassReport& report);
  core::Result<store::AllocateOutcome> SourceAssigned(const sourcing::FilledOrder& filled);
  core::Result<sourcing::RuleDirectives> StoredDirectives(std::int64_t order_id);

  store::Store& store_;
  const core::Clock& clock_;
  const SourcingDefaults defaults_;
  mutable std::mutex mutex_;
  std::shared_ptr<const sourcing::SwitchedCarriers> carriers_;  // guarded by mutex_
  std::int64_t carriers_version_ = -1;                           // guarded by mutex_
  std::map<std::string, std::string> switches_;                  // guarded by mutex_
  std::int64_t switches_generation_ = 0;   // guarded by mutex_; + 1 per SetCarrierSwitches
  std::int64_t carriers_generation_ = -1;  // guarded by mutex_; switches_generation_ carriers_ was built with
  std::int64_t ledger_cursor_ = 0;                           // guarded by mutex_
  SourcingGate* gate_ = nullptr;
};

}  // namespace ordo::service
