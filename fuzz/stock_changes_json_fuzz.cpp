// Fuzzes the stock change bodies of the inventory API (service/inventory_json.hpp:
// ParseStockChangesJson in both modes — PUT /stock counts, POST /stock/adjustments deltas).
//
// A clean refusal is correct (inventory_fuzz_checks.hpp). A finding is a crash, a sanitizer
// report or a broken invariant of accepted changes:
//   1. 1..kMaxStockChanges changes, each (sku, location_id) once;
//   2. absolute: on_hand in 0..1e9 or absent with safety_stock given; delta: a non-zero delta
//      within ±1e9; safety_stock in 0..1e9; the mode matches the call; a cause [a-z_]{1,40};
//   3. strict acceptance implies lax acceptance with the same changes.
// valid-* seeds must be accepted in the mode their name says (valid-absolute-*, valid-delta-*).
//
// Run: scripts/fuzz-smoke.sh, or by hand:
//   build-fuzz/fuzz/stock_changes_json_fuzz -dict=fuzz/stock_changes_json.dict build-fuzz/corpus/stock_changes_json fuzz/corpus/stock_changes_json
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "inventory_fuzz_checks.hpp"
#include "service/inventory_json.hpp"

namespace {

constexpr const char* kTarget = "stock_changes_json_fuzz";

using namespace ordo;

void CheckChanges(const std::vector<store::StockChange>& changes, service::StockChangeMode mode, std::string_view body) {
  INVENTORY_FUZZ_CHECK(!changes.empty() && changes.size() <= service::kMaxStockChanges, body);
  std::set<std::pair<std::string, std::string>> pairs;
  for (const store::StockChange& change : changes) {
    INVENTORY_FUZZ_CHECK(pairs.emplace(change.sku, change.location_id).second, body);
    INVENTORY_FUZZ_CHECK(!change.sku.empty() && service::IsLocationId(change.location_id), body);
    INVENTORY_FUZZ_CHECK(!change.cause.empty() && change.cause.size() <= service::kMaxCauseBytes, body);
    for (const char c : change.cause) INVENTORY_FUZZ_CHECK((c >= 'a' && c <= 'z') || c == '_', body);
    if (change.safety_stock) {
      INVENTORY_FUZZ_CHECK(*change.safety_stock >= 0 && *change.safety_stock <= service::kMaxStockQuantity, body);
    }
    if (mode == service::StockChangeMode::kAbsolute) {
      INVENTORY_FUZZ_CHECK(change.mode == store::StockChange::Mode::kAbsolute, body);
      INVENTORY_FUZZ_CHECK(change.on_hand.has_value() || change.safety_stock.has_value(), body);
      if (change.on_hand) INVENTORY_FUZZ_CHECK(*change.on_hand >= 0 && *change.on_hand <= service::kMaxStockQuantity, body);
    } else {
      INVENTORY_FUZZ_CHECK(change.mode == store::StockChange::Mode::kDelta, body);
      INVENTORY_FUZZ_CHECK(change.on_hand.has_value() && *change.on_hand != 0, body);
      INVENTORY_FUZZ_CHECK(*change.on_hand >= -service::kMaxStockQuantity && *change.on_hand <= service::kMaxStockQuantity,
                           body);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  bool any_accepted = false;
  ordo::core::Error last_refusal;
  for (const auto mode : {service::StockChangeMode::kAbsolute, service::StockChangeMode::kDelta}) {
    const auto changes = service::ParseStockChangesJson(body, mode, true);
    if (!changes) {
      last_refusal = changes.error();
      continue;
    }
    any_accepted = true;
    CheckChanges(*changes, mode, body);
    const auto lax = service::ParseStockChangesJson(body, mode, false);
    INVENTORY_FUZZ_CHECK(lax.has_value() && lax->size() == changes->size(), body);
  }
  // A valid-* seed is a body for one of the two calls; a refusal by both is a refusal.
  if (!any_accepted) ordo::fuzz::CheckRefusal(kTarget, last_refusal, body);
  return 0;
}
