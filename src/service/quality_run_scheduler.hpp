#pragma once
// Data-quality runs on a timer, for `ordo serve --quality-interval-minutes M`: one run at
// Start(), then one every `interval` (QualityMetrics::RunNow with trigger "scheduler"; a run
// the API started meanwhile makes that tick a kConflict, reported and skipped). On a thread of
// its own because a run blocks for the whole scan.
//
// Thread-safe. Stop() (and the destructor) wakes the thread and joins it; a run in progress
// completes first.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/result.hpp"
#include "service/quality_metrics.hpp"

namespace ordo::service {

class QualityRunScheduler {
 public:
  // Gets each run's outcome on the scheduler thread (for the log: counts only).
  using OnRun = std::function<void(const core::Result<store::QualityRunOutcome>&)>;

  // `metrics` outlives this.
  QualityRunScheduler(QualityMetrics& metrics, std::chrono::milliseconds interval, OnRun on_run);
  ~QualityRunScheduler();
  QualityRunScheduler(const QualityRunScheduler&) = delete;
  QualityRunScheduler& operator=(const QualityRunScheduler&) = delete;

  void Start();
  void Stop();

 private:
  void Loop();

  QualityMetrics& metrics_;
  const std::chrono::milliseconds interval_;
  OnRun on_run_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace ordo::service
