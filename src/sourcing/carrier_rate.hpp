#pragma once
// One row of the carrier table: a carrier's service from one province to another for a weight band.
#include <cstdint>
#include <string>

namespace ordo::sourcing {

// Applies to a parcel of weight w grams when min_weight_grams < w <= max_weight_grams.
struct CarrierRate {
  std::string carrier;             // "sf", "zto", …
  std::string service_level;       // "standard", "express"
  std::string origin_province;     // province codes as in Location
  std::string destination_province;
  std::int64_t min_weight_grams = 0;  // exclusive
  std::int64_t max_weight_grams = 0;  // inclusive
  int transit_days = 0;
  std::int64_t cost = 0;           // minor units of the order's currency
};

}  // namespace ordo::sourcing
