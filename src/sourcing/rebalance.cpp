#include "sourcing/rebalance.hpp"

#include <algorithm>
#include <numeric>
#include <set>

#include "sourcing/detail/rebalance_problem.hpp"

namespace ordo::sourcing {
namespace detail {
namespace {

core::Error InvalidField(std::string field, std::string code, std::string message) {
  core::Error error = core::MakeError(core::ErrorCode::kInvalidArgument, message);
  error.fields.push_back(core::FieldError{std::move(field), std::move(code), std::move(message), "", ""});
  return error;
}

std::size_t IndexOf(const std::vector<std::string>& sorted, const std::string& value) {
  return static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), value) - sorted.begin());
}

}  // namespace

core::Result<RebalanceProblem> PrepareRebalance(const RebalanceInput& input, const OrderWeightPolicy& weights) {
  std::set<std::string> skus, locations, order_ids;
  for (std::size_t order_idx = 0; order_idx < input.orders.size(); ++order_idx) {
    const WaitingOrder& order = input.orders[order_idx];
    const std::string at = "orders/" + std::to_string(order_idx);
    if (order.id.empty()) return InvalidField(at + "/id", "required", "order id must not be empty");
    if (!order_ids.insert(order.id).second) return InvalidField(at + "/id", "duplicate", "order id appears twice");
    if (order.priority < 0) return InvalidField(at + "/priority", "minimum", "priority must be ≥ 0");
    if (order.lines.empty()) return InvalidField(at + "/lines", "min_items", "an order needs at least one line");
    for (std::size_t line_idx = 0; line_idx < order.lines.size(); ++line_idx) {
      const WaitingLine& line = order.lines[line_idx];
      const std::string line_at = at + "/lines/" + std::to_string(line_idx);
      if (line.sku.empty()) return InvalidField(line_at + "/sku", "required", "sku must not be empty");
      if (line.qty <= 0) return InvalidField(line_at + "/qty", "minimum", "qty must be > 0");
      skus.insert(line.sku);
    }
  }
  std::set<std::pair<std::string, std::string>> stock_keys;
  for (std::size_t row_idx = 0; row_idx < input.stock.size(); ++row_idx) {
    const StockRow& row = input.stock[row_idx];
    const std::string at = "stock/" + std::to_string(row_idx);
    if (row.sku.empty() || row.location_id.empty()) {
      return InvalidField(at, "required", "sku and location_id must not be empty");
    }
    if (!stock_keys.emplace(row.sku, row.location_id).second) {
      return InvalidField(at, "duplicate", "(sku, location) appears twice");
    }
    skus.insert(row.sku);
    locations.insert(row.location_id);
  }
  std::set<std::string> capped;
  for (std::size_t row_idx = 0; row_idx < input.capacities.size(); ++row_idx) {
    const ParcelCapacity& row = input.capacities[row_idx];
    const std::string at = "capacities/" + std::to_string(row_idx);
    if (row.location_id.empty()) return InvalidField(at + "/location_id", "required", "location_id must not be empty");
    if (!capped.insert(row.location_id).second) return InvalidField(at + "/location_id", "duplicate", "location appears twice");
    if (row.parcels < 0) return InvalidField(at + "/parcels", "minimum", "parcels must be ≥ 0");
    locations.insert(row.location_id);
  }

  RebalanceProblem problem;
  problem.skus.assign(skus.begin(), skus.end());
  problem.locations.assign(locations.begin(), locations.end());
  problem.available.assign(problem.skus.size(), std::vector<std::int64_t>(problem.locations.size(), 0));
  for (const StockRow& row : input.stock) {
    problem.available[IndexOf(problem.skus, row.sku)][IndexOf(problem.locations, row.location_id)] =
        std::max<std::int64_t>(0, row.available);
  }
  problem.parcels.assign(problem.locations.size(), kNoParcelLimit);
  for (const ParcelCapacity& row : input.capacities) problem.parcels[IndexOf(problem.locations, row.location_id)] = row.parcels;
  for (const WaitingOrder& order : input.orders) {
    PreparedOrder prepared{&order, OrderWeight(order, input.today, weights), {}};
    for (const WaitingLine& line : order.lines) prepared.lines.push_back(PreparedLine{IndexOf(problem.skus, line.sku), line.qty});
    problem.orders.push_back(std::move(prepared));
  }
  return problem;
}

std::vector<std::size_t> FirstComeQueue(const RebalanceProblem& problem) {
  std::vector<std::size_t> queue(problem.orders.size());
  std::iota(queue.begin(), queue.end(), std::size_t{0});
  std::stable_sort(queue.begin(), queue.end(), [&](std::size_t a, std::size_t b) {
    const WaitingOrder& first = *problem.orders[a].order;
    const WaitingOrder& second = *problem.orders[b].order;
    return first.waiting_since != second.waiting_since ? first.waiting_since < second.waiting_since : first.id < second.id;
  });
  return queue;
}

std::int64_t WeightedValue(const RebalanceProblem& problem, const Allocation& allocation) {
  std::int64_t value = 0;
  for (std::size_t order_idx = 0; order_idx < allocation.size(); ++order_idx) {
    if (!allocation[order_idx].empty()) value += problem.orders[order_idx].weight;
  }
  return value;
}

Allocation AllocateGreedily(const RebalanceProblem& problem, const std::vector<std::size_t>& queue,
                            const LocationPreference& preference) {
  std::vector<std::vector<std::int64_t>> left = problem.available;
  std::vector<std::int64_t> parcels_left = problem.parcels;
  Allocation allocation(problem.orders.size());
  for (const std::size_t order_idx : queue) {
    const PreparedOrder& order = problem.orders[order_idx];
    std::vector<std::size_t> chosen;
    std::vector<std::size_t> opened;  // locations this order takes a parcel from
    bool complete = true;
    for (const PreparedLine& line : order.lines) {
      const std::size_t line_idx = chosen.size();
      std::size_t best = problem.locations.size();
      bool best_opened = false;
      double best_preference = 0;
      for (std::size_t location_idx = 0; location_idx < problem.locations.size(); ++location_idx) {
        if (left[line.sku][location_idx] < line.qty) continue;
        const bool already = std::find(opened.begin(), opened.end(), location_idx) != opened.end();
        if (!already && parcels_left[location_idx] == 0) continue;
        const double liked = preference ? preference(order_idx, line_idx, location_idx) : 0.0;
        // A location the order already ships from first (no extra parcel), then the preferred,
        // then the most left.
        const bool better = best == problem.locations.size() || (already && !best_opened) ||
                            (already == best_opened && (liked > best_preference ||
                                                        (liked == best_preference && left[line.sku][location_idx] > left[line.sku][best])));
        if (better) {
          best = location_idx;
          best_opened = already;
          best_preference = liked;
        }
      }
      if (best == problem.locations.size()) {
        complete = false;
        break;
      }
      chosen.push_back(best);
      left[line.sku][best] -= line.qty;
      if (!best_opened) {
        opened.push_back(best);
        if (parcels_left[best] != kNoParcelLimit) --parcels_left[best];
      }
    }
    if (complete) {
      allocation[order_idx] = std::move(chosen);
      continue;
    }
    // All or nothing: give back what the lines before the missing one took.
    for (std::size_t line_idx = 0; line_idx < chosen.size(); ++line_idx) {
      left[order.lines[line_idx].sku][chosen[line_idx]] += order.lines[line_idx].qty;
    }
    for (const std::size_t location_idx : opened) {
      if (parcels_left[location_idx] != kNoParcelLimit) ++parcels_left[location_idx];
    }
  }
  return allocation;
}

bool RespectsLimits(const RebalanceProblem& problem, const Allocation& allocation) {
  if (allocation.size() != problem.orders.size()) return false;
  std::vector<std::vector<std::int64_t>> left = problem.available;
  std::vector<std::int64_t> parcels_left = problem.parcels;
  for (std::size_t order_idx = 0; order_idx < allocation.size(); ++order_idx) {
    const std::vector<std::size_t>& sources = allocation[order_idx];
    if (sources.empty()) continue;
    const PreparedOrder& order = problem.orders[order_idx];
    if (sources.size() != order.lines.size()) return false;
    std::set<std::size_t> used;
    for (std::size_t line_idx = 0; line_idx < sources.size(); ++line_idx) {
      if (sources[line_idx] >= problem.locations.size()) return false;
      left[order.lines[line_idx].sku][sources[line_idx]] -= order.lines[line_idx].qty;
      if (left[order.lines[line_idx].sku][sources[line_idx]] < 0) return false;
      used.insert(sources[line_idx]);
    }
    for (const std::size_t location_idx : used) {
      if (parcels_left[location_idx] == kNoParcelLimit) continue;
      if (--parcels_left[location_idx] < 0) return false;
    }
  }
  return true;
}

RebalancePlan BuildRebalancePlan(const RebalanceProblem& problem, const Allocation& allocation, RebalanceMethod method) {
  RebalancePlan plan;
  plan.method = method;
  for (std::size_t order_idx = 0; order_idx < allocation.size(); ++order_idx) {
    if (allocation[order_idx].empty()) continue;
    const PreparedOrder& order = problem.orders[order_idx];
    FilledOrder filled{order.order->id, order.weight, {}};
    for (std::size_t line_idx = 0; line_idx < order.lines.size(); ++line_idx) {
      filled.lines.push_back(LineSource{line_idx, problem.locations[allocation[order_idx][line_idx]]});
      plan.summary.units += order.lines[line_idx].qty;
    }
    ++plan.summary.orders_filled;
    plan.summary.weighted_value += order.weight;
    plan.filled.push_back(std::move(filled));
  }
  return plan;
}

}  // namespace detail

std::int64_t OrderWeight(const WaitingOrder& order, std::int64_t today, const OrderWeightPolicy& policy) {
  const std::int64_t horizon = std::max<std::int64_t>(0, policy.urgency_horizon_days);
  const std::int64_t urgent_days = std::clamp<std::int64_t>(horizon - (order.promise_day - today), 0, horizon);
  return policy.base + policy.per_priority * order.priority + policy.per_urgent_day * urgent_days;
}

core::Result<RebalancePlan> AllocateFirstComeFirstServed(const RebalanceInput& input, const OrderWeightPolicy& weights) {
  auto problem = detail::PrepareRebalance(input, weights);
  if (!problem.has_value()) return problem.error();
  return detail::BuildRebalancePlan(problem.value(),
                                    detail::AllocateGreedily(problem.value(), detail::FirstComeQueue(problem.value())),
                                    RebalanceMethod::kFirstComeFirstServed);
}

RebalanceComparison CompareRebalance(const RebalancePlan& first_come_first_served, const RebalancePlan& mip) {
  return RebalanceComparison{first_come_first_served.summary, mip.summary, mip.optimal};
}

}  // namespace ordo::sourcing
