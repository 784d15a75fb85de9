#pragma once
// What each location can give now: available = on hand − reserved − safety, per (sku, location).
// A read-only snapshot the decision takes as data; reservations are not this type's concern.
// Thread-compatible: build it, then read it from any number of threads.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ordo::sourcing {

class StockView {
 public:
  // Sets (replaces) the available quantity; negative values are stored as 0.
  void Set(std::string_view sku, std::string_view location_id, std::int64_t available);
  // 0 when unknown.
  std::int64_t Available(std::string_view sku, std::string_view location_id) const;

 private:
  static std::string Key(std::string_view sku, std::string_view location_id);
  std::unordered_map<std::string, std::int64_t> available_;
};

}  // namespace ordo::sourcing
