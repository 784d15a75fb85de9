#pragma once
// What has to happen between COMMIT and acknowledging a batch. PostgreSQL's COMMIT is durable
// when it returns, so the acknowledgement runs at once; SQLite's WAL is made durable by
// sqlite::WalSyncer off the writer thread (see there for why).
#include <functional>

namespace ordo::store::detail {

class DurabilityBarrier {
 public:
  virtual ~DurabilityBarrier() = default;
  // Runs `acknowledge` once everything committed so far is durable. Called on the writer
  // thread right after COMMIT; `acknowledge` may run on another thread.
  virtual void AfterCommit(std::function<void()> acknowledge) = 0;
};

}  // namespace ordo::store::detail
