#pragma once
// The sourcing decision: where every line of an order comes from, by which carrier, promised when,
// and why — a pure function of its inputs (no clock, store or randomness inside).
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "sourcing/carrier_table.hpp"
#include "sourcing/location.hpp"
#include "sourcing/rule_directives.hpp"
#include "sourcing/sourcing_decision.hpp"
#include "sourcing/sourcing_order.hpp"
#include "sourcing/stock_view.hpp"

namespace ordo::sourcing {

// Chooses the plan of least landed cost (SourcingDecision's CostBreakdown) under the directives:
//  - A location is left out, with its reason in `exclusions`, when it is closed, excluded by a
//    rule, not the forced location, does not ship, is at its (degraded) capacity, has no carrier
//    rate to the destination, or holds none of the lines. Each line ships whole from one location;
//    a line no remaining location holds is listed in `unfilled_lines` (the order waits for stock).
//  - Ship: lines go to `order.destination_province`. Pickup: the lines the chosen store holds are
//    picked up there (no carrier); the others, when allow_ship_to_store, ship to the store from a
//    warehouse (only warehouses are candidates then).
//  - Runner-ups: for each location of the chosen plan, the best plan without it (what failover
//    would fall back to), cheapest first, at most kMaxRunnersUp.
//  - Deterministic: equal inputs give equal decisions; equal costs go to the lower location id.
// Errors: kInvalidArgument for a line with qty ≤ 0 or negative weight; kRejected when a pickup
// order names an unknown store, one that does not do pickup, or one that is closed.
// Example: two warehouses, one holding both lines at 12.00 to the buyer, the other holding one
// line at 8.00: with extra_parcel_penalty 8.00 the single warehouse wins (12.00 < 8.00+8.00+…).
core::Result<SourcingDecision> DecideSourcing(const SourcingOrder& order, const StockView& stock,
                                              const std::vector<Location>& locations,
                                              const CarrierTable& carriers,
                                              const RuleDirectives& directives, core::UnixMillis now,
                                              const CostPolicy& policy = {});

// The local (UTC+8) day of `now`, days since 1970-01-01: the unit of promise dates.
std::int64_t LocalDay(core::UnixMillis now);

}  // namespace ordo::sourcing
