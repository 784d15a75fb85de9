// Batch re-allocation (sourcing::AllocateByMip, GLPK) against first come, first served on generated
// scarce-stock batches: per batch size, the orders filled, the weighted value (what the MIP
// maximises) and the units of each method, how often the MIP proved optimality within its time
// limit, how far below the LP bound it stayed on average ("<bound", over the instances whose LP
// relaxation was solved in time, −1 % when none was: an upper limit on what a stopped search
// missed, 0 when proven optimal), and the solve times (p50 / max; MIP = building
// the model + LP + branch and bound).
//
//   build-h/bench/rebalance_benchmark [--orders 200,1000,5000] [--instances 10] [--seed 1]
//                                     [--time-limit-ms 2000] [--capacity 1]
//
// Batches: 20–50 SKUs, 5–20 locations, 1–4 lines per order (qty 1–3, SKUs skewed: the first
// fifth of the SKUs get half the lines), priority 0 (70 %), 1 (20 %) or 2 (10 %), promise in 0–10
// days, waiting for up to 3 days. Stock is scarce: each SKU's total is 30–80 % of what the batch
// asks for, spread over 1–4 random locations. With --capacity 1 (default) a third of the
// locations can ship only ~60 % of the parcels they would get if every order were split evenly.
// Exits 1 if the MIP's weighted value is below first come's or either plan breaks a stock or
// parcel limit (checked here, from the input, not by the library): the CTest floor.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "sourcing/rebalance.hpp"

namespace {

using namespace ordo::sourcing;
using Clock = std::chrono::steady_clock;
constexpr std::int64_t kToday = 20'785;

std::vector<int> ParseList(const char* text) {
  std::vector<int> values;
  for (const char* cursor = text; *cursor != '\0';) {
    char* end = nullptr;
    const long value = std::strtol(cursor, &end, 10);
    if (end == cursor) break;
    values.push_back(static_cast<int>(value));
    cursor = *end == ',' ? end + 1 : end;
  }
  return values;
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5)];
}

RebalanceInput GenerateBatch(std::mt19937_64& rng, int order_count, bool capacity) {
  auto uniform = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
  RebalanceInput input;
  input.today = kToday;
  const int sku_count = uniform(20, 50);
  const int location_count = uniform(5, 20);
  std::vector<std::int64_t> demand(static_cast<std::size_t>(sku_count), 0);
  std::map<std::string, std::int64_t> lines_at_location;  // for the parcel limits
  for (int order_idx = 0; order_idx < order_count; ++order_idx) {
    WaitingOrder order;
    char id[16];
    std::snprintf(id, sizeof id, "SO%05d", order_idx);
    order.id = id;
    const int roll = uniform(0, 9);
    order.priority = roll < 7 ? 0 : roll < 9 ? 1 : 2;
    order.promise_day = kToday + uniform(0, 10);
    order.waiting_since = 1'795'831'200'000 - static_cast<std::int64_t>(uniform(0, 3 * 24 * 60)) * 60'000;
    const int line_count = uniform(1, 4);
    std::set<int> skus;
    while (static_cast<int>(skus.size()) < line_count) {
      skus.insert(uniform(0, 1) == 0 ? uniform(0, std::max(0, sku_count / 5 - 1)) : uniform(0, sku_count - 1));
    }
    for (const int sku : skus) {
      const int qty = uniform(1, 3);
      order.lines.push_back({"SKU-" + std::to_string(sku), qty});
      demand[static_cast<std::size_t>(sku)] += qty;
    }
    input.orders.push_back(std::move(order));
  }
  for (int sku = 0; sku < sku_count; ++sku) {
    const std::int64_t total = demand[static_cast<std::size_t>(sku)] * uniform(30, 80) / 100;
    const int holders = uniform(1, 4);
    std::set<int> locations;
    while (static_cast<int>(locations.size()) < std::min(holders, location_count)) locations.insert(uniform(0, location_count - 1));
    std::int64_t left = total;
    int remaining = static_cast<int>(locations.size());
    for (const int location : locations) {
      const std::int64_t share = remaining == 1 ? left : left * uniform(20, 80) / 100;
      left -= share;
      --remaining;
      if (share <= 0) continue;
      input.stock.push_back({"SKU-" + std::to_string(sku), "L" + std::to_string(location), share});
    }
  }
  if (capacity) {
    for (int location = 0; location < location_count; location += 3) {
      input.capacities.push_back({"L" + std::to_string(location), std::max<std::int64_t>(1, order_count * 6 / 10 / location_count)});
    }
  }
  return input;
}

// Independent of the library: stock, parcels, completeness and the summary.
bool WithinLimits(const RebalanceInput& input, const RebalancePlan& plan) {
  std::map<std::pair<std::string, std::string>, std::int64_t> left;
  for (const StockRow& row : input.stock) left[{row.sku, row.location_id}] = row.available;
  std::map<std::string, std::int64_t> parcels_left;
  for (const ParcelCapacity& row : input.capacities) parcels_left[row.location_id] = row.parcels;
  std::map<std::string, const WaitingOrder*> by_id;
  for (const WaitingOrder& order : input.orders) by_id[order.id] = &order;
  std::int64_t value = 0;
  for (const FilledOrder& filled : plan.filled) {
    const WaitingOrder& order = *by_id.at(filled.order_id);
    if (filled.lines.size() != order.lines.size()) return false;
    std::set<std::string> used;
    for (std::size_t line_idx = 0; line_idx < order.lines.size(); ++line_idx) {
      if ((left[{order.lines[line_idx].sku, filled.lines[line_idx].location_id}] -= order.lines[line_idx].qty) < 0) {
        return false;
      }
      used.insert(filled.lines[line_idx].location_id);
    }
    for (const std::string& location : used) {
      if (parcels_left.contains(location) && --parcels_left[location] < 0) return false;
    }
    value += OrderWeight(order, input.today, {});
  }
  return value == plan.summary.weighted_value;
}

double Millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> order_counts{200, 1000, 5000};
  int instances = 10;
  unsigned long long seed = 1;
  RebalanceOptions options;
  bool capacity = true;
  for (int arg_idx = 1; arg_idx + 1 < argc; arg_idx += 2) {
    if (std::strcmp(argv[arg_idx], "--orders") == 0) order_counts = ParseList(argv[arg_idx + 1]);
    if (std::strcmp(argv[arg_idx], "--instances") == 0) instances = std::atoi(argv[arg_idx + 1]);
    if (std::strcmp(argv[arg_idx], "--seed") == 0) seed = std::strtoull(argv[arg_idx + 1], nullptr, 10);
    if (std::strcmp(argv[arg_idx], "--time-limit-ms") == 0) options.time_limit_ms = std::atoi(argv[arg_idx + 1]);
    if (std::strcmp(argv[arg_idx], "--capacity") == 0) capacity = std::atoi(argv[arg_idx + 1]) != 0;
  }
  std::mt19937_64 rng(seed);
  bool failed = false;
  std::printf("%6s | %8s %8s | %9s %9s %6s %6s | %8s %8s | %7s %7s | %9s %9s %9s\n", "orders", "fcfs", "mip", "fcfs val",
              "mip val", "gain", "<bound", "fcfs u", "mip u", "optimal", "limit", "fcfs p50", "mip p50", "mip max");
  for (const int order_count : order_counts) {
    double bound_gap = 0;  // Σ (LP bound − MIP value) / LP bound over the instances whose LP was solved
    int bounded = 0;
    double fcfs_filled = 0, mip_filled = 0, fcfs_value = 0, mip_value = 0, fcfs_units = 0, mip_units = 0;
    int optimal = 0, limited = 0;
    std::vector<double> fcfs_ms, mip_ms;
    for (int instance_idx = 0; instance_idx < instances; ++instance_idx) {
      const RebalanceInput input = GenerateBatch(rng, order_count, capacity);
      auto start = Clock::now();
      const auto fcfs = AllocateFirstComeFirstServed(input, options.weights);
      fcfs_ms.push_back(Millis(Clock::now() - start));
      start = Clock::now();
      const auto mip = AllocateByMip(input, options);
      mip_ms.push_back(Millis(Clock::now() - start));
      if (!fcfs.has_value() || !mip.has_value()) {
        std::fprintf(stderr, "%d orders, instance %d: %s\n", order_count, instance_idx,
                     !fcfs.has_value() ? fcfs.error().detail.c_str() : mip.error().detail.c_str());
        failed = true;
        continue;
      }
      if (!WithinLimits(input, fcfs.value()) || !WithinLimits(input, mip.value())) {
        std::fprintf(stderr, "%d orders, instance %d: a plan breaks a limit\n", order_count, instance_idx);
        failed = true;
      }
      if (mip.value().summary.weighted_value < fcfs.value().summary.weighted_value) {
        std::fprintf(stderr, "%d orders, instance %d: MIP below first come\n", order_count, instance_idx);
        failed = true;
      }
      fcfs_filled += static_cast<double>(fcfs.value().summary.orders_filled);
      mip_filled += static_cast<double>(mip.value().summary.orders_filled);
      fcfs_value += static_cast<double>(fcfs.value().summary.weighted_value);
      mip_value += static_cast<double>(mip.value().summary.weighted_value);
      fcfs_units += static_cast<double>(fcfs.value().summary.units);
      mip_units += static_cast<double>(mip.value().summary.units);
      optimal += mip.value().optimal;
      if (mip.value().value_bound > 0) {
        ++bounded;
        bound_gap += static_cast<double>(mip.value().value_bound - mip.value().summary.weighted_value) /
                     static_cast<double>(mip.value().value_bound);
      }
      limited += mip.value().hit_limit;
    }
    if (fcfs_ms.empty()) continue;
    const double n = instances;
    std::printf("%6d | %8.1f %8.1f | %9.0f %9.0f %5.1f%% %5.1f%% | %8.0f %8.0f | %4d/%-2d %4d/%-2d | %7.1fms %7.1fms %7.1fms\n",
                order_count, fcfs_filled / n, mip_filled / n, fcfs_value / n, mip_value / n,
                fcfs_value > 0 ? 100.0 * (mip_value - fcfs_value) / fcfs_value : 0.0, bounded > 0 ? 100.0 * bound_gap / bounded : -1.0, fcfs_units / n, mip_units / n,
                optimal, instances, limited, instances, Percentile(fcfs_ms, 0.5), Percentile(mip_ms, 0.5),
                Percentile(mip_ms, 1.0));
    std::fflush(stdout);
  }
  if (failed) std::fprintf(stderr, "FAILED: an error, a plan over a limit, or the MIP below first come\n");
  return failed ? 1 : 0;
}
