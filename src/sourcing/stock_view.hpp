#pragma once
// What each location can give now: available = on hand − reserved − safety, per (sku, location).
// A read-only snapshot the decision takes as data; reservations are not this type's concern.
// Thread-compatible: build it, then read it from any number of threads.
#include <cstdint>
#include <string_view>

#include "sourcing/detail/string_map.hpp"

namespace ordo::sourcing {

class StockView {
 public:
  // Sets (replaces) the available quantity; negative values are stored as 0.
  void Set(std::string_view sku, std::string_view location_id, std::int64_t available);
  // 0 when unknown. Allocates nothing.
  std::int64_t Available(std::string_view sku, std::string_view location_id) const;

 private:
  detail::StringMap<detail::StringMap<std::int64_t>> by_sku_;  // sku → location → available
};

}  // namespace ordo::sourcing
