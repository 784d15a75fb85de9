#pragma once
// Batch re-allocation (issue 6 item 7): when stock arrives or a location closes, which of the
// orders waiting for stock to fill now, and from which location each of their lines comes. Pure:
// data in, plan out (no store, no clock). docs/sourcing.md "Batch re-allocation" has the model.
// Two methods with one output type, so that they can be compared:
//  - AllocateFirstComeFirstServed: oldest order first, greedy; what a queue would do.
//  - AllocateByMip: maximises the total weight of the orders filled, a MIP solved by GLPK.
// Library ordo_sourcing_batch (it links GLPK; ordo_sourcing itself stays dependency-free).
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::sourcing {

struct WaitingLine {
  std::string sku;
  std::int64_t qty = 0;  // > 0
};

struct WaitingOrder {
  std::string id;                      // unique in the batch
  int priority = 0;                    // ≥ 0, higher is more important
  core::UnixMillis waiting_since = 0;  // first come, first served: ascending, ties by id
  std::int64_t promise_day = 0;        // local (UTC+8) days since 1970-01-01, as LocalDay()
  std::vector<WaitingLine> lines;      // at least one
};

// Available now (on hand − reserved − safety) of one SKU at one location; negative reads as 0.
struct StockRow {
  std::string sku;
  std::string location_id;
  std::int64_t available = 0;
};

// Parcels a location can still ship in this batch: an order counts one parcel at each location
// one of its lines comes from. A location without a row has no parcel limit.
struct ParcelCapacity {
  std::string location_id;
  std::int64_t parcels = 0;  // ≥ 0
};

struct RebalanceInput {
  std::vector<WaitingOrder> orders;
  std::vector<StockRow> stock;            // (sku, location) at most once
  std::vector<ParcelCapacity> capacities; // optional; location at most once
  std::int64_t today = 0;                 // local day of the run (LocalDay(now)), for urgency
};

// weight(order) = base + per_priority × priority
//                + per_urgent_day × clamp(urgency_horizon_days − (promise_day − today), 0, horizon)
// Defaults: 100 + 100 × priority + 20 per day closer than a week to the promise (an order due
// today or overdue gets +140). So one priority step outweighs any urgency difference short of
// five days, and every order counts: filling two plain orders beats one of priority 0 due today.
struct OrderWeightPolicy {
  std::int64_t base = 100;
  std::int64_t per_priority = 100;
  std::int64_t per_urgent_day = 20;
  std::int64_t urgency_horizon_days = 7;
};

std::int64_t OrderWeight(const WaitingOrder& order, std::int64_t today, const OrderWeightPolicy& policy);

struct RebalanceOptions {
  OrderWeightPolicy weights;
  // Wall-clock limit on GLPK (LP relaxation + branch and bound). Reaching it makes the result
  // depend on the machine's speed: see RebalancePlan::hit_limit.
  int time_limit_ms = 2000;
  // Deterministic work limit: stop branch and bound after this many nodes (0: none).
  int max_nodes = 0;
};

struct LineSource {
  std::size_t line_index = 0;  // into WaitingOrder::lines
  std::string location_id;
  bool operator==(const LineSource&) const = default;
};

struct FilledOrder {
  std::string order_id;
  std::int64_t weight = 0;
  std::vector<LineSource> lines;  // every line, in line order
  bool operator==(const FilledOrder&) const = default;
};

struct RebalanceSummary {
  std::int64_t orders_filled = 0;
  std::int64_t weighted_value = 0;  // Σ weight of the filled orders: what the MIP maximises
  std::int64_t units = 0;           // Σ qty of their lines
  bool operator==(const RebalanceSummary&) const = default;
};

enum class RebalanceMethod { kFirstComeFirstServed, kMip };

struct RebalancePlan {
  RebalanceMethod method = RebalanceMethod::kFirstComeFirstServed;
  std::vector<FilledOrder> filled;  // in input order; an order is filled whole or not at all
  RebalanceSummary summary;
  // kMip: the plan is proven optimal. False when a limit stopped GLPK first (hit_limit): the plan
  // is then the best integer solution found — never worse than first come, first served: GLPK
  // starts from the better of the first-come plan and the same greedy taking the heaviest orders
  // first — or, when the limit came before GLPK had any (the LP relaxation alone took the time),
  // that greedy start itself (fell_back_to_greedy).
  bool optimal = false;
  bool hit_limit = false;
  bool fell_back_to_greedy = false;
  // kMip: no plan is worth more than this — the LP relaxation's optimum, rounded down (0 when the
  // LP was not solved). value_bound − summary.weighted_value bounds what a stopped search missed.
  std::int64_t value_bound = 0;
};

// Oldest order first (waiting_since, then id); an order is taken when every line finds a location
// with enough left (a location this order already uses first, then the one with the most left of
// the SKU, ties to the lower id) and a parcel to spare; otherwise nothing of it is taken.
// Errors (kInvalidArgument, naming the field): empty or duplicate order id, priority < 0, no lines,
// qty ≤ 0, empty sku, a repeated (sku, location) stock row, a repeated or negative capacity.
core::Result<RebalancePlan> AllocateFirstComeFirstServed(const RebalanceInput& input,
                                                         const OrderWeightPolicy& weights = {});

// max Σ weight(o)·filled(o) subject to: each line of a filled order from exactly one location
// holding its full qty, Σ qty taken per (sku, location) ≤ available, parcels per location ≤ its
// capacity. Deterministic for equal inputs unless a time limit is reached. Same errors as above,
// plus kInternal if GLPK fails outright (its plan would be unchecked; none is returned).
// One call at a time per thread (GLPK's environment is per thread); not tried concurrently.
core::Result<RebalancePlan> AllocateByMip(const RebalanceInput& input, const RebalanceOptions& options = {});

struct RebalanceComparison {
  RebalanceSummary first_come_first_served;
  RebalanceSummary mip;
  bool mip_optimal = false;
};

RebalanceComparison CompareRebalance(const RebalancePlan& first_come_first_served, const RebalancePlan& mip);

}  // namespace ordo::sourcing
