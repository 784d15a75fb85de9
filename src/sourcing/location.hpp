#pragma once
// A place stock ships from or is picked up at: warehouse, store or dark store.
#include <cstdint>
#include <string>

namespace ordo::sourcing {

enum class LocationKind { kWarehouse, kStore, kDarkStore };

// open: sources normally; degraded: sources with its capacity lowered (CostPolicy);
// closed: never sources (reason says why, e.g. "暴雨").
enum class LocationStatus { kOpen, kDegraded, kClosed };

struct Location {
  std::string id;                      // unique; ties between equal plans break on it
  LocationKind kind = LocationKind::kWarehouse;
  std::string province_code;           // GB/T 2260, e.g. "310000"; carrier rates are keyed on it
  std::string city_code;
  std::string district_code;
  double latitude = 0;
  double longitude = 0;
  LocationStatus status = LocationStatus::kOpen;
  std::string status_reason;
  std::int64_t daily_capacity = 0;     // parcels a day; 0 means none left to give
  std::int64_t capacity_used = 0;      // parcels already taken today
  int cutoff_minute = 16 * 60;         // local (UTC+8) minute of the day after which it ships tomorrow
  std::string backup_location_id;      // failover's first choice (not used by the decision itself)
  bool ships = true;                   // fulfilment type ship
  bool pickup = false;                 // fulfilment type pickup (stores)
};

}  // namespace ordo::sourcing
