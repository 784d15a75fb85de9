#include "glpk_optimum.hpp"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <utility>

namespace ordo::bench {

// Variables: x[l][i] ∈ {0,1} line i ships from location l (only where l holds i);
// y[l][b] ∈ {0,1} location l sends one parcel in weight band b.
// min Σ y[l][b]·(c[l][b] + pressure[l] + penalty) − penalty
// s.t. Σ_l x[l][i] = 1 (each line once); Σ_i w[i]·x[l][i] ≤ Σ_b max[b]·y[l][b]; Σ_b y[l][b] ≤ 1.
// c[l][b] = min over carriers of cost + late penalty for the lane l → destination in band b.
std::int64_t GlpkOptimum(const SourcingInstance& instance, const std::vector<sourcing::CarrierRate>& rates,
                         std::int64_t dispatch_day, const sourcing::CostPolicy& policy) {
  const auto& order = instance.order;
  std::map<std::pair<std::int64_t, std::int64_t>, int> band_index;
  for (const auto& rate : rates) band_index.emplace(std::make_pair(rate.min_weight_grams, rate.max_weight_grams), 0);
  std::vector<std::int64_t> band_max;
  for (auto& [band, index] : band_index) {
    index = static_cast<int>(band_max.size());
    band_max.push_back(band.second);
  }
  glp_prob* mip = glp_create_prob();
  glp_set_obj_dir(mip, GLP_MIN);
  const int line_count = static_cast<int>(order.lines.size());
  const int location_count = static_cast<int>(instance.locations.size());
  glp_add_rows(mip, line_count + 2 * location_count);
  for (int line_idx = 0; line_idx < line_count; ++line_idx) glp_set_row_bnds(mip, line_idx + 1, GLP_FX, 1, 1);
  for (int location_idx = 0; location_idx < location_count; ++location_idx) {
    glp_set_row_bnds(mip, line_count + 2 * location_idx + 1, GLP_UP, 0, 0);  // weight ≤ band capacity
    glp_set_row_bnds(mip, line_count + 2 * location_idx + 2, GLP_UP, 0, 1);  // one band at most
  }
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0};
  auto add_column = [&](double cost) {
    const int column = glp_add_cols(mip, 1);
    glp_set_col_kind(mip, column, GLP_BV);
    glp_set_obj_coef(mip, column, cost);
    return column;
  };
  for (int location_idx = 0; location_idx < location_count; ++location_idx) {
    const auto& location = instance.locations[static_cast<std::size_t>(location_idx)];
    const int weight_row = line_count + 2 * location_idx + 1;
    for (int line_idx = 0; line_idx < line_count; ++line_idx) {
      if (!instance.holds[static_cast<std::size_t>(location_idx)][static_cast<std::size_t>(line_idx)]) continue;
      const int column = add_column(0);
      ia.push_back(line_idx + 1), ja.push_back(column), ar.push_back(1);
      ia.push_back(weight_row), ja.push_back(column),
          ar.push_back(static_cast<double>(std::max<std::int64_t>(1, order.lines[static_cast<std::size_t>(line_idx)].weight_grams)));
    }
    std::vector<std::int64_t> band_cost(band_max.size(), std::numeric_limits<std::int64_t>::max());
    for (const auto& rate : rates) {
      if (rate.origin_province != location.province_code || rate.destination_province != order.destination_province) continue;
      const std::int64_t late = std::max<std::int64_t>(0, dispatch_day + rate.transit_days - order.promise_day) *
                                policy.late_penalty_per_day;
      auto& cost = band_cost[static_cast<std::size_t>(band_index[{rate.min_weight_grams, rate.max_weight_grams}])];
      cost = std::min(cost, rate.cost + late);
    }
    const std::int64_t pressure = policy.capacity_pressure_at_full * location.capacity_used / location.daily_capacity;
    for (std::size_t band_idx = 0; band_idx < band_max.size(); ++band_idx) {
      if (band_cost[band_idx] == std::numeric_limits<std::int64_t>::max()) continue;
      const int column = add_column(static_cast<double>(band_cost[band_idx] + pressure + policy.extra_parcel_penalty));
      ia.push_back(weight_row), ja.push_back(column), ar.push_back(-static_cast<double>(band_max[band_idx]));
      ia.push_back(weight_row + 1), ja.push_back(column), ar.push_back(1);
    }
  }
  glp_load_matrix(mip, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_iocp parameters;
  glp_init_iocp(&parameters);
  parameters.presolve = GLP_ON;
  parameters.msg_lev = GLP_MSG_OFF;
  std::int64_t optimum = -1;
  if (glp_intopt(mip, &parameters) == 0 && glp_mip_status(mip) == GLP_OPT) {
    optimum = std::llround(glp_mip_obj_val(mip)) - policy.extra_parcel_penalty;
  }
  glp_delete_prob(mip);
  return optimum;
}

}  // namespace ordo::bench
