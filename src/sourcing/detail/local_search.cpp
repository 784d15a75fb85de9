#include "sourcing/detail/local_search.hpp"

namespace ordo::sourcing::detail {
namespace {

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

}  // namespace

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

}  // namespace ordo::sourcing::detail
