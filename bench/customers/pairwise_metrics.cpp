#include "pairwise_metrics.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

namespace ordo::bench::customers {
namespace {

std::uint64_t Pairs(std::uint64_t count) { return count * (count - (count > 0 ? 1 : 0)) / 2; }

std::uint64_t PairsWithin(const std::vector<std::uint32_t>& ids) {
  const std::uint32_t largest = ids.empty() ? 0 : *std::max_element(ids.begin(), ids.end());
  std::vector<std::uint32_t> counts(std::size_t{largest} + 1, 0);
  for (const std::uint32_t id : ids) ++counts[id];
  std::uint64_t pairs = 0;
  for (const std::uint32_t count : counts) pairs += Pairs(count);
  return pairs;
}

// Order indexes sorted by (key, other): runs of equal key are one group.
std::vector<std::uint32_t> SortedBy(const std::vector<std::uint32_t>& key, const std::vector<std::uint32_t>& other) {
  std::vector<std::uint32_t> order(key.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return key[a] != key[b] ? key[a] < key[b] : other[a] < other[b];
  });
  return order;
}

}  // namespace

PairCounts CountPairs(const std::vector<std::uint32_t>& truth, const std::vector<std::uint32_t>& predicted) {
  PairCounts counts;
  counts.true_pairs = PairsWithin(truth);
  counts.predicted_pairs = PairsWithin(predicted);
  const std::vector<std::uint32_t> order = SortedBy(truth, predicted);
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start;
    while (end < order.size() && truth[order[end]] == truth[order[start]] &&
           predicted[order[end]] == predicted[order[start]]) {
      ++end;
    }
    counts.correct_pairs += Pairs(end - start);
    start = end;
  }
  return counts;
}

FalseMerges ExplainFalseMerges(const std::vector<std::uint32_t>& truth, const std::vector<std::uint32_t>& predicted,
                               const Population& population) {
  FalseMerges result;
  const std::vector<std::uint32_t> order = SortedBy(predicted, truth);
  std::vector<std::pair<std::uint32_t, std::uint64_t>> persons;  // (person, orders) in one customer
  for (std::size_t start = 0; start < order.size();) {
    persons.clear();
    std::size_t end = start;
    for (; end < order.size() && predicted[order[end]] == predicted[order[start]]; ++end) {
      const std::uint32_t person = truth[order[end]];
      if (persons.empty() || persons.back().first != person) persons.emplace_back(person, 0);
      ++persons.back().second;
    }
    start = end;
    if (persons.size() < 2) continue;
    ++result.customers_mixing_persons;
    for (std::size_t i = 0; i < persons.size(); ++i) {
      for (std::size_t j = i + 1; j < persons.size(); ++j) {
        const Person& a = population.persons[persons[i].first];
        const Person& b = population.persons[persons[j].first];
        const std::uint64_t pairs = persons[i].second * persons[j].second;
        if (a.household == b.household) {
          result.household_pairs += pairs;
        } else if (a.family_name == b.family_name && a.given_name == b.given_name && a.home.area == b.home.area &&
                   a.latin == b.latin) {
          result.same_name_same_area_pairs += pairs;
        } else {
          result.other_pairs += pairs;
        }
      }
    }
  }
  return result;
}

Splits ExplainSplits(const std::vector<std::uint32_t>& truth, const std::vector<std::uint32_t>& predicted,
                     const std::vector<std::uint16_t>& tags) {
  Splits result;
  for (const std::uint16_t order_tags : tags) {
    for (int bit = 0; bit < kTagCount; ++bit) {
      if (order_tags & (1u << bit)) ++result.orders_by_tag[static_cast<std::size_t>(bit)];
    }
  }
  const std::vector<std::uint32_t> order = SortedBy(truth, predicted);
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start;
    while (end < order.size() && truth[order[end]] == truth[order[start]]) ++end;
    // The customer with most of this person's orders (runs of equal predicted id).
    std::uint32_t main_customer = predicted[order[start]];
    std::size_t best_run = 0;
    bool split = false;
    for (std::size_t run = start; run < end;) {
      std::size_t run_end = run;
      while (run_end < end && predicted[order[run_end]] == predicted[order[run]]) ++run_end;
      if (run != start) split = true;
      if (run_end - run > best_run) {
        best_run = run_end - run;
        main_customer = predicted[order[run]];
      }
      run = run_end;
    }
    if (split) {
      ++result.persons_split;
      for (std::size_t index = start; index < end; ++index) {
        if (predicted[order[index]] == main_customer) continue;
        ++result.stray_orders;
        const std::uint16_t order_tags = tags[order[index]];
        if (order_tags == 0) ++result.stray_orders_without_tags;
        for (int bit = 0; bit < kTagCount; ++bit) {
          if (order_tags & (1u << bit)) ++result.stray_orders_by_tag[static_cast<std::size_t>(bit)];
        }
      }
    }
    start = end;
  }
  return result;
}

}  // namespace ordo::bench::customers
