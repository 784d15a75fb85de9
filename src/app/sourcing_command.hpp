#pragma once
// `ordo sourcing rebalance --db <url> [--apply] [--time-limit-ms N] [--json]`: batch
// re-allocation of the orders waiting for stock (service::SourcingService::Rebalance) with the
// comparison against first come, first served; `ordo sourcing run`: one sourcing pass (what the
// worker of `ordo serve` does continuously) for a database no server is running on.
#include <iosfwd>
#include <string>

#include "app/pii_key.hpp"

namespace ordo::app {

struct SourcingCommandOptions {
  PiiKeyOptions pii_key;
  std::string db_url = "sqlite:var/ordo.db";
  bool apply = false;
  int time_limit_ms = 2000;
  bool json = false;
};

// Exit codes: 0 done, 1 store or solver failure, 2 no usable PII key.
int RunSourcingRebalance(const SourcingCommandOptions& options, std::ostream& out, std::ostream& err);
int RunSourcingPass(const SourcingCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ordo::app
