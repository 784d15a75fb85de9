#pragma once
// The part of an order the sourcing decision reads, and the prices of its cost model.
#include <cstdint>
#include <string>
#include <vector>

namespace ordo::sourcing {

struct SourcingLine {
  std::string sku;
  std::int64_t qty = 0;
  std::int64_t weight_grams = 0;  // of the whole line (qty × unit weight)
};

enum class FulfilmentType { kShip, kPickup };

struct SourcingOrder {
  std::vector<SourcingLine> lines;
  FulfilmentType fulfilment = FulfilmentType::kShip;
  std::string destination_province;  // ship: the buyer's province code
  std::string pickup_location_id;    // pickup: the store the buyer chose
  // pickup: lines the store lacks may be shipped to it from a warehouse ("ship-from-HQ").
  bool allow_ship_to_store = true;
  std::int64_t promise_day = 0;      // latest acceptable delivery, local (UTC+8) days since 1970-01-01
};

// The prices that turn a plan into one landed cost (minor units). Defaults are demo figures.
struct CostPolicy {
  std::int64_t late_penalty_per_day = 1500;      // per parcel, per day past promise_day
  std::int64_t extra_parcel_penalty = 800;       // per parcel beyond the first
  // Capacity pressure per parcel: capacity_pressure_at_full × used / effective capacity, so a
  // nearly full location costs more than an idle one.
  std::int64_t capacity_pressure_at_full = 600;
  std::int64_t preference_credit = 300;          // per parcel from a preferred location
  int degraded_capacity_percent = 50;            // a degraded location keeps this share of its capacity
  // Orders with at most this many lines are solved exactly (time and memory grow as 2^lines);
  // larger ones by local search. Clamped to 0…kMaxExactLineLimit.
  int exact_line_limit = 10;
};

inline constexpr int kMaxExactLineLimit = 16;

}  // namespace ordo::sourcing
