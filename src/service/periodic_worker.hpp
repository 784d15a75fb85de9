#pragma once
// A thread that runs `pass` in a loop, pausing `idle` whenever a pass reports it has caught up
// (returns false) — the shape of `ordo serve`'s background workers (sourcing, rules).
//
// Thread-safe. Wake() asks for a pass now; Stop() (and the destructor) joins the thread after the
// pass in progress.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace ordo::service {

class PeriodicWorker {
 public:
  // `pass` returns true when there may be more to do at once (no pause).
  PeriodicWorker(std::function<bool()> pass, std::chrono::milliseconds idle);
  ~PeriodicWorker();
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  void Start();
  void Wake();
  void Stop();

 private:
  void Loop();

  const std::function<bool()> pass_;
  const std::chrono::milliseconds idle_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  bool woken_ = false;     // guarded by mutex_
  std::thread thread_;
};

}  // namespace ordo::service
