#include "service/rule_worker.hpp"

#include <spdlog/spdlog.h>

#include <functional>

namespace ordo::service {

RuleWorker::RuleWorker(RuleRuntime& runtime, std::chrono::milliseconds idle) : runtime_(runtime), idle_(idle) {}

RuleWorker::~RuleWorker() { Stop(); }

void RuleWorker::Start() {
  if (auto loaded = runtime_.LoadCarrierSwitches(); !loaded) {
    spdlog::warn("rules: carrier switches not loaded: {}", loaded.error().detail);
  }
  thread_ = std::thread([this] { Loop(); });
}

void RuleWorker::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void RuleWorker::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RuleWorker::Loop() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      woken_ = false;
    }
    const std::pair<const char*, std::function<core::Result<RuleWorkReport>()>> runs[] = {
        {"stock", [this] { return runtime_.RunStockRules(); }},
        {"carrier", [this] { return runtime_.RunCarrierRules(); }},
        {"schedule", [this] { return runtime_.RunScheduledRules(); }}};
    for (const auto& [name, run] : runs) {
      auto report = run();
      if (!report) {
        spdlog::warn("rules: {} rules: {} (retrying)", name, report.error().detail);
      } else if (report->firings > 0) {
        spdlog::info("rules: {} rules: {} subjects, {} firings", name, report->subjects, report->firings);
      }
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, idle_, [this] { return stopping_ || woken_; });
  }
}

}  // namespace ordo::service
