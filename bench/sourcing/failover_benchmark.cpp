// Failover timing (issue 6, "the failover test"): N paid orders of one SKU are sourced to a
// Shanghai warehouse, which then closes (暴雨); every order is re-sourced to the backup
// (Hangzhou) or Guangzhou, or held for stock. Prints the closure's wall time beside the
// baseline of the same run: the first allocation of the same N orders by the sourcing pass.
//
//   build/bench/failover_benchmark [--db sqlite:/tmp/f.db | postgresql://…] [--orders 1000]
//
// A plain program on a real store (SQLite file or PostgreSQL), not Google Benchmark: one timed
// run per phase; machines are noisy, so read the ratio.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app/pii_key.hpp"
#include "service/sourcing_service.hpp"
#include "store/store.hpp"

namespace {

using namespace ordo;

store::LocationRecord Warehouse(std::string id, std::string province, std::string city, std::string backup) {
  store::LocationRecord location;
  location.id = std::move(id);
  location.name = location.id;
  location.province_code = std::move(province);
  location.city_code = std::move(city);
  location.daily_capacity = 1'000'000;
  location.cutoff_minute = 23 * 60 + 59;
  location.backup_location_id = std::move(backup);
  return location;
}

store::AuditRecord BenchAudit(const std::string& action) {
  store::AuditRecord audit;
  audit.actor_kind = "system";
  audit.actor_id = "failover_benchmark";
  audit.action = action;
  audit.subject = "bench";
  return audit;
}

order::Order PaidOrder(int n, core::UnixMillis now) {
  order::Order order;
  order.channel = "bench";
  order.external_id = "failover-" + std::to_string(n);
  order.status = order::OrderStatus::kPaid;
  order.currency = "CNY";
  order.created_at = now;
  order.paid_at = now;
  order.customer_ref = "c" + std::to_string(n % 97);
  order.lines = {order::OrderLine{"FAN", "桌面风扇", 1, 5900, 0, 5900}};
  order.totals = order::Totals{5900, 0, 0, 0, 5900};
  order.shipping_address.province = "浙江省";
  order.shipping_address.city = "杭州市";
  order.shipping_address.district = "西湖区";
  order.shipping_address.country = "CN";
  return order;
}

double Millis(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  int orders = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--db") db = argv[i + 1];
    else if (flag == "--orders") orders = std::atoi(argv[i + 1]);
  }
  const std::string folder = (std::filesystem::temp_directory_path() / "ordo-failover-bench").string();
  if (db.empty()) {
    std::filesystem::remove_all(folder);
    db = "sqlite:" + folder + "/bench.db";
  }
  core::SystemClock clock;
  app::PiiKeyOptions key;
  key.dev_insecure_key = true;
  auto opened = app::OpenOrderStore(db, clock, key);
  if (!opened) {
    std::fprintf(stderr, "cannot open %s: %s\n", db.c_str(), opened.error().detail.c_str());
    return 1;
  }
  store::Store& store = *opened->store;
  store::InventoryStore& inventory = store.Inventory();
  // The backup first: a location can only name one that exists.
  for (const auto& location : {Warehouse("WH-HZ", "330000", "330100", ""), Warehouse("WH-GZ", "440000", "440100", ""),
                               Warehouse("WH-SH", "310000", "310100", "WH-HZ")}) {
    if (auto created = inventory.CreateLocation(location, BenchAudit("location.create")); !created) {
      std::fprintf(stderr, "location %s: %s\n", location.id.c_str(), created.error().detail.c_str());
      return 1;
    }
  }
  std::vector<store::CarrierRateRecord> rates;
  for (const auto& [origin, cost, days] : {std::tuple{"310000", 800, 1}, {"330000", 600, 1}, {"440000", 1400, 3}}) {
    rates.push_back(store::CarrierRateRecord{"zto", "standard", origin, "330000", 0, 20000, days, cost});
  }
  if (auto replaced = inventory.ReplaceCarrierRates(rates, BenchAudit("carrier_rates.replace")); !replaced) return 1;
  store::StockChangeRequest stock;
  stock.idempotency_key = "bench-stock";
  stock.actor = core::Actor{"system", "failover_benchmark"};
  stock.changes = {store::StockChange{"FAN", "WH-SH", store::StockChange::Mode::kAbsolute, orders, std::nullopt, "count"}};
  if (auto applied = inventory.ApplyStockChanges(stock); !applied) {
    std::fprintf(stderr, "stock: %s\n", applied.error().detail.c_str());
    return 1;
  }

  std::vector<store::IngestItem> items;
  const core::UnixMillis now = clock.Now();
  for (int n = 0; n < orders; ++n) items.push_back(store::IngestItem{PaidOrder(n, now), "", core::Actor{"system", "bench"}});
  for (const auto& ingested : store.IngestSync(std::move(items))) {
    if (!ingested) {
      std::fprintf(stderr, "ingest: %s\n", ingested.error().detail.c_str());
      return 1;
    }
  }

  service::SourcingService sourcing(store, clock);
  const auto allocate_started = std::chrono::steady_clock::now();
  auto pass = sourcing.RunPass();
  const double allocate_ms = Millis(allocate_started);
  if (!pass || pass->allocated != orders) {
    std::fprintf(stderr, "first allocation: %s\n", pass ? "not every order allocated" : pass.error().detail.c_str());
    return 1;
  }

  // Backup Hangzhou takes 70 %, Guangzhou 20 %; the last 10 % must wait.
  store::StockChangeRequest elsewhere;
  elsewhere.idempotency_key = "bench-elsewhere";
  elsewhere.actor = stock.actor;
  elsewhere.changes = {
      store::StockChange{"FAN", "WH-HZ", store::StockChange::Mode::kAbsolute, orders * 7 / 10, std::nullopt, "count"},
      store::StockChange{"FAN", "WH-GZ", store::StockChange::Mode::kAbsolute, orders * 2 / 10, std::nullopt, "count"}};
  if (auto applied = inventory.ApplyStockChanges(elsewhere); !applied) return 1;

  auto report = sourcing.SetLocationStatus("WH-SH", "closed", "暴雨", core::Actor{"system", "bench"}, "");
  if (!report) {
    std::fprintf(stderr, "failover: %s\n", report.error().detail.c_str());
    return 1;
  }
  auto check = inventory.CheckStockLedger();
  std::printf("backend %s, %d orders of one SKU\n", store.BackendName().c_str(), orders);
  std::printf("| phase | wall ms | per order µs |\n|---|---|---|\n");
  std::printf("| first allocation (sourcing pass, baseline) | %.0f | %.0f |\n", allocate_ms, allocate_ms * 1000 / orders);
  std::printf("| failover on closure (re-source + report) | %.0f | %.0f |\n", report->elapsed_ms,
              report->elapsed_ms * 1000 / orders);
  std::printf("ratio failover / first allocation: %.2f\n", report->elapsed_ms / allocate_ms);
  std::printf("reallocated %lld (to backup %lld), waiting %lld, skipped %lld, failed %lld; ledger mismatches %zu\n",
              static_cast<long long>(report->reallocated), static_cast<long long>(report->to_backup),
              static_cast<long long>(report->waiting), static_cast<long long>(report->skipped),
              static_cast<long long>(report->failed), check ? check->mismatches.size() : 0);
  const bool every_order_accounted = report->reallocated + report->waiting == orders && report->failed == 0;
  return every_order_accounted && check && check->mismatches.empty() ? 0 : 1;
}
