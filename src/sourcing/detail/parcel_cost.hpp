#pragma once
// Internal: one eligible location prepared for the search, and the cost of one parcel from it.
#include <cstdint>
#include <limits>
#include <vector>

#include "sourcing/carrier_table.hpp"
#include "sourcing/location.hpp"
#include "sourcing/sourcing_order.hpp"

namespace ordo::sourcing::detail {

inline constexpr std::int64_t kInfeasible = std::numeric_limits<std::int64_t>::max() / 4;

// A weight interval (min_exclusive, max_inclusive] with its best rate for this order's promise.
struct Band {
  std::int64_t min_exclusive = 0;
  std::int64_t max_inclusive = 0;
  const CarrierRate* rate = nullptr;
  std::int64_t late_penalty = 0;
  std::int64_t promised_day = 0;
  std::int64_t value = kInfeasible;       // shipping + late penalty
};

struct Candidate {
  const Location* location = nullptr;
  Lane lane;                              // origin → destination, from the CarrierTable
  std::int64_t dispatch_day = 0;          // today, or tomorrow after the cut-off
  std::int64_t capacity_pressure = 0;     // per parcel
  std::int64_t preference_credit = 0;     // per parcel
  std::vector<bool> can_fill;             // per search line
  std::vector<Band> bands;                // from PrepareBands, ascending
};

struct ParcelQuote {
  const CarrierRate* rate = nullptr;      // nullptr: no rate carries this weight
  std::int64_t shipping = 0;
  std::int64_t late_penalty = 0;
  std::int64_t promised_day = 0;
  // shipping + late + pressure − credit, or kInfeasible.
  std::int64_t total = kInfeasible;
};

// For each of the lane's disjoint weight intervals, the rate that minimises shipping + late
// penalty (ties: the first in the lane's sorted order), so that a quote is a binary search over
// bands instead of a scan of every carrier's rows. O(rates); the breakpoints come precomputed.
void PrepareBands(Candidate& candidate, std::int64_t promise_day, const CostPolicy& policy);

// The carrier that minimises shipping + late penalty for a parcel of `weight_grams`; ties go to
// the first rate in the candidate's (sorted) list.
// Needs PrepareBands first.
ParcelQuote QuoteParcel(const Candidate& candidate, std::int64_t weight_grams);

}  // namespace ordo::sourcing::detail
