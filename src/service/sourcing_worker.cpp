#include "service/sourcing_worker.hpp"

#include <spdlog/spdlog.h>

namespace ordo::service {

SourcingWorker::SourcingWorker(SourcingService& sourcing, std::chrono::milliseconds idle)
    : sourcing_(sourcing), worker_([this] { return Pass(); }, idle) {}

bool SourcingWorker::Pass() {
  auto pass = sourcing_.RunPass();
  if (!pass) {
    spdlog::warn("sourcing: {} (retrying)", pass.error().detail);
    return false;
  }
  if (pass->new_orders + pass->stock_arrivals == 0) return false;
  spdlog::info("sourcing: {} new and {} waiting orders decided: {} allocated, {} waiting for stock, {} held by rules",
               pass->new_orders, pass->stock_arrivals, pass->allocated, pass->waiting, pass->held_by_rules);
  return true;  // there may be more
}

}  // namespace ordo::service
