// What reading the inventory API's big bodies costs (service/inventory_json.hpp): the carrier
// table (the demo's 12,312 rates, and 196,992 rates — near the 200,000 cap — as 16 carriers'
// copies of it), a 100,000-row stock CSV (the cap) and a 10,000-change stock body (the cap).
// Each parser runs beside its floor: RapidJSON alone reading the same document into a DOM (or
// the CSV reader alone splitting the same file), so the ratio is the cost of the rules.
//
// Run (Release build): build-release/bench/inventory_json_benchmark
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "app/demo_data.hpp"
#include "app/demo_inventory.hpp"
#include "channels/csv_reader.hpp"
#include "core/json.hpp"
#include "service/inventory_json.hpp"

namespace {

using namespace ordo;

std::string RatesBody(int copies) {
  store::CarrierTableRecord table;
  const std::vector<store::CarrierRateRecord> demo = app::DemoCarrierRates();
  for (int copy = 0; copy < copies; ++copy) {
    for (store::CarrierRateRecord rate : demo) {
      if (copies > 1) rate.carrier += std::to_string(copy);
      table.rates.push_back(std::move(rate));
    }
  }
  return service::CarrierRatesToJson(table);
}

std::string StockCsv(int rows) {
  std::string text = "\xEF\xBB\xBFSKU编码,仓库编码,在库数量,安全库存\r\n";
  const std::vector<std::string> skus = app::DemoSkus();
  for (int row = 0; row < rows; ++row) {
    text += skus[row % skus.size()] + "-" + std::to_string(row / skus.size()) + ",WH-" +
            std::to_string(row % 8) + "," + std::to_string(row % 997) + "," + std::to_string(row % 7) + "\r\n";
  }
  return text;
}

std::string StockChangesBody(int changes) {
  std::string body = R"({"changes": [)";
  for (int change = 0; change < changes; ++change) {
    body += (change ? "," : "") + std::string(R"({"sku": "SKU-)") + std::to_string(change) +
            R"(", "location_id": "WH-SH", "on_hand": )" + std::to_string(change % 500) + R"(, "safety_stock": 2})";
  }
  return body + "]}";
}

void BM_ParseCarrierRates(benchmark::State& state) {
  const std::string body = RatesBody(static_cast<int>(state.range(0)));
  std::size_t rates = 0;
  for (auto _ : state) {
    auto parsed = service::ParseCarrierRatesJson(body, true);
    if (!parsed) state.SkipWithError("refused");
    rates = parsed ? parsed->size() : 0;
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rates));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
  state.counters["rates"] = static_cast<double>(rates);
}
BENCHMARK(BM_ParseCarrierRates)->Arg(1)->Arg(16)->Unit(benchmark::kMillisecond);

void BM_RapidJsonOnlyCarrierRates(benchmark::State& state) {
  const std::string body = RatesBody(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    rapidjson::Document doc;
    benchmark::DoNotOptimize(core::ParseJson(body, doc));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_RapidJsonOnlyCarrierRates)->Arg(1)->Arg(16)->Unit(benchmark::kMillisecond);

void BM_WriteCarrierRates(benchmark::State& state) {
  store::CarrierTableRecord table;
  table.rates = app::DemoCarrierRates();
  for (auto _ : state) benchmark::DoNotOptimize(service::CarrierRatesToJson(table));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * table.rates.size()));
}
BENCHMARK(BM_WriteCarrierRates)->Unit(benchmark::kMillisecond);

void BM_ParseStockCsv(benchmark::State& state) {
  const std::string text = StockCsv(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto parsed = service::ParseStockCsv(text);
    if (!parsed) state.SkipWithError("refused");
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseStockCsv)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_CsvReaderOnly(benchmark::State& state) {
  const std::string text = StockCsv(static_cast<int>(state.range(0))).substr(3);  // no BOM
  for (auto _ : state) {
    channels::CsvReader reader(text, ',');
    channels::CsvRecord record;
    std::size_t fields = 0;
    while (reader.Next(record)) fields += record.fields.size();
    benchmark::DoNotOptimize(fields);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CsvReaderOnly)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_ParseStockChanges(benchmark::State& state) {
  const std::string body = StockChangesBody(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto parsed = service::ParseStockChangesJson(body, service::StockChangeMode::kAbsolute, true);
    if (!parsed) state.SkipWithError("refused");
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ParseStockChanges)->Arg(10'000)->Unit(benchmark::kMillisecond);

}  // namespace
BENCHMARK_MAIN();
