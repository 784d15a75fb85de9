#pragma once
// The demo's inventory side (issue 6): where the demo shop keeps stock, what shipping costs, and
// how much of each demo SKU lies where. Pure and deterministic: no I/O, no clock; the same call
// gives the same data everywhere. `ordo demo` writes it through the InventoryStore.
//
//   DemoLocations()    8 regional warehouses (上海嘉定, 杭州余杭, 广州白云, 北京大兴, 成都双流,
//                      武汉东西湖, 西安灞桥, 沈阳于洪), each with its backup in a neighbouring
//                      region, and 6 city stores (ship + pickup); real GB/T 2260 codes and the
//                      divisions' centre points (quality/divisions.hpp).
//   DemoCarrierRates() every province × every province for sf/express, zto/standard and
//                      jd/standard in four weight bands (0–1 kg, 1–3 kg, 3–5 kg, 5–20 kg); 香港,
//                      澳门 and 台湾 by sf only. Costs and days follow the distance between the
//                      provinces' centre points (demo_inventory.cpp says where the figures come
//                      from). 12,312 rates.
//   DemoStock(skus)    absolute counts (cause "demo_seed") of every SKU over the warehouses, a
//                      few units in some stores; about one SKU in seven is scarce (a handful of
//                      units in one or two warehouses) and one in seventeen is sold out.
// Every location and rate passes service/inventory_json.hpp's parsers (tests/app).
#include <string>
#include <vector>

#include "store/inventory_store.hpp"

namespace ordo::app {

std::vector<store::LocationRecord> DemoLocations();
std::vector<store::CarrierRateRecord> DemoCarrierRates();
// For each SKU (e.g. DemoSkus()), one change per location holding it.
std::vector<store::StockChange> DemoStock(const std::vector<std::string>& skus);

}  // namespace ordo::app
