// The shared rule benchmark (issue 7, item 3): the 51 rules of bench/rules/shared/ruleset.json,
// translated into Ordo's rule language, evaluated over the generated order facts.
//
//   node bench/rules/shared/make-fixture.js --n 100000 --seed 20261128 --out /tmp/rules-fixture
//   build/bench/rules_benchmark --fixture /tmp/rules-fixture [--rounds 5] [--check] [--no-floor]
//
// It first reproduces expected.txt exactly (exit 1 otherwise), then measures one thread:
//  1. evaluate only: passes over the facts of every order filled beforehand into its own Facts
//     (what the peers measure: their fact objects are parsed before timing);
//  2. fill + evaluate, the live path: per order, one reused Facts is cleared and filled from the
//     order's values (numbers, and strings as text: interned while filling), then evaluated;
//  3. latency: a separate pass timing each single evaluation with a pair of clock reads (their
//     own cost is printed); the throughput loops read the clock only once per pass.
// Rates are given by wall time and by the thread's CPU time (the machine is shared: CPU time
// leaves out the time the thread waited for a core). Unless --no-floor, the plain JavaScript
// closure floor (bench/rules/closure-floor.js, node) runs on the same fixture before and after,
// and the ratios are taken against it. --check stops after the comparison (the CTest entry).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/json.hpp"
#include "rules/compiled_rule_set.hpp"
#include "rules/neutral_ruleset.hpp"

namespace {

using namespace ordo;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string ruleset = ORDO_RULES_SHARED_DIR "/ruleset.json";
  std::string fixture;
  std::string floor_script = ORDO_RULES_SHARED_DIR "/../closure-floor.js";
  int rounds = 5;
  bool check = false;
  bool floor = true;
};

// The orders as the live path has them: per fact a slot and a typed value (strings as text), all
// orders' values in one array (so that reading them is not what the fill loop measures).
struct FactValue {
  rules::Slot slot;
  rules::FactType type;
  std::int64_t number;
  std::uint32_t text_begin;  // a string: one text; a list: its elements, in OrderValues::texts
  std::uint32_t text_count;
};
struct OrderValues {
  std::vector<FactValue> facts;
  std::vector<std::uint32_t> ends;  // order k's facts end at ends[k]
  std::vector<std::string_view> texts;
};

void FillFacts(const OrderValues& values, std::size_t order_idx, rules::Facts& facts) {
  const FactValue* value = values.facts.data() + (order_idx == 0 ? 0 : values.ends[order_idx - 1]);
  const FactValue* const end = values.facts.data() + values.ends[order_idx];
  for (; value != end; ++value) {
    switch (value->type) {
      case rules::FactType::kInt: facts.SetInt(value->slot, value->number); break;
      case rules::FactType::kDecimal: facts.SetDecimal(value->slot, value->number); break;
      case rules::FactType::kBool: facts.SetBool(value->slot, value->number != 0); break;
      case rules::FactType::kString: facts.SetString(value->slot, values.texts[value->text_begin]); break;
      case rules::FactType::kStringList:
        for (std::uint32_t idx = 0; idx < value->text_count; ++idx) facts.AddToList(value->slot, values.texts[value->text_begin + idx]);
        break;
    }
  }
}

double ThreadSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

struct Rates {
  std::vector<double> wall;
  std::vector<double> cpu;
  double Median(const std::vector<double>& rates) const { return rates[rates.size() / 2]; }
};

// Rounds of at least 0.5 s of `pass` (which does `per_pass` evaluations); sorted rates.
template <class Pass>
Rates Measure(int rounds, std::size_t per_pass, Pass pass) {
  Rates rates;
  for (int round = 0; round < rounds; ++round) {
    std::size_t evaluations = 0;
    const auto start = Clock::now();
    const double cpu_start = ThreadSeconds();
    double seconds = 0;
    do {
      pass();
      evaluations += per_pass;
      seconds = std::chrono::duration<double>(Clock::now() - start).count();
    } while (seconds < 0.5);
    rates.wall.push_back(static_cast<double>(evaluations) / seconds);
    rates.cpu.push_back(static_cast<double>(evaluations) / (ThreadSeconds() - cpu_start));
  }
  std::sort(rates.wall.begin(), rates.wall.end());
  std::sort(rates.cpu.begin(), rates.cpu.end());
  return rates;
}

// The closure floor's summary line: "closure-floor evaluations/s min A median B max C ...".
struct Floor {
  double min = 0;
  double median = 0;
  double max = 0;
};
std::optional<Floor> RunClosureFloor(const Options& options) {
  const std::string command = "node '" + options.floor_script + "' --fixture '" + options.fixture + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::optional<Floor> floor;
  char line[512];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    Floor parsed;
    if (std::sscanf(line, "closure-floor evaluations/s min %lf median %lf max %lf", &parsed.min, &parsed.median, &parsed.max) == 3) {
      floor = parsed;
    }
  }
  if (pclose(pipe) != 0) return std::nullopt;
  return floor;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Strings of the facts live here for the whole run (Facts keep string_views).
std::unordered_set<std::string> string_pool;
std::string_view Keep(std::string_view text) { return *string_pool.emplace(text).first; }

// One member of a fact line → the order's values (a fact no rule reads is dropped).
void Collect(const rapidjson::Value& value, const std::string& neutral_name, const rules::FactCatalogue& catalogue,
             OrderValues& values) {
  if (value.IsObject()) {
    for (auto member = value.MemberBegin(); member != value.MemberEnd(); ++member) {
      Collect(member->value, neutral_name + "." + std::string(core::AsView(member->name)), catalogue, values);
    }
    return;
  }
  const std::optional<std::string> path = rules::OrdoFactPath(neutral_name);
  const std::optional<rules::Slot> slot = path ? catalogue.Find(*path) : std::nullopt;
  if (!slot) return;
  FactValue fact{*slot, catalogue.At(*slot).type, 0, static_cast<std::uint32_t>(values.texts.size()), 0};
  switch (fact.type) {
    case rules::FactType::kInt: fact.number = value.GetInt64(); break;
    case rules::FactType::kDecimal:
      fact.number = std::llround(value.GetDouble() * static_cast<double>(rules::kDecimalScale));
      break;
    case rules::FactType::kBool: fact.number = value.GetBool() ? 1 : 0; break;
    case rules::FactType::kString: values.texts.push_back(Keep(core::AsView(value))); break;
    case rules::FactType::kStringList:
      for (const auto& element : value.GetArray()) values.texts.push_back(Keep(core::AsView(element)));
      break;
  }
  fact.text_count = static_cast<std::uint32_t>(values.texts.size()) - fact.text_begin;
  values.facts.push_back(fact);
}

double Percentile(const std::vector<std::int64_t>& sorted, double fraction) {
  const auto idx = static_cast<std::size_t>(fraction * static_cast<double>(sorted.size() - 1));
  return static_cast<double>(sorted[idx]);
}

int Run(const Options& options) {
  rules::FactCatalogue catalogue = rules::FactCatalogue::Standard();
  const auto converted = rules::ConvertNeutralRuleSet(ReadFile(options.ruleset), catalogue);
  if (!converted) {
    std::fprintf(stderr, "cannot translate the rule set: %s\n", converted.error().detail.c_str());
    return 2;
  }
  const auto parsed = rules::ParseRuleSet(*converted, catalogue);
  if (!parsed) {
    std::fprintf(stderr, "the translated rule set is invalid: %s\n", parsed.error().detail.c_str());
    for (const auto& field : parsed.error().fields) std::fprintf(stderr, "  %s %s\n", field.field.c_str(), field.message.c_str());
    return 2;
  }
  const auto compiled = rules::CompiledRuleSet::Compile(*parsed, catalogue);

  const std::vector<std::string> fact_lines = Lines(ReadFile(options.fixture + "/facts.jsonl"));
  const std::vector<std::string> expected = Lines(ReadFile(options.fixture + "/expected.txt"));
  if (fact_lines.size() != expected.size()) {
    std::fprintf(stderr, "facts.jsonl has %zu lines, expected.txt %zu\n", fact_lines.size(), expected.size());
    return 1;
  }
  OrderValues order_values;
  std::vector<rules::Facts> orders;
  orders.reserve(fact_lines.size());
  for (const std::string& line : fact_lines) {
    rapidjson::Document doc;
    if (!core::ParseJson(line, doc) || !doc.IsObject()) {
      std::fprintf(stderr, "a line of facts.jsonl is not a JSON object\n");
      return 2;
    }
    for (auto member = doc.MemberBegin(); member != doc.MemberEnd(); ++member) {
      Collect(member->value, std::string(core::AsView(member->name)), catalogue, order_values);
    }
    order_values.ends.push_back(static_cast<std::uint32_t>(order_values.facts.size()));
    orders.emplace_back(*compiled);
    FillFacts(order_values, orders.size() - 1, orders.back());
  }

  // 1. The oracle: the same sorted fired ids on every fact.
  rules::FiredRules fired(*compiled);
  std::size_t mismatches = 0;
  std::size_t total_fired = 0;
  for (std::size_t order_idx = 0; order_idx < orders.size(); ++order_idx) {
    compiled->Evaluate(orders[order_idx], rules::Trigger::kOrderCreated, 0, fired);
    std::vector<std::string> ids;
    for (std::size_t idx = 0; idx < fired.size(); ++idx) ids.push_back(compiled->rule(fired[idx]).id);
    std::sort(ids.begin(), ids.end());
    std::string joined;
    for (const std::string& id : ids) joined += (joined.empty() ? "" : ",") + id;
    total_fired += ids.size();
    if (joined != expected[order_idx]) {
      if (++mismatches <= 5) {
        std::fprintf(stderr, "fact %zu: fired [%s], expected [%s]\n", order_idx, joined.c_str(), expected[order_idx].c_str());
      }
    }
  }
  std::printf("rule set: %zu rules translated from %s; %zu facts; %.2f rules fired per fact\n", compiled->rule_count(),
              options.ruleset.c_str(), orders.size(), static_cast<double>(total_fired) / static_cast<double>(orders.size()));
  if (mismatches != 0) {
    std::fprintf(stderr, "MISMATCH: %zu of %zu facts differ from expected.txt\n", mismatches, orders.size());
    return 1;
  }
  std::printf("expected.txt reproduced exactly (%zu facts)\n", orders.size());
  if (options.check) return 0;

  std::optional<Floor> floor_before;
  if (options.floor) {
    floor_before = RunClosureFloor(options);
    if (!floor_before) std::fprintf(stderr, "the closure floor (%s) did not run: no ratios\n", options.floor_script.c_str());
  }

  // 2. Throughput on one core, the clock read once per pass over all orders.
  std::size_t sink = 0;
  const Rates evaluate_only = Measure(options.rounds, orders.size(), [&] {
    for (const rules::Facts& facts : orders) {
      compiled->Evaluate(facts, rules::Trigger::kOrderCreated, 0, fired);
      sink += fired.size();
    }
  });
  rules::Facts live(*compiled);
  const Rates fill_and_evaluate = Measure(options.rounds, orders.size(), [&] {
    for (std::size_t order_idx = 0; order_idx < orders.size(); ++order_idx) {
      live.Clear();
      FillFacts(order_values, order_idx, live);
      compiled->Evaluate(live, rules::Trigger::kOrderCreated, 0, fired);
      sink += fired.size();
    }
  });

  // 3. Latency of single evaluations (a separate pass: each bracketed by clock reads), and what
  // the clock reads themselves cost.
  std::vector<std::int64_t> latencies(orders.size());
  std::vector<std::int64_t> live_latencies(orders.size());
  std::vector<std::int64_t> clock_cost(orders.size());
  for (std::size_t order_idx = 0; order_idx < orders.size(); ++order_idx) {
    const auto before = Clock::now();
    compiled->Evaluate(orders[order_idx], rules::Trigger::kOrderCreated, 0, fired);
    const auto after = Clock::now();
    sink += fired.size();
    latencies[order_idx] = std::chrono::duration_cast<std::chrono::nanoseconds>(after - before).count();
  }
  for (std::size_t order_idx = 0; order_idx < orders.size(); ++order_idx) {
    const auto before = Clock::now();
    live.Clear();
    FillFacts(order_values, order_idx, live);
    compiled->Evaluate(live, rules::Trigger::kOrderCreated, 0, fired);
    const auto after = Clock::now();
    sink += fired.size();
    live_latencies[order_idx] = std::chrono::duration_cast<std::chrono::nanoseconds>(after - before).count();
  }
  for (std::size_t idx = 0; idx < clock_cost.size(); ++idx) {
    const auto before = Clock::now();
    const auto after = Clock::now();
    clock_cost[idx] = std::chrono::duration_cast<std::chrono::nanoseconds>(after - before).count();
  }
  std::sort(latencies.begin(), latencies.end());
  std::sort(live_latencies.begin(), live_latencies.end());
  std::sort(clock_cost.begin(), clock_cost.end());

  std::optional<Floor> floor_after;
  if (floor_before) floor_after = RunClosureFloor(options);

  const auto us = [](const std::vector<std::int64_t>& sorted, double fraction) { return Percentile(sorted, fraction) / 1000.0; };
  std::printf("\nOrdo, one thread, %d rounds of >= 0.5 s each (the clock read once per pass over %zu orders):\n", options.rounds,
              orders.size());
  const auto print_rates = [](const char* name, const Rates& rates) {
    std::printf("  %-34s evaluations/s by wall time min %.0f, median %.0f, max %.0f; by thread CPU time median %.0f\n", name,
                rates.wall.front(), rates.Median(rates.wall), rates.wall.back(), rates.Median(rates.cpu));
  };
  print_rates("evaluate only (facts pre-filled):", evaluate_only);
  print_rates("fill + evaluate (live path):", fill_and_evaluate);
  std::printf("latency, a separate pass timing each call with a clock read pair (itself p50 %.3f us, included):\n",
              us(clock_cost, 0.50));
  std::printf("  evaluate only:   p50 %.3f us, p99 %.3f us, p99.9 %.3f us, max %.3f us\n", us(latencies, 0.50),
              us(latencies, 0.99), us(latencies, 0.999), static_cast<double>(latencies.back()) / 1000.0);
  std::printf("  fill + evaluate: p50 %.3f us, p99 %.3f us, p99.9 %.3f us, max %.3f us\n", us(live_latencies, 0.50),
              us(live_latencies, 0.99), us(live_latencies, 0.999), static_cast<double>(live_latencies.back()) / 1000.0);

  const double median_rate = evaluate_only.Median(evaluate_only.wall);
  const double live_rate = fill_and_evaluate.Median(fill_and_evaluate.wall);
  const double p50_us = us(latencies, 0.50);
  const double p99_us = us(latencies, 0.99);
  std::printf("\n| engine | evaluations/s per core | p50 us | p99 us | Ordo / engine |\n|---|---:|---:|---:|---:|\n");
  std::printf("| **Ordo, evaluate only (this run)** | %.0f | %.3f | %.3f | 1 |\n", median_rate, p50_us, p99_us);
  std::printf("| **Ordo, fill + evaluate (this run)** | %.0f | %.3f | %.3f | |\n", live_rate, us(live_latencies, 0.50),
              us(live_latencies, 0.99));
  std::optional<Floor> floor;
  if (floor_before && floor_after) {
    // Both floor runs together: the lowest and highest pass, the higher of the two medians.
    floor = Floor{std::min(floor_before->min, floor_after->min), std::max(floor_before->median, floor_after->median),
                  std::max(floor_before->max, floor_after->max)};
    std::printf("| plain JavaScript closures, this run (before and after) | %.0f-%.0f (median %.0f) | | | %.1f-%.1fx |\n",
                floor->min, floor->max, floor->median, median_rate / floor->max, median_rate / floor->min);
  }
  struct Peer {
    const char* name;
    double low;
    double high;
    const char* p99;
  };
  const Peer peers[] = {
      {"json-rules-engine 7.3.1", 1798, 2008, "1,231-1,442"},
      {"GoRules ZEN 0.54.0, decision table (collect)", 3258, 3483, "439-483"},
      {"GoRules ZEN 0.54.0, expression node", 2512, 2915, "542-830"},
      {"GoRules ZEN expression, single synchronous call", 11625, 12400, "147-156"},
      {"plain JavaScript closures (floor)", 217559, 265238, "5.8-7.0"},
  };
  for (const Peer& peer : peers) {
    std::printf("| %s (README figures) | %.0f-%.0f | | %s | %.0f-%.0fx |\n", peer.name, peer.low, peer.high, peer.p99,
                median_rate / peer.high, median_rate / peer.low);
  }
  // The target, on the evaluate-only figure (the peers' facts are parsed before timing).
  const bool rate_met = median_rate >= 2'000'000;
  const bool p99_met = p99_us <= 2.0;
  std::printf("\ntarget: >= 2,000,000/s %s (%.0f); p99 <= 2 us %s (%.3f)", rate_met ? "met" : "NOT met", median_rate,
              p99_met ? "met" : "NOT met", p99_us);
  if (floor) {
    const double ratio = median_rate / floor->median;
    std::printf("; >= 8x the closure floor of this run %s (%.1fx its median, %.1fx its best pass)", ratio >= 8 ? "met" : "NOT met",
                ratio, median_rate / floor->max);
  }
  std::printf("\n(sink %zu)\n", sink);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    const std::string arg = argv[arg_idx];
    const bool has_value = arg_idx + 1 < argc;
    if (arg == "--ruleset" && has_value) {
      options.ruleset = argv[++arg_idx];
    } else if (arg == "--fixture" && has_value) {
      options.fixture = argv[++arg_idx];
    } else if (arg == "--rounds" && has_value) {
      options.rounds = std::max(1, std::atoi(argv[++arg_idx]));
    } else if (arg == "--check") {
      options.check = true;
    } else if (arg == "--no-floor") {
      options.floor = false;
    } else if (arg == "--floor-script" && has_value) {
      options.floor_script = argv[++arg_idx];
    } else {
      std::fprintf(stderr, "usage: rules_benchmark --fixture DIR [--ruleset ruleset.json] [--rounds N] [--check] [--no-floor] [--floor-script closure-floor.js]\n");
      return 2;
    }
  }
  if (options.fixture.empty()) {
    std::fprintf(stderr, "--fixture DIR is required (node bench/rules/shared/make-fixture.js --out DIR)\n");
    return 2;
  }
  return Run(options);
}
