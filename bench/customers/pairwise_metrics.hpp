#pragma once
// Pairwise precision and recall of a clustering against ground truth, and where the errors are.
//   a pair = two orders; true pair: same person; predicted pair: same customer
//   precision = correct pairs / predicted pairs, recall = correct pairs / true pairs
#include <array>
#include <cstdint>
#include <vector>

#include "synthetic_orders.hpp"
#include "synthetic_population.hpp"

namespace ordo::bench::customers {

struct PairCounts {
  std::uint64_t true_pairs = 0;
  std::uint64_t predicted_pairs = 0;
  std::uint64_t correct_pairs = 0;
  double Precision() const { return predicted_pairs == 0 ? 1.0 : double(correct_pairs) / double(predicted_pairs); }
  double Recall() const { return true_pairs == 0 ? 1.0 : double(correct_pairs) / double(true_pairs); }
};

// truth[i], predicted[i]: the person and the customer of order i (dense ids).
PairCounts CountPairs(const std::vector<std::uint32_t>& truth, const std::vector<std::uint32_t>& predicted);

// Wrongly joined order pairs by how the two people are related.
struct FalseMerges {
  std::uint64_t household_pairs = 0;         // one household (family, flatmates)
  std::uint64_t same_name_same_area_pairs = 0;  // the same name in the same district / postcode
  std::uint64_t other_pairs = 0;
  std::size_t customers_mixing_persons = 0;
};
FalseMerges ExplainFalseMerges(const std::vector<std::uint32_t>& truth, const std::vector<std::uint32_t>& predicted,
                               const Population& population);

// Orders that did not join the customer holding most of their person's orders, by variation.
struct Splits {
  std::size_t persons_split = 0;
  std::uint64_t stray_orders = 0;
  std::uint64_t stray_orders_without_tags = 0;
  std::array<std::uint64_t, kTagCount> stray_orders_by_tag{};
  std::array<std::uint64_t, kTagCount> orders_by_tag{};  // all orders, for the rate
};
Splits ExplainSplits(const std::vector<std::uint32_t>& truth, const std::vector<std::uint32_t>& predicted,
                     const std::vector<std::uint16_t>& tags);

}  // namespace ordo::bench::customers
