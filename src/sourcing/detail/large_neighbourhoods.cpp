#include "sourcing/detail/large_neighbourhoods.hpp"

#include <algorithm>
#include <initializer_list>

#include "sourcing/detail/local_search.hpp"

namespace ordo::sourcing::detail {
namespace {

// Line-move sweeps when placing lines on an open set.
constexpr int kAssignSweeps = 3;
// Subset re-optimisation: at most this many lines at once (2^k quotes per candidate, 3^k steps).
constexpr std::size_t kMaxSubsetLines = 8;

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

  // The group's lines re-solved together when there are few enough; otherwise windows of
  // kMaxSubsetLines of them by weight (stride half a window), the rest of the group staying put.
  bool Reoptimise(std::vector<std::size_t>& plan, std::int64_t& total, std::initializer_list<std::size_t> group) const {
    std::vector<std::size_t> lines;
    for (std::size_t line_idx = 0; line_idx < plan.size(); ++line_idx) {
      if (std::find(group.begin(), group.end(), plan[line_idx]) != group.end()) lines.push_back(line_idx);
    }
    if (lines.size() <= kMaxSubsetLines) return !lines.empty() && ReoptimiseLines(plan, total, lines);
    std::stable_sort(lines.begin(), lines.end(), [&](std::size_t a, std::size_t b) {
      return input_.line_weights[a] < input_.line_weights[b];
    });
    for (std::size_t first = 0;; first += kMaxSubsetLines / 2) {
      const std::size_t start = std::min(first, lines.size() - kMaxSubsetLines);
      const std::vector<std::size_t> window(lines.begin() + static_cast<std::ptrdiff_t>(start),
                                            lines.begin() + static_cast<std::ptrdiff_t>(start + kMaxSubsetLines));
      if (ReoptimiseLines(plan, total, window)) return true;
      if (start + kMaxSubsetLines == lines.size()) return false;
    }
  }

  bool ReoptimiseLines(std::vector<std::size_t>& plan, std::int64_t& total, const std::vector<std::size_t>& lines) const {
    const auto& candidates = *input_.candidates;
    const std::int64_t penalty = Penalty(input_);
    base_.assign(candidates.size(), 0);
    for (std::size_t line_idx = 0; line_idx < plan.size(); ++line_idx) {
      if (std::find(lines.begin(), lines.end(), line_idx) == lines.end()) base_[plan[line_idx]] += input_.line_weights[line_idx];
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

}  // namespace

std::int64_t ReoptimiseParcelGroups(const SearchInput& input, std::vector<std::size_t>& plan, std::int64_t total,
                                    int max_steps) {
  return SubsetReoptimiser(input).Improve(plan, total, max_steps);
}

std::int64_t ImproveOpenSet(const SearchInput& input, std::vector<std::size_t>& plan, std::int64_t total,
                            int max_steps) {
  return OpenSetSearch(input).Improve(plan, total, max_steps);
}

}  // namespace ordo::sourcing::detail
