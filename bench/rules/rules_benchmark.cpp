// The shared rule benchmark (issue 7, item 3): the 51 rules of bench/rules/shared/ruleset.json,
// translated into Ordo's rule language, evaluated over the generated order facts.
//
//   node bench/rules/shared/make-fixture.js --n 100000 --seed 20261128 --out /tmp/rules-fixture
//   build/bench/rules_benchmark --fixture /tmp/rules-fixture [--rounds 5] [--check]
//
// It first reproduces expected.txt exactly (exit 1 otherwise), then measures one core: whole-rule-
// set evaluations per second (facts parsed into slot vectors beforehand, outside the timed loop)
// and the latency of single evaluations (p50/p99, each bracketed by steady_clock reads whose own
// cost is printed). --check stops after the comparison (the CTest entry).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
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
  int rounds = 5;
  bool check = false;
};

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

void Fill(const rapidjson::Value& value, const std::string& neutral_name, const rules::FactCatalogue& catalogue,
          rules::Facts& facts) {
  if (value.IsObject()) {
    for (auto member = value.MemberBegin(); member != value.MemberEnd(); ++member) {
      Fill(member->value, neutral_name + "." + std::string(core::AsView(member->name)), catalogue, facts);
    }
    return;
  }
  const std::optional<std::string> path = rules::OrdoFactPath(neutral_name);
  const std::optional<rules::Slot> slot = path ? catalogue.Find(*path) : std::nullopt;
  if (!slot) return;  // a fact no rule reads
  switch (catalogue.At(*slot).type) {
    case rules::FactType::kInt: facts.SetInt(*slot, value.GetInt64()); break;
    case rules::FactType::kDecimal:
      facts.SetDecimal(*slot, std::llround(value.GetDouble() * static_cast<double>(rules::kDecimalScale)));
      break;
    case rules::FactType::kBool: facts.SetBool(*slot, value.GetBool()); break;
    case rules::FactType::kString: facts.SetString(*slot, Keep(core::AsView(value))); break;
    case rules::FactType::kStringList:
      for (const auto& element : value.GetArray()) facts.AddToList(*slot, Keep(core::AsView(element)));
      break;
  }
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
  std::vector<rules::Facts> orders;
  orders.reserve(fact_lines.size());
  for (const std::string& line : fact_lines) {
    rapidjson::Document doc;
    if (!core::ParseJson(line, doc) || !doc.IsObject()) {
      std::fprintf(stderr, "a line of facts.jsonl is not a JSON object\n");
      return 2;
    }
    orders.emplace_back(*compiled);
    for (auto member = doc.MemberBegin(); member != doc.MemberEnd(); ++member) {
      Fill(member->value, std::string(core::AsView(member->name)), catalogue, orders.back());
    }
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

  // 2. Throughput on one core: passes over all facts, at least 0.5 s per round.
  std::size_t sink = 0;
  std::vector<double> rates;
  for (int round = 0; round < options.rounds; ++round) {
    std::size_t evaluations = 0;
    const auto start = Clock::now();
    double seconds = 0;
    do {
      for (const rules::Facts& facts : orders) {
        compiled->Evaluate(facts, rules::Trigger::kOrderCreated, 0, fired);
        sink += fired.size();
      }
      evaluations += orders.size();
      seconds = std::chrono::duration<double>(Clock::now() - start).count();
    } while (seconds < 0.5);
    rates.push_back(static_cast<double>(evaluations) / seconds);
  }
  std::sort(rates.begin(), rates.end());

  // 3. Latency of single evaluations, and what the clock reads themselves cost.
  std::vector<std::int64_t> latencies(orders.size());
  std::vector<std::int64_t> clock_cost(orders.size());
  for (std::size_t order_idx = 0; order_idx < orders.size(); ++order_idx) {
    const auto before = Clock::now();
    compiled->Evaluate(orders[order_idx], rules::Trigger::kOrderCreated, 0, fired);
    const auto after = Clock::now();
    sink += fired.size();
    latencies[order_idx] = std::chrono::duration_cast<std::chrono::nanoseconds>(after - before).count();
  }
  for (std::size_t idx = 0; idx < clock_cost.size(); ++idx) {
    const auto before = Clock::now();
    const auto after = Clock::now();
    clock_cost[idx] = std::chrono::duration_cast<std::chrono::nanoseconds>(after - before).count();
  }
  std::sort(latencies.begin(), latencies.end());
  std::sort(clock_cost.begin(), clock_cost.end());
  const double median_rate = rates[rates.size() / 2];
  const double p50_us = Percentile(latencies, 0.50) / 1000.0;
  const double p99_us = Percentile(latencies, 0.99) / 1000.0;

  std::printf("\nOrdo: %d rounds of >= 0.5 s, one thread; evaluations/s min %.0f, median %.0f, max %.0f\n", options.rounds,
              rates.front(), median_rate, rates.back());
  std::printf("single evaluations: p50 %.3f us, p99 %.3f us, p99.9 %.3f us, max %.3f us "
              "(each includes one clock read pair: p50 %.3f us)\n\n",
              p50_us, p99_us, Percentile(latencies, 0.999) / 1000.0, static_cast<double>(latencies.back()) / 1000.0,
              Percentile(clock_cost, 0.50) / 1000.0);
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
  std::printf("| engine | evaluations/s per core | p50 us | p99 us | Ordo / engine |\n|---|---:|---:|---:|---:|\n");
  std::printf("| **Ordo rules (this run)** | %.0f | %.3f | %.3f | 1 |\n", median_rate, p50_us, p99_us);
  for (const Peer& peer : peers) {
    std::printf("| %s (README figures) | %.0f-%.0f | | %s | %.0f-%.0fx |\n", peer.name, peer.low, peer.high, peer.p99,
                median_rate / peer.high, median_rate / peer.low);
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
    } else {
      std::fprintf(stderr, "usage: rules_benchmark --fixture DIR [--ruleset ruleset.json] [--rounds N] [--check]\n");
      return 2;
    }
  }
  if (options.fixture.empty()) {
    std::fprintf(stderr, "--fixture DIR is required (node bench/rules/shared/make-fixture.js --out DIR)\n");
    return 2;
  }
  return Run(options);
}
