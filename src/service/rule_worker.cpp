#include "service/rule_worker.hpp"

#include <spdlog/spdlog.h>

#include <functional>
#include <utility>

namespace ordo::service {

RuleWorker::RuleWorker(RuleRuntime& runtime, std::chrono::milliseconds idle)
    : runtime_(runtime), worker_([this] { return Pass(); }, idle) {}

void RuleWorker::Start() {
  if (auto loaded = runtime_.LoadCarrierSwitches(); !loaded) {
    spdlog::warn("rules: carrier switches not loaded: {}", loaded.error().detail);
  }
  worker_.Start();
}

bool RuleWorker::Pass() {
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
  return false;  // every pass reads all that is new: pause until the next period or a wake
}

}  // namespace ordo::service
