#include "service/retention_scheduler.hpp"

#include <utility>

namespace ordo::service {

RetentionScheduler::RetentionScheduler(store::Store& store, store::RetentionPolicy policy,
                                       std::chrono::milliseconds interval, OnRun on_run)
    : store_(store), policy_(std::move(policy)), interval_(interval), on_run_(std::move(on_run)) {}

RetentionScheduler::~RetentionScheduler() { Stop(); }

void RetentionScheduler::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Loop(); });
}

void RetentionScheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RetentionScheduler::Loop() {
  for (;;) {
    const store::AuditRecord audit{.actor_kind = "system", .actor_id = "scheduler", .action = "retention.run"};
    core::Result<store::RetentionReport> report = store_.RunRetention(policy_, audit);
    if (on_run_) on_run_(report);
    std::unique_lock lock(mutex_);
    // A steady-clock deadline: a wall-clock jump neither skips nor repeats runs.
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

}  // namespace ordo::service
