#include "service/blocking_pool.hpp"

#include <utility>

namespace ordo::service {

BlockingPool::BlockingPool(int threads) {
  threads_.reserve(static_cast<std::size_t>(threads));
  for (int thread_idx = 0; thread_idx < threads; ++thread_idx) threads_.emplace_back([this] { WorkLoop(); });
}

BlockingPool::~BlockingPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void BlockingPool::Post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void BlockingPool::WorkLoop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      // Drain what was queued before stopping: its callers are waiting for an answer.
      if (tasks_.empty()) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace ordo::service
