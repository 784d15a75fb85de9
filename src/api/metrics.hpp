#pragma once
// Request counts and latency histograms per route and status class, rendered in the
// Prometheus text format together with the store's commit batch sizes and the ORDO_BUG count.
//
// Thread-safe: Record() is a handful of relaxed atomic increments, no lock and no allocation.
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace ordo::api {

class HttpMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 14> kLatencyBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                            0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
  static constexpr int kStatusClasses = 5;  // 1xx … 5xx

  // One label per route index (Router::MetricLabels()).
  explicit HttpMetrics(std::vector<std::string> route_labels);

  void Record(int route_index, int status, std::int64_t latency_micros);
  // The label of `route_index` (the last label for anything out of range).
  const std::string& Label(int route_index) const {
    if (route_index < 0 || static_cast<std::size_t>(route_index) >= labels_.size()) return labels_.back();
    return labels_[static_cast<std::size_t>(route_index)];
  }

  // The whole exposition, appended to `out`.
  void WritePrometheus(std::string& out, const store::StoreStats& store_stats, std::uint64_t bug_count) const;

 private:
  struct Series {
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_micros{0};
    std::array<std::atomic<std::uint64_t>, kLatencyBounds.size()> buckets{};  // not cumulative
  };

  std::vector<std::string> labels_;
  std::unique_ptr<Series[]> series_;  // [route_index * kStatusClasses + status_class]
};

}  // namespace ordo::api
