// What it measures: the canonical order codec on realistic demo orders (app/demo_data) of
// 1, 3 and 5 lines and a 100-line bulk order —
//   RapidJsonParse   bare rapidjson::Document::Parse of the same body, with the flags
//                    core::ParseJson uses: the baseline, the cost of reading JSON at all
//   ParseOrder       order::ParseOrder in strict mode: JSON + every rule, into an Order
//   OrderToJsonMasked / OrderToJsonClear   writing an order as the API shows it / as stored
//   ContentFingerprint                     the idempotency fingerprint of an ingest
// At the end it prints ParseOrder ÷ RapidJsonParse per size: the price of the rules and the
// model on top of parsing, from CPU time (these machines are noisy; the ratio is the stable figure).
//
// How to run (Release build; `make bench` runs it with JSON output to build/bench/):
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release
//   ninja -C build-bench order_json_benchmark && build-bench/bench/order_json_benchmark
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <unistd.h>

#include "app/demo_data.hpp"
#include "core/json.hpp"
#include "order/order_json.hpp"

namespace {

using namespace ordo;

constexpr core::UnixMillis kNow = 1'795'000'000'000;

// A demo order with `lines` lines (1..5 straight from the generator; more by repeating its
// lines under new SKUs), totals kept consistent.
order::Order MakeOrder(int lines) {
  app::DemoSpec spec;
  spec.orders = 1;
  spec.seed = 2026;
  spec.now = kNow;
  spec.fixed_lines = lines <= 5 ? lines : 5;
  spec.with_timeline = false;
  order::Order order = app::GenerateDemoOrders(spec).front().order;
  for (int line_idx = 5; line_idx < lines; ++line_idx) {
    order::OrderLine line = order.lines[static_cast<std::size_t>(line_idx % 5)];
    line.sku.append("-").append(std::to_string(line_idx));  // not `"-" + …`: g++ 12 -Wrestrict false positive
    order.totals.items += line.line_total;
    order.lines.push_back(std::move(line));
  }
  order.totals.grand_total = order.totals.items + order.totals.shipping + order.totals.tax - order.totals.discount;
  for (order::Payment& payment : order.payments) payment.amount = order.totals.grand_total;
  return order;
}

const std::string& Body(int lines) {
  static std::map<int, std::string> bodies;
  auto [it, inserted] = bodies.try_emplace(lines);
  if (inserted) it->second = app::DemoOrderJson(MakeOrder(lines));
  return it->second;
}

void SizeArgs(benchmark::internal::Benchmark* bench) {
  for (int lines : {1, 3, 5, 100}) bench->Arg(lines);
}

void RapidJsonParse(benchmark::State& state) {
  const std::string& body = Body(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
    benchmark::DoNotOptimize(doc.HasParseError());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(RapidJsonParse)->Apply(SizeArgs);

void ParseOrder(benchmark::State& state) {
  const std::string& body = Body(static_cast<int>(state.range(0)));
  const order::ParseOptions options;  // strict
  if (!order::ParseOrder(body, options, kNow).has_value()) state.SkipWithError("demo order does not parse");
  for (auto _ : state) {
    auto order = order::ParseOrder(body, options, kNow);
    benchmark::DoNotOptimize(order);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(ParseOrder)->Apply(SizeArgs);

void OrderToJsonMasked(benchmark::State& state) {
  const order::Order order = MakeOrder(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(order::OrderToJson(order, order::PiiView::kMasked));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(OrderToJsonMasked)->Apply(SizeArgs);

void OrderToJsonClear(benchmark::State& state) {
  const order::Order order = MakeOrder(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(order::OrderToJson(order, order::PiiView::kClear));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(OrderToJsonClear)->Apply(SizeArgs);

void ContentFingerprint(benchmark::State& state) {
  const order::Order order = MakeOrder(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(order::ContentFingerprint(order));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(ContentFingerprint)->Apply(SizeArgs);

// The console output as usual, then ParseOrder ÷ RapidJsonParse for each size.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  // Colour only on a terminal, so that piped output stays plain text.
  RatioReporter() : ConsoleReporter(isatty(fileno(stdout)) ? OO_Defaults : OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Iteration && !run.error_occurred) times_[run.benchmark_name()] = run.GetAdjustedCPUTime();
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    for (const char* size : {"1", "3", "5", "100"}) {
      const auto parse = times_.find(std::string("ParseOrder/") + size);
      const auto baseline = times_.find(std::string("RapidJsonParse/") + size);
      if (parse == times_.end() || baseline == times_.end() || baseline->second <= 0) continue;
      std::printf("ParseOrder / RapidJsonParse, %3s line(s), %5zu-byte body: %.2fx\n", size,
                  Body(std::stoi(size)).size(), parse->second / baseline->second);
    }
  }

 private:
  std::map<std::string, double> times_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
