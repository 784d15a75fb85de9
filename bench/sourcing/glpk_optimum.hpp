#pragma once
// The exact optimum of one instance under Ordo's cost model, as a MIP solved by GLPK: the oracle
// the heuristic is measured against. Written from the model's definition (docs/sourcing.md), not
// from Ordo's code, so that a shared mistake would not hide.
#include <cstdint>
#include <vector>

#include "sourcing/carrier_rate.hpp"
#include "sourcing/sourcing_order.hpp"
#include "sourcing_instances.hpp"

namespace ordo::bench {

// Minimum landed cost (minor units), or −1 when GLPK finds no integer solution.
// Assumes every location is open, ships and has capacity left, and all rates share the bands.
std::int64_t GlpkOptimum(const SourcingInstance& instance, const std::vector<sourcing::CarrierRate>& rates,
                         std::int64_t dispatch_day, const sourcing::CostPolicy& policy);

}  // namespace ordo::bench
