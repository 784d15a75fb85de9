#include "sourcing/decide_sourcing.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "sourcing/detail/parcel_cost.hpp"
#include "sourcing/detail/plan_search.hpp"

namespace ordo::sourcing {
namespace {

constexpr core::UnixMillis kMillisPerMinute = 60'000;
constexpr core::UnixMillis kLocalOffset = 8 * 60 * kMillisPerMinute;  // China Standard Time
constexpr core::UnixMillis kMillisPerDay = 24 * 60 * kMillisPerMinute;

using detail::Candidate;

std::int64_t DispatchDay(const Location& location, core::UnixMillis now) {
  const core::UnixMillis local = now + kLocalOffset;
  const core::UnixMillis minute_of_day = ((local % kMillisPerDay) + kMillisPerDay) % kMillisPerDay / kMillisPerMinute;
  return LocalDay(now) + (minute_of_day >= location.cutoff_minute ? 1 : 0);
}

std::int64_t EffectiveCapacity(const Location& location, const CostPolicy& policy) {
  if (location.status != LocationStatus::kDegraded) return location.daily_capacity;
  return location.daily_capacity * policy.degraded_capacity_percent / 100;
}

// Everything the decision needs besides the search: the lines to ship and what they weigh.
struct ShipProblem {
  std::vector<std::size_t> order_lines;      // search line → order line
  std::vector<std::int64_t> needed;          // per search line: Σ qty of its SKU in the order
  std::string destination;
};

// Builds the candidates (sorted by id) and the exclusions; fills can_fill per search line.
std::vector<Candidate> PrepareCandidates(const SourcingOrder& order, const ShipProblem& problem,
                                         const std::vector<const Location*>& by_id, const StockView& stock,
                                         const CarrierTable& carriers, const RuleDirectives& directives,
                                         core::UnixMillis now, const CostPolicy& policy,
                                         std::vector<Exclusion>& exclusions) {
  std::vector<Candidate> candidates;
  const bool pickup = order.fulfilment == FulfilmentType::kPickup;
  for (const Location* location : by_id) {
    if (pickup && location->id == order.pickup_location_id) continue;  // the pickup store itself
    auto exclude = [&](ExclusionReason reason, std::string detail) {
      exclusions.push_back(Exclusion{location->id, reason, std::move(detail)});
    };
    if (location->status == LocationStatus::kClosed) { exclude(ExclusionReason::kClosed, location->status_reason); continue; }
    if (directives.excluded_locations.contains(location->id)) { exclude(ExclusionReason::kExcludedByRule, ""); continue; }
    if (directives.forced_location && *directives.forced_location != location->id) {
      exclude(ExclusionReason::kNotForcedLocation, *directives.forced_location);
      continue;
    }
    if (!location->ships || (pickup && location->kind != LocationKind::kWarehouse)) {
      exclude(ExclusionReason::kNoFulfilmentType, pickup ? "ship to store is from warehouses only" : "does not ship");
      continue;
    }
    const std::int64_t capacity = EffectiveCapacity(*location, policy);
    if (location->capacity_used >= capacity) {
      exclude(ExclusionReason::kOverCapacity, std::to_string(location->capacity_used) + "/" + std::to_string(capacity));
      continue;
    }
    const Lane lane = carriers.Find(location->province_code, problem.destination);
    if (lane.empty()) { exclude(ExclusionReason::kNoCarrierToDestination, problem.destination); continue; }
    Candidate candidate;
    candidate.location = location;
    candidate.can_fill.resize(problem.order_lines.size());
    bool holds_any = false;
    for (std::size_t line_idx = 0; line_idx < problem.order_lines.size(); ++line_idx) {
      const SourcingLine& line = order.lines[problem.order_lines[line_idx]];
      candidate.can_fill[line_idx] = stock.Available(line.sku, location->id) >= problem.needed[line_idx];
      holds_any = holds_any || candidate.can_fill[line_idx];
    }
    if (!holds_any) { exclude(ExclusionReason::kNoStock, ""); continue; }
    candidate.lane = lane;
    candidate.dispatch_day = DispatchDay(*location, now);
    candidate.capacity_pressure = policy.capacity_pressure_at_full * location->capacity_used / capacity;
    candidate.preference_credit = directives.preferred_locations.contains(location->id) ? policy.preference_credit : 0;
    detail::PrepareBands(candidate, order.promise_day, policy);
    candidates.push_back(std::move(candidate));
  }
  return candidates;
}

// Turns a search result into the plan: lines, parcels and the cost broken down.
SourcingPlan BuildPlan(const std::vector<Candidate>& candidates, const ShipProblem& problem,
                       const std::vector<std::int64_t>& weights, const std::vector<std::size_t>& candidate_of_line) {
  SourcingPlan plan;
  std::map<std::size_t, std::int64_t> parcel_weight;  // candidate → weight, in id order
  for (std::size_t line_idx = 0; line_idx < candidate_of_line.size(); ++line_idx) {
    parcel_weight[candidate_of_line[line_idx]] += weights[line_idx];
  }
  std::map<std::size_t, detail::ParcelQuote> quotes;
  for (const auto& [candidate_idx, weight] : parcel_weight) {
    const detail::ParcelQuote quote = detail::QuoteParcel(candidates[candidate_idx], weight);
    quotes[candidate_idx] = quote;
    plan.cost.shipping += quote.shipping;
    plan.cost.late_penalty += quote.late_penalty;
    plan.cost.capacity_pressure += candidates[candidate_idx].capacity_pressure;
    plan.cost.preference_credit += candidates[candidate_idx].preference_credit;
  }
  plan.parcels = static_cast<int>(parcel_weight.size());
  for (std::size_t line_idx = 0; line_idx < candidate_of_line.size(); ++line_idx) {
    const detail::ParcelQuote& quote = quotes[candidate_of_line[line_idx]];
    plan.lines.push_back(PlanLine{problem.order_lines[line_idx], candidates[candidate_of_line[line_idx]].location->id,
                                  quote.rate->carrier, quote.rate->service_level, quote.promised_day});
  }
  return plan;
}

void Total(SourcingPlan& plan, const CostPolicy& policy) {
  plan.cost.extra_parcel_penalty = std::max(0, plan.parcels - 1) * policy.extra_parcel_penalty;
  plan.cost.total = plan.cost.shipping + plan.cost.late_penalty + plan.cost.extra_parcel_penalty +
                    plan.cost.capacity_pressure - plan.cost.preference_credit;
}

}  // namespace

std::int64_t LocalDay(core::UnixMillis now) {
  const core::UnixMillis local = now + kLocalOffset;
  return (local >= 0 ? local : local - kMillisPerDay + 1) / kMillisPerDay;
}

core::Result<SourcingDecision> DecideSourcing(const SourcingOrder& order, const StockView& stock,
                                              const std::vector<Location>& locations, const CarrierTable& carriers,
                                              const RuleDirectives& directives, core::UnixMillis now,
                                              const CostPolicy& policy) {
  std::map<std::string, std::int64_t> qty_of_sku;
  for (std::size_t line_idx = 0; line_idx < order.lines.size(); ++line_idx) {
    const SourcingLine& line = order.lines[line_idx];
    if (line.qty <= 0 || line.weight_grams < 0) {
      return core::MakeError(core::ErrorCode::kInvalidArgument,
                             "line " + std::to_string(line_idx) + ": qty must be > 0 and weight ≥ 0");
    }
    qty_of_sku[line.sku] += line.qty;
  }
  std::vector<const Location*> by_id;
  by_id.reserve(locations.size());
  for (const Location& location : locations) by_id.push_back(&location);
  std::stable_sort(by_id.begin(), by_id.end(), [](const Location* a, const Location* b) { return a->id < b->id; });

  SourcingDecision decision;
  ShipProblem problem;
  SourcingPlan pickup_part;
  if (order.fulfilment == FulfilmentType::kPickup) {
    const auto store = std::find_if(by_id.begin(), by_id.end(),
                                    [&](const Location* l) { return l->id == order.pickup_location_id; });
    if (store == by_id.end() || !(*store)->pickup || (*store)->status == LocationStatus::kClosed) {
      return core::MakeError(core::ErrorCode::kRejected,
                             "pickup store " + order.pickup_location_id + " is unknown, closed or does not do pickup");
    }
    problem.destination = (*store)->province_code;
    const std::int64_t ready_day = DispatchDay(**store, now);
    for (std::size_t line_idx = 0; line_idx < order.lines.size(); ++line_idx) {
      const SourcingLine& line = order.lines[line_idx];
      if (stock.Available(line.sku, (*store)->id) >= qty_of_sku[line.sku]) {
        pickup_part.lines.push_back(PlanLine{line_idx, (*store)->id, "", "", ready_day});
      } else if (order.allow_ship_to_store) {
        problem.order_lines.push_back(line_idx);
      } else {
        decision.unfilled_lines.push_back(line_idx);
      }
    }
    if (!pickup_part.lines.empty()) {
      pickup_part.parcels = 1;
      pickup_part.cost.late_penalty = std::max<std::int64_t>(0, ready_day - order.promise_day) * policy.late_penalty_per_day;
    }
  } else {
    problem.destination = order.destination_province;
    for (std::size_t line_idx = 0; line_idx < order.lines.size(); ++line_idx) problem.order_lines.push_back(line_idx);
  }
  for (const std::size_t order_line : problem.order_lines) problem.needed.push_back(qty_of_sku[order.lines[order_line].sku]);

  std::vector<Candidate> candidates;
  if (!problem.order_lines.empty()) {
    candidates = PrepareCandidates(order, problem, by_id, stock, carriers, directives, now, policy, decision.exclusions);
  }
  // Lines no candidate holds wait for stock; the search places the rest.
  ShipProblem placeable;
  placeable.destination = problem.destination;
  std::vector<std::size_t> kept;
  for (std::size_t line_idx = 0; line_idx < problem.order_lines.size(); ++line_idx) {
    const bool somewhere = std::any_of(candidates.begin(), candidates.end(),
                                       [&](const Candidate& c) { return c.can_fill[line_idx]; });
    if (somewhere) {
      kept.push_back(line_idx);
      placeable.order_lines.push_back(problem.order_lines[line_idx]);
    } else {
      decision.unfilled_lines.push_back(problem.order_lines[line_idx]);
    }
  }
  for (Candidate& candidate : candidates) {
    std::vector<bool> can_fill;
    for (const std::size_t line_idx : kept) can_fill.push_back(candidate.can_fill[line_idx]);
    candidate.can_fill = std::move(can_fill);
  }
  detail::SearchInput input;
  input.candidates = &candidates;
  input.enabled.assign(candidates.size(), true);
  input.policy = &policy;
  for (const std::size_t order_line : placeable.order_lines) {
    input.line_weights.push_back(std::max<std::int64_t>(1, order.lines[order_line].weight_grams));  // 0 g would read as "no parcel"
  }

  // Pickup lines count as the first parcel; shipped parcels to the store are extra.
  auto assemble = [&](const std::vector<std::size_t>& candidate_of_line) {
    SourcingPlan plan = BuildPlan(candidates, placeable, input.line_weights, candidate_of_line);
    plan.lines.insert(plan.lines.end(), pickup_part.lines.begin(), pickup_part.lines.end());
    std::sort(plan.lines.begin(), plan.lines.end(), [](const PlanLine& a, const PlanLine& b) { return a.line_index < b.line_index; });
    plan.parcels += pickup_part.parcels;
    plan.cost.late_penalty += pickup_part.cost.late_penalty;
    Total(plan, policy);
    return plan;
  };

  const detail::SearchResult best = detail::SearchPlan(input);
  if (!best.found) {  // e.g. a parcel heavier than every band: nothing can carry these lines
    decision.unfilled_lines.insert(decision.unfilled_lines.end(), placeable.order_lines.begin(), placeable.order_lines.end());
    std::sort(decision.unfilled_lines.begin(), decision.unfilled_lines.end());
    decision.chosen = assemble({});  // the pickup lines alone, if any
    return decision;
  }
  std::sort(decision.unfilled_lines.begin(), decision.unfilled_lines.end());
  decision.chosen = assemble(best.candidate_of_line);
  decision.exact = best.exact;

  std::vector<std::size_t> used = best.candidate_of_line;
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  input.thorough = false;  // runner-ups: local search only on big orders (docs/sourcing.md)
  for (const std::size_t without : used) {
    input.enabled.assign(candidates.size(), true);
    input.enabled[without] = false;
    const detail::SearchResult alternative = detail::SearchPlan(input);
    if (!alternative.found) continue;
    SourcingPlan plan = assemble(alternative.candidate_of_line);
    plan.note = "without " + candidates[without].location->id;
    const bool seen = std::any_of(decision.runners_up.begin(), decision.runners_up.end(),
                                  [&](const SourcingPlan& p) { return p.lines == plan.lines; });
    if (!seen) decision.runners_up.push_back(std::move(plan));
  }
  std::stable_sort(decision.runners_up.begin(), decision.runners_up.end(),
                   [](const SourcingPlan& a, const SourcingPlan& b) { return a.cost.total < b.cost.total; });
  if (decision.runners_up.size() > kMaxRunnersUp) decision.runners_up.resize(kMaxRunnersUp);
  return decision;
}

}  // namespace ordo::sourcing
