#include "store/detail/reader_pool.hpp"

namespace ordo::store::detail {

ReaderPool::ReaderPool(std::vector<std::unique_ptr<Connection>> connections) : connections_(std::move(connections)) {
  for (auto& connection : connections_) {
    threads_.emplace_back([this, raw = connection.get()] { ReaderLoop(*raw); });
  }
}

ReaderPool::~ReaderPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  has_work_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void ReaderPool::Submit(std::function<void(Connection&)> task) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(task));
  }
  has_work_.notify_one();
}

void ReaderPool::ReaderLoop(Connection& connection) {
  for (;;) {
    std::function<void(Connection&)> task;
    {
      std::unique_lock lock(mutex_);
      has_work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task(connection);
  }
}

}  // namespace ordo::store::detail
