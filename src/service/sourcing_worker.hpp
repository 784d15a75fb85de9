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
#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/sourcing_service.hpp"

namespace ordo::service {

class SourcingWorker {
 public:
  // `sourcing` outlives this.
  SourcingWorker(SourcingService& sourcing, std::chrono::milliseconds idle);
  ~SourcingWorker();
  SourcingWorker(const SourcingWorker&) = delete;
  SourcingWorker& operator=(const SourcingWorker&) = delete;

  void Start();
  void Wake();
  void Stop();

 private:
  void Loop();

  SourcingService& sourcing_;
  const std::chrono::milliseconds idle_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  bool woken_ = false;     // guarded by mutex_
  std::thread thread_;
};

}  // namespace ordo::service
