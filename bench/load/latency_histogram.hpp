#pragma once
// A small HDR-style latency histogram: log-linear buckets over 64-bit nanoseconds. Values
// below 256 ns are exact; above, each power of two is split into 128 equal buckets, so any
// recorded value is reported within 0.8% (the bucket's highest value, as HdrHistogram does).
// 7,424 counters (58 KiB), O(1) record, no allocation after construction.
//
// Thread-compatible: one histogram per load thread, merged after the run.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

namespace ordo::bench {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 8;                    // 256 linear values, then 128 per octave
  static constexpr std::uint64_t kHalf = 1ULL << (kSubBucketBits - 1);
  static constexpr std::size_t kBuckets = (64 - kSubBucketBits + 1) * kHalf + kHalf;

  LatencyHistogram() : counts_(kBuckets, 0) {}

  void Record(std::uint64_t nanos) {
    ++counts_[IndexOf(nanos)];
    ++count_;
    sum_ += nanos;
    max_ = std::max(max_, nanos);
    min_ = std::min(min_, nanos);
  }

  void Merge(const LatencyHistogram& other) {
    for (std::size_t idx = 0; idx < kBuckets; ++idx) counts_[idx] += other.counts_[idx];
    count_ += other.count_;
    sum_ += other.sum_;
    max_ = std::max(max_, other.max_);
    min_ = std::min(min_, other.min_);
  }

  std::uint64_t Count() const { return count_; }
  std::uint64_t Max() const { return max_; }
  std::uint64_t Min() const { return count_ == 0 ? 0 : min_; }
  double Mean() const { return count_ == 0 ? 0.0 : static_cast<double>(sum_) / static_cast<double>(count_); }

  // The value at quantile q in [0, 1]: the highest value of the bucket holding the
  // ceil(q × count)-th smallest recording (0 when empty).
  std::uint64_t ValueAt(double quantile) const {
    if (count_ == 0) return 0;
    auto rank = static_cast<std::uint64_t>(quantile * static_cast<double>(count_) + 0.999999);
    rank = std::clamp<std::uint64_t>(rank, 1, count_);
    std::uint64_t seen = 0;
    for (std::size_t idx = 0; idx < kBuckets; ++idx) {
      seen += counts_[idx];
      if (seen >= rank) return std::min(HighestIn(idx), max_);
    }
    return max_;
  }

  static std::size_t IndexOf(std::uint64_t value) {
    if (value < 2 * kHalf) return static_cast<std::size_t>(value);
    const int msb = 63 - std::countl_zero(value);
    const int shift = msb - (kSubBucketBits - 1);
    return static_cast<std::size_t>(static_cast<std::uint64_t>(shift) * kHalf + (value >> shift));
  }

  static std::uint64_t HighestIn(std::size_t index) {
    if (index < 2 * kHalf) return index;
    const std::uint64_t shift = index / kHalf - 1;
    const std::uint64_t mantissa = index - shift * kHalf;  // in [kHalf, 2·kHalf)
    return ((mantissa + 1) << shift) - 1;
  }

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t max_ = 0;
  std::uint64_t min_ = UINT64_MAX;
};

}  // namespace ordo::bench
