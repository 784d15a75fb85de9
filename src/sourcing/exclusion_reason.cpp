#include "sourcing/sourcing_decision.hpp"

namespace ordo::sourcing {

std::string_view ToString(ExclusionReason reason) {
  switch (reason) {
    case ExclusionReason::kClosed: return "closed";
    case ExclusionReason::kExcludedByRule: return "excluded_by_rule";
    case ExclusionReason::kNotForcedLocation: return "not_forced_location";
    case ExclusionReason::kNoFulfilmentType: return "no_fulfilment_type";
    case ExclusionReason::kOverCapacity: return "over_capacity";
    case ExclusionReason::kNoCarrierToDestination: return "no_carrier_to_destination";
    case ExclusionReason::kNoStock: return "no_stock";
  }
  return "unknown";
}

}  // namespace ordo::sourcing
