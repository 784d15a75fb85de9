#pragma once
// The rule thread of `ordo serve`: stock.changed, carrier.sla_daily and schedule rules (order
// rules run in the sourcing worker, before each order is sourced). Every `idle` it evaluates the
// SKUs whose stock moved (any node's change: the ledger), once a local day the carriers' SLA, and
// the schedule rules whose cron minute came.
//
// Several nodes on one database each run one: stock and carrier effects are idempotent (an
// effect is set, not added) and latched, so a second node mostly finds them set; a notification
// may then go out twice (see docs/rules.md).
//
// Thread-safe. Wake() asks for a pass now; Stop() (and the destructor) joins the thread.
#include <chrono>

#include "service/periodic_worker.hpp"
#include "service/rule_runtime.hpp"

namespace ordo::service {

class RuleWorker {
 public:
  // `runtime` outlives this.
  RuleWorker(RuleRuntime& runtime, std::chrono::milliseconds idle);

  // Installs the stored carrier switches into sourcing, then starts the thread.
  void Start();
  void Wake() { worker_.Wake(); }
  void Stop() { worker_.Stop(); }

 private:
  bool Pass();

  RuleRuntime& runtime_;
  PeriodicWorker worker_;  // last: its thread stops before the members it reads go
};

}  // namespace ordo::service
