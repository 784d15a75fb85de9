#include "sourcing/detail/plan_search.hpp"

#include <algorithm>
#include <cstdint>
#include <initializer_list>

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
//   are each improved by local search (move one line; empty one parcel into the others) until no move helps. Deterministic:
//   fixed visiting order, strict improvements only.

namespace ordo::sourcing::detail {
namespace {

std::int64_t Penalty(const SearchInput& input) { return input.policy->extra_parcel_penalty; }

// Open-set improvements per start (each a strict improvement; the cap bounds the time).
constexpr int kOpenSetSteps = 50;
// Line-move sweeps when placing lines on an open set.
constexpr int kAssignSweeps = 3;
// Subset re-optimisation: at most this many lines at once, this many improvements per round.
constexpr std::size_t kMaxSubsetLines = 8;
constexpr int kSubsetSteps = 50;
constexpr int kRounds = 10;
// Local optima (best first) that go through the large neighbourhoods.
constexpr std::size_t kPolishedStarts = 2;

// Local search state: the candidate of each line and each candidate's parcel weight.
class Assignment {
 public:
  Assignment(const SearchInput& input, std::vector<std::size_t> candidate_of_line)
      : input_(&input), candidate_of_line_(std::move(candidate_of_line)),
        weight_(input.candidates->size(), 0), lines_(input.candidates->size(), 0) {
    for (std::size_t line_idx = 0; line_idx < candidate_of_line_.size(); ++line_idx) {
      weight_[candidate_of_line_[line_idx]] += input_->line_weights[line_idx];
      ++lines_[candidate_of_line_[line_idx]];
    }
  }
  // Cost of candidate's parcel at weight (0 when empty), penalty included for a non-empty parcel.
  std::int64_t ParcelCost(std::size_t candidate_idx, std::int64_t weight) const {
    if (weight == 0) return 0;
    const std::int64_t total = QuoteParcel((*input_->candidates)[candidate_idx], weight).total;
    return total >= kInfeasible ? kInfeasible : total + Penalty(*input_);
  }
  // Change in cost if line moves to `to` (kInfeasible when it cannot).
  std::int64_t MoveDelta(std::size_t line_idx, std::size_t to) const {
    const std::size_t from = candidate_of_line_[line_idx];
    const std::int64_t w = input_->line_weights[line_idx];
    const std::int64_t from_after = lines_[from] == 1 ? 0 : ParcelCost(from, weight_[from] - w);
    const std::int64_t to_after = ParcelCost(to, weight_[to] + w);
    if (from_after >= kInfeasible || to_after >= kInfeasible) return kInfeasible;
    return from_after + to_after - ParcelCost(from, weight_[from]) - ParcelCost(to, weight_[to]);
  }
  void Move(std::size_t line_idx, std::size_t to) {
    const std::size_t from = candidate_of_line_[line_idx];
    weight_[from] -= input_->line_weights[line_idx];
    --lines_[from];
    weight_[to] += input_->line_weights[line_idx];
    ++lines_[to];
    candidate_of_line_[line_idx] = to;
  }
  // Change in cost if lines a and b (in different parcels) trade places (kInfeasible when they cannot).
  std::int64_t SwapDelta(std::size_t line_a, std::size_t line_b) const {
    const std::size_t from_a = candidate_of_line_[line_a], from_b = candidate_of_line_[line_b];
    const std::int64_t shift = input_->line_weights[line_b] - input_->line_weights[line_a];
    const std::int64_t a_after = ParcelCost(from_a, weight_[from_a] + shift);
    const std::int64_t b_after = ParcelCost(from_b, weight_[from_b] - shift);
    if (a_after >= kInfeasible || b_after >= kInfeasible) return kInfeasible;
    return a_after + b_after - ParcelCost(from_a, weight_[from_a]) - ParcelCost(from_b, weight_[from_b]);
  }
  bool Usable(std::size_t line_idx, std::size_t candidate_idx) const {
    return input_->enabled[candidate_idx] && (*input_->candidates)[candidate_idx].can_fill[line_idx];
  }
  std::size_t Lines(std::size_t candidate_idx) const { return lines_[candidate_idx]; }
  const std::vector<std::size_t>& candidate_of_line() const { return candidate_of_line_; }

 private:
  const SearchInput* input_;  // outlives the assignment
  std::vector<std::size_t> candidate_of_line_;
  std::vector<std::int64_t> weight_;
  std::vector<std::size_t> lines_;
};

// The best single move of one line; applies it when it lowers the cost.
bool ImproveByMove(Assignment& plan, std::size_t line_count, std::size_t candidate_count) {
  std::int64_t best_delta = 0;
  std::size_t best_line = 0, best_to = 0;
  for (std::size_t line_idx = 0; line_idx < line_count; ++line_idx) {
    for (std::size_t to = 0; to < candidate_count; ++to) {
      if (to == plan.candidate_of_line()[line_idx] || !plan.Usable(line_idx, to)) continue;
      const std::int64_t delta = plan.MoveDelta(line_idx, to);
      if (delta < best_delta) {
        best_delta = delta;
        best_line = line_idx;
        best_to = to;
      }
    }
  }
  if (best_delta >= 0) return false;
  plan.Move(best_line, best_to);
  return true;
}

// The best exchange of two lines between two parcels; applies it when it lowers the cost.
bool ImproveBySwap(Assignment& plan, std::size_t line_count) {
  std::int64_t best_delta = 0;
  std::size_t best_a = 0, best_b = 0;
  const auto& of = plan.candidate_of_line();
  for (std::size_t line_a = 0; line_a < line_count; ++line_a) {
    for (std::size_t line_b = line_a + 1; line_b < line_count; ++line_b) {
      if (of[line_a] == of[line_b] || !plan.Usable(line_a, of[line_b]) || !plan.Usable(line_b, of[line_a])) continue;
      const std::int64_t delta = plan.SwapDelta(line_a, line_b);
      if (delta < best_delta) {
        best_delta = delta;
        best_a = line_a;
        best_b = line_b;
      }
    }
  }
  if (best_delta >= 0) return false;
  const std::size_t to_b = of[best_b], to_a = of[best_a];
  plan.Move(best_a, to_b);
  plan.Move(best_b, to_a);
  return true;
}

// Empties one parcel into the other used parcels (each line to its cheapest); kept if cheaper.
bool ImproveByEmptying(Assignment& plan, const SearchInput& input) {
  const std::size_t candidate_count = input.candidates->size();
  const std::int64_t before = PlanTotal(input, plan.candidate_of_line());
  for (std::size_t from = 0; from < candidate_count; ++from) {
    if (plan.Lines(from) == 0) continue;
    Assignment trial = plan;
    bool emptied = true;
    for (std::size_t line_idx = 0; line_idx < trial.candidate_of_line().size() && emptied; ++line_idx) {
      if (trial.candidate_of_line()[line_idx] != from) continue;
      std::int64_t best_delta = kInfeasible;
      std::size_t best_to = from;
      for (std::size_t to = 0; to < candidate_count; ++to) {
        if (to == from || trial.Lines(to) == 0 || !trial.Usable(line_idx, to)) continue;
        const std::int64_t delta = trial.MoveDelta(line_idx, to);
        if (delta < best_delta) {
          best_delta = delta;
          best_to = to;
        }
      }
      if (best_to == from) emptied = false;
      else trial.Move(line_idx, best_to);
    }
    if (emptied && PlanTotal(input, trial.candidate_of_line()) < before) {
      plan = std::move(trial);
      return true;
    }
  }
  return false;
}

void LocalSearch(Assignment& plan, const SearchInput& input) {
  const std::size_t line_count = input.line_weights.size();
  const std::size_t candidate_count = input.candidates->size();
  // Every accepted step strictly lowers an integer cost, so this ends; the cap bounds the time.
  for (int step = 0; step < 200; ++step) {
    if (ImproveByMove(plan, line_count, candidate_count)) continue;
    if (ImproveBySwap(plan, line_count)) continue;
    if (!ImproveByEmptying(plan, input)) break;
  }
}

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

// Search over which locations ship (the "open set"), as for facility location: drop one, add one,
// or swap one for another, the lines then placed on the open set alone (heaviest first, each
// where it adds least). A line move cannot find these: leaving a location needs all its lines
// to move at once, opening one needs several to move there together. Each improvement is
// polished by the line moves; first improvement, fixed visiting order.
class OpenSetSearch {
 public:
  explicit OpenSetSearch(const SearchInput& input) : input_(input) {
    const std::size_t line_count = input.line_weights.size();
    heaviest_first_.resize(line_count);
    for (std::size_t line_idx = 0; line_idx < line_count; ++line_idx) heaviest_first_[line_idx] = line_idx;
    std::stable_sort(heaviest_first_.begin(), heaviest_first_.end(), [&](std::size_t a, std::size_t b) {
      return input.line_weights[a] > input.line_weights[b];
    });
    for (std::size_t candidate_idx = 0; candidate_idx < input.candidates->size(); ++candidate_idx) {
      const auto& can_fill = (*input.candidates)[candidate_idx].can_fill;
      if (input.enabled[candidate_idx] && std::find(can_fill.begin(), can_fill.end(), true) != can_fill.end()) {
        holders_.push_back(candidate_idx);
      }
    }
  }

  // Improves `plan` (total `total`) in place; returns the new total.
  std::int64_t Improve(std::vector<std::size_t>& plan, std::int64_t total, int max_steps) const {
    std::vector<std::size_t> trial(plan.size());
    for (int step = 0; step < max_steps; ++step) {
      std::vector<std::size_t> open = plan;
      std::sort(open.begin(), open.end());
      open.erase(std::unique(open.begin(), open.end()), open.end());
      if (!TryNeighbours(open, plan, trial, total)) break;
      Assignment polished(input_, trial);
      LocalSearch(polished, input_);
      plan = polished.candidate_of_line();
      total = PlanTotal(input_, plan);
    }
    return total;
  }

 private:
  // Places every line on `open` only; the plan's total, or kInfeasible when a line fits nowhere.
  std::int64_t Assign(const std::vector<std::size_t>& open, std::vector<std::size_t>& candidate_of_line) const {
    const std::int64_t penalty = Penalty(input_);
    weight_.assign(open.size(), 0);
    cost_.assign(open.size(), -penalty);  // an empty parcel: opening it costs its quote + penalty
    slot_.assign(heaviest_first_.size(), 0);
    for (const std::size_t line_idx : heaviest_first_) {
      const std::int64_t w = input_.line_weights[line_idx];
      std::int64_t best_delta = kInfeasible;
      std::size_t best_k = open.size();
      for (std::size_t k = 0; k < open.size(); ++k) {
        const Candidate& candidate = (*input_.candidates)[open[k]];
        if (!candidate.can_fill[line_idx]) continue;
        const std::int64_t after = QuoteParcel(candidate, weight_[k] + w).total;
        if (after >= kInfeasible) continue;
        if (after - cost_[k] < best_delta) {
          best_delta = after - cost_[k];
          best_k = k;
        }
      }
      if (best_k == open.size()) return kInfeasible;
      slot_[line_idx] = best_k;
      weight_[best_k] += w;
      cost_[best_k] = QuoteParcel((*input_.candidates)[open[best_k]], weight_[best_k]).total;
    }
    // Polish: move single lines between the open locations while that helps (greedy order
    // decided the heavy lines before the light ones were known).
    for (int sweep = 0; sweep < kAssignSweeps; ++sweep) {
      bool moved = false;
      for (const std::size_t line_idx : heaviest_first_) {
        const std::int64_t w = input_.line_weights[line_idx];
        const std::size_t from = slot_[line_idx];
        const std::int64_t from_after = weight_[from] == w ? -penalty : QuoteParcel((*input_.candidates)[open[from]], weight_[from] - w).total;
        std::int64_t best_delta = 0;
        std::size_t best_k = from;
        std::int64_t best_after = 0;
        for (std::size_t k = 0; k < open.size(); ++k) {
          const Candidate& candidate = (*input_.candidates)[open[k]];
          if (k == from || !candidate.can_fill[line_idx]) continue;
          const std::int64_t after = QuoteParcel(candidate, weight_[k] + w).total;
          if (after >= kInfeasible || from_after >= kInfeasible) continue;
          const std::int64_t delta = (after - cost_[k]) + (from_after - cost_[from]);
          if (delta < best_delta) {
            best_delta = delta;
            best_k = k;
            best_after = after;
          }
        }
        if (best_k == from) continue;
        weight_[from] -= w;
        cost_[from] = from_after;
        weight_[best_k] += w;
        cost_[best_k] = best_after;
        slot_[line_idx] = best_k;
        moved = true;
      }
      if (!moved) break;
    }
    for (std::size_t line_idx = 0; line_idx < slot_.size(); ++line_idx) candidate_of_line[line_idx] = open[slot_[line_idx]];
    std::int64_t total = -penalty;
    for (std::size_t k = 0; k < open.size(); ++k) {
      if (weight_[k] > 0) total += cost_[k] + penalty;
    }
    return total;
  }

  // The first neighbour of `open` cheaper than `total`, into `trial`; false when none is.
  // Whether `candidate` holds one of the lines `plan` ships from `from` (a swap worth trying).
  bool HoldsALineOf(std::size_t candidate, std::size_t from, const std::vector<std::size_t>& plan) const {
    for (std::size_t line_idx = 0; line_idx < plan.size(); ++line_idx) {
      if (plan[line_idx] == from && (*input_.candidates)[candidate].can_fill[line_idx]) return true;
    }
    return false;
  }

  bool TryNeighbours(const std::vector<std::size_t>& open, const std::vector<std::size_t>& plan,
                     std::vector<std::size_t>& trial, std::int64_t total) const {
    std::vector<std::size_t> neighbour;
    auto cheaper = [&]() { return Assign(neighbour, trial) < total; };
    if (open.size() > 1) {
      for (std::size_t drop = 0; drop < open.size(); ++drop) {
        neighbour = open;
        neighbour.erase(neighbour.begin() + static_cast<std::ptrdiff_t>(drop));
        if (cheaper()) return true;
      }
    }
    for (const std::size_t add : holders_) {
      if (std::binary_search(open.begin(), open.end(), add)) continue;
      neighbour = open;
      neighbour.push_back(add);
      if (cheaper()) return true;
    }
    for (std::size_t swap = 0; swap < open.size(); ++swap) {
      for (const std::size_t add : holders_) {
        if (std::binary_search(open.begin(), open.end(), add) || !HoldsALineOf(add, open[swap], plan)) continue;
        neighbour = open;
        neighbour[swap] = add;
        if (cheaper()) return true;
      }
    }
    return false;
  }

  const SearchInput& input_;
  std::vector<std::size_t> heaviest_first_;
  std::vector<std::size_t> holders_;       // enabled candidates holding at least one line
  mutable std::vector<std::int64_t> weight_, cost_;  // Assign's scratch, per open location
  mutable std::vector<std::size_t> slot_;            // per line: its index in `open`
};

// Re-solves the lines of two or three parcels exactly, the other parcels fixed: the subset
// dynamic programme of SolveExact on the increments Q_c(W_c + w(T)) − Q_c(W_c) over every
// candidate c (W_c: what c already ships of the fixed lines). It moves, swaps, splits and merges
// several lines at once, and can open a location, which no single-line move does. Only subsets
// of at most kMaxSubsetLines lines (2^k per candidate), so cheap where parcels are small.
class SubsetReoptimiser {
 public:
  explicit SubsetReoptimiser(const SearchInput& input) : input_(input) {}

  // Improves `plan` in place; returns the new total.
  std::int64_t Improve(std::vector<std::size_t>& plan, std::int64_t total, int max_steps) const {
    for (int step = 0; step < max_steps; ++step) {
      if (!ImproveOnce(plan, total)) break;
    }
    return total;
  }

 private:
  bool ImproveOnce(std::vector<std::size_t>& plan, std::int64_t& total) const {
    std::vector<std::size_t> used = plan;
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    const std::size_t count = used.size();
    // Groups of one (only when alone), two or three parcels, in a fixed order.
    for (std::size_t a = 0; a < count; ++a) {
      for (std::size_t b = a; b < count; ++b) {
        if (b == a && count > 1) continue;
        for (std::size_t c = b; c < count; ++c) {
          if (c == b && b != a) {
            if (Reoptimise(plan, total, {used[a], used[b]})) return true;
            continue;
          }
          if (c == b) {
            if (Reoptimise(plan, total, {used[a]})) return true;
            continue;
          }
          if (Reoptimise(plan, total, {used[a], used[b], used[c]})) return true;
        }
      }
    }
    return false;
  }

  bool Reoptimise(std::vector<std::size_t>& plan, std::int64_t& total, std::initializer_list<std::size_t> group) const {
    std::vector<std::size_t> lines;
    for (std::size_t line_idx = 0; line_idx < plan.size(); ++line_idx) {
      if (std::find(group.begin(), group.end(), plan[line_idx]) != group.end()) lines.push_back(line_idx);
    }
    if (lines.empty() || lines.size() > kMaxSubsetLines) return false;
    const auto& candidates = *input_.candidates;
    const std::int64_t penalty = Penalty(input_);
    base_.assign(candidates.size(), 0);
    for (std::size_t line_idx = 0; line_idx < plan.size(); ++line_idx) {
      if (std::find(group.begin(), group.end(), plan[line_idx]) == group.end()) base_[plan[line_idx]] += input_.line_weights[line_idx];
    }
    const std::uint32_t full = (1u << lines.size()) - 1;
    weight_.assign(full + 1, 0);
    for (std::uint32_t set = 1; set <= full; ++set) {
      weight_[set] = weight_[set & (set - 1)] + input_.line_weights[lines[static_cast<std::size_t>(__builtin_ctz(set))]];
    }
    best_.assign(full + 1, kInfeasible);
    best_candidate_.assign(full + 1, 0);
    for (std::size_t candidate_idx = 0; candidate_idx < candidates.size(); ++candidate_idx) {
      if (!input_.enabled[candidate_idx]) continue;
      const Candidate& candidate = candidates[candidate_idx];
      std::uint32_t fill = 0;
      for (std::size_t k = 0; k < lines.size(); ++k) {
        if (candidate.can_fill[lines[k]]) fill |= 1u << k;
      }
      if (fill == 0) continue;
      const std::int64_t base = base_[candidate_idx];
      std::int64_t base_cost = 0;
      if (base > 0) {
        base_cost = QuoteParcel(candidate, base).total;
        if (base_cost >= kInfeasible) continue;
        base_cost += penalty;
      }
      for (std::uint32_t set = fill; set != 0; set = (set - 1) & fill) {
        const std::int64_t after = QuoteParcel(candidate, base + weight_[set]).total;
        if (after >= kInfeasible) continue;
        const std::int64_t increment = after + penalty - base_cost;
        if (increment < best_[set]) {
          best_[set] = increment;
          best_candidate_[set] = static_cast<std::uint32_t>(candidate_idx);
        }
      }
    }
    opt_.assign(full + 1, kInfeasible);
    opt_first_.assign(full + 1, 0);
    opt_[0] = 0;
    for (std::uint32_t set = 1; set <= full; ++set) {
      const std::uint32_t low = set & (~set + 1);
      const std::uint32_t rest = set ^ low;
      for (std::uint32_t r = rest;; r = (r - 1) & rest) {
        const std::uint32_t part = low | r;
        if (best_[part] < kInfeasible && opt_[set ^ part] < kInfeasible && best_[part] + opt_[set ^ part] < opt_[set]) {
          opt_[set] = best_[part] + opt_[set ^ part];
          opt_first_[set] = part;
        }
        if (r == 0) break;
      }
    }
    if (opt_[full] >= kInfeasible) return false;
    std::vector<std::size_t> trial = plan;
    for (std::uint32_t set = full; set != 0; set ^= opt_first_[set]) {
      const std::uint32_t part = opt_first_[set];
      for (std::size_t k = 0; k < lines.size(); ++k) {
        if (part & (1u << k)) trial[lines[k]] = best_candidate_[part];
      }
    }
    const std::int64_t trial_total = PlanTotal(input_, trial);  // merges parts sent to one location
    if (trial_total >= total) return false;
    plan = std::move(trial);
    total = trial_total;
    return true;
  }

  const SearchInput& input_;
  mutable std::vector<std::int64_t> base_, weight_, best_, opt_;  // scratch
  mutable std::vector<std::uint32_t> best_candidate_, opt_first_;
};

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
  const OpenSetSearch open_set(input);
  const SubsetReoptimiser subsets(input);
  for (std::size_t optimum_idx = 0; optimum_idx < local_optima.size(); ++optimum_idx) {
    auto& [total, plan] = local_optima[optimum_idx];
    if (input.thorough && optimum_idx < kPolishedStarts) {
      for (int round = 0; round < kRounds; ++round) {
        const std::int64_t before = total;
        total = subsets.Improve(plan, total, kSubsetSteps);
        total = open_set.Improve(plan, total, kOpenSetSteps);
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
