#include "latency_histogram.hpp"

#include <gtest/gtest.h>

namespace ordo::bench {
namespace {

TEST(LatencyHistogram, SmallValuesAreExact) {
  LatencyHistogram histogram;
  for (std::uint64_t value = 1; value <= 100; ++value) histogram.Record(value);
  EXPECT_EQ(histogram.ValueAt(0.5), 50u);
  EXPECT_EQ(histogram.ValueAt(0.99), 99u);
  EXPECT_EQ(histogram.ValueAt(1.0), 100u);
}

TEST(LatencyHistogram, LargeValuesAreWithinOnePercent) {
  for (std::uint64_t value : {300ULL, 12'345ULL, 1'000'000ULL, 987'654'321ULL, 1ULL << 62}) {
    LatencyHistogram histogram;
    histogram.Record(value);
    const std::uint64_t reported = histogram.ValueAt(0.5);
    EXPECT_GE(reported, value);
    EXPECT_LE(static_cast<double>(reported), static_cast<double>(value) * 1.008) << value;
  }
}

TEST(LatencyHistogram, BucketsAreContiguousAndCoverTheRange) {
  for (std::size_t index = 1; index < LatencyHistogram::kBuckets; ++index) {
    ASSERT_EQ(LatencyHistogram::IndexOf(LatencyHistogram::HighestIn(index - 1) + 1), index);
  }
  EXPECT_EQ(LatencyHistogram::IndexOf(UINT64_MAX), LatencyHistogram::kBuckets - 1);
}

TEST(LatencyHistogram, PercentilesOfAUniformSpread) {
  LatencyHistogram histogram;
  for (std::uint64_t micros = 1; micros <= 10'000; ++micros) histogram.Record(micros * 1000);
  EXPECT_NEAR(static_cast<double>(histogram.ValueAt(0.5)), 5e6, 5e6 * 0.01);
  EXPECT_NEAR(static_cast<double>(histogram.ValueAt(0.99)), 9.9e6, 9.9e6 * 0.01);
  EXPECT_NEAR(static_cast<double>(histogram.ValueAt(0.999)), 9.99e6, 9.99e6 * 0.01);
  EXPECT_EQ(histogram.Max(), 10'000'000u);
}

TEST(LatencyHistogram, MergeAddsCounts) {
  LatencyHistogram first;
  LatencyHistogram second;
  first.Record(10);
  second.Record(20);
  second.Record(30);
  first.Merge(second);
  EXPECT_EQ(first.Count(), 3u);
  EXPECT_EQ(first.ValueAt(0.5), 20u);
  EXPECT_EQ(first.Min(), 10u);
}

}  // namespace
}  // namespace ordo::bench
