#pragma once
// Pipelined durability for SQLite's WAL. The writer commits with synchronous=NORMAL (no fsync
// inside COMMIT) and hands each batch's acknowledgement here; this thread fdatasync()s the WAL
// file and only then acknowledges every batch committed before the sync. While one sync is in
// flight the writer already runs the next batch, and batches that queue up during a sync share
// the next one. Measured on this machine: an fdatasync takes ~5 ms, so a writer that syncs
// inside COMMIT caps a 64-connection load at 64 orders per ~7 ms; overlapping removes the sync
// from the writer's critical path without acknowledging anything that is not on disk.
//
// Correctness: fdatasync of the WAL file makes every frame written before it durable; SQLite's
// checkpoints (synchronous=NORMAL) sync the WAL before copying it back and the database after,
// so frames overwritten by a WAL restart were already durable in the database file.
//
// Thread-safe. The destructor syncs and acknowledges everything pending, then joins.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "store/detail/durability.hpp"

namespace ordo::store::sqlite {

class WalSyncer final : public detail::DurabilityBarrier {
 public:
  // Opens `database_path` + "-wal" (it exists once the database is in WAL mode).
  static core::Result<std::unique_ptr<WalSyncer>> Open(const std::string& database_path);
  ~WalSyncer() override;

  void AfterCommit(std::function<void()> acknowledge) override;

 private:
  explicit WalSyncer(int wal_fd);
  void SyncLoop();

  const int wal_fd_;
  std::mutex mutex_;
  std::condition_variable has_work_;
  std::vector<std::function<void()>> pending_;  // guarded by mutex_
  bool stopping_ = false;                       // guarded by mutex_
  std::thread thread_;
};

}  // namespace ordo::store::sqlite
