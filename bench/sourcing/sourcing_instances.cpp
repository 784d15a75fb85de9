#include "sourcing_instances.hpp"

#include <algorithm>
#include <cmath>

namespace ordo::bench {
namespace {

struct Province {
  const char* code;
  double lat;
  double lon;
};

// Capitals of 24 provinces and municipalities (approximate coordinates).
constexpr Province kProvinces[] = {
    {"110000", 39.90, 116.40}, {"120000", 39.13, 117.20}, {"130000", 38.04, 114.51}, {"140000", 37.87, 112.55},
    {"210000", 41.80, 123.43}, {"220000", 43.82, 125.32}, {"230000", 45.80, 126.53}, {"310000", 31.23, 121.47},
    {"320000", 32.06, 118.80}, {"330000", 30.27, 120.15}, {"340000", 31.82, 117.23}, {"350000", 26.07, 119.30},
    {"360000", 28.68, 115.86}, {"370000", 36.65, 117.12}, {"410000", 34.75, 113.62}, {"420000", 30.59, 114.31},
    {"430000", 28.23, 112.94}, {"440000", 23.13, 113.26}, {"450000", 22.82, 108.37}, {"500000", 29.56, 106.55},
    {"510000", 30.66, 104.07}, {"530000", 25.04, 102.71}, {"610000", 34.34, 108.94}, {"650000", 43.83, 87.62},
};

double DistanceKm(const Province& a, const Province& b) {
  constexpr double kRad = 3.14159265358979 / 180.0;
  const double dlat = (b.lat - a.lat) * kRad, dlon = (b.lon - a.lon) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371 * std::asin(std::sqrt(h));
}

// Weight bands (grams): express companies price the first kg plus each further kg (续重), rounded
// up; per kg to 10 kg, then coarser so the MIP stays small (21 bands).
constexpr std::int64_t kBands[] = {0,     1000,  2000,  3000,  4000,  5000,  6000,  7000,  8000,  9000, 10000,
                                   12000, 14000, 16000, 18000, 20000, 25000, 30000, 35000, 40000, 45000, 50000};

}  // namespace

std::vector<sourcing::CarrierRate> ChineseCarrierRates() {
  std::vector<sourcing::CarrierRate> rates;
  for (const Province& from : kProvinces) {
    for (const Province& to : kProvinces) {
      const double km = DistanceKm(from, to);
      const bool same = std::string(from.code) == to.code;
      // ZTO-like: ¥5 first kg in province up to ~¥12 across the country, ¥1–6 per further kg.
      // SF-like: ¥12–23 first kg, ¥2–13 per further kg, a day faster.
      const double zto_first = same ? 5 : 8 + std::min(km, 3000.0) / 750;
      const double zto_next = same ? 1 : 2 + std::min(km, 3000.0) / 750;
      const double sf_first = same ? 12 : 18 + std::min(km, 3000.0) / 600;
      const double sf_next = same ? 2 : 5 + std::min(km, 3000.0) / 375;
      const int days = same ? 1 : km < 800 ? 2 : km < 1600 ? 3 : 4;
      for (std::size_t band_idx = 1; band_idx < std::size(kBands); ++band_idx) {
        const double extra_kg = static_cast<double>(kBands[band_idx]) / 1000 - 1;
        auto add = [&](const char* carrier, const char* level, double first, double next, int transit) {
          rates.push_back(sourcing::CarrierRate{carrier, level, from.code, to.code, kBands[band_idx - 1],
                                                kBands[band_idx], transit,
                                                static_cast<std::int64_t>(std::lround((first + next * extra_kg) * 100))});
        };
        add("zto", "standard", zto_first, zto_next, days);
        add("sf", "express", sf_first, sf_next, std::max(1, days - 1));
      }
    }
  }
  return rates;
}

SourcingInstance GenerateInstance(std::mt19937_64& rng, int location_count, int line_count, bool scarce,
                                  std::int64_t today) {
  SourcingInstance instance;
  std::uniform_int_distribution<std::size_t> province(0, std::size(kProvinces) - 1);
  std::uniform_int_distribution<std::int64_t> used(0, 900);
  std::uniform_int_distribution<std::int64_t> grams(100, 4000);
  std::uniform_real_distribution<double> chance(0, 1);
  for (int location_idx = 0; location_idx < location_count; ++location_idx) {
    sourcing::Location location;
    char id[16];
    std::snprintf(id, sizeof id, "L%03d", location_idx);
    location.id = id;
    location.province_code = kProvinces[province(rng)].code;
    location.daily_capacity = 1000;
    location.capacity_used = used(rng);
    instance.locations.push_back(location);
  }
  instance.order.destination_province = kProvinces[province(rng)].code;
  instance.order.promise_day = today + 2 + static_cast<std::int64_t>(chance(rng) < 0.5);
  instance.holds.assign(static_cast<std::size_t>(location_count), std::vector<bool>(static_cast<std::size_t>(line_count)));
  const double hold_chance = scarce ? 0.15 : 0.8;
  for (int line_idx = 0; line_idx < line_count; ++line_idx) {
    const std::string sku = "SKU-" + std::to_string(line_idx);
    instance.order.lines.push_back({sku, 1, grams(rng)});
    bool somewhere = false;
    for (int location_idx = 0; location_idx < location_count; ++location_idx) {
      if (chance(rng) < hold_chance) {
        instance.stock.Set(sku, instance.locations[static_cast<std::size_t>(location_idx)].id, 5);
        instance.holds[static_cast<std::size_t>(location_idx)][static_cast<std::size_t>(line_idx)] = true;
        somewhere = true;
      }
    }
    if (!somewhere) {  // every line can be filled somewhere, so both solvers answer
      const std::size_t location_idx = province(rng) % static_cast<std::size_t>(location_count);
      instance.stock.Set(sku, instance.locations[location_idx].id, 5);
      instance.holds[location_idx][static_cast<std::size_t>(line_idx)] = true;
    }
  }
  return instance;
}

}  // namespace ordo::bench
