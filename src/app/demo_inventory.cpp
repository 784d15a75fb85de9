#include "app/demo_inventory.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "app/demo_data.hpp"
#include "core/assert.hpp"
#include "quality/divisions.hpp"

namespace ordo::app {
namespace {

// ---- locations ----

struct DemoSite {
  std::string_view id;
  std::string_view name;
  std::string_view kind;
  std::uint32_t district;  // GB/T 2260; province and city follow from it
  std::int64_t daily_capacity;
  int cutoff_minute;       // local time
  std::string_view backup;
  bool pickup;
};

// Regional warehouses where e-commerce shops in China usually rent space (the logistics parks of
// 嘉定, 余杭, 白云, 大兴, 双流, 东西湖, 灞桥 (西安国际港务区), 于洪), each backed up by the nearest
// warehouse of a neighbouring region; stores in the largest cities hand parcels over for pickup
// and ship a few a day.
constexpr std::array<DemoSite, 14> kSites = {{
    {"WH-SH", "上海嘉定仓", "warehouse", 310114, 30000, 17 * 60, "WH-HZ", false},
    {"WH-HZ", "杭州余杭仓", "warehouse", 330110, 20000, 17 * 60, "WH-SH", false},
    {"WH-GZ", "广州白云仓", "warehouse", 440111, 25000, 17 * 60, "WH-WH", false},
    {"WH-BJ", "北京大兴仓", "warehouse", 110115, 20000, 16 * 60, "WH-SY", false},
    {"WH-CD", "成都双流仓", "warehouse", 510116, 15000, 16 * 60, "WH-XA", false},
    {"WH-WH", "武汉东西湖仓", "warehouse", 420112, 15000, 16 * 60 + 30, "WH-HZ", false},
    {"WH-XA", "西安灞桥仓", "warehouse", 610111, 10000, 16 * 60, "WH-CD", false},
    {"WH-SY", "沈阳于洪仓", "warehouse", 210114, 8000, 15 * 60 + 30, "WH-BJ", false},
    {"ST-SH-JA", "上海静安门店", "store", 310106, 300, 20 * 60, "WH-SH", true},
    {"ST-HZ-XH", "杭州西湖门店", "store", 330106, 200, 20 * 60, "WH-HZ", true},
    {"ST-BJ-CY", "北京朝阳门店", "store", 110105, 300, 20 * 60, "WH-BJ", true},
    {"ST-GZ-TH", "广州天河门店", "store", 440106, 250, 20 * 60, "WH-GZ", true},
    {"ST-SZ-NS", "深圳南山门店", "store", 440305, 250, 20 * 60, "WH-GZ", true},
    {"ST-CD-JJ", "成都锦江门店", "store", 510104, 200, 20 * 60, "WH-CD", true},
}};

double RoundMicroDegrees(double degrees) { return std::round(degrees * 1e6) / 1e6; }

// ---- carrier rates ----
//
// Where the figures come from: roughly the public list prices of 2024 for a parcel, as the
// carriers' own price calculators and the many merchant price sheets quoted online showed them —
// 顺丰标快 (sf/express: first kilogram ¥12–13 in the same province, ¥18–23 across the country,
// ¥2–13 each further kilogram, 1–3 days), 京东快递 标快 at merchant rates (jd/standard: a little
// cheaper and a day slower far away) and 中通 e-commerce contract rates (zto/standard: ¥5 in the
// same province to ¥14 across the country for the first kilogram, 1–4 days). 新疆, 西藏 and 青海
// carry the remote surcharge every carrier adds; 香港, 澳门 and 台湾 only sf serves (cross-border
// rates). Not a quote from any carrier: demo data with the right shape and order of magnitude.
// A band is priced at its upper weight: first kilogram + each further kilogram.

enum class Reach : std::size_t { kSameProvince, kNear, kMiddle, kFar, kVeryFar, kCount };

struct Tariff {
  std::string_view carrier;
  std::string_view service_level;
  std::array<std::int64_t, 5> first_kg_fen;    // by Reach
  std::array<std::int64_t, 5> extra_kg_fen;    // each further kilogram
  std::array<int, 5> transit_days;
  std::int64_t remote_first_kg_fen;            // surcharge to or from 新疆, 西藏, 青海
  std::int64_t remote_extra_kg_fen;
  int heavy_extra_days;                        // the 5–20 kg band goes by the slower freight line
  bool cross_border;                           // also serves 香港, 澳门, 台湾
};

constexpr std::array<Tariff, 3> kTariffs = {{
    {"sf", "express", {1200, 1400, 1800, 2200, 2500}, {200, 500, 700, 1000, 1300}, {1, 1, 2, 2, 3}, 1500, 700, 0, true},
    {"zto", "standard", {500, 800, 1000, 1200, 1400}, {100, 200, 300, 400, 600}, {1, 2, 3, 3, 4}, 1000, 600, 1, false},
    {"jd", "standard", {800, 1000, 1200, 1500, 1800}, {200, 300, 400, 500, 800}, {1, 2, 2, 3, 4}, 1200, 700, 1, false},
}};

struct WeightBand {
  std::int64_t over;
  std::int64_t up_to;
};
constexpr std::array<WeightBand, 4> kBands = {{{0, 1000}, {1000, 3000}, {3000, 5000}, {5000, 20000}}};

// Cross-border (sf only): first kilogram and each further one, days.
constexpr std::int64_t kCrossBorderFirstKgFen = 3000;
constexpr std::int64_t kCrossBorderExtraKgFen = 2000;
constexpr int kCrossBorderDays = 3;

bool IsRemote(std::uint32_t province) { return province == 650000 || province == 540000 || province == 630000; }
bool IsCrossBorder(std::uint32_t province) { return province == 710000 || province == 810000 || province == 820000; }

double GreatCircleKm(const quality::GeoPoint& a, const quality::GeoPoint& b) {
  constexpr double kRadians = 3.14159265358979323846 / 180;
  const double dlat = (b.lat - a.lat) * kRadians;
  const double dlon = (b.lon - a.lon) * kRadians;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat * kRadians) * std::cos(b.lat * kRadians) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0 * std::asin(std::sqrt(std::min(1.0, h)));
}

// Between province centre points: neighbours (上海–浙江 ~220 km, 北京–河北 ~170 km) are near,
// 上海–北京 (~1,080 km) middle, 上海–四川 (~1,700 km) far, 新疆 or 黑龙江–广东 very far.
Reach ReachBetween(const quality::Division& origin, const quality::Division& destination) {
  if (&origin == &destination) return Reach::kSameProvince;
  const double km = GreatCircleKm(origin.centroid, destination.centroid);
  if (km <= 600) return Reach::kNear;
  if (km <= 1200) return Reach::kMiddle;
  if (km <= 2200) return Reach::kFar;
  return Reach::kVeryFar;
}

void AddRates(const Tariff& tariff, const quality::Division& origin, const quality::Division& destination,
              std::vector<store::CarrierRateRecord>& rates) {
  const bool cross_border = IsCrossBorder(origin.code) || IsCrossBorder(destination.code);
  if (cross_border && !tariff.cross_border) return;
  const bool same = &origin == &destination;
  const Reach reach = cross_border ? Reach::kSameProvince : ReachBetween(origin, destination);
  const auto at = static_cast<std::size_t>(reach);
  const bool remote = !same && (IsRemote(origin.code) || IsRemote(destination.code));
  for (const WeightBand& band : kBands) {
    const std::int64_t extra_kgs = (band.up_to + 999) / 1000 - 1;
    std::int64_t first = tariff.first_kg_fen[at];
    std::int64_t extra = tariff.extra_kg_fen[at];
    int days = tariff.transit_days[at];
    if (cross_border && !same) {
      first = kCrossBorderFirstKgFen;
      extra = kCrossBorderExtraKgFen;
      days = kCrossBorderDays + (origin.code == 710000 || destination.code == 710000 ? 1 : 0);
    }
    if (remote) {
      first += tariff.remote_first_kg_fen;
      extra += tariff.remote_extra_kg_fen;
      days += 2;
    } else if (same && IsRemote(origin.code)) {
      days += 1;  // 新疆 is larger than most countries
    }
    if (band.over >= 5000) days += tariff.heavy_extra_days;
    store::CarrierRateRecord rate;
    rate.carrier = std::string(tariff.carrier);
    rate.service_level = std::string(tariff.service_level);
    rate.origin_province = std::to_string(origin.code);
    rate.destination_province = std::to_string(destination.code);
    rate.min_weight_grams = band.over;
    rate.max_weight_grams = band.up_to;
    rate.transit_days = days;
    rate.cost = first + extra * extra_kgs;
    rates.push_back(std::move(rate));
  }
}

// ---- stock ----

// FNV-1a: a SKU's own seed, so adding a SKU does not reshuffle the others' stock.
std::uint64_t SkuSeed(std::string_view sku) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : sku) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

store::StockChange Count(const std::string& sku, std::string_view location, std::int64_t on_hand,
                         std::int64_t safety_stock) {
  store::StockChange change;
  change.sku = sku;
  change.location_id = std::string(location);
  change.mode = store::StockChange::Mode::kAbsolute;
  change.on_hand = on_hand;
  change.safety_stock = safety_stock;
  change.cause = "demo_seed";
  return change;
}

}  // namespace

std::vector<store::LocationRecord> DemoLocations() {
  std::vector<store::LocationRecord> locations;
  for (const DemoSite& site : kSites) {
    const quality::Division* district = quality::FindDivision(site.district);
    ORDO_CHECK(district != nullptr && district->level == quality::DivisionLevel::kDistrict);
    store::LocationRecord location;
    location.id = std::string(site.id);
    location.name = std::string(site.name);
    location.kind = std::string(site.kind);
    location.province_code = std::to_string(district->Province().code);
    location.city_code = std::to_string(district->City()->code);
    location.district_code = std::to_string(district->code);
    location.latitude = RoundMicroDegrees(district->centroid.lat);
    location.longitude = RoundMicroDegrees(district->centroid.lon);
    location.daily_capacity = site.daily_capacity;
    location.cutoff_minute = site.cutoff_minute;
    location.backup_location_id = std::string(site.backup);
    location.ships = true;
    location.pickup = site.pickup;
    locations.push_back(std::move(location));
  }
  return locations;
}

std::vector<store::CarrierRateRecord> DemoCarrierRates() {
  std::vector<const quality::Division*> provinces;
  for (const quality::Division& division : quality::AllDivisions()) {
    if (division.level == quality::DivisionLevel::kProvince) provinces.push_back(&division);
  }
  std::vector<store::CarrierRateRecord> rates;
  rates.reserve(provinces.size() * provinces.size() * kTariffs.size() * kBands.size());
  for (const quality::Division* origin : provinces) {
    for (const quality::Division* destination : provinces) {
      for (const Tariff& tariff : kTariffs) AddRates(tariff, *origin, *destination, rates);
    }
  }
  return rates;
}

std::vector<store::StockChange> DemoStock(const std::vector<std::string>& skus) {
  std::vector<store::StockChange> changes;
  for (std::size_t sku_idx = 0; sku_idx < skus.size(); ++sku_idx) {
    const std::string& sku = skus[sku_idx];
    DemoRng rng(SkuSeed(sku));
    const bool sold_out = sku_idx % 17 == 16;
    const bool scarce = !sold_out && sku_idx % 7 == 3;
    if (sold_out) {
      // A row at zero: orders for it wait until stock arrives.
      changes.push_back(Count(sku, "WH-SH", 0, 0));
      continue;
    }
    if (scarce) {
      // A handful of units in one or two warehouses: orders compete for them.
      const std::size_t first = rng.Below(8);
      changes.push_back(Count(sku, kSites[first].id, rng.Between(1, 6), 0));
      if (rng.Percent(50)) {
        const std::size_t second = (first + 1 + rng.Below(7)) % 8;
        changes.push_back(Count(sku, kSites[second].id, rng.Between(1, 4), 0));
      }
      continue;
    }
    // The popular ones (first in DemoSkus) are stocked deeper.
    const std::int64_t depth = sku_idx < 10 ? 600 : sku_idx < 22 ? 250 : 100;
    for (const DemoSite& site : kSites) {
      if (site.kind == "warehouse") {
        const bool hub = site.id == "WH-SH" || site.id == "WH-GZ" || site.id == "WH-BJ";
        if (!hub && !rng.Percent(75)) continue;
        changes.push_back(Count(sku, site.id, rng.Between(depth / 5, depth), rng.Between(0, 10)));
      } else if (rng.Percent(30)) {
        changes.push_back(Count(sku, site.id, rng.Between(1, 8), 0));
      }
    }
  }
  return changes;
}

}  // namespace ordo::app
