#pragma once
// Internal: the two large neighbourhoods of the heuristic path (docs/sourcing.md): re-solving the
// lines of a few parcels exactly, and searching over which locations ship. Both improve a plan in
// place by strict steps in a fixed order (deterministic) and return its new total.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sourcing/detail/plan_search.hpp"

namespace ordo::sourcing::detail {

std::int64_t ReoptimiseParcelGroups(const SearchInput& input, std::vector<std::size_t>& plan, std::int64_t total,
                                    int max_steps);

std::int64_t ImproveOpenSet(const SearchInput& input, std::vector<std::size_t>& plan, std::int64_t total,
                            int max_steps);

}  // namespace ordo::sourcing::detail
