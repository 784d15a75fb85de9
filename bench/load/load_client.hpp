#pragma once
// The load generator's engine: keep-alive HTTP/1.1 connections over raw Asio, one request in
// flight per connection (no pipelining), closed loop: a connection sends its next request as
// soon as the previous response is complete. Latency is measured per request from the start
// of the write to the last byte of the response, so it includes queueing in the server but,
// closed-loop, not the "coordinated omission" a fixed-rate generator would expose.
//
// Requests are built before the run: a handful of templates (full request bytes) whose
// external_id counters are patched in place for every request, so each order is new to the
// server and the per-request work of the generator is a memcpy of the template.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "latency_histogram.hpp"

namespace ordo::bench {

enum class Scenario { kHealthz, kSingle, kBatch };

// One prepared request: the exact bytes, where its counters go, how many orders it carries.
struct RequestTemplate {
  std::string bytes;
  std::vector<std::size_t> counter_offsets;  // each kCounterDigits wide
  int orders = 0;
};

inline constexpr std::size_t kCounterDigits = 10;

struct TemplateOptions {
  Scenario scenario = Scenario::kSingle;
  std::string host_header;  // "127.0.0.1:8080"
  int batch_size = 100;
  int count = 64;           // distinct templates (varied orders)
  std::string run_prefix;   // unique per run: external ids are <run_prefix><counter>
  std::vector<std::string> extra_headers;  // "Name: value"
  std::uint64_t seed = 1;
};

// Realistic 3-line orders from app/demo_data, ~800 bytes each as JSON.
std::vector<RequestTemplate> BuildTemplates(const TemplateOptions& options);

struct LoadOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  int connections = 64;
  int threads = 1;
  double warmup_seconds = 2;
  double duration_seconds = 10;
};

struct LoadResult {
  double seconds = 0;               // measured window
  std::uint64_t responses = 0;      // completed in the window
  std::uint64_t ok_responses = 0;   // 2xx
  std::uint64_t orders_ok = 0;      // orders accepted (2xx items of 2xx responses)
  std::uint64_t item_errors = 0;    // batch items answered with a non-2xx status
  std::uint64_t http_errors = 0;    // non-2xx responses
  std::uint64_t socket_errors = 0;  // connect/read/write failures, malformed responses
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  std::map<int, std::uint64_t> status_counts;
  LatencyHistogram latency;         // nanoseconds, responses completed in the window
  std::string first_error;          // a sample for the report
};

// Runs the load until warmup + duration have passed, then lets in-flight requests finish
// (at most 5 s) and returns. Connections that fail are reopened.
LoadResult RunLoad(const LoadOptions& options, const std::vector<RequestTemplate>& templates);

}  // namespace ordo::bench
