#include "sourcing/detail/parcel_cost.hpp"

#include <algorithm>

namespace ordo::sourcing::detail {

void PrepareBands(Candidate& candidate, std::int64_t promise_day, const CostPolicy& policy) {
  std::vector<std::int64_t> points;
  points.reserve(candidate.rates.size() * 2);
  for (const CarrierRate* rate : candidate.rates) {
    points.push_back(rate->min_weight_grams);
    points.push_back(rate->max_weight_grams);
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  candidate.bands.clear();
  for (std::size_t point_idx = 1; point_idx < points.size(); ++point_idx) {
    Band band{points[point_idx - 1], points[point_idx], nullptr, 0, 0};
    std::int64_t best_value = kInfeasible;
    for (const CarrierRate* rate : candidate.rates) {
      if (rate->min_weight_grams > band.min_exclusive || rate->max_weight_grams < band.max_inclusive) continue;
      const std::int64_t promised = candidate.dispatch_day + rate->transit_days;
      const std::int64_t late = std::max<std::int64_t>(0, promised - promise_day) * policy.late_penalty_per_day;
      if (rate->cost + late < best_value) {
        best_value = rate->cost + late;
        band.rate = rate;
        band.late_penalty = late;
        band.promised_day = promised;
      }
    }
    if (band.rate != nullptr) candidate.bands.push_back(band);
  }
}

ParcelQuote QuoteParcel(const Candidate& candidate, std::int64_t weight_grams) {
  ParcelQuote quote;
  for (const Band& band : candidate.bands) {
    if (weight_grams <= band.min_exclusive || weight_grams > band.max_inclusive) continue;
    quote.rate = band.rate;
    quote.shipping = band.rate->cost;
    quote.late_penalty = band.late_penalty;
    quote.promised_day = band.promised_day;
    quote.total = quote.shipping + quote.late_penalty + candidate.capacity_pressure - candidate.preference_credit;
    break;
  }
  return quote;
}

}  // namespace ordo::sourcing::detail
