#pragma once
// The sourcing thread of `ordo serve`: SourcingService::RunPass in a loop, sleeping `idle` when
// a pass found nothing to do. An order is sourced about `idle` after its payment commits,
// whichever path ingested it; a stock change (any node's, read from the ledger) wakes the
// waiting orders of its SKUs within the same delay.
//
// Several nodes on one PostgreSQL database each run one: both may pick the same paid order;
// the store's unit takes it from `paid` only once (the other finds it allocated: "skipped"),
// and the conditional reservation keeps stock exact whoever wins.
//
// Thread-safe. Wake() asks for a pass now; Stop() (and the destructor) joins the thread.
#include <chrono>

#include "service/periodic_worker.hpp"
#include "service/sourcing_service.hpp"

namespace ordo::service {

class SourcingWorker {
 public:
  // `sourcing` outlives this.
  SourcingWorker(SourcingService& sourcing, std::chrono::milliseconds idle);

  void Start() { worker_.Start(); }
  void Wake() { worker_.Wake(); }
  void Stop() { worker_.Stop(); }

 private:
  bool Pass();

  SourcingService& sourcing_;
  PeriodicWorker worker_;  // last: its thread stops before the members it reads go
};

}  // namespace ordo::service
