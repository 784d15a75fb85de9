#pragma once
// The carrier rates indexed by (origin province, destination province), built once and shared:
// the decision looks up one lane per location instead of scanning every row.
// Immutable after construction; safe to read from any number of threads.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sourcing/carrier_rate.hpp"
#include "sourcing/detail/string_map.hpp"

namespace ordo::sourcing {

// One lane's rates with their weight breakpoints precomputed: interval k is
// (points[k], points[k+1]], and rate r spans intervals first_interval[r] … while points ≤ its max.
struct Lane {
  std::span<const CarrierRate> rates;
  std::span<const std::int64_t> points;
  std::span<const std::uint32_t> first_interval;
  bool empty() const { return rates.empty(); }
};

class CarrierTable {
 public:
  explicit CarrierTable(std::vector<CarrierRate> rates);
  // The lane's rates sorted by carrier, service level, weight band; empty when none. Allocates nothing.
  Lane Find(std::string_view origin_province, std::string_view destination_province) const;
  const std::vector<CarrierRate>& rates() const { return rates_; }

 private:
  std::vector<CarrierRate> rates_;  // sorted by origin, destination, carrier, service level, band
  std::vector<std::uint32_t> first_interval_;  // parallel to rates_
  struct LaneIndex {
    std::size_t begin = 0, end = 0;  // in rates_
    std::vector<std::int64_t> points;
  };
  detail::StringMap<detail::StringMap<LaneIndex>> lanes_;  // origin → destination
};

}  // namespace ordo::sourcing
