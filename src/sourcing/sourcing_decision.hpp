#pragma once
// What DecideSourcing returns: the chosen plan, its runner-ups, and why each location was left out.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ordo::sourcing {

// Landed cost of a plan in minor units:
// total = shipping + late_penalty + extra_parcel_penalty + capacity_pressure − preference_credit.
struct CostBreakdown {
  std::int64_t shipping = 0;
  std::int64_t late_penalty = 0;
  std::int64_t extra_parcel_penalty = 0;
  std::int64_t capacity_pressure = 0;
  std::int64_t preference_credit = 0;
  std::int64_t total = 0;
  bool operator==(const CostBreakdown&) const = default;
};

struct PlanLine {
  std::size_t line_index = 0;     // into SourcingOrder::lines
  std::string location_id;
  std::string carrier;            // empty for a line picked up where it lies
  std::string service_level;
  std::int64_t promised_day = 0;  // local days since 1970-01-01
  bool operator==(const PlanLine&) const = default;
};

struct SourcingPlan {
  std::vector<PlanLine> lines;    // in line order; lines that cannot be filled are absent
  int parcels = 0;
  CostBreakdown cost;
  std::string note;               // for a runner-up: what makes it differ ("without WH-SH")
  bool operator==(const SourcingPlan&) const = default;
};

enum class ExclusionReason {
  kClosed,
  kExcludedByRule,
  kNotForcedLocation,
  kNoFulfilmentType,        // does not ship (or is not the pickup store)
  kOverCapacity,
  kNoCarrierToDestination,
  kNoStock,                 // holds none of the lines in enough quantity
};
std::string_view ToString(ExclusionReason reason);

struct Exclusion {
  std::string location_id;
  ExclusionReason reason = ExclusionReason::kNoStock;
  std::string detail;             // e.g. the closure reason
  bool operator==(const Exclusion&) const = default;
};

struct SourcingDecision {
  SourcingPlan chosen;
  std::vector<SourcingPlan> runners_up;      // cheapest first, at most kMaxRunnersUp
  std::vector<Exclusion> exclusions;         // in location id order
  std::vector<std::size_t> unfilled_lines;   // no eligible location holds enough: wait for stock
  bool exact = false;                        // chosen plan proven optimal under the cost model
};

inline constexpr std::size_t kMaxRunnersUp = 3;

}  // namespace ordo::sourcing
