#include "store/detail/group_commit.hpp"

#include <chrono>
#include <exception>

namespace ordo::store::detail {
namespace {

constexpr int kUnitAttempts = 3;  // a unit that hit a deadlock is run again, twice at most
constexpr std::size_t kGatherTarget = 32;                  // units worth committing together
constexpr std::chrono::microseconds kGatherWindow{1000};  // the longest a batch waits to fill

core::Status RunGuarded(const WriteUnit& unit, Connection& connection) {
  // Units do not throw by design; if a library does, fail the unit, not the writer thread.
  try {
    return unit.run(connection);
  } catch (const std::exception& error) {
    return core::MakeError(core::ErrorCode::kInternal, std::string("unit threw: ") + error.what());
  } catch (...) {
    return core::MakeError(core::ErrorCode::kInternal, "unit threw");
  }
}

}  // namespace

GroupCommitWriter::GroupCommitWriter(std::vector<std::unique_ptr<Connection>> connections, int max_batch,
                                     DurabilityBarrier* barrier)
    : max_batch_(static_cast<std::size_t>(std::max(1, max_batch))), barrier_(barrier),
      connections_(std::move(connections)) {
  for (auto& connection : connections_) {
    threads_.emplace_back([this, raw = connection.get()] { WriterLoop(*raw); });
  }
}

GroupCommitWriter::~GroupCommitWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  has_work_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void GroupCommitWriter::Submit(WriteUnit unit) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back(std::move(unit));
      has_work_.notify_one();
      return;
    }
  }
  unit.complete(core::MakeError(core::ErrorCode::kUnavailable, "the store is shutting down"));
}

void GroupCommitWriter::Submit(std::vector<WriteUnit> units) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      for (auto& unit : units) queue_.push_back(std::move(unit));
      has_work_.notify_one();
      return;
    }
  }
  for (auto& unit : units) unit.complete(core::MakeError(core::ErrorCode::kUnavailable, "the store is shutting down"));
}

void GroupCommitWriter::WriterLoop(Connection& connection) {
  std::vector<WriteUnit> batch;
  std::size_t last_batch_size = 0;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      has_work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      // A commit costs about the same for 1 unit as for 30 (every touched B-tree page is
      // written to the WAL once per commit), so under concurrent load it pays to let a batch
      // fill for a moment. A lone client (last batch of one) never waits.
      if (last_batch_size > 1 && queue_.size() < kGatherTarget) {
        has_work_.wait_for(lock, kGatherWindow, [this] { return stopping_ || queue_.size() >= kGatherTarget; });
      }
      const std::size_t take = std::min(max_batch_, queue_.size());
      batch.clear();
      for (std::size_t i = 0; i < take; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      // Another writer may take what is left while this one commits.
      if (!queue_.empty()) has_work_.notify_one();
    }
    last_batch_size = batch.size();
    CommitBatch(connection, batch);
  }
}

// Runs every unit of `batch` in one transaction. Fast path: no savepoints (in SQLite each
// savepoint copies every page a unit touches into the statement journal — a third of the
// per-order cost when measured). If any unit fails, the transaction is rolled back and the
// batch runs again with a SAVEPOINT per unit, so a failing unit still rolls back alone and
// the others commit. Units are re-runnable by contract (see WriteUnit::run).
core::Status GroupCommitWriter::RunBatch(Connection& connection, std::vector<WriteUnit>& batch,
                                         std::vector<core::Status>& statuses, bool with_savepoints) {
  ORDO_TRY(connection.ExecScript(connection.BeginWriteSql()));
  for (std::size_t unit_idx = 0; unit_idx < batch.size(); ++unit_idx) {
    if (!with_savepoints) {
      statuses[unit_idx] = RunGuarded(batch[unit_idx], connection);
      if (!statuses[unit_idx]) return core::MakeError(core::ErrorCode::kConflict, "a unit failed");
      continue;
    }
    core::Status status = core::MakeError(core::ErrorCode::kInternal, "not run");
    for (int attempt = 0; attempt < kUnitAttempts; ++attempt) {
      ORDO_TRY(connection.Exec("SAVEPOINT unit"));  // prepared once, not re-parsed per unit
      status = RunGuarded(batch[unit_idx], connection);
      const bool retry = !status && connection.LastErrorRetryable();
      ORDO_TRY(status ? connection.Exec("RELEASE SAVEPOINT unit")
                      : connection.ExecScript("ROLLBACK TO SAVEPOINT unit; RELEASE SAVEPOINT unit"));
      if (!retry) break;
    }
    statuses[unit_idx] = std::move(status);
  }
  if (auditor_) {
    std::vector<std::string> entries;
    for (std::size_t unit_idx = 0; unit_idx < batch.size(); ++unit_idx) {
      if (!statuses[unit_idx] || !batch[unit_idx].audit_entry) continue;
      std::string entry = batch[unit_idx].audit_entry();
      if (!entry.empty()) entries.push_back(std::move(entry));
    }
    if (!entries.empty()) ORDO_TRY(auditor_(connection, entries));
  }
  return connection.ExecScript("COMMIT");
}

void GroupCommitWriter::CommitBatch(Connection& connection, std::vector<WriteUnit>& batch) {
  std::vector<core::Status> statuses(batch.size());
  core::Status transaction = RunBatch(connection, batch, statuses, /*with_savepoints=*/false);
  if (!transaction) {
    (void)connection.ExecScript("ROLLBACK");
    fallbacks_.fetch_add(1, std::memory_order_relaxed);
    transaction = RunBatch(connection, batch, statuses, /*with_savepoints=*/true);
  }
  if (!transaction) {
    (void)connection.ExecScript("ROLLBACK");
    const core::Error failure{core::ErrorCode::kUnavailable, "the transaction did not commit: " + transaction.error().detail, {}};
    for (auto& status : statuses) status = failure;
  }

  commits_.fetch_add(1, std::memory_order_relaxed);
  units_.fetch_add(batch.size(), std::memory_order_relaxed);
  std::size_t bucket = 0;
  while (bucket < 10 && batch.size() > static_cast<std::size_t>(StoreStats::kBucketBounds[bucket])) ++bucket;
  batch_buckets_[bucket].fetch_add(1, std::memory_order_relaxed);

  for (const auto& status : statuses) {
    if (!status) failed_units_.fetch_add(1, std::memory_order_relaxed);
  }
  auto acknowledge = [units = std::move(batch), statuses = std::move(statuses)]() mutable {
    for (std::size_t unit_idx = 0; unit_idx < units.size(); ++unit_idx) {
      units[unit_idx].complete(std::move(statuses[unit_idx]));
    }
  };
  batch = {};
  if (barrier_ != nullptr && transaction) {
    barrier_->AfterCommit(std::move(acknowledge));
  } else {
    acknowledge();
  }
}

StoreStats GroupCommitWriter::Stats() const {
  StoreStats stats;
  stats.commits = commits_.load(std::memory_order_relaxed);
  stats.units = units_.load(std::memory_order_relaxed);
  stats.failed_units = failed_units_.load(std::memory_order_relaxed);
  stats.savepoint_reruns = fallbacks_.load(std::memory_order_relaxed);
  for (const auto& bucket : batch_buckets_) stats.batch_size_buckets.push_back(bucket.load(std::memory_order_relaxed));
  return stats;
}

}  // namespace ordo::store::detail
