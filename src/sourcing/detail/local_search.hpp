#pragma once
// Internal: a plan under local search (which candidate ships each line, with each parcel's weight
// kept up to date) and the line moves that improve it (docs/sourcing.md, the heuristic path).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sourcing/detail/plan_search.hpp"

namespace ordo::sourcing::detail {

inline std::int64_t Penalty(const SearchInput& input) { return input.policy->extra_parcel_penalty; }

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

// Takes `plan` to a local optimum of the line moves: the best single-line relocation, else the
// best exchange of two lines between parcels, else emptying one parcel into the other used ones.
// Strict improvements only, fixed visiting order, at most 200 steps.
void LocalSearch(Assignment& plan, const SearchInput& input);

}  // namespace ordo::sourcing::detail
