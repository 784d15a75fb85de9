// What `ordo import` costs per row, and where the time goes (issue 5 item 5: ≥ 50,000 rows/s
// into SQLite). A plain program: generate the files, then time each scenario once on a fresh
// SQLite database (RelWithDebInfo build; machines are noisy, compare the ratios):
//
//   build/bench/import_benchmark                    # 200,000 Shopify JSON lines + 200,000 POS CSV rows
//   build/bench/import_benchmark --rows 50000 --keep DIR
//
// Scenarios, per format:
//   map            the channel adapter only (MapShopifyOrder / MapCsvOrders): parse + map
//   map+normalise  + the entry rules (service::ReviewEntry: phone and address normalisation)
//   store only     the already mapped orders into the store in import-sized batches (encrypt,
//                  serialise, insert, timeline, outbox, audit)
//   group commit   baseline: the whole import through the store's usual group commit in
//                  batches of 100 orders (the shape of POST /orders:batch), max 512 per commit
//   import         `ordo import`'s path (service::BulkImport): batches of 4,000, one
//                  transaction each, mapping overlapped with the store
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <unistd.h>
#include <iterator>
#include <string>
#include <vector>

#include "app/pii_key.hpp"
#include "channels/csv_orders.hpp"
#include "import_files.hpp"
#include "service/bulk_import.hpp"
#include "service/entry_review.hpp"
#include "service/json_lines_reader.hpp"

namespace {

using namespace ordo;
using Clock = std::chrono::steady_clock;

struct Args {
  std::uint64_t rows = 200'000;
  std::string keep_dir;  // "" = a temp dir removed at the end
};

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// Process CPU time (all threads): on a shared machine the steadier figure per row.
double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }
double g_cpu_mark = 0;
void MarkCpu() { g_cpu_mark = CpuSeconds(); }

void Row(const char* format, const char* scenario, std::uint64_t rows, double seconds, double baseline_rate) {
  const double rate = rows / seconds;
  const double cpu = CpuSeconds() - g_cpu_mark;
  std::printf("| %-8s | %-34s | %9llu | %7.2f | %9.0f | %7.2f | %7.2f | %6.2fx |\n", format, scenario,
              static_cast<unsigned long long>(rows), seconds, rate, seconds * 1e6 / rows, cpu * 1e6 / rows,
              baseline_rate > 0 ? rate / baseline_rate : 1.0);
  std::fflush(stdout);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

service::EntryRulesPtr DefaultRules() {
  auto active = std::make_shared<service::ActiveEntryRules>();
  active->rules = quality::DefaultEntryRules();
  return active;
}

// Runs `ordo import`'s path into a fresh database at `db_path`; rows/s.
double RunImport(const std::string& db_path, const std::string& file, service::ImportSource source,
                 std::size_t batch_rows, std::size_t in_flight, int max_batch, std::uint64_t& rows) {
  const core::SystemClock clock;
  app::PiiKeyOptions key;
  key.dev_insecure_key = true;
  auto opened = app::OpenOrderStore("sqlite:" + db_path, clock, key, max_batch);
  if (!opened) {
    std::fprintf(stderr, "cannot open %s: %s\n", db_path.c_str(), opened.error().detail.c_str());
    std::exit(1);
  }
  service::BulkImportOptions options;
  options.source = source;
  options.db_url = "sqlite:" + db_path;
  options.batch_rows = batch_rows;
  options.batches_in_flight = in_flight;
  options.checkpoint_dir = std::filesystem::path(db_path).parent_path().string();
  auto rejects = service::RejectLog::Open(db_path + ".rejects", 0);
  std::atomic<bool> stop{false};
  const auto started = Clock::now();
    MarkCpu();
  service::BulkImport import(*opened->store, clock, DefaultRules(), options, **rejects, {}, stop);
  auto report = import.Run({file});
  opened->store.reset();  // everything durable
  const double seconds = Seconds(started);
  if (!report) {
    std::fprintf(stderr, "import failed: %s\n", report.error().detail.c_str());
    std::exit(1);
  }
  rows = report->counts.rows_read;
  if (report->counts.rejected > 0 || report->counts.created == 0) {
    std::fprintf(stderr, "note: %llu rejected, %llu created\n", static_cast<unsigned long long>(report->counts.rejected),
                 static_cast<unsigned long long>(report->counts.created));
  }
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int arg_idx = 1; arg_idx + 1 < argc; arg_idx += 2) {
    const std::string name = argv[arg_idx];
    if (name == "--rows") args.rows = std::stoull(argv[arg_idx + 1]);
    if (name == "--keep") args.keep_dir = argv[arg_idx + 1];
  }
  const std::filesystem::path dir = args.keep_dir.empty()
                                        ? std::filesystem::temp_directory_path() / ("ordo-import-bench-" + std::to_string(getpid()))
                                        : std::filesystem::path(args.keep_dir);
  std::filesystem::create_directories(dir);
  const std::string shopify = (dir / "shopify.jsonl").string();
  const std::string pos = (dir / "pos.csv").string();
  auto started = Clock::now();
    MarkCpu();
  const std::uint64_t shopify_rows = bench::WriteShopifyFile(shopify, args.rows);
  const std::uint64_t pos_rows = bench::WritePosCsvFile(pos, args.rows);
  std::printf("generated %llu Shopify JSON lines (%.0f MB) and %llu POS CSV rows (%.0f MB) in %.1f s\n\n",
              static_cast<unsigned long long>(shopify_rows), std::filesystem::file_size(shopify) / 1e6,
              static_cast<unsigned long long>(pos_rows), std::filesystem::file_size(pos) / 1e6, Seconds(started));
  std::printf("| format   | scenario                           |      rows |       s |    rows/s | µs/row | CPU µs/row | vs map |\n");
  std::printf("|---|---|---:|---:|---:|---:|---:|---:|\n");

  const service::EntryRulesPtr rules = DefaultRules();
  const core::UnixMillis now = core::SystemClock().Now();

  // ---- Shopify JSON lines ----
  std::vector<store::IngestItem> items;
  double map_rate = 0;
  {
    auto reader = service::JsonLinesReader::Open(shopify);
    service::JsonLine line;
    std::uint64_t rows = 0;
    started = Clock::now();
    MarkCpu();
    while (reader->Next(line)) {
      auto mapped = service::MapJsonRow(service::ImportSource::kShopify, line.text, now);
      ++rows;
      if (!mapped) continue;
    }
    const double seconds = Seconds(started);
    map_rate = rows / seconds;
    Row("shopify", "map", rows, seconds, 0);
  }
  {
    auto reader = service::JsonLinesReader::Open(shopify);
    service::JsonLine line;
    std::uint64_t rows = 0;
    started = Clock::now();
    MarkCpu();
    while (reader->Next(line)) {
      auto mapped = service::MapJsonRow(service::ImportSource::kShopify, line.text, now);
      ++rows;
      if (!mapped) continue;
      auto review = service::ReviewEntry(*mapped, *rules);
      if (!review) continue;
      store::IngestItem item;
      item.order = std::move(mapped).value();
      item.review = std::move(review).value();
      item.actor = {"system", "import"};
      items.push_back(std::move(item));
    }
    Row("shopify", "map+normalise", rows, Seconds(started), map_rate);
  }
  {
    const core::SystemClock clock;
    app::PiiKeyOptions key;
    key.dev_insecure_key = true;
    const std::string db = (dir / "store-only.db").string();
    auto opened = app::OpenOrderStore("sqlite:" + db, clock, key, 4000);
    const std::uint64_t rows = items.size();
    started = Clock::now();
    MarkCpu();
    std::vector<store::IngestItem> batch;
    for (std::size_t item_idx = 0; item_idx < items.size(); ++item_idx) {
      batch.push_back(std::move(items[item_idx]));
      if (batch.size() == 4000 || item_idx + 1 == items.size()) {
        (void)opened->store->IngestSync(std::move(batch));
        batch.clear();
      }
    }
    opened->store.reset();
    Row("shopify", "store only (batches of 4,000)", rows, Seconds(started), map_rate);
    items.clear();
  }
  {
    std::uint64_t rows = 0;
    const double seconds = RunImport((dir / "group-commit.db").string(), shopify, service::ImportSource::kShopify,
                                     100, 8, 512, rows);
    Row("shopify", "group commit (batches of 100)", rows, seconds, map_rate);
  }
  {
    std::uint64_t rows = 0;
    const double seconds = RunImport((dir / "import.db").string(), shopify, service::ImportSource::kShopify, 4000, 2,
                                     4000, rows);
    Row("shopify", "import", rows, seconds, map_rate);
  }

  // ---- POS CSV ----
  double csv_map_rate = 0;
  {
    const std::string bytes = ReadAll(pos);
    started = Clock::now();
    MarkCpu();
    auto mapped = channels::MapCsvOrders(bytes, channels::DefaultCsvProfile(), now);
    const double seconds = Seconds(started);
    csv_map_rate = mapped->rows / seconds;
    Row("pos_csv", "map", mapped->rows, seconds, 0);
    started = Clock::now();
    for (channels::ChannelOrder& order : mapped->orders) (void)service::ReviewEntry(order.order, *rules);
    Row("pos_csv", "map+normalise", mapped->rows, seconds + Seconds(started), csv_map_rate);
  }
  {
    std::uint64_t rows = 0;
    const double seconds = RunImport((dir / "csv-group-commit.db").string(), pos, service::ImportSource::kPosCsv, 100,
                                     8, 512, rows);
    Row("pos_csv", "group commit (batches of 100)", rows, seconds, csv_map_rate);
  }
  {
    std::uint64_t rows = 0;
    const double seconds = RunImport((dir / "csv-import.db").string(), pos, service::ImportSource::kPosCsv, 4000, 2,
                                     4000, rows);
    Row("pos_csv", "import", rows, seconds, csv_map_rate);
  }
  if (args.keep_dir.empty()) std::filesystem::remove_all(dir);
  return 0;
}
