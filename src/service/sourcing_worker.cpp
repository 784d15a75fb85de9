#include "service/sourcing_worker.hpp"

#include <spdlog/spdlog.h>

namespace ordo::service {

SourcingWorker::SourcingWorker(SourcingService& sourcing, std::chrono::milliseconds idle)
    : sourcing_(sourcing), idle_(idle) {}

SourcingWorker::~SourcingWorker() { Stop(); }

void SourcingWorker::Start() { thread_ = std::thread([this] { Loop(); }); }

void SourcingWorker::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void SourcingWorker::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SourcingWorker::Loop() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      woken_ = false;
    }
    auto pass = sourcing_.RunPass();
    if (!pass) {
      spdlog::warn("sourcing: {} (retrying)", pass.error().detail);
    } else if (pass->new_orders + pass->stock_arrivals > 0) {
      spdlog::info("sourcing: {} new and {} waiting orders decided: {} allocated, {} waiting for stock",
                   pass->new_orders, pass->stock_arrivals, pass->allocated, pass->waiting);
      continue;  // there may be more
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, idle_, [this] { return stopping_ || woken_; });
  }
}

}  // namespace ordo::service
