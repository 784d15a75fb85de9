#include "sourcing/carrier_table.hpp"

#include <algorithm>
#include <tuple>

namespace ordo::sourcing {

CarrierTable::CarrierTable(std::vector<CarrierRate> rates) : rates_(std::move(rates)) {
  std::stable_sort(rates_.begin(), rates_.end(), [](const CarrierRate& a, const CarrierRate& b) {
    return std::tie(a.origin_province, a.destination_province, a.carrier, a.service_level, a.min_weight_grams) <
           std::tie(b.origin_province, b.destination_province, b.carrier, b.service_level, b.min_weight_grams);
  });
  std::size_t begin = 0;
  for (std::size_t rate_idx = 1; rate_idx <= rates_.size(); ++rate_idx) {
    if (rate_idx == rates_.size() || rates_[rate_idx].origin_province != rates_[begin].origin_province ||
        rates_[rate_idx].destination_province != rates_[begin].destination_province) {
      lanes_[{rates_[begin].origin_province, rates_[begin].destination_province}] = {begin, rate_idx};
      begin = rate_idx;
    }
  }
}

std::span<const CarrierRate> CarrierTable::Lane(const std::string& origin_province,
                                                const std::string& destination_province) const {
  const auto found = lanes_.find({origin_province, destination_province});
  if (found == lanes_.end()) return {};
  return std::span<const CarrierRate>(rates_).subspan(found->second.first, found->second.second - found->second.first);
}

}  // namespace ordo::sourcing
