#pragma once
// Group commit: writer threads take queued units of work and commit many of them in one
// transaction (one fsync). A failing unit rolls back alone: the batch is then re-run with each
// unit inside its own SAVEPOINT (see CommitBatch for why not always). A unit's `complete` runs after COMMIT returned, so nothing is acknowledged before it
// is durable. With several writer threads (PostgreSQL) each has its own connection.
//
// Thread-safe. The destructor refuses new units, finishes every queued one and joins.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/detail/durability.hpp"
#include "store/store.hpp"

namespace ordo::store::detail {

struct WriteUnit {
  // Runs inside the unit's savepoint. A failed Status rolls the unit back; it may be run again
  // (after a deadlock), so it must not keep state from an earlier run.
  std::function<core::Status(Connection&)> run;
  // Called once, after the transaction committed (with run's status) or failed (kUnavailable).
  std::function<void(core::Status)> complete;
  // Optional: after a successful run, the unit's entry for the batch's audit record (a JSON
  // object without personal data; "" = nothing to audit, e.g. an unchanged repeat).
  std::function<std::string()> audit_entry;
};

// Appends one audit record for a batch, inside its transaction, from its units' entries. A
// failure fails the batch: a mutation is never committed without its audit record.
using BatchAuditor = std::function<core::Status(Connection&, const std::vector<std::string>& entries)>;

class GroupCommitWriter {
 public:
  // `barrier` (may be null: acknowledge right after COMMIT) must outlive the writer.
  GroupCommitWriter(std::vector<std::unique_ptr<Connection>> connections, int max_batch,
                    DurabilityBarrier* barrier = nullptr);
  // Set before the first Submit (the store does it right after construction).
  void SetBatchAuditor(BatchAuditor auditor) { auditor_ = std::move(auditor); }
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  void Submit(WriteUnit unit);
  void Submit(std::vector<WriteUnit> units);  // queued together, so usually one commit
  StoreStats Stats() const;

 private:
  void WriterLoop(Connection& connection);
  void CommitBatch(Connection& connection, std::vector<WriteUnit>& batch);
  core::Status RunBatch(Connection& connection, std::vector<WriteUnit>& batch, std::vector<core::Status>& statuses,
                        bool with_savepoints);

  const std::size_t max_batch_;
  DurabilityBarrier* const barrier_;
  BatchAuditor auditor_;
  std::vector<std::unique_ptr<Connection>> connections_;
  mutable std::mutex mutex_;
  std::condition_variable has_work_;
  std::deque<WriteUnit> queue_;  // guarded by mutex_
  bool stopping_ = false;        // guarded by mutex_
  std::vector<std::thread> threads_;

  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> units_{0};
  std::atomic<std::uint64_t> failed_units_{0};
  std::atomic<std::uint64_t> fallbacks_{0};  // batches re-run with savepoints
  std::array<std::atomic<std::uint64_t>, 11> batch_buckets_{};
};

}  // namespace ordo::store::detail
