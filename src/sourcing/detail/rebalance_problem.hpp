#pragma once
// Internal: the batch re-allocation problem validated and indexed once, shared by the first-come
// baseline and the MIP (rebalance.hpp), and the checks every plan passes before it is returned.
#include <cstddef>
#include <cstdint>
#include <functional>
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

// Orders by (waiting_since, id): first come, first served.
std::vector<std::size_t> FirstComeQueue(const RebalanceProblem& problem);

// How much a line would like a location (higher first); the first-come baseline has none.
using LocationPreference = std::function<double(std::size_t order_idx, std::size_t line_idx, std::size_t location_idx)>;

// Takes the orders in queue order, each whole or not at all: every line goes to a location this
// order already ships from, else the one it prefers most, else the one with the most left of the
// SKU, ties to the lower id — if it has the qty and a parcel to spare (rebalance.hpp).
Allocation AllocateGreedily(const RebalanceProblem& problem, const std::vector<std::size_t>& queue,
                            const LocationPreference& preference = {});

std::int64_t WeightedValue(const RebalanceProblem& problem, const Allocation& allocation);

// True when no (sku, location) gives more than it has and no location ships more parcels than
// it may; every filled order has a location for each line that holds the SKU.
bool RespectsLimits(const RebalanceProblem& problem, const Allocation& allocation);

RebalancePlan BuildRebalancePlan(const RebalanceProblem& problem, const Allocation& allocation, RebalanceMethod method);

}  // namespace ordo::sourcing::detail
