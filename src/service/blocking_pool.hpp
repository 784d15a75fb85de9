#pragma once
// A few threads for the store's blocking calls (Ping, ListDeliveries, ReplayDelivery), so that
// callers on I/O threads hand the work over instead of waiting.
//
// Thread-safe. The destructor runs every task already queued, then joins its threads; tasks
// posted after destruction began are dropped.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ordo::service {

class BlockingPool {
 public:
  explicit BlockingPool(int threads);
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Runs `task` on one of the pool's threads. `task` must not throw.
  void Post(std::function<void()> task);

 private:
  void WorkLoop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace ordo::service
