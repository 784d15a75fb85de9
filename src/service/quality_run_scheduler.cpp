#include "service/quality_run_scheduler.hpp"

#include <utility>

namespace ordo::service {

QualityRunScheduler::QualityRunScheduler(QualityMetrics& metrics, std::chrono::milliseconds interval, OnRun on_run)
    : metrics_(metrics), interval_(interval), on_run_(std::move(on_run)) {}

QualityRunScheduler::~QualityRunScheduler() { Stop(); }

void QualityRunScheduler::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Loop(); });
}

void QualityRunScheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void QualityRunScheduler::Loop() {
  for (;;) {
    core::Result<store::QualityRunOutcome> outcome = metrics_.RunNow("scheduler");
    if (on_run_) on_run_(outcome);
    std::unique_lock lock(mutex_);
    // A steady-clock deadline: a wall-clock jump neither skips nor repeats runs.
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

}  // namespace ordo::service
