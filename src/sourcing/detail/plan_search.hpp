#pragma once
// Internal: which candidate ships which line, minimising the landed cost (docs/sourcing.md).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sourcing/detail/parcel_cost.hpp"

namespace ordo::sourcing::detail {

struct SearchInput {
  const std::vector<Candidate>* candidates = nullptr;  // sorted by location id
  std::vector<std::int64_t> line_weights;               // the lines to place (all fillable somewhere)
  std::vector<bool> enabled;                            // per candidate; runner-ups disable some
  const CostPolicy* policy = nullptr;
  // Heuristic path only: false skips the large neighbourhoods (open-set search, subset
  // re-optimisation) — for the runner-ups, which are alternatives, not the plan shipped.
  bool thorough = true;
};

struct SearchResult {
  bool found = false;
  bool exact = false;
  std::vector<std::size_t> candidate_of_line;  // per search line
  std::int64_t total = kInfeasible;            // parcels' totals + extra parcel penalty
};

SearchResult SearchPlan(const SearchInput& input);

// Σ over used candidates of QuoteParcel(total weight).total + penalty × (parcels − 1).
std::int64_t PlanTotal(const SearchInput& input, const std::vector<std::size_t>& candidate_of_line);

}  // namespace ordo::sourcing::detail
