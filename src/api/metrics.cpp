#include "api/metrics.hpp"

#include <cstdio>
#include <string_view>

namespace ordo::api {
namespace {

void AppendNumber(std::string& out, std::uint64_t value) { out += std::to_string(value); }

void AppendSeconds(std::string& out, double seconds) {
  char text[32];
  const int size = std::snprintf(text, sizeof(text), "%.6g", seconds);
  out.append(text, static_cast<std::size_t>(size));
}

void AppendLabel(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append("=\"");
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

HttpMetrics::HttpMetrics(std::vector<std::string> route_labels)
    : labels_(std::move(route_labels)),
      series_(std::make_unique<Series[]>(labels_.size() * kStatusClasses)) {}

void HttpMetrics::Record(int route_index, int status, std::int64_t latency_micros) {
  if (route_index < 0 || static_cast<std::size_t>(route_index) >= labels_.size()) route_index = static_cast<int>(labels_.size()) - 1;
  int status_class = status / 100 - 1;
  if (status_class < 0 || status_class >= kStatusClasses) status_class = kStatusClasses - 1;
  Series& series = series_[static_cast<std::size_t>(route_index) * kStatusClasses + static_cast<std::size_t>(status_class)];
  const std::uint64_t micros = latency_micros < 0 ? 0 : static_cast<std::uint64_t>(latency_micros);
  series.count.fetch_add(1, std::memory_order_relaxed);
  series.sum_micros.fetch_add(micros, std::memory_order_relaxed);
  const double seconds = static_cast<double>(micros) / 1e6;
  for (std::size_t bucket_idx = 0; bucket_idx < kLatencyBounds.size(); ++bucket_idx) {
    if (seconds <= kLatencyBounds[bucket_idx]) {
      series.buckets[bucket_idx].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
}

void HttpMetrics::WritePrometheus(std::string& out, const store::StoreStats& store_stats,
                                  std::uint64_t bug_count) const {
  out += "# HELP ordo_http_requests_total HTTP requests answered, by route and status class.\n";
  out += "# TYPE ordo_http_requests_total counter\n";
  std::string series_labels;
  for (std::size_t route_idx = 0; route_idx < labels_.size(); ++route_idx) {
    for (int status_class = 0; status_class < kStatusClasses; ++status_class) {
      const Series& series = series_[route_idx * kStatusClasses + static_cast<std::size_t>(status_class)];
      const std::uint64_t count = series.count.load(std::memory_order_relaxed);
      if (count == 0) continue;
      out += "ordo_http_requests_total{";
      AppendLabel(out, "route", labels_[route_idx]);
      out += ",status_class=\"" + std::to_string(status_class + 1) + "xx\"} ";
      AppendNumber(out, count);
      out += '\n';
    }
  }
  out += "# HELP ordo_http_request_duration_seconds Time from a request's last byte to its response.\n";
  out += "# TYPE ordo_http_request_duration_seconds histogram\n";
  for (std::size_t route_idx = 0; route_idx < labels_.size(); ++route_idx) {
    for (int status_class = 0; status_class < kStatusClasses; ++status_class) {
      const Series& series = series_[route_idx * kStatusClasses + static_cast<std::size_t>(status_class)];
      const std::uint64_t count = series.count.load(std::memory_order_relaxed);
      if (count == 0) continue;
      series_labels.clear();
      AppendLabel(series_labels, "route", labels_[route_idx]);
      series_labels += ",status_class=\"" + std::to_string(status_class + 1) + "xx\"";
      std::uint64_t cumulative = 0;
      for (std::size_t bucket_idx = 0; bucket_idx < kLatencyBounds.size(); ++bucket_idx) {
        cumulative += series.buckets[bucket_idx].load(std::memory_order_relaxed);
        out += "ordo_http_request_duration_seconds_bucket{" + series_labels + ",le=\"";
        AppendSeconds(out, kLatencyBounds[bucket_idx]);
        out += "\"} ";
        AppendNumber(out, cumulative);
        out += '\n';
      }
      out += "ordo_http_request_duration_seconds_bucket{" + series_labels + ",le=\"+Inf\"} ";
      AppendNumber(out, count);
      out += "\nordo_http_request_duration_seconds_sum{" + series_labels + "} ";
      AppendSeconds(out, static_cast<double>(series.sum_micros.load(std::memory_order_relaxed)) / 1e6);
      out += "\nordo_http_request_duration_seconds_count{" + series_labels + "} ";
      AppendNumber(out, count);
      out += '\n';
    }
  }

  out += "# HELP ordo_store_commit_batch_size Units of work per group commit.\n";
  out += "# TYPE ordo_store_commit_batch_size histogram\n";
  std::uint64_t cumulative = 0;
  constexpr std::size_t kBounds = std::size(store::StoreStats::kBucketBounds);
  for (std::size_t bucket_idx = 0; bucket_idx < kBounds; ++bucket_idx) {
    if (bucket_idx < store_stats.batch_size_buckets.size()) cumulative += store_stats.batch_size_buckets[bucket_idx];
    out += "ordo_store_commit_batch_size_bucket{le=\"" + std::to_string(store::StoreStats::kBucketBounds[bucket_idx]) + "\"} ";
    AppendNumber(out, cumulative);
    out += '\n';
  }
  out += "ordo_store_commit_batch_size_bucket{le=\"+Inf\"} ";
  AppendNumber(out, store_stats.commits);
  out += "\nordo_store_commit_batch_size_sum ";
  AppendNumber(out, store_stats.units);
  out += "\nordo_store_commit_batch_size_count ";
  AppendNumber(out, store_stats.commits);
  out += "\n# HELP ordo_store_failed_units_total Units of work rolled back alone.\n";
  out += "# TYPE ordo_store_failed_units_total counter\nordo_store_failed_units_total ";
  AppendNumber(out, store_stats.failed_units);
  out += "\n# HELP ordo_bugs_total ORDO_BUG reports in this process.\n";
  out += "# TYPE ordo_bugs_total counter\nordo_bugs_total ";
  AppendNumber(out, bug_count);
  out += '\n';
}

}  // namespace ordo::api
