#include "sourcing/detail/plan_search.hpp"

#include <algorithm>
#include <cstdint>

#include "sourcing/detail/large_neighbourhoods.hpp"
#include "sourcing/detail/local_search.hpp"

// Why two algorithms (docs/sourcing.md has the measurements):
// - Up to CostPolicy::exact_line_limit lines (10 by default), an exact subset dynamic programme. best[S] is the cheapest single
//   parcel carrying exactly the line set S (over every candidate that holds all of S: only the
//   submasks of its fill mask are visited); opt[S] partitions S into parcels,
//   opt[S] = min over T ∋ lowest line of S of best[T] + penalty + opt[S∖T]. This is O(L·2^n + 3^n)
//   — for 20 locations × 3 lines under 200 quotes — and optimal under the cost model, which is
//   what the 1 % / 3 % quality targets need. Two parcels of the same location in the optimum are
//   merged afterwards (one parcel never costs more with realistic, sub-additive rates).
// - Beyond it 2^n explodes, so: the best single-location plan, a greedy insertion (heaviest
//   line first, each to the candidate with the smallest added cost) and four seeded insertions
//   are each taken to a local optimum by line moves (local_search.hpp); the best two then go
//   through the large neighbourhoods (large_neighbourhoods.hpp: groups of parcels re-solved
//   exactly, the set of shipping locations searched) until neither helps. Deterministic: fixed
//   visiting order, strict improvements only, every loop capped.

namespace ordo::sourcing::detail {
namespace {

// Large-neighbourhood steps per call and alternations (each step a strict improvement; the caps
// bound the time), and how many local optima (best first) go through them.
constexpr int kOpenSetSteps = 50;
constexpr int kSubsetSteps = 50;
constexpr int kRounds = 10;
constexpr std::size_t kPolishedStarts = 2;

SearchResult SolveExact(const SearchInput& input) {
  const auto& candidates = *input.candidates;
  const std::size_t line_count = input.line_weights.size();
  const std::uint32_t full = (1u << line_count) - 1;
  std::vector<std::int64_t> weight(full + 1, 0);
  for (std::uint32_t set = 1; set <= full; ++set) {
    const int low = __builtin_ctz(set);
    weight[set] = weight[set & (set - 1)] + input.line_weights[static_cast<std::size_t>(low)];
  }
  std::vector<std::int64_t> best(full + 1, kInfeasible);
  std::vector<std::uint32_t> best_candidate(full + 1, 0);
  for (std::size_t candidate_idx = 0; candidate_idx < candidates.size(); ++candidate_idx) {
    if (!input.enabled[candidate_idx]) continue;
    const Candidate& candidate = candidates[candidate_idx];
    std::uint32_t fill = 0;
    for (std::size_t line_idx = 0; line_idx < line_count; ++line_idx) {
      if (candidate.can_fill[line_idx]) fill |= 1u << line_idx;
    }
    for (std::uint32_t set = fill; set != 0; set = (set - 1) & fill) {
      const std::int64_t total = QuoteParcel(candidate, weight[set]).total;
      if (total < best[set]) {  // strict: the lower location id keeps a tie
        best[set] = total;
        best_candidate[set] = static_cast<std::uint32_t>(candidate_idx);
      }
    }
  }
  std::vector<std::int64_t> opt(full + 1, kInfeasible);
  std::vector<std::uint32_t> opt_first(full + 1, 0);
  opt[0] = 0;
  for (std::uint32_t set = 1; set <= full; ++set) {
    const std::uint32_t low = set & (~set + 1);
    const std::uint32_t rest = set ^ low;
    // Every sub-parcel T = low | r for r ⊆ rest.
    for (std::uint32_t r = rest;; r = (r - 1) & rest) {
      const std::uint32_t part = low | r;
      if (best[part] < kInfeasible && opt[set ^ part] < kInfeasible) {
        const std::int64_t value = best[part] + Penalty(input) + opt[set ^ part];
        if (value < opt[set]) {
          opt[set] = value;
          opt_first[set] = part;
        }
      }
      if (r == 0) break;
    }
  }
  SearchResult result;
  if (opt[full] >= kInfeasible) return result;
  result.found = true;
  result.exact = true;
  result.candidate_of_line.assign(line_count, 0);
  for (std::uint32_t set = full; set != 0; set ^= opt_first[set]) {
    const std::uint32_t part = opt_first[set];
    for (std::size_t line_idx = 0; line_idx < line_count; ++line_idx) {
      if (part & (1u << line_idx)) result.candidate_of_line[line_idx] = best_candidate[part];
    }
  }
  result.total = PlanTotal(input, result.candidate_of_line);  // merges same-location parcels
  if (result.total != opt[full] - Penalty(input)) {  // opt counts a penalty for every parcel
    // Two parcels of one location were merged and the rates are not sub-additive there: no longer
    // proven optimal, so let the local search repair what the merge cost.
    Assignment plan(input, result.candidate_of_line);
    LocalSearch(plan, input);
    result.candidate_of_line = plan.candidate_of_line();
    result.total = PlanTotal(input, result.candidate_of_line);
    result.exact = false;
  }
  return result;
}

// Places every line not yet placed (kUnplaced) on the candidate with the smallest added cost,
// heaviest line first.
constexpr std::size_t kUnplaced = static_cast<std::size_t>(-1);

std::vector<std::size_t> GreedyInsertion(const SearchInput& input, std::vector<std::size_t> candidate_of_line, bool& ok) {
  const std::size_t line_count = input.line_weights.size();
  const std::size_t candidate_count = input.candidates->size();
  std::vector<std::size_t> order(line_count);
  for (std::size_t line_idx = 0; line_idx < line_count; ++line_idx) order[line_idx] = line_idx;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return input.line_weights[a] > input.line_weights[b];
  });
  std::vector<std::int64_t> weight(candidate_count, 0);
  for (std::size_t line_idx = 0; line_idx < line_count; ++line_idx) {
    if (candidate_of_line[line_idx] != kUnplaced) weight[candidate_of_line[line_idx]] += input.line_weights[line_idx];
  }
  ok = true;
  for (const std::size_t line_idx : order) {
    if (candidate_of_line[line_idx] != kUnplaced) continue;
    std::int64_t best_delta = kInfeasible;
    std::size_t best_to = candidate_count;
    for (std::size_t to = 0; to < candidate_count; ++to) {
      if (!input.enabled[to] || !(*input.candidates)[to].can_fill[line_idx]) continue;
      const Candidate& candidate = (*input.candidates)[to];
      const std::int64_t after = QuoteParcel(candidate, weight[to] + input.line_weights[line_idx]).total;
      if (after >= kInfeasible) continue;
      const std::int64_t now = weight[to] == 0 ? -Penalty(input) : QuoteParcel(candidate, weight[to]).total;
      const std::int64_t delta = after - now;
      if (delta < best_delta) {
        best_delta = delta;
        best_to = to;
      }
    }
    if (best_to == candidate_count) {
      ok = false;
      return candidate_of_line;
    }
    candidate_of_line[line_idx] = best_to;
    weight[best_to] += input.line_weights[line_idx];
  }
  return candidate_of_line;
}

SearchResult SolveHeuristic(const SearchInput& input) {
  const std::size_t line_count = input.line_weights.size();
  std::int64_t all_weight = 0;
  for (const std::int64_t w : input.line_weights) all_weight += w;
  std::vector<std::vector<std::size_t>> starts;
  std::int64_t best_single = kInfeasible;
  std::size_t single_idx = 0;
  for (std::size_t candidate_idx = 0; candidate_idx < input.candidates->size(); ++candidate_idx) {
    const Candidate& candidate = (*input.candidates)[candidate_idx];
    if (!input.enabled[candidate_idx]) continue;
    if (std::find(candidate.can_fill.begin(), candidate.can_fill.end(), false) != candidate.can_fill.end()) continue;
    const std::int64_t total = QuoteParcel(candidate, all_weight).total;
    if (total < best_single) {
      best_single = total;
      single_idx = candidate_idx;
    }
  }
  if (best_single < kInfeasible) starts.emplace_back(line_count, single_idx);
  bool greedy_ok = false;
  std::vector<std::size_t> greedy = GreedyInsertion(input, std::vector<std::size_t>(line_count, kUnplaced), greedy_ok);
  if (greedy_ok) starts.push_back(std::move(greedy));
  // Seeded starts: the kSeeds candidates holding the most lines take all they hold, the greedy
  // insertion places the rest. With scarce stock the optimum is usually "one big parcel plus
  // fill-ins", which single-line moves cannot reach from the other starts.
  constexpr std::size_t kSeeds = 4;
  std::vector<std::pair<std::size_t, std::size_t>> coverage;  // (−lines held, candidate) for sorting
  for (std::size_t candidate_idx = 0; candidate_idx < input.candidates->size(); ++candidate_idx) {
    if (!input.enabled[candidate_idx]) continue;
    const auto& can_fill = (*input.candidates)[candidate_idx].can_fill;
    coverage.emplace_back(line_count - static_cast<std::size_t>(std::count(can_fill.begin(), can_fill.end(), true)),
                          candidate_idx);
  }
  std::partial_sort(coverage.begin(), coverage.begin() + static_cast<std::ptrdiff_t>(std::min(kSeeds, coverage.size())),
                    coverage.end());
  for (std::size_t seed_idx = 0; seed_idx < std::min(kSeeds, coverage.size()); ++seed_idx) {
    const std::size_t seed = coverage[seed_idx].second;
    std::vector<std::size_t> seeded(line_count, kUnplaced);
    for (std::size_t line_idx = 0; line_idx < line_count; ++line_idx) {
      if ((*input.candidates)[seed].can_fill[line_idx]) seeded[line_idx] = seed;
    }
    bool seeded_ok = false;
    seeded = GreedyInsertion(input, std::move(seeded), seeded_ok);
    if (seeded_ok && PlanTotal(input, seeded) < kInfeasible) starts.push_back(std::move(seeded));
  }

  // Every start to its local optimum under the line moves; then the best kPolishedStarts distinct
  // ones through the two large neighbourhoods, alternated until neither helps.
  std::vector<std::pair<std::int64_t, std::vector<std::size_t>>> local_optima;
  for (auto& start : starts) {
    Assignment plan(input, std::move(start));
    LocalSearch(plan, input);
    local_optima.emplace_back(PlanTotal(input, plan.candidate_of_line()), plan.candidate_of_line());
  }
  std::stable_sort(local_optima.begin(), local_optima.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  local_optima.erase(std::unique(local_optima.begin(), local_optima.end()), local_optima.end());
  SearchResult result;
  for (std::size_t optimum_idx = 0; optimum_idx < local_optima.size(); ++optimum_idx) {
    auto& [total, plan] = local_optima[optimum_idx];
    if (input.thorough && optimum_idx < kPolishedStarts) {
      for (int round = 0; round < kRounds; ++round) {
        const std::int64_t before = total;
        total = ReoptimiseParcelGroups(input, plan, total, kSubsetSteps);
        total = ImproveOpenSet(input, plan, total, kOpenSetSteps);
        if (total == before) break;
      }
    }
    if (total < result.total) {
      result.found = true;
      result.total = total;
      result.candidate_of_line = plan;
    }
  }
  return result;
}

}  // namespace

std::int64_t PlanTotal(const SearchInput& input, const std::vector<std::size_t>& candidate_of_line) {
  std::vector<std::int64_t> weight(input.candidates->size(), 0);
  for (std::size_t line_idx = 0; line_idx < candidate_of_line.size(); ++line_idx) {
    weight[candidate_of_line[line_idx]] += input.line_weights[line_idx];
  }
  std::int64_t total = -Penalty(input);
  for (std::size_t candidate_idx = 0; candidate_idx < weight.size(); ++candidate_idx) {
    if (weight[candidate_idx] == 0) continue;
    const std::int64_t parcel = QuoteParcel((*input.candidates)[candidate_idx], weight[candidate_idx]).total;
    if (parcel >= kInfeasible) return kInfeasible;
    total += parcel + Penalty(input);
  }
  return total;
}

SearchResult SearchPlan(const SearchInput& input) {
  if (input.line_weights.empty()) {
    SearchResult empty;
    empty.found = true;
    empty.exact = true;
    empty.total = 0;
    return empty;
  }
  const auto limit = static_cast<std::size_t>(std::clamp(input.policy->exact_line_limit, 0, kMaxExactLineLimit));
  return input.line_weights.size() <= limit ? SolveExact(input) : SolveHeuristic(input);
}

}  // namespace ordo::sourcing::detail
