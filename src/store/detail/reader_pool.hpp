#pragma once
// Reader threads, each with its own connection, taking read tasks from one queue.
// Thread-safe; the destructor runs every queued task, then joins.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/detail/connection.hpp"

namespace ordo::store::detail {

class ReaderPool {
 public:
  explicit ReaderPool(std::vector<std::unique_ptr<Connection>> connections);
  ~ReaderPool();
  ReaderPool(const ReaderPool&) = delete;
  ReaderPool& operator=(const ReaderPool&) = delete;

  // `task` runs on a reader thread with that thread's connection.
  void Submit(std::function<void(Connection&)> task);

 private:
  void ReaderLoop(Connection& connection);

  std::vector<std::unique_ptr<Connection>> connections_;
  std::mutex mutex_;
  std::condition_variable has_work_;
  std::deque<std::function<void(Connection&)>> queue_;  // guarded by mutex_
  bool stopping_ = false;                                // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace ordo::store::detail
