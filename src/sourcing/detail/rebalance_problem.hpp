#pragma once
// Internal: the batch re-allocation problem validated and indexed once, shared by the first-come
// baseline and the MIP (rebalance.hpp), and the checks every plan passes before it is returned.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sourcing/rebalance.hpp"

namespace ordo::sourcing::detail {

inline constexpr std::int64_t kNoParcelLimit = -1;

struct PreparedLine {
  std::size_t sku = 0;  // into RebalanceProblem::skus
  std::int64_t qty = 0;
};

struct PreparedOrder {
  const WaitingOrder* order = nullptr;  // into the input, which outlives the problem
  std::int64_t weight = 0;
  std::vector<PreparedLine> lines;
};

struct RebalanceProblem {
  std::vector<std::string> locations;                // ascending
  std::vector<std::string> skus;                     // ascending
  std::vector<std::vector<std::int64_t>> available;  // [sku][location], ≥ 0
  std::vector<std::int64_t> parcels;                 // per location, or kNoParcelLimit
  std::vector<PreparedOrder> orders;                 // input order
};

// Per order: the location index of each line, or empty when the order is not filled.
using Allocation = std::vector<std::vector<std::size_t>>;

core::Result<RebalanceProblem> PrepareRebalance(const RebalanceInput& input, const OrderWeightPolicy& weights);

// Oldest first, greedy (rebalance.hpp, AllocateFirstComeFirstServed).
Allocation AllocateGreedily(const RebalanceProblem& problem);

// True when no (sku, location) gives more than it has and no location ships more parcels than
// it may; every filled order has a location for each line that holds the SKU.
bool RespectsLimits(const RebalanceProblem& problem, const Allocation& allocation);

RebalancePlan BuildRebalancePlan(const RebalanceProblem& problem, const Allocation& allocation, RebalanceMethod method);

}  // namespace ordo::sourcing::detail
