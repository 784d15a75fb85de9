// The demo inventory (app/demo_inventory.hpp) passes the inventory API's own parsers and has the
// shape the demo needs: backups that exist, every route priced, SF dearer and not slower, scarce
// and sold-out SKUs, deterministic output.
#include "app/demo_inventory.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "app/demo_data.hpp"
#include "quality/divisions.hpp"
#include "service/inventory_json.hpp"

namespace ordo::app {
namespace {

std::string Problems(const core::Error& error) {
  std::string text = error.detail;
  for (const core::FieldError& field : error.fields) text += "\n" + field.field + " " + field.code + " " + field.message;
  return text;
}

TEST(DemoLocations, EveryLocationRoundTripsThroughTheLocationParser) {
  const std::vector<store::LocationRecord> locations = DemoLocations();
  ASSERT_GE(locations.size(), 12u);
  for (const store::LocationRecord& location : locations) {
    const auto parsed = service::ParseLocationJson(service::LocationToJson(location), true);
    ASSERT_TRUE(parsed.has_value()) << location.id << ": " << Problems(parsed.error());
    EXPECT_EQ(parsed->id, location.id);
    EXPECT_EQ(parsed->name, location.name);
    EXPECT_EQ(parsed->kind, location.kind);
    EXPECT_EQ(parsed->province_code, location.province_code);
    EXPECT_EQ(parsed->city_code, location.city_code);
    EXPECT_EQ(parsed->district_code, location.district_code);
    EXPECT_DOUBLE_EQ(parsed->latitude, location.latitude);
    EXPECT_DOUBLE_EQ(parsed->longitude, location.longitude);
    EXPECT_EQ(parsed->daily_capacity, location.daily_capacity);
    EXPECT_EQ(parsed->cutoff_minute, location.cutoff_minute);
    EXPECT_EQ(parsed->backup_location_id, location.backup_location_id);
    EXPECT_EQ(parsed->ships, location.ships);
    EXPECT_EQ(parsed->pickup, location.pickup);
  }
}

TEST(DemoLocations, BackupsAreOtherExistingWarehousesAndStoresOfferPickup) {
  const std::vector<store::LocationRecord> locations = DemoLocations();
  std::map<std::string, const store::LocationRecord*> by_id;
  for (const store::LocationRecord& location : locations) {
    EXPECT_TRUE(by_id.emplace(location.id, &location).second) << "duplicate id " << location.id;
  }
  int warehouses = 0;
  int stores = 0;
  for (const store::LocationRecord& location : locations) {
    ASSERT_TRUE(by_id.count(location.backup_location_id)) << location.id;
    EXPECT_NE(location.backup_location_id, location.id);
    EXPECT_EQ(by_id[location.backup_location_id]->kind, "warehouse") << location.id;
    EXPECT_GT(location.daily_capacity, 0);
    if (location.kind == "warehouse") {
      ++warehouses;
      EXPECT_FALSE(location.pickup);
      // A backup in a neighbouring region: another province.
      EXPECT_NE(by_id[location.backup_location_id]->province_code, location.province_code) << location.id;
    } else {
      ++stores;
      EXPECT_EQ(location.kind, "store");
      EXPECT_TRUE(location.pickup);
      EXPECT_TRUE(location.ships);
    }
  }
  EXPECT_EQ(warehouses, 8);
  EXPECT_EQ(stores, 6);
}

TEST(DemoLocations, TheShanghaiWarehouseIsInJiadingAtItsCentrePoint) {
  const std::vector<store::LocationRecord> locations = DemoLocations();
  const store::LocationRecord& shanghai = locations.front();
  EXPECT_EQ(shanghai.id, "WH-SH");
  EXPECT_EQ(shanghai.province_code, "310000");
  EXPECT_EQ(shanghai.city_code, "310100");
  EXPECT_EQ(shanghai.district_code, "310114");
  EXPECT_NEAR(shanghai.latitude, 31.38, 0.05);
  EXPECT_NEAR(shanghai.longitude, 121.25, 0.05);
}

TEST(DemoCarrierRates, TheWholeTableRoundTripsThroughTheRatesParser) {
  store::CarrierTableRecord table;
  table.version = 1;
  table.rates = DemoCarrierRates();
  const auto parsed = service::ParseCarrierRatesJson(service::CarrierRatesToJson(table), true);
  ASSERT_TRUE(parsed.has_value()) << Problems(parsed.error());
  ASSERT_EQ(parsed->size(), table.rates.size());
  for (std::size_t rate_idx = 0; rate_idx < table.rates.size(); ++rate_idx) {
    const store::CarrierRateRecord& want = table.rates[rate_idx];
    const store::CarrierRateRecord& got = (*parsed)[rate_idx];
    ASSERT_EQ(std::tie(got.carrier, got.service_level, got.origin_province, got.destination_province,
                       got.min_weight_grams, got.max_weight_grams, got.transit_days, got.cost),
              std::tie(want.carrier, want.service_level, want.origin_province, want.destination_province,
                       want.min_weight_grams, want.max_weight_grams, want.transit_days, want.cost))
        << rate_idx;
  }
}

using RouteKey = std::tuple<std::string, std::string, std::string, std::int64_t>;  // carrier, origin, dest, up_to

std::map<RouteKey, store::CarrierRateRecord> RatesByRoute() {
  std::map<RouteKey, store::CarrierRateRecord> by_route;
  for (const store::CarrierRateRecord& rate : DemoCarrierRates()) {
    by_route[{rate.carrier, rate.origin_province, rate.destination_province, rate.max_weight_grams}] = rate;
  }
  return by_route;
}

std::vector<std::string> ProvinceCodes() {
  std::vector<std::string> codes;
  for (const quality::Division& division : quality::AllDivisions()) {
    if (division.level == quality::DivisionLevel::kProvince) codes.push_back(std::to_string(division.code));
  }
  return codes;
}

bool CrossBorder(const std::string& code) { return code == "710000" || code == "810000" || code == "820000"; }

TEST(DemoCarrierRates, EveryProvincePairIsPricedByEveryCarrierThatServesIt) {
  const auto by_route = RatesByRoute();
  const std::vector<std::string> provinces = ProvinceCodes();
  ASSERT_EQ(provinces.size(), 34u);
  EXPECT_EQ(by_route.size(), 31u * 31 * 3 * 4 + (34u * 34 - 31 * 31) * 4);  // the header's 12,312
  for (const std::string& origin : provinces) {
    for (const std::string& destination : provinces) {
      const bool sf_only = CrossBorder(origin) || CrossBorder(destination);
      for (const char* carrier : {"sf", "zto", "jd"}) {
        for (const std::int64_t up_to : {1000, 3000, 5000, 20000}) {
          const bool expected = !sf_only || std::string(carrier) == "sf";
          EXPECT_EQ(by_route.count({carrier, origin, destination, up_to}), expected ? 1u : 0u)
              << carrier << " " << origin << "→" << destination << " " << up_to;
        }
      }
    }
  }
}

TEST(DemoCarrierRates, SfIsDearerAndNeverSlowerHeavierCostsMore) {
  const auto by_route = RatesByRoute();
  for (const auto& [key, rate] : by_route) {
    const auto& [carrier, origin, destination, up_to] = key;
    if (carrier == "sf" || CrossBorder(origin) || CrossBorder(destination)) continue;
    const store::CarrierRateRecord& sf = by_route.at({"sf", origin, destination, up_to});
    EXPECT_GT(sf.cost, rate.cost) << carrier << " " << origin << "→" << destination << " " << up_to;
    EXPECT_LE(sf.transit_days, rate.transit_days) << carrier << " " << origin << "→" << destination;
  }
  for (const auto& [key, rate] : by_route) {
    const auto& [carrier, origin, destination, up_to] = key;
    if (up_to == 1000) continue;
    const std::int64_t lighter = up_to == 3000 ? 1000 : up_to == 5000 ? 3000 : 5000;
    EXPECT_GT(rate.cost, by_route.at({carrier, origin, destination, lighter}).cost);
  }
}

TEST(DemoCarrierRates, FirstKilogramPricesAreInTheListPriceRanges) {
  const auto by_route = RatesByRoute();
  const auto cost = [&](const char* carrier, const char* origin, const char* destination) {
    return by_route.at({carrier, origin, destination, 1000}).cost;
  };
  // Same province ¥5–12, a neighbour ¥8–15, far ¥12–25; remote destinations on top.
  for (const char* carrier : {"sf", "zto", "jd"}) {
    EXPECT_GE(cost(carrier, "310000", "310000"), 500);
    EXPECT_LE(cost(carrier, "310000", "310000"), 1200);
    EXPECT_GE(cost(carrier, "310000", "330000"), 800);
    EXPECT_LE(cost(carrier, "310000", "330000"), 1500);
    EXPECT_GE(cost(carrier, "310000", "510000"), 1200);
    EXPECT_LE(cost(carrier, "310000", "510000"), 2500);
    EXPECT_GT(cost(carrier, "310000", "650000"), cost(carrier, "310000", "230000"));  // 新疆 vs 黑龙江
    EXPECT_GT(cost(carrier, "510000", "540000"), cost(carrier, "510000", "530000"));  // 西藏 vs 云南
  }
  EXPECT_LT(by_route.at({"zto", "310000", "320000", 1000}).transit_days,
            by_route.at({"zto", "310000", "650000", 1000}).transit_days);
}

TEST(DemoStock, EverySkuIsStockedWithScarceAndSoldOutOnes) {
  const std::vector<std::string> skus = DemoSkus();
  ASSERT_EQ(skus.size(), 34u);
  const std::vector<store::StockChange> stock = DemoStock(skus);
  std::set<std::string> location_ids;
  for (const store::LocationRecord& location : DemoLocations()) location_ids.insert(location.id);
  std::map<std::string, std::int64_t> total;
  std::set<std::pair<std::string, std::string>> pairs;
  int store_rows = 0;
  for (const store::StockChange& change : stock) {
    EXPECT_TRUE(location_ids.count(change.location_id)) << change.location_id;
    EXPECT_TRUE(pairs.emplace(change.sku, change.location_id).second) << change.sku << "@" << change.location_id;
    ASSERT_TRUE(change.on_hand.has_value());
    EXPECT_GE(*change.on_hand, 0);
    EXPECT_EQ(change.mode, store::StockChange::Mode::kAbsolute);
    total[change.sku] += *change.on_hand;
    store_rows += change.location_id.starts_with("ST-") ? 1 : 0;
  }
  EXPECT_EQ(total.size(), skus.size());
  int scarce = 0;
  int sold_out = 0;
  for (const auto& [sku, units] : total) {
    scarce += units > 0 && units <= 10 ? 1 : 0;
    sold_out += units == 0 ? 1 : 0;
  }
  EXPECT_GE(scarce, 3);
  EXPECT_GE(sold_out, 1);
  EXPECT_LE(sold_out + scarce, 8);
  EXPECT_GT(store_rows, 10);
}

TEST(DemoStock, PassesTheStockChangeParserAsOneRequest) {
  std::string body = R"({"changes": [)";
  const std::vector<store::StockChange> stock = DemoStock(DemoSkus());
  for (std::size_t change_idx = 0; change_idx < stock.size(); ++change_idx) {
    const store::StockChange& change = stock[change_idx];
    body += (change_idx ? "," : "") + std::string(R"({"sku": ")") + change.sku + R"(", "location_id": ")" +
            change.location_id + R"(", "on_hand": )" + std::to_string(*change.on_hand) + R"(, "safety_stock": )" +
            std::to_string(change.safety_stock.value_or(0)) + R"(, "cause": ")" + change.cause + "\"}";
  }
  body += "]}";
  const auto parsed = service::ParseStockChangesJson(body, service::StockChangeMode::kAbsolute, true);
  ASSERT_TRUE(parsed.has_value()) << Problems(parsed.error());
  EXPECT_EQ(parsed->size(), stock.size());
}

TEST(DemoInventory, IsDeterministic) {
  const auto a = DemoStock(DemoSkus());
  const auto b = DemoStock(DemoSkus());
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t change_idx = 0; change_idx < a.size(); ++change_idx) {
    EXPECT_EQ(a[change_idx].sku, b[change_idx].sku);
    EXPECT_EQ(a[change_idx].location_id, b[change_idx].location_id);
    EXPECT_EQ(a[change_idx].on_hand, b[change_idx].on_hand);
    EXPECT_EQ(a[change_idx].safety_stock, b[change_idx].safety_stock);
  }
  EXPECT_EQ(DemoCarrierRates().size(), DemoCarrierRates().size());
}

}  // namespace
}  // namespace ordo::app
