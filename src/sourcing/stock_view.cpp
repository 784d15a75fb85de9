#include "sourcing/stock_view.hpp"

#include <algorithm>
#include <string>

namespace ordo::sourcing {

void StockView::Set(std::string_view sku, std::string_view location_id, std::int64_t available) {
  auto sku_it = by_sku_.find(sku);
  if (sku_it == by_sku_.end()) sku_it = by_sku_.emplace(std::string(sku), detail::StringMap<std::int64_t>{}).first;
  auto& by_location = sku_it->second;
  auto location_it = by_location.find(location_id);
  if (location_it == by_location.end()) location_it = by_location.emplace(std::string(location_id), 0).first;
  location_it->second = std::max<std::int64_t>(available, 0);
}

std::int64_t StockView::Available(std::string_view sku, std::string_view location_id) const {
  const auto sku_it = by_sku_.find(sku);
  if (sku_it == by_sku_.end()) return 0;
  const auto location_it = sku_it->second.find(location_id);
  return location_it == sku_it->second.end() ? 0 : location_it->second;
}

}  // namespace ordo::sourcing
