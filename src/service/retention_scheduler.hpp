#pragma once
// The retention policy on a timer, for `ordo serve --retention-…-days`: one run at Start(),
// then one every `interval`, each audited by the store (actor system/scheduler, action
// retention.run, counts in the detail). Runs on a thread of its own because
// Store::RunRetention blocks for as long as the work takes; the I/O threads never wait for it.
//
// Thread-safe. Stop() (and the destructor) wakes the thread and joins it; a run in progress
// completes first (the store works in bounded chunks, so that is short).
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/result.hpp"
#include "store/store.hpp"

namespace ordo::service {

class RetentionScheduler {
 public:
  // Gets each run's outcome on the scheduler thread (for the log: counts only).
  using OnRun = std::function<void(const core::Result<store::RetentionReport>&)>;

  // `store` outlives this. `policy` names at least one of its days.
  RetentionScheduler(store::Store& store, store::RetentionPolicy policy, std::chrono::milliseconds interval,
                     OnRun on_run);
  ~RetentionScheduler();
  RetentionScheduler(const RetentionScheduler&) = delete;
  RetentionScheduler& operator=(const RetentionScheduler&) = delete;

  void Start();
  void Stop();

 private:
  void Loop();

  store::Store& store_;
  const store::RetentionPolicy policy_;
  const std::chrono::milliseconds interval_;
  OnRun on_run_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace ordo::service
