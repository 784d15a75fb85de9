#pragma once
// What the rules decided about where an order may come from (the rule engine fills this in).
#include <optional>
#include <set>
#include <string>

namespace ordo::sourcing {

struct RuleDirectives {
  std::set<std::string> excluded_locations;   // never source from these
  std::set<std::string> preferred_locations;  // each parcel from one earns CostPolicy::preference_credit
  std::optional<std::string> forced_location; // only this one is considered (others excluded)
};

}  // namespace ordo::sourcing
