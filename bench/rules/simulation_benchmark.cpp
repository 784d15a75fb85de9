// The simulation sandbox end to end (issue 7, item 5: "1,000,000 orders in <= 10 s on this
// machine"): writes N generated order fact snapshots into a real SQLite store (a temp folder),
// takes the shared benchmark's 51 rules (bench/rules/shared/ruleset.json, converted) as the
// published baseline and a candidate with a few changed rules, then times
// service::SimulateWindow — store scan + decode + both evaluations + comparison — and prints
// orders/s, elapsed and the split (scan, decode, evaluate).
//
//   build/bench/simulation_benchmark [--orders 1000000] [--workers 2] [--no-overlap] [--check] [--dir DIR [--reuse]]
// (--reuse: DIR already holds the snapshots of a run with the same --orders; nothing is written.)
//
// --check (the CTest smoke) compares the report with one computed straight from the generated
// snapshots in memory (no store, no encoding) and checks that the changed rules show up as
// differing orders and conflicts; exit 1 when anything disagrees. Timing is printed, never
// checked.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "rules/compiled_rule_set.hpp"
#include "rules/fact_snapshot.hpp"
#include "rules/neutral_ruleset.hpp"
#include "rules/simulation.hpp"
#include "service/rule_simulation.hpp"
#include "store/rule_fact_store.hpp"
#include "store/store.hpp"

namespace {

using namespace ordo;
using SteadyClock = std::chrono::steady_clock;

struct Options {
  std::int64_t orders = 1'000'000;
  bool overlap = true;
  int workers = 2;
  bool check = false;
  bool reuse = false;  // --dir holds the snapshots of an earlier run with the same --orders
  std::string dir;
  std::string ruleset = ORDO_RULES_SHARED_DIR "/ruleset.json";
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

double Seconds(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// The shared fixture's generator (bench/rules/shared/facts.js) in spirit: the same channels,
// provinces, SKU mix, log-uniform totals, customer history, address confidence and warehouse
// stock, from a small deterministic PRNG (mulberry32).
class Generator {
 public:
  explicit Generator(std::uint32_t seed) : state_(seed) {}
  double Next() {
    state_ += 0x6d2b79f5U;
    std::uint32_t t = state_;
    t = (t ^ (t >> 15)) * (t | 1U);
    t ^= t + (t ^ (t >> 7)) * (t | 61U);
    return static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
  }
  std::int64_t Int(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(Next() * static_cast<double>(high - low + 1));
  }
  template <class T>
  const T& Pick(const std::vector<T>& values) {
    return values[static_cast<std::size_t>(Next() * static_cast<double>(values.size()))];
  }

 private:
  std::uint32_t state_;
};

struct Province {
  std::string name;
  std::vector<std::string> cities;
};

rules::FactSnapshot GenerateOrder(Generator& rnd, const rules::FactCatalogue& catalogue) {
  static const std::vector<std::string> channels = {"tmall", "jd", "douyin", "pdd", "wechat", "web", "app", "pos"};
  static const std::vector<Province> provinces = {
      {"Zhejiang", {"Hangzhou", "Ningbo", "Wenzhou"}}, {"Jiangsu", {"Nanjing", "Suzhou", "Wuxi"}},
      {"Shanghai", {"Shanghai"}}, {"Anhui", {"Hefei", "Wuhu"}}, {"Guangdong", {"Guangzhou", "Shenzhen", "Dongguan"}},
      {"Guangxi", {"Nanning", "Guilin"}}, {"Hainan", {"Haikou", "Sanya"}}, {"Fujian", {"Xiamen", "Fuzhou"}},
      {"Beijing", {"Beijing"}}, {"Tianjin", {"Tianjin"}}, {"Hebei", {"Shijiazhuang", "Baoding"}},
      {"Shandong", {"Jinan", "Qingdao"}}, {"Sichuan", {"Chengdu", "Mianyang"}}, {"Chongqing", {"Chongqing"}},
      {"Yunnan", {"Kunming", "Ruili", "Hekou"}}, {"Guizhou", {"Guiyang"}}, {"Xinjiang", {"Urumqi", "Kashgar"}},
      {"Tibet", {"Lhasa"}}, {"Qinghai", {"Xining"}}, {"Inner Mongolia", {"Hohhot", "Baotou"}},
      {"Hubei", {"Wuhan", "Yichang"}}, {"Henan", {"Zhengzhou"}}, {"Heilongjiang", {"Harbin"}}};
  static const std::vector<std::string> payments = {"alipay", "wechatpay", "cod", "credit_card", "bank_transfer",
                                                    "gift_card"};
  static const std::vector<std::string> skus = [] {
    std::vector<std::string> all;
    char code[16];
    for (int sku_idx = 1; sku_idx <= 40; ++sku_idx) all.push_back((std::snprintf(code, sizeof code, "GEN-%03d", sku_idx), code));
    for (int sku_idx = 1; sku_idx <= 4; ++sku_idx) all.push_back((std::snprintf(code, sizeof code, "FRZ-%03d", sku_idx), code));
    for (int sku_idx = 1; sku_idx <= 2; ++sku_idx) all.push_back((std::snprintf(code, sizeof code, "HAZ-%03d", sku_idx), code));
    for (int sku_idx = 1; sku_idx <= 3; ++sku_idx) all.push_back((std::snprintf(code, sizeof code, "LUX-%03d", sku_idx), code));
    return all;
  }();
  static const std::vector<std::string> warehouses = {"WH_HZ", "WH_SH", "WH_GZ", "WH_BJ", "WH_CD"};

  rules::FactSnapshot facts;
  const auto ok = [](const core::Status& status) {
    if (!status) {
      std::fprintf(stderr, "generator: %s\n", status.error().detail.c_str());
      std::exit(2);
    }
  };
  const Province& province = rnd.Pick(provinces);
  ok(facts.SetString(catalogue, "order.channel", rnd.Pick(channels)));
  ok(facts.SetString(catalogue, "order.address.province", province.name));
  ok(facts.SetString(catalogue, "order.address.city", rnd.Next() < 0.01 ? std::string("Unknown") : rnd.Pick(province.cities)));
  const std::int64_t lines = rnd.Int(1, 5);
  std::vector<std::string> order_skus;
  for (std::int64_t line_idx = 0; line_idx < lines; ++line_idx) {
    const std::string& sku = rnd.Next() < 0.85 ? skus[static_cast<std::size_t>(rnd.Next() * 40)]
                                                : skus[40 + static_cast<std::size_t>(rnd.Next() * 9)];
    if (std::find(order_skus.begin(), order_skus.end(), sku) == order_skus.end()) order_skus.push_back(sku);
  }
  ok(facts.SetInt(catalogue, "order.line_count", lines));
  ok(facts.SetInt(catalogue, "order.item_count", rnd.Next() < 0.08 ? rnd.Int(8, 30) : lines + rnd.Int(0, 4)));
  ok(facts.SetList(catalogue, "order.lines[*].sku", std::move(order_skus)));
  // Log-uniform 10 .. 20,000 with two decimals.
  const double total = std::exp(std::log(10.0) + rnd.Next() * (std::log(20000.0) - std::log(10.0)));
  ok(facts.SetDecimal(catalogue, "order.grand_total", std::llround(total * 100) * 100));
  ok(facts.SetInt(catalogue, "customer.orders_30d", rnd.Next() < 0.2 ? 0 : rnd.Int(1, 60)));
  ok(facts.SetDecimal(catalogue, "quality.address_confidence", rnd.Int(0, 100) * 100));
  ok(facts.SetString(catalogue, "order.payment_method", rnd.Pick(payments)));
  std::int64_t least = -1;
  for (const std::string& warehouse : warehouses) {
    const std::int64_t units = rnd.Next() < 0.15 ? rnd.Int(0, 9) : rnd.Int(10, 500);
    ok(facts.SetInt(catalogue, "stock.available." + warehouse, units));
    least = least < 0 ? units : std::min(least, units);
  }
  ok(facts.SetInt(catalogue, "order.stock.min_available", least * 3));
  ok(facts.SetInt(catalogue, "carrier.sla_miss_days", rnd.Next() < 0.6 ? 0 : rnd.Int(1, 10)));
  return facts;
}

// The candidate: the published rules with one threshold lowered, the last rule dropped, and four
// new rules (two of which contradict published ones on some orders).
std::string CandidateDocument(const std::string& published) {
  rapidjson::Document doc;
  if (!core::ParseJson(published, doc)) std::exit(2);
  auto& rules_array = doc["rules"];
  bool lowered = false;
  for (auto& rule : rules_array.GetArray()) {
    auto& when = rule["when"];
    if (lowered || !when.IsObject() || !when.HasMember("all")) continue;
    for (auto& leaf : when["all"].GetArray()) {
      if (leaf.HasMember("fact") && std::string_view(leaf["fact"].GetString()) == "order.grand_total" &&
          leaf["value"].IsNumber()) {
        leaf["value"].SetDouble(leaf["value"].GetDouble() * 0.8);
        lowered = true;
        break;
      }
    }
  }
  rules_array.PopBack();
  const char* added[] = {
      R"({"id":"sim-low-stock-hold","trigger":"order.created","priority":80,
          "when":{"fact":"order.stock.min_available","op":"<","value":6},"then":[{"action":"hold","reason":"low_stock"}]})",
      R"({"id":"sim-douyin-release","trigger":"order.created","priority":10,
          "when":{"all":[{"fact":"order.channel","op":"==","value":"douyin"},{"fact":"order.grand_total","op":"<","value":200}]},
          "then":[{"action":"release"}]})",
      R"({"id":"sim-sh-force","trigger":"order.created","priority":20,
          "when":{"all":[{"fact":"order.address.province","op":"==","value":"Shanghai"},{"fact":"order.grand_total","op":">","value":3000}]},
          "then":[{"action":"route.force","location":"WH_SH"}]})",
      R"({"id":"sim-pos-exclude","trigger":"order.created","priority":5,
          "when":{"fact":"order.payment_method","op":"==","value":"cod"},"then":[{"action":"route.exclude","location":"WH_SH"}]})"};
  for (const char* text : added) {
    rapidjson::Document rule(&doc.GetAllocator());
    rule.Parse(text);
    if (rule.HasParseError()) std::exit(2);
    rules_array.PushBack(rapidjson::Value(rule, doc.GetAllocator()), doc.GetAllocator());
  }
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  doc.Accept(writer);
  return buffer.GetString();
}

std::shared_ptr<const rules::CompiledRuleSet> Compile(const std::string& document, const rules::FactCatalogue& catalogue) {
  const auto parsed = rules::ParseRuleSet(document, catalogue);
  if (!parsed) {
    std::fprintf(stderr, "rule set refused: %s\n", parsed.error().detail.c_str());
    for (const auto& field : parsed.error().fields) std::fprintf(stderr, "  %s %s\n", field.field.c_str(), field.code.c_str());
    std::exit(2);
  }
  return rules::CompiledRuleSet::Compile(*parsed, catalogue);
}

int Run(const Options& options) {
  rules::FactCatalogue catalogue = rules::FactCatalogue::Standard();
  const auto converted = rules::ConvertNeutralRuleSet(ReadFile(options.ruleset), catalogue);
  if (!converted) {
    std::fprintf(stderr, "cannot translate the rule set: %s\n", converted.error().detail.c_str());
    return 2;
  }
  const auto baseline = Compile(*converted, catalogue);
  const auto candidate = Compile(CandidateDocument(*converted), catalogue);

  std::filesystem::path dir = options.dir;
  if (dir.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "ordo-simbench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return 2;
    dir = pattern;
  }
  auto opened = store::Store::Open(store::StoreOptions{.url = "sqlite:" + (dir / "bench.db").string()});
  if (!opened) {
    std::fprintf(stderr, "store: %s\n", opened.error().detail.c_str());
    return 2;
  }
  std::unique_ptr<store::Store> store = std::move(opened).value();

  // Thirty days of orders, ids in creation order.
  constexpr core::UnixMillis kStart = 1'793'491'200'000;  // 2026-11-01T00:00:00Z
  constexpr core::UnixMillis kDays = 30;
  const core::UnixMillis step = std::max<core::UnixMillis>(1, kDays * 86'400'000 / options.orders);
  Generator rnd(20261128);
  std::vector<rules::FactSnapshot> kept;  // --check: the same orders, never stored
  const SteadyClock::time_point write_started = SteadyClock::now();
  std::vector<store::FactSnapshotRecord> batch;
  std::size_t bytes = 0;
  for (std::int64_t order_id = 1; order_id <= options.orders && !options.reuse; ++order_id) {
    rules::FactSnapshot facts = GenerateOrder(rnd, catalogue);
    const core::UnixMillis created_at = kStart + (order_id - 1) * step;
    std::string text = rules::EncodeFactSnapshot(facts, catalogue);
    bytes += text.size();
    batch.push_back(store::FactSnapshotRecord{order_id, "order.created", created_at, created_at + 1'000, std::move(text)});
    if (options.check) kept.push_back(std::move(facts));
    if (batch.size() == 10'000 || order_id == options.orders) {
      if (const core::Status put = store->RuleFacts().PutFactSnapshots(std::move(batch)); !put) {
        std::fprintf(stderr, "put: %s\n", put.error().detail.c_str());
        return 2;
      }
      batch.clear();
    }
  }
  if (options.reuse) {
    std::printf("setup: reusing the snapshots in %s\n", dir.c_str());
  } else {
    std::printf("setup: %lld snapshots (%.0f bytes each on average) written in %.1f s to %s\n",
              static_cast<long long>(options.orders), static_cast<double>(bytes) / static_cast<double>(options.orders),
                Seconds(write_started), dir.c_str());
  }

  service::SimulationWindow window;
  window.from = kStart;
  window.to = kStart + kDays * 86'400'000 + 1;
  window.overlap_reads = options.overlap;
  window.workers = options.workers;
  const std::clock_t cpu_started = std::clock();
  const auto run = service::SimulateWindow(store->RuleFacts(), baseline, candidate, catalogue, window);
  if (!run) {
    std::fprintf(stderr, "simulation: %s\n", run.error().detail.c_str());
    return 2;
  }
  const double cpu_seconds = static_cast<double>(std::clock() - cpu_started) / CLOCKS_PER_SEC;
  const rules::SimulationReport& report = run->report;
  const double elapsed = static_cast<double>(run->timings.elapsed_ms) / 1000.0;
  std::printf("simulation: %lld orders in %.2f s = %.0f orders/s (%s)\n", static_cast<long long>(report.orders),
              elapsed, static_cast<double>(report.orders) / std::max(elapsed, 1e-3),
              options.overlap ? ("reader thread + " + std::to_string(options.workers) + " evaluating").c_str()
                              : "serial: read, then evaluate, one thread");
  double load[1] = {0};
  if (getloadavg(load, 1) != 1) load[0] = -1;
  std::printf("  cpu: %.2f s over all threads of the process (the machine's other load is not in it); load average %.1f\n",
              cpu_seconds, load[0]);
  std::printf("  split: scan %lld ms, decode %lld ms, evaluate+compare %lld ms (rules: %zu baseline, %zu candidate)\n",
              static_cast<long long>(run->timings.scan_ms), static_cast<long long>(run->timings.decode_ms),
              static_cast<long long>(run->timings.evaluate_ms), baseline->rule_count(), candidate->rule_count());
  std::printf("  report: %lld differing, %zu rules, %zu actions, %zu sample, %zu conflict pairs, %lld undecodable\n",
              static_cast<long long>(report.differing), report.rules.size(), report.actions.size(), report.sample.size(),
              report.conflicts.size(), static_cast<long long>(report.undecodable));
  for (const rules::SimulationConflict& conflict : report.conflicts) {
    std::printf("    conflict %s: %s + %s on %lld orders\n", conflict.kind.c_str(), conflict.first_rule.c_str(),
                conflict.second_rule.c_str(), static_cast<long long>(conflict.orders));
  }

  int failures = 0;
  if (options.check) {
    rules::Simulator direct(baseline, candidate, rules::Trigger::kOrderCreated);
    for (std::size_t order_idx = 0; order_idx < kept.size(); ++order_idx) {
      const auto order_id = static_cast<std::int64_t>(order_idx + 1);
      direct.Add(order_id, kStart + (order_id - 1) * step + 1'000, kept[order_idx]);
    }
    const std::string expected = rules::SimulationReportJson(direct.Finish(), 2, 1, 0);
    const std::string got = rules::SimulationReportJson(report, 2, 1, 0);
    const auto fail = [&failures](const char* what) {
      std::fprintf(stderr, "check failed: %s\n", what);
      ++failures;
    };
    if (got != expected) fail("the stored replay differs from the in-memory one");
    if (report.orders != options.orders) fail("not every order was replayed");
    if (report.undecodable != 0) fail("snapshots did not decode");
    if (report.differing <= 0 || report.differing >= report.orders) fail("the changed rules change some orders, not all");
    if (report.sample.size() != std::min<std::size_t>(rules::kSimulationSampleSize, static_cast<std::size_t>(report.differing))) {
      fail("sample size");
    }
    if (!std::is_sorted(report.sample.begin(), report.sample.end(),
                        [](const auto& a, const auto& b) { return a.order_id < b.order_id; })) {
      fail("sample not in id order");
    }
    const auto conflict = [&](const char* kind) {
      return std::any_of(report.conflicts.begin(), report.conflicts.end(),
                         [kind](const rules::SimulationConflict& found) { return found.kind == kind; });
    };
    if (!conflict("hold_release") || !conflict("force_excluded")) fail("the contradicting rules were not found");
    if (report.rules.at("sim-low-stock-hold").baseline_fired != 0 || report.rules.at("sim-low-stock-hold").candidate_fired == 0) {
      fail("a new rule fires only in the candidate");
    }
    std::printf("check: %s\n", failures == 0 ? "consistent" : "FAILED");
  }
  store.reset();
  if (options.dir.empty()) std::filesystem::remove_all(dir);
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    const std::string arg = argv[arg_idx];
    if (arg == "--orders" && arg_idx + 1 < argc) {
      options.orders = std::max<std::int64_t>(1, std::atoll(argv[++arg_idx]));
    } else if (arg == "--dir" && arg_idx + 1 < argc) {
      options.dir = argv[++arg_idx];
    } else if (arg == "--ruleset" && arg_idx + 1 < argc) {
      options.ruleset = argv[++arg_idx];
    } else if (arg == "--no-overlap") {
      options.overlap = false;
    } else if (arg == "--workers" && arg_idx + 1 < argc) {
      options.workers = std::max(1, std::atoi(argv[++arg_idx]));
    } else if (arg == "--reuse") {
      options.reuse = true;
    } else if (arg == "--check") {
      options.check = true;
    } else {
      std::fprintf(stderr, "usage: simulation_benchmark [--orders N] [--workers N] [--no-overlap] [--check] [--dir DIR [--reuse]]\n");
      return 2;
    }
  }
  if (options.reuse && (options.dir.empty() || options.check)) {
    std::fprintf(stderr, "--reuse needs --dir (and no --check)\n");
    return 2;
  }
  return Run(options);
}
