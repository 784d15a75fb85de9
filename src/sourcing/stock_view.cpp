#include "sourcing/stock_view.hpp"

#include <algorithm>

namespace ordo::sourcing {

// '\x1f' (unit separator) cannot occur in a SKU or location id that passed validation.
std::string StockView::Key(std::string_view sku, std::string_view location_id) {
  std::string key;
  key.reserve(sku.size() + location_id.size() + 1);
  key.append(sku).push_back('\x1f');
  key.append(location_id);
  return key;
}

void StockView::Set(std::string_view sku, std::string_view location_id, std::int64_t available) {
  available_[Key(sku, location_id)] = std::max<std::int64_t>(available, 0);
}

std::int64_t StockView::Available(std::string_view sku, std::string_view location_id) const {
  const auto found = available_.find(Key(sku, location_id));
  return found == available_.end() ? 0 : found->second;
}

}  // namespace ordo::sourcing
