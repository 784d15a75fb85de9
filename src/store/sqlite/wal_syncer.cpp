#include "store/sqlite/wal_syncer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ordo::store::sqlite {

core::Result<std::unique_ptr<WalSyncer>> WalSyncer::Open(const std::string& database_path) {
  const std::string wal_path = database_path + "-wal";
  const int fd = ::open(wal_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return core::MakeError(core::ErrorCode::kUnavailable,
                           "cannot open the SQLite WAL for syncing: " + std::string(std::strerror(errno)));
  }
  return std::unique_ptr<WalSyncer>(new WalSyncer(fd));
}

WalSyncer::WalSyncer(int wal_fd) : wal_fd_(wal_fd), thread_([this] { SyncLoop(); }) {}

WalSyncer::~WalSyncer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  has_work_.notify_all();
  thread_.join();
  ::close(wal_fd_);
}

void WalSyncer::AfterCommit(std::function<void()> acknowledge) {
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(acknowledge));
  }
  has_work_.notify_one();
}

void WalSyncer::SyncLoop() {
  std::vector<std::function<void()>> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      has_work_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;
      batch.swap(pending_);
    }
    // Everything in `batch` was committed (written to the WAL) before it was queued, so one
    // sync now covers all of it.
    while (::fdatasync(wal_fd_) != 0) {
      if (errno == EINTR) continue;
      // A failed fsync leaves the page cache state unknown (the "fsyncgate" lesson): there is no
      // safe way to go on acknowledging writes.
      std::fprintf(stderr, "ordo: fdatasync of the SQLite WAL failed: %s; stopping\n", std::strerror(errno));
      std::abort();
    }
    for (auto& acknowledge : batch) acknowledge();
    batch.clear();
  }
}

}  // namespace ordo::store::sqlite
