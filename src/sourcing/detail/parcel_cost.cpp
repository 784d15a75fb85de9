#include "sourcing/detail/parcel_cost.hpp"

#include <algorithm>

namespace ordo::sourcing::detail {

void PrepareBands(Candidate& candidate, std::int64_t promise_day, const CostPolicy& policy) {
  const Lane& lane = candidate.lane;
  candidate.bands.clear();
  if (lane.points.size() < 2) return;
  candidate.bands.resize(lane.points.size() - 1);
  for (std::size_t k = 0; k + 1 < lane.points.size(); ++k) {
    candidate.bands[k].min_exclusive = lane.points[k];
    candidate.bands[k].max_inclusive = lane.points[k + 1];
  }
  for (std::size_t rate_idx = 0; rate_idx < lane.rates.size(); ++rate_idx) {
    const CarrierRate& rate = lane.rates[rate_idx];
    const std::int64_t promised = candidate.dispatch_day + rate.transit_days;
    const std::int64_t late = std::max<std::int64_t>(0, promised - promise_day) * policy.late_penalty_per_day;
    const std::int64_t value = rate.cost + late;
    for (std::size_t k = lane.first_interval[rate_idx];
         k + 1 < lane.points.size() && lane.points[k + 1] <= rate.max_weight_grams; ++k) {
      Band& band = candidate.bands[k];
      if (value < band.value) band = Band{band.min_exclusive, band.max_inclusive, &rate, late, promised, value};
    }
  }
  // Drop the intervals no rate covers: a weight there has no carrier.
  std::erase_if(candidate.bands, [](const Band& band) { return band.rate == nullptr; });
}

ParcelQuote QuoteParcel(const Candidate& candidate, std::int64_t weight_grams) {
  ParcelQuote quote;
  // Bands are disjoint and ascending: the first whose upper end reaches the weight, if it starts below it.
  const auto band_it = std::lower_bound(candidate.bands.begin(), candidate.bands.end(), weight_grams,
                                        [](const Band& band, std::int64_t w) { return band.max_inclusive < w; });
  if (band_it != candidate.bands.end() && weight_grams > band_it->min_exclusive) {
    const Band& band = *band_it;
    quote.rate = band.rate;
    quote.shipping = band.rate->cost;
    quote.late_penalty = band.late_penalty;
    quote.promised_day = band.promised_day;
    quote.total = quote.shipping + quote.late_penalty + candidate.capacity_pressure - candidate.preference_credit;
  }
  return quote;
}

}  // namespace ordo::sourcing::detail
