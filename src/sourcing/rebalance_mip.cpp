// AllocateByMip (rebalance.hpp): the batch re-allocation as a 0-1 programme solved by GLPK.
//
//   max Σ_o w_o·z_o
//   s.t. Σ_L x[o,i,L] = z_o                 each line of a filled order from one location
//        Σ_{o,i: sku(i)=s} q_i·x[o,i,L] ≤ a[s,L]   per (sku, location)
//        Σ_i x[o,i,L] ≤ n[o,L]·u[o,L],  Σ_o u[o,L] ≤ p_L   parcels, for locations with a limit
//   x[o,i,L] exists only where a[s,L] ≥ q_i (a line ships whole from one location).
// Rows that cannot bind (a stock row whose total possible demand fits, a parcel limit above the
// number of orders that could use the location) are left out, which keeps big batches small.
// GLPK's MIP presolver is off so that the callback can hand the search incumbents in the original
// columns (glp_ios_heur_sol): first the better of first come and heaviest first, then at every
// node a rounding of that node's LP solution. So the result is never below first come, and big
// batches that stop at the time limit still gain. The LP relaxation is solved by glp_simplex
// first, as glp_intopt without presolver requires.
#include <glpk.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "sourcing/detail/rebalance_problem.hpp"
#include "sourcing/rebalance.hpp"

namespace ordo::sourcing {
namespace {

using detail::Allocation;
using detail::RebalanceProblem;

struct LineColumns {
  std::vector<int> columns;              // x[o,i,L] per candidate location
  std::vector<std::size_t> locations;
};

struct ParcelColumn {
  std::size_t order_idx = 0;
  std::size_t location_idx = 0;
  int column = 0;  // u[o,L]
};

struct Model {
  glp_prob* mip = nullptr;
  std::vector<ParcelColumn> parcel_columns;
  std::vector<int> order_column;                  // z_o, or 0 when the order cannot be filled
  std::vector<std::vector<LineColumns>> lines;    // [order][line]
  ~Model() { if (mip != nullptr) glp_delete_prob(mip); }
};

// The allocation as a column vector (1-based), parcel columns included, for glp_ios_heur_sol.
std::vector<double> AsColumns(const Model& model, const Allocation& allocation);

struct SearchState {
  const RebalanceProblem* problem = nullptr;
  const Model* model = nullptr;
  std::vector<std::size_t> first_come_rank;  // per order
  Allocation first_incumbent;                // offered at the first heuristic call
  std::int64_t best_offered = -1;
  int max_nodes = 0;
  int nodes = 0;
};

void Offer(glp_tree* tree, SearchState& state, const Allocation& allocation) {
  const std::int64_t value = detail::WeightedValue(*state.problem, allocation);
  if (value <= state.best_offered) return;
  state.best_offered = value;
  glp_ios_heur_sol(tree, AsColumns(*state.model, allocation).data());  // GLPK keeps it if better than its own
}

// Rounds the subproblem's LP solution: orders by their LP fill (then weight, then first come),
// each line to the location the LP puts most of it at, greedily within the limits. Cheap next to
// a node's LP, and it turns most nodes into an incumbent candidate.
Allocation RoundLpSolution(glp_tree* tree, const SearchState& state) {
  glp_prob* lp = glp_ios_get_prob(tree);
  const RebalanceProblem& problem = *state.problem;
  const Model& model = *state.model;
  std::vector<double> fill(problem.orders.size(), -1);
  std::vector<std::size_t> queue;
  for (std::size_t order_idx = 0; order_idx < problem.orders.size(); ++order_idx) {
    if (model.order_column[order_idx] == 0) continue;
    fill[order_idx] = glp_get_col_prim(lp, model.order_column[order_idx]);
    queue.push_back(order_idx);
  }
  std::stable_sort(queue.begin(), queue.end(), [&](std::size_t a, std::size_t b) {
    if (fill[a] != fill[b]) return fill[a] > fill[b];
    if (problem.orders[a].weight != problem.orders[b].weight) return problem.orders[a].weight > problem.orders[b].weight;
    return state.first_come_rank[a] < state.first_come_rank[b];
  });
  const auto preference = [&](std::size_t order_idx, std::size_t line_idx, std::size_t location_idx) {
    const LineColumns& line = model.lines[order_idx][line_idx];
    for (std::size_t k = 0; k < line.locations.size(); ++k) {
      if (line.locations[k] == location_idx) return glp_get_col_prim(lp, line.columns[k]);
    }
    return 0.0;
  };
  return detail::AllocateGreedily(problem, queue, preference);
}

void OnSearchEvent(glp_tree* tree, void* info) {
  auto* state = static_cast<SearchState*>(info);
  switch (glp_ios_reason(tree)) {
    case GLP_IHEUR:
      if (state->best_offered < 0) Offer(tree, *state, state->first_incumbent);
      Offer(tree, *state, RoundLpSolution(tree, *state));
      break;
    case GLP_IPREPRO:  // once per subproblem, before its LP
      if (state->max_nodes > 0 && ++state->nodes > state->max_nodes) glp_ios_terminate(tree);
      break;
    default:
      break;
  }
}

void BuildModel(const RebalanceProblem& problem, Model& model) {
  model.mip = glp_create_prob();
  glp_set_obj_dir(model.mip, GLP_MAX);
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0};
  auto add_binary = [&](double objective) {
    const int column = glp_add_cols(model.mip, 1);
    glp_set_col_kind(model.mip, column, GLP_BV);
    glp_set_obj_coef(model.mip, column, objective);
    return column;
  };
  // Stock and parcel demand per (sku, location) / location, to drop rows that cannot bind.
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::pair<int, double>>> stock_terms;
  std::map<std::size_t, std::vector<std::pair<std::size_t, std::vector<int>>>> parcel_terms;  // L → (order, x cols)
  const std::size_t order_count = problem.orders.size();
  model.order_column.assign(order_count, 0);
  model.lines.resize(order_count);
  for (std::size_t order_idx = 0; order_idx < order_count; ++order_idx) {
    const detail::PreparedOrder& order = problem.orders[order_idx];
    std::vector<std::vector<std::size_t>> candidates(order.lines.size());
    bool fillable = true;
    for (std::size_t line_idx = 0; line_idx < order.lines.size() && fillable; ++line_idx) {
      for (std::size_t location_idx = 0; location_idx < problem.locations.size(); ++location_idx) {
        if (problem.available[order.lines[line_idx].sku][location_idx] >= order.lines[line_idx].qty &&
            problem.parcels[location_idx] != 0) {
          candidates[line_idx].push_back(location_idx);
        }
      }
      fillable = !candidates[line_idx].empty();
    }
    if (!fillable) continue;
    const int order_column = add_binary(static_cast<double>(order.weight));
    model.order_column[order_idx] = order_column;
    model.lines[order_idx].resize(order.lines.size());
    std::map<std::size_t, std::vector<int>> columns_at;  // location → this order's x columns there
    for (std::size_t line_idx = 0; line_idx < order.lines.size(); ++line_idx) {
      const int row = glp_add_rows(model.mip, 1);
      glp_set_row_bnds(model.mip, row, GLP_FX, 0, 0);
      ia.push_back(row), ja.push_back(order_column), ar.push_back(-1);
      for (const std::size_t location_idx : candidates[line_idx]) {
        const int column = add_binary(0);
        ia.push_back(row), ja.push_back(column), ar.push_back(1);
        model.lines[order_idx][line_idx].columns.push_back(column);
        model.lines[order_idx][line_idx].locations.push_back(location_idx);
        stock_terms[{order.lines[line_idx].sku, location_idx}].emplace_back(
            column, static_cast<double>(order.lines[line_idx].qty));
        columns_at[location_idx].push_back(column);
      }
    }
    for (auto& [location_idx, columns] : columns_at) {
      if (problem.parcels[location_idx] != detail::kNoParcelLimit) {
        parcel_terms[location_idx].emplace_back(order_idx, std::move(columns));
      }
    }
  }
  for (const auto& [key, terms] : stock_terms) {
    double demand = 0;
    for (const auto& term : terms) demand += term.second;
    const auto available = static_cast<double>(problem.available[key.first][key.second]);
    if (demand <= available) continue;
    const int row = glp_add_rows(model.mip, 1);
    glp_set_row_bnds(model.mip, row, GLP_UP, 0, available);
    for (const auto& [column, qty] : terms) ia.push_back(row), ja.push_back(column), ar.push_back(qty);
  }
  for (const auto& [location_idx, orders] : parcel_terms) {
    if (static_cast<std::int64_t>(orders.size()) <= problem.parcels[location_idx]) continue;
    const int limit_row = glp_add_rows(model.mip, 1);
    glp_set_row_bnds(model.mip, limit_row, GLP_UP, 0, static_cast<double>(problem.parcels[location_idx]));
    for (const auto& [order_idx, columns] : orders) {
      const int parcel_column = add_binary(0);
      model.parcel_columns.push_back(ParcelColumn{order_idx, location_idx, parcel_column});
      ia.push_back(limit_row), ja.push_back(parcel_column), ar.push_back(1);
      // Σ_i x[o,i,L] ≤ n·u[o,L]: one row per (order, location) rather than one per line; a
      // weaker LP, but the per-line rows doubled the LP's time on big batches.
      const int link_row = glp_add_rows(model.mip, 1);
      glp_set_row_bnds(model.mip, link_row, GLP_UP, 0, 0);
      for (const int column : columns) ia.push_back(link_row), ja.push_back(column), ar.push_back(1);
      ia.push_back(link_row), ja.push_back(parcel_column), ar.push_back(-static_cast<double>(columns.size()));
    }
  }
  glp_load_matrix(model.mip, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
}

std::vector<double> AsColumns(const Model& model, const Allocation& allocation) {
  std::vector<double> x(static_cast<std::size_t>(glp_get_num_cols(model.mip)) + 1, 0.0);
  for (std::size_t order_idx = 0; order_idx < allocation.size(); ++order_idx) {
    if (allocation[order_idx].empty() || model.order_column[order_idx] == 0) continue;
    x[static_cast<std::size_t>(model.order_column[order_idx])] = 1;
    for (std::size_t line_idx = 0; line_idx < allocation[order_idx].size(); ++line_idx) {
      const LineColumns& line = model.lines[order_idx][line_idx];
      for (std::size_t k = 0; k < line.locations.size(); ++k) {
        if (line.locations[k] == allocation[order_idx][line_idx]) x[static_cast<std::size_t>(line.columns[k])] = 1;
      }
    }
  }
  for (const ParcelColumn& parcel : model.parcel_columns) {
    const std::vector<std::size_t>& sources = allocation[parcel.order_idx];
    if (std::find(sources.begin(), sources.end(), parcel.location_idx) != sources.end()) {
      x[static_cast<std::size_t>(parcel.column)] = 1;
    }
  }
  return x;
}

// The solver's integer solution as an allocation; false when a filled order misses a line
// (never expected: the line rows force exactly one location).
bool ReadAllocation(const Model& model, std::size_t order_count, Allocation& allocation) {
  allocation.assign(order_count, {});
  for (std::size_t order_idx = 0; order_idx < order_count; ++order_idx) {
    if (model.order_column[order_idx] == 0 || glp_mip_col_val(model.mip, model.order_column[order_idx]) < 0.5) continue;
    for (const LineColumns& line : model.lines[order_idx]) {
      std::size_t chosen = static_cast<std::size_t>(-1);
      for (std::size_t k = 0; k < line.columns.size(); ++k) {
        if (glp_mip_col_val(model.mip, line.columns[k]) > 0.5) chosen = line.locations[k];
      }
      if (chosen == static_cast<std::size_t>(-1)) return false;
      allocation[order_idx].push_back(chosen);
    }
  }
  return true;
}

}  // namespace

core::Result<RebalancePlan> AllocateByMip(const RebalanceInput& input, const RebalanceOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  auto prepared = detail::PrepareRebalance(input, options.weights);
  if (!prepared.has_value()) return prepared.error();
  const RebalanceProblem& problem = prepared.value();
  const std::vector<std::size_t> first_come_queue = detail::FirstComeQueue(problem);
  const Allocation first_come = detail::AllocateGreedily(problem, first_come_queue);
  // The start (GLPK's first incumbent, and the fallback): the better of first come and heaviest
  // first (weight, then first come).
  std::vector<std::size_t> heaviest_first = first_come_queue;
  std::stable_sort(heaviest_first.begin(), heaviest_first.end(), [&](std::size_t a, std::size_t b) {
    return problem.orders[a].weight > problem.orders[b].weight;
  });
  const Allocation by_weight = detail::AllocateGreedily(problem, heaviest_first);
  const Allocation& start =
      detail::WeightedValue(problem, by_weight) > detail::WeightedValue(problem, first_come) ? by_weight : first_come;
  auto fall_back = [&](bool hit_limit) {
    RebalancePlan plan = detail::BuildRebalancePlan(problem, start, RebalanceMethod::kMip);
    plan.hit_limit = hit_limit;
    plan.fell_back_to_greedy = true;
    return plan;
  };
  Model model;
  BuildModel(problem, model);
  if (glp_get_num_cols(model.mip) == 0) {  // no order can be filled: the empty plan is optimal
    RebalancePlan plan = detail::BuildRebalancePlan(problem, first_come, RebalanceMethod::kMip);
    plan.optimal = true;
    return plan;
  }
  const int time_limit_ms = std::max(1, options.time_limit_ms);
  glp_smcp simplex;
  glp_init_smcp(&simplex);
  simplex.msg_lev = GLP_MSG_OFF;
  simplex.presolve = GLP_ON;
  simplex.tm_lim = time_limit_ms;
  const int lp_status = glp_simplex(model.mip, &simplex);
  if (lp_status == GLP_ETMLIM) return fall_back(true);
  if (lp_status != 0 || glp_get_status(model.mip) != GLP_OPT) {
    return core::MakeError(core::ErrorCode::kInternal, "GLPK could not solve the LP relaxation");
  }
  const auto value_bound = static_cast<std::int64_t>(std::floor(glp_get_obj_val(model.mip) + 1e-6));
  const auto spent_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  SearchState state;
  state.problem = &problem;
  state.model = &model;
  state.first_come_rank.resize(problem.orders.size());
  for (std::size_t rank = 0; rank < first_come_queue.size(); ++rank) state.first_come_rank[first_come_queue[rank]] = rank;
  state.first_incumbent = start;
  state.max_nodes = options.max_nodes;
  glp_iocp search;
  glp_init_iocp(&search);
  search.msg_lev = GLP_MSG_OFF;
  search.presolve = GLP_OFF;
  search.cov_cuts = GLP_ON;  // stock rows are knapsacks
  search.tm_lim = static_cast<int>(std::max<std::int64_t>(1, time_limit_ms - spent_ms));
  search.cb_func = OnSearchEvent;
  search.cb_info = &state;
  const int terminal_was = glp_term_out(GLP_OFF);  // the cover-cut generator prints regardless of msg_lev
  const int mip_status = glp_intopt(model.mip, &search);
  glp_term_out(terminal_was);
  const bool hit_limit = mip_status == GLP_ETMLIM || mip_status == GLP_ESTOP;
  if (mip_status != 0 && !hit_limit) {
    return core::MakeError(core::ErrorCode::kInternal, "GLPK's branch and bound failed");
  }
  const int solution = glp_mip_status(model.mip);
  if (solution != GLP_OPT && solution != GLP_FEAS) {
    RebalancePlan plan = fall_back(hit_limit);
    plan.value_bound = value_bound;
    return plan;
  }
  Allocation allocation;
  if (!ReadAllocation(model, problem.orders.size(), allocation) || !detail::RespectsLimits(problem, allocation)) {
    return core::MakeError(core::ErrorCode::kInternal, "GLPK's solution breaks a stock or parcel limit");
  }
  RebalancePlan plan = detail::BuildRebalancePlan(problem, allocation, RebalanceMethod::kMip);
  if (plan.summary.weighted_value < detail::WeightedValue(problem, start)) {
    plan = fall_back(hit_limit);
  } else {
    plan.optimal = mip_status == 0 && solution == GLP_OPT;
  }
  plan.value_bound = plan.optimal ? plan.summary.weighted_value : value_bound;
  plan.hit_limit = hit_limit;
  return plan;
}

}  // namespace ordo::sourcing
