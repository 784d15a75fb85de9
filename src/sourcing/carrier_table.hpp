#pragma once
// The carrier rates indexed by (origin province, destination province), built once and shared:
// the decision looks up one lane per location instead of scanning every row.
// Immutable after construction; safe to read from any number of threads.
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sourcing/carrier_rate.hpp"

namespace ordo::sourcing {

class CarrierTable {
 public:
  explicit CarrierTable(std::vector<CarrierRate> rates);
  // The lane's rates sorted by carrier, service level, weight band; empty when none.
  std::span<const CarrierRate> Lane(const std::string& origin_province, const std::string& destination_province) const;
  const std::vector<CarrierRate>& rates() const { return rates_; }

 private:
  std::vector<CarrierRate> rates_;  // sorted by origin, destination, carrier, service level, band
  std::map<std::pair<std::string, std::string>, std::pair<std::size_t, std::size_t>> lanes_;  // [begin, end)
};

}  // namespace ordo::sourcing
