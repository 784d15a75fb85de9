#include "sourcing/carrier_table.hpp"

#include <algorithm>
#include <tuple>

namespace ordo::sourcing {

CarrierTable::CarrierTable(std::vector<CarrierRate> rates) : rates_(std::move(rates)) {
  std::stable_sort(rates_.begin(), rates_.end(), [](const CarrierRate& a, const CarrierRate& b) {
    return std::tie(a.origin_province, a.destination_province, a.carrier, a.service_level, a.min_weight_grams) <
           std::tie(b.origin_province, b.destination_province, b.carrier, b.service_level, b.min_weight_grams);
  });
  first_interval_.assign(rates_.size(), 0);
  std::size_t begin = 0;
  for (std::size_t rate_idx = 1; rate_idx <= rates_.size(); ++rate_idx) {
    if (rate_idx < rates_.size() && rates_[rate_idx].origin_province == rates_[begin].origin_province &&
        rates_[rate_idx].destination_province == rates_[begin].destination_province) {
      continue;
    }
    LaneIndex lane{begin, rate_idx, {}};
    for (std::size_t lane_idx = begin; lane_idx < rate_idx; ++lane_idx) {
      lane.points.push_back(rates_[lane_idx].min_weight_grams);
      lane.points.push_back(rates_[lane_idx].max_weight_grams);
    }
    std::sort(lane.points.begin(), lane.points.end());
    lane.points.erase(std::unique(lane.points.begin(), lane.points.end()), lane.points.end());
    for (std::size_t lane_idx = begin; lane_idx < rate_idx; ++lane_idx) {
      const auto point = std::lower_bound(lane.points.begin(), lane.points.end(), rates_[lane_idx].min_weight_grams);
      first_interval_[lane_idx] = static_cast<std::uint32_t>(point - lane.points.begin());
    }
    lanes_[rates_[begin].origin_province][rates_[begin].destination_province] = std::move(lane);
    begin = rate_idx;
  }
}

Lane CarrierTable::Find(std::string_view origin_province, std::string_view destination_province) const {
  const auto origin = lanes_.find(origin_province);
  if (origin == lanes_.end()) return {};
  const auto found = origin->second.find(destination_province);
  if (found == origin->second.end()) return {};
  const LaneIndex& lane = found->second;
  return Lane{std::span<const CarrierRate>(rates_).subspan(lane.begin, lane.end - lane.begin), lane.points,
              std::span<const std::uint32_t>(first_interval_).subspan(lane.begin, lane.end - lane.begin)};
}

}  // namespace ordo::sourcing
