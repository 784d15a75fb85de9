#pragma once
// Generated sourcing instances for the quality benchmark: provinces with their capitals'
// coordinates, two carriers priced like ZTO (cheap, slow) and SF (dear, fast) by distance and
// weight band, locations spread over the provinces, and stock that is ample or scarce.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "sourcing/carrier_rate.hpp"
#include "sourcing/location.hpp"
#include "sourcing/sourcing_order.hpp"
#include "sourcing/stock_view.hpp"

namespace ordo::bench {

struct SourcingInstance {
  std::vector<sourcing::Location> locations;
  sourcing::StockView stock;
  sourcing::SourcingOrder order;
  // For the oracle: which location holds which line (stock ≥ qty).
  std::vector<std::vector<bool>> holds;  // [location][line]
};

std::vector<sourcing::CarrierRate> ChineseCarrierRates();
SourcingInstance GenerateInstance(std::mt19937_64& rng, int location_count, int line_count, bool scarce,
                                  std::int64_t today);

}  // namespace ordo::bench
