#include "service/customer_resolver.hpp"

#include <spdlog/spdlog.h>

namespace ordo::service {

CustomerResolver::CustomerResolver(CustomerDirectory& directory, std::chrono::milliseconds idle, int batch_orders)
    : directory_(directory), idle_(idle), batch_orders_(batch_orders) {}

CustomerResolver::~CustomerResolver() { Stop(); }

void CustomerResolver::Start() { thread_ = std::thread([this] { Loop(); }); }

void CustomerResolver::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CustomerResolver::Loop() {
  using Clock = std::chrono::steady_clock;
  std::int64_t run_orders = 0;
  int run_merges = 0;
  Clock::time_point run_started{};
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    const Clock::time_point started = Clock::now();
    auto batch = directory_.ResolveNext(batch_orders_);
    if (!batch) {
      spdlog::warn("customer resolver: {} (retrying)", batch.error().detail);
    } else if (batch->orders > 0) {
      if (run_orders == 0) run_started = started;
      run_orders += batch->orders;
      run_merges += batch->merges;
      if (batch->orders == batch_orders_) continue;  // more to do: no pause
    }
    if (run_orders > 0) {
      const double seconds = std::chrono::duration<double>(Clock::now() - run_started).count();
      spdlog::info("customer resolver: {} orders resolved, {} merges, in {:.3f} s ({:.0f} orders/s)", run_orders,
                   run_merges, seconds, seconds > 0 ? static_cast<double>(run_orders) / seconds : 0.0);
      run_orders = 0;
      run_merges = 0;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, idle_, [this] { return stopping_; });
  }
}

}  // namespace ordo::service
