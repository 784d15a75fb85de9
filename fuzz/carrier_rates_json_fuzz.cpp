// Fuzzes the carrier table body of the inventory API (service/inventory_json.hpp:
// ParseCarrierRatesJson, PUT /carrier-rates).
//
// A clean refusal is correct (inventory_fuzz_checks.hpp). A finding is a crash, a sanitizer
// report or a broken invariant of an accepted table:
//   1. at most kMaxCarrierRates rates; names [a-z0-9_-]; provinces known; 0 ≤ over < up_to;
//      transit days and cost in range;
//   2. no two bands of one (carrier, service level, origin, destination) share a weight
//      (checked here by brute force against the parser's sort-and-sweep);
//   3. CarrierRatesToJson parses back to the same table.
//
// Run: scripts/fuzz-smoke.sh, or by hand:
//   build-fuzz/fuzz/carrier_rates_json_fuzz -dict=fuzz/carrier_rates_json.dict build-fuzz/corpus/carrier_rates_json fuzz/corpus/carrier_rates_json
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "inventory_fuzz_checks.hpp"
#include "quality/divisions.hpp"
#include "service/inventory_json.hpp"

namespace {

constexpr const char* kTarget = "carrier_rates_json_fuzz";

using namespace ordo;

bool IsProvince(const std::string& code) {
  if (code.size() != 6) return false;
  const quality::Division* division = quality::FindDivision(static_cast<std::uint32_t>(std::stoul(code)));
  return division != nullptr && division->level == quality::DivisionLevel::kProvince;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto rates = service::ParseCarrierRatesJson(body, true);
  if (!rates) {
    ordo::fuzz::CheckRefusal(kTarget, rates.error(), body);
    return 0;
  }
  INVENTORY_FUZZ_CHECK(rates->size() <= service::kMaxCarrierRates, body);
  for (const store::CarrierRateRecord& rate : *rates) {
    INVENTORY_FUZZ_CHECK(!rate.carrier.empty() && !rate.service_level.empty(), body);
    INVENTORY_FUZZ_CHECK(IsProvince(rate.origin_province) && IsProvince(rate.destination_province), body);
    INVENTORY_FUZZ_CHECK(rate.min_weight_grams >= 0 && rate.min_weight_grams < rate.max_weight_grams, body);
    INVENTORY_FUZZ_CHECK(rate.max_weight_grams <= service::kMaxWeightGrams, body);
    INVENTORY_FUZZ_CHECK(rate.transit_days >= 0 && rate.transit_days <= service::kMaxTransitDays, body);
    INVENTORY_FUZZ_CHECK(rate.cost >= 0 && rate.cost <= service::kMaxRateCost, body);
  }
  if (rates->size() <= 2000) {  // the oracle is quadratic
    for (std::size_t a = 0; a < rates->size(); ++a) {
      for (std::size_t b = a + 1; b < rates->size(); ++b) {
        const store::CarrierRateRecord& x = (*rates)[a];
        const store::CarrierRateRecord& y = (*rates)[b];
        const bool same = x.carrier == y.carrier && x.service_level == y.service_level &&
                          x.origin_province == y.origin_province && x.destination_province == y.destination_province;
        const bool share = x.min_weight_grams < y.max_weight_grams && y.min_weight_grams < x.max_weight_grams;
        INVENTORY_FUZZ_CHECK(!(same && share), body);
      }
    }
  }
  store::CarrierTableRecord table;
  table.rates = *rates;
  const std::string written = service::CarrierRatesToJson(table);
  const auto again = service::ParseCarrierRatesJson(written, true);
  INVENTORY_FUZZ_CHECK(again.has_value() && again->size() == rates->size(), body);
  table.rates = *again;
  INVENTORY_FUZZ_CHECK(service::CarrierRatesToJson(table) == written, body);
  return 0;
}
