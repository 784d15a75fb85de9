#pragma once
// Deterministic randomness for the generated ground truth: SplitMix64 seeded per person and per
// order, so any order can be regenerated from (seed, person, order index) alone.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace ordo::bench::customers {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  Rng(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0)
      : state_(seed ^ (a * 0x9e3779b97f4a7c15ULL) ^ (b * 0xc2b2ae3d27d4eb4fULL)) {
    Next();
  }

  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t Below(std::uint64_t bound) { return bound == 0 ? 0 : Next() % bound; }
  std::int64_t Between(std::int64_t low, std::int64_t high) {  // inclusive
    return low + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(high - low + 1)));
  }
  double Unit() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }
  bool Chance(double probability) { return Unit() < probability; }

 private:
  std::uint64_t state_;
};

// Draws index i with probability weight[i] / Σ weight.
class WeightedPick {
 public:
  WeightedPick() = default;
  explicit WeightedPick(const std::vector<double>& weights) {
    double total = 0;
    for (const double weight : weights) cumulative_.push_back(total += weight);
  }
  // Weights 1 / (rank + offset)^exponent: a long-tailed popularity curve.
  static WeightedPick Zipf(std::size_t count, double exponent, double offset) {
    std::vector<double> weights;
    for (std::size_t rank = 0; rank < count; ++rank) weights.push_back(1.0 / std::pow(rank + offset, exponent));
    return WeightedPick(weights);
  }
  std::size_t operator()(Rng& rng) const {
    const double point = rng.Unit() * cumulative_.back();
    return static_cast<std::size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), point) -
                                    cumulative_.begin()) % cumulative_.size();
  }
  std::size_t size() const { return cumulative_.size(); }

 private:
  std::vector<double> cumulative_;
};

}  // namespace ordo::bench::customers
