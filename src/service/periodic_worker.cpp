#include "service/periodic_worker.hpp"

#include <utility>

namespace ordo::service {

PeriodicWorker::PeriodicWorker(std::function<bool()> pass, std::chrono::milliseconds idle)
    : pass_(std::move(pass)), idle_(idle) {}

PeriodicWorker::~PeriodicWorker() { Stop(); }

void PeriodicWorker::Start() { thread_ = std::thread([this] { Loop(); }); }

void PeriodicWorker::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void PeriodicWorker::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicWorker::Loop() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      woken_ = false;
    }
    if (pass_()) continue;
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, idle_, [this] { return stopping_ || woken_; });
  }
}

}  // namespace ordo::service
