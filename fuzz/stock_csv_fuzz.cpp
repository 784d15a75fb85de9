// Fuzzes the stock CSV upload (service/inventory_json.hpp: ParseStockCsv — any bytes: UTF-8 with
// or without BOM, UTF-16, GBK; Chinese or English headers; RFC 4180 quoting).
//
// A clean refusal is correct (inventory_fuzz_checks.hpp; problems name "/columns/…" or
// "/rows/<n>/…"). A finding is a crash, a sanitizer report or a broken invariant of accepted
// rows: 1..kMaxStockCsvRows absolute counts with cause csv_upload, on_hand in 0..1e9, SKUs
// non-empty, location ids well formed, each (sku, location_id) once.
//
// Run: scripts/fuzz-smoke.sh, or by hand:
//   build-fuzz/fuzz/stock_csv_fuzz -dict=fuzz/stock_csv.dict build-fuzz/corpus/stock_csv fuzz/corpus/stock_csv
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "inventory_fuzz_checks.hpp"
#include "service/inventory_json.hpp"

namespace {

constexpr const char* kTarget = "stock_csv_fuzz";

using namespace ordo;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto changes = service::ParseStockCsv(bytes);
  if (!changes) {
    ordo::fuzz::CheckRefusal(kTarget, changes.error(), bytes);
    for (const core::FieldError& field : changes.error().fields) {
      INVENTORY_FUZZ_CHECK(field.field.empty() || field.field.starts_with("/columns") || field.field.starts_with("/rows"),
                           bytes);
    }
    return 0;
  }
  INVENTORY_FUZZ_CHECK(!changes->empty() && changes->size() <= service::kMaxStockCsvRows, bytes);
  std::set<std::pair<std::string, std::string>> pairs;
  for (const store::StockChange& change : *changes) {
    INVENTORY_FUZZ_CHECK(pairs.emplace(change.sku, change.location_id).second, bytes);
    INVENTORY_FUZZ_CHECK(!change.sku.empty() && service::IsLocationId(change.location_id), bytes);
    INVENTORY_FUZZ_CHECK(change.mode == store::StockChange::Mode::kAbsolute && change.cause == "csv_upload", bytes);
    INVENTORY_FUZZ_CHECK(change.on_hand.has_value() && *change.on_hand >= 0 && *change.on_hand <= service::kMaxStockQuantity,
                         bytes);
    if (change.safety_stock) {
      INVENTORY_FUZZ_CHECK(*change.safety_stock >= 0 && *change.safety_stock <= service::kMaxStockQuantity, bytes);
    }
  }
  return 0;
}
