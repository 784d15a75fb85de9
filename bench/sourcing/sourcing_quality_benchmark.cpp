// Allocation quality and speed of sourcing::DecideSourcing against the exact optimum (a MIP solved
// by GLPK, the baseline) on generated instances: 20–200 locations × 1–10 lines, ample stock (each
// location holds a line with p = 0.8) and scarce (p = 0.15), ZTO/SF-like rates between 24
// provincial capitals. Per size: median and p95 cost gap (Ordo − optimum) / optimum, and the
// decision time p50/p99 of Ordo (whole DecideSourcing, runner-ups included; warm = mean of 20
// repeated calls, cold = the first call after GLPK's run) and of GLPK (building + solving the MIP).
// Also checks that repeated calls return the same plan (determinism).
//
//   build-h/bench/sourcing_quality_benchmark [--instances 100] [--seed 1]    (Release or RelWithDebInfo)
//   … --locations 20,50 --lines 15: other scenarios (more than 10 lines takes the heuristic path)
//   … --exact-line-limit 0: every order through the heuristic (its quality against the optimum)
//   … --max-p95-gap 3: exit 1 when a scenario's p95 gap exceeds 3 % (the CTest floor)
//   … --repeat 1000 --size 20x3: only Ordo, each instance decided 1000 times (for a profiler)
//
// Scenarios: locations ∈ {20, 50, 100, 200} × lines ∈ {1, 3, 5, 10} × stock ∈ {ample, scarce}.
// Exits 1 if an Ordo plan is cheaper than the "optimum" (one of the two models is wrong), if a
// repeated call changes the plan, or if a p95 gap exceeds --max-p95-gap.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "glpk_optimum.hpp"
#include "sourcing/decide_sourcing.hpp"
#include "sourcing_instances.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kWarmRepeats = 20;

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[index];
}

std::vector<int> ParseList(const char* text) {
  std::vector<int> values;
  for (const char* cursor = text; *cursor != '\0';) {
    char* end = nullptr;
    const long value = std::strtol(cursor, &end, 10);
    if (end == cursor) break;  // not a number: stop at what was read
    values.push_back(static_cast<int>(value));
    cursor = *end == ',' ? end + 1 : end;
  }
  return values;
}

double Micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  int instances = 100;
  unsigned long long seed = 1;
  int repeat = 0;
  int profile_locations = 20, profile_lines = 3;
  int exact_line_limit = ordo::sourcing::CostPolicy{}.exact_line_limit;
  double max_p95_gap = -1;  // percent; negative: no floor
  std::vector<int> location_counts{20, 50, 100, 200}, line_counts{1, 3, 5, 10};
  for (int arg_idx = 1; arg_idx + 1 < argc; arg_idx += 2) {
    if (std::strcmp(argv[arg_idx], "--instances") == 0) instances = std::atoi(argv[arg_idx + 1]);
    if (std::strcmp(argv[arg_idx], "--seed") == 0) seed = std::strtoull(argv[arg_idx + 1], nullptr, 10);
    if (std::strcmp(argv[arg_idx], "--exact-line-limit") == 0) exact_line_limit = std::atoi(argv[arg_idx + 1]);
    if (std::strcmp(argv[arg_idx], "--max-p95-gap") == 0) max_p95_gap = std::atof(argv[arg_idx + 1]);
    if (std::strcmp(argv[arg_idx], "--locations") == 0) location_counts = ParseList(argv[arg_idx + 1]);
    if (std::strcmp(argv[arg_idx], "--lines") == 0) line_counts = ParseList(argv[arg_idx + 1]);
    if (std::strcmp(argv[arg_idx], "--repeat") == 0) repeat = std::atoi(argv[arg_idx + 1]);
    if (std::strcmp(argv[arg_idx], "--size") == 0) std::sscanf(argv[arg_idx + 1], "%dx%d", &profile_locations, &profile_lines);
  }
  using namespace ordo;
  const core::UnixMillis now = 1'795'831'200'000;  // 10:00 in Shanghai, before the 16:00 cut-off
  const std::int64_t today = sourcing::LocalDay(now);
  const std::vector<sourcing::CarrierRate> rates = bench::ChineseCarrierRates();
  const sourcing::CarrierTable table(rates);
  sourcing::CostPolicy policy;
  const sourcing::RuleDirectives directives;
  policy.exact_line_limit = exact_line_limit;
  std::mt19937_64 rng(seed);
  if (repeat > 0) {
    std::vector<double> per_call_us;
    for (int instance_idx = 0; instance_idx < instances; ++instance_idx) {
      const auto instance = bench::GenerateInstance(rng, profile_locations, profile_lines, false, today);
      const auto start = Clock::now();
      for (int repeat_idx = 0; repeat_idx < repeat; ++repeat_idx) {
        const auto decision = sourcing::DecideSourcing(instance.order, instance.stock, instance.locations, table,
                                                       directives, now, policy);
        if (!decision.has_value()) return 1;
      }
      per_call_us.push_back(Micros(Clock::now() - start) / repeat);
    }
    std::printf("%dx%d ample: %.1fµs p50, %.1fµs p99 per decision (mean of %d repeats per instance)\n",
                profile_locations, profile_lines, Percentile(per_call_us, 0.5), Percentile(per_call_us, 0.99), repeat);
    return 0;
  }
  bool model_mismatch = false;
  std::printf("%5s %5s %6s | %8s %8s %7s | %9s %9s %9s | %9s %9s\n", "locs", "lines", "stock", "gap p50", "gap p95",
              "optimal", "ordo p50", "ordo p99", "cold p50", "glpk p50", "glpk p99");
  for (const int location_count : location_counts) {
    for (const int line_count : line_counts) {
      for (const bool scarce : {false, true}) {
        std::vector<double> gaps, ordo_us, ordo_cold_us, glpk_us;
        int optimal = 0;
        for (int instance_idx = 0; instance_idx < instances; ++instance_idx) {
          const bench::SourcingInstance instance = bench::GenerateInstance(rng, location_count, line_count, scarce, today);
          // Cold: the first call, caches still full of the previous GLPK run. Warm: the mean of
          // kWarmRepeats further calls, as in a service deciding order after order.
          auto ordo_start = Clock::now();
          const auto decision = sourcing::DecideSourcing(instance.order, instance.stock, instance.locations, table,
                                                         directives, now, policy);
          ordo_cold_us.push_back(Micros(Clock::now() - ordo_start));
          ordo_start = Clock::now();
          for (int repeat_idx = 0; repeat_idx < kWarmRepeats; ++repeat_idx) {
            const auto again = sourcing::DecideSourcing(instance.order, instance.stock, instance.locations, table,
                                                        directives, now, policy);
            if (!again.has_value() || !(again.value().chosen == decision.value().chosen)) model_mismatch = true;
          }
          ordo_us.push_back(Micros(Clock::now() - ordo_start) / kWarmRepeats);
          const auto glpk_start = Clock::now();
          const std::int64_t optimum = bench::GlpkOptimum(instance, rates, today, policy);
          glpk_us.push_back(Micros(Clock::now() - glpk_start));
          if (!decision.has_value() || !decision.value().unfilled_lines.empty() || optimum <= 0) {
            std::fprintf(stderr, "instance %d: no plan (ordo %d, glpk %lld)\n", instance_idx,
                         static_cast<int>(decision.has_value()), static_cast<long long>(optimum));
            model_mismatch = true;
            continue;
          }
          const std::int64_t cost = decision.value().chosen.cost.total;
          if (cost < optimum) model_mismatch = true;
          optimal += cost == optimum;
          gaps.push_back(100.0 * static_cast<double>(cost - optimum) / static_cast<double>(optimum));
        }
        if (gaps.empty()) continue;
        std::printf("%5d %5d %6s | %7.2f%% %7.2f%% %6.0f%% | %7.1fµs %7.1fµs %7.1fµs | %7.0fµs %7.0fµs\n",
                    location_count, line_count, scarce ? "scarce" : "ample", Percentile(gaps, 0.5),
                    Percentile(gaps, 0.95), 100.0 * optimal / static_cast<double>(gaps.size()),
                    Percentile(ordo_us, 0.5), Percentile(ordo_us, 0.99), Percentile(ordo_cold_us, 0.5),
                    Percentile(glpk_us, 0.5), Percentile(glpk_us, 0.99));
        std::fflush(stdout);
        if (max_p95_gap >= 0 && Percentile(gaps, 0.95) > max_p95_gap) {
          std::fprintf(stderr, "p95 gap above %.2f%%\n", max_p95_gap);
          model_mismatch = true;
        }
      }
    }
  }
  if (model_mismatch) std::fprintf(stderr, "FAILED: a plan cheaper than the optimum, none found, a changed plan on repeat, or a gap above the floor\n");
  return model_mismatch ? 1 : 0;
}
