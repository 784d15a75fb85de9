// ordo-load: the HTTP load generator behind `make bench` (bench/run-load.sh).
//
// Scenarios (one per run, against an already running `ordo serve`):
//   healthz  GET /healthz                      the server's bare ceiling (c)
//   single   POST /api/v1/orders               one realistic 3-line order per request (a)
//   batch    POST /api/v1/orders:batch         --batch-size orders per request (b)
// Every order is new (unique external_id: a per-run prefix plus a counter), keep-alive
// connections, one request in flight per connection. Prints one JSON line per run:
//   ordo-load --target 127.0.0.1:8080 --scenario single --connections 64 --duration 10 --warmup 2
// and, to turn the collected lines into build/bench/load.json plus a table:
//   ordo-load report --in runs.jsonl --out build/bench/load.json
// Exit status: 0 clean run, 1 the run had errors (non-2xx, failed batch items, socket errors) or
// no responses at all, 2 bad arguments.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>

#include "core/json.hpp"
#include "core/time.hpp"
#include "load_client.hpp"

namespace ordo::bench {
namespace {

struct Args {
  LoadOptions load;
  TemplateOptions templates;
  std::string scenario_name = "single";
  std::string label;  // backend name, copied into the output line
};

[[noreturn]] void Usage(const std::string& problem) {
  std::fprintf(stderr,
               "ordo-load: %s\n"
               "usage: ordo-load --target HOST:PORT [--scenario single|batch|healthz] [--connections 64]\n"
               "                 [--threads 1] [--duration 10] [--warmup 2] [--batch-size 100]\n"
               "                 [--templates 64] [--header 'Name: value']... [--label sqlite] [--seed 1]\n"
               "       ordo-load report --in RUNS.jsonl --out load.json\n",
               problem.c_str());
  std::exit(2);
}

double Number(const std::string& flag, const char* text) {
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (end == text || *end != '\0' || value < 0) Usage("bad value for " + flag);
  return value;
}

Args ParseArgs(int argc, char** argv) {
  Args args;
  std::string target;
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    const std::string flag = argv[arg_idx];
    if (arg_idx + 1 >= argc) Usage("missing value for " + flag);
    const char* value = argv[++arg_idx];
    if (flag == "--target") target = value;
    else if (flag == "--scenario") args.scenario_name = value;
    else if (flag == "--connections") args.load.connections = static_cast<int>(Number(flag, value));
    else if (flag == "--threads") args.load.threads = static_cast<int>(Number(flag, value));
    else if (flag == "--duration") args.load.duration_seconds = Number(flag, value);
    else if (flag == "--warmup") args.load.warmup_seconds = Number(flag, value);
    else if (flag == "--batch-size") args.templates.batch_size = static_cast<int>(Number(flag, value));
    else if (flag == "--templates") args.templates.count = static_cast<int>(Number(flag, value));
    else if (flag == "--header") args.templates.extra_headers.emplace_back(value);
    else if (flag == "--label") args.label = value;
    else if (flag == "--seed") args.templates.seed = static_cast<std::uint64_t>(Number(flag, value));
    else Usage("unknown flag " + flag);
  }
  const std::size_t colon = target.rfind(':');
  if (colon == std::string::npos) Usage("--target HOST:PORT is required");
  args.load.host = target.substr(0, colon);
  args.load.port = static_cast<std::uint16_t>(Number("--target", target.substr(colon + 1).c_str()));
  if (args.scenario_name == "single") args.templates.scenario = Scenario::kSingle;
  else if (args.scenario_name == "batch") args.templates.scenario = Scenario::kBatch;
  else if (args.scenario_name == "healthz") args.templates.scenario = Scenario::kHealthz;
  else Usage("unknown scenario " + args.scenario_name);
  if (args.load.connections < 1) Usage("--connections must be at least 1");
  if (args.templates.batch_size < 1 || args.templates.batch_size > 1000) Usage("--batch-size must be 1..1000");
  if (args.templates.count < 1) Usage("--templates must be at least 1");
  if (args.load.duration_seconds <= 0) Usage("--duration must be positive");
  args.templates.host_header = target;
  // Unique per run, so that orders of an earlier run on the same database are not repeats.
  char prefix[40];
  std::snprintf(prefix, sizeof prefix, "LT%llx%x-",
                static_cast<unsigned long long>(core::SystemClock().Now()), static_cast<unsigned>(getpid()));
  args.templates.run_prefix = prefix;
  return args;
}

double Millis(std::uint64_t nanos) { return static_cast<double>(nanos) / 1e6; }

void WriteNumber(core::JsonWriter& writer, const char* key, double value) {
  core::WriteKey(writer, key);
  writer.Double(static_cast<double>(static_cast<long long>(value * 1000 + (value >= 0 ? 0.5 : -0.5))) / 1000);
}

void WriteCount(core::JsonWriter& writer, const char* key, std::uint64_t value) {
  core::WriteKey(writer, key);
  writer.Uint64(value);
}

int RunOnce(const Args& args) {
  const std::vector<RequestTemplate> templates = BuildTemplates(args.templates);
  std::size_t request_bytes = 0;
  for (const RequestTemplate& tmpl : templates) request_bytes += tmpl.bytes.size();
  request_bytes /= templates.size();

  const LoadResult result = RunLoad(args.load, templates);
  const double seconds = result.seconds;
  const std::uint64_t errors = result.http_errors + result.socket_errors + result.item_errors;

  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "backend");
  core::WriteString(writer, args.label);
  core::WriteKey(writer, "scenario");
  core::WriteString(writer, args.scenario_name);
  WriteCount(writer, "connections", static_cast<std::uint64_t>(args.load.connections));
  WriteCount(writer, "threads", static_cast<std::uint64_t>(args.load.threads));
  WriteNumber(writer, "duration_s", seconds);
  WriteNumber(writer, "warmup_s", args.load.warmup_seconds);
  if (args.templates.scenario == Scenario::kBatch) WriteCount(writer, "batch_size", static_cast<std::uint64_t>(args.templates.batch_size));
  WriteCount(writer, "request_bytes", request_bytes);
  WriteCount(writer, "requests", result.responses);
  WriteNumber(writer, "requests_per_s", static_cast<double>(result.responses) / seconds);
  WriteCount(writer, "orders", result.orders_ok);
  WriteNumber(writer, "orders_per_s", static_cast<double>(result.orders_ok) / seconds);
  WriteNumber(writer, "p50_ms", Millis(result.latency.ValueAt(0.50)));
  WriteNumber(writer, "p90_ms", Millis(result.latency.ValueAt(0.90)));
  WriteNumber(writer, "p99_ms", Millis(result.latency.ValueAt(0.99)));
  WriteNumber(writer, "p999_ms", Millis(result.latency.ValueAt(0.999)));
  WriteNumber(writer, "max_ms", Millis(result.latency.Max()));
  WriteNumber(writer, "mean_ms", result.latency.Mean() / 1e6);
  WriteCount(writer, "errors", errors);
  WriteCount(writer, "http_errors", result.http_errors);
  WriteCount(writer, "item_errors", result.item_errors);
  WriteCount(writer, "socket_errors", result.socket_errors);
  core::WriteKey(writer, "status_counts");
  writer.StartObject();
  for (const auto& [status, count] : result.status_counts) WriteCount(writer, std::to_string(status).c_str(), count);
  writer.EndObject();
  if (!result.first_error.empty()) {
    core::WriteKey(writer, "first_error");
    core::WriteString(writer, result.first_error);
  }
  writer.EndObject();
  std::printf("%s\n", buffer.GetString());
  std::fflush(stdout);

  if (result.responses == 0) {
    std::fprintf(stderr, "ordo-load: %s: no responses in the measured window%s%s\n", args.scenario_name.c_str(),
                 result.first_error.empty() ? "" : "; first error: ", result.first_error.c_str());
    return 1;
  }
  if (errors > 0) {
    std::fprintf(stderr, "ordo-load: %s: the run HAD ERRORS: %llu (first: %s)\n", args.scenario_name.c_str(),
                 static_cast<unsigned long long>(errors), result.first_error.c_str());
    return 1;
  }
  return 0;
}

// ---- report: runs.jsonl → load.json + a table ----

double Get(const rapidjson::Value& run, const char* key) {
  const auto member = run.FindMember(key);
  return member != run.MemberEnd() && member->value.IsNumber() ? member->value.GetDouble() : 0.0;
}

int Report(int argc, char** argv) {
  std::string in_path;
  std::string out_path;
  for (int arg_idx = 2; arg_idx + 1 < argc; arg_idx += 2) {
    const std::string flag = argv[arg_idx];
    if (flag == "--in") in_path = argv[arg_idx + 1];
    else if (flag == "--out") out_path = argv[arg_idx + 1];
    else Usage("unknown report flag " + flag);
  }
  if (in_path.empty() || out_path.empty()) Usage("report needs --in and --out");
  std::ifstream in(in_path);
  if (!in) Usage("cannot read " + in_path);

  // backend → scenario → run line; backend → skip reason.
  std::vector<std::string> backend_order;
  std::map<std::string, std::map<std::string, rapidjson::Document>> runs;
  std::map<std::string, std::string> skipped;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != '{') continue;
    rapidjson::Document doc;
    if (!core::ParseJson(line, doc).has_value() || !doc.IsObject() || !doc.HasMember("backend")) continue;
    const std::string backend = doc["backend"].IsString() ? doc["backend"].GetString() : "";
    if (runs.find(backend) == runs.end() && skipped.find(backend) == skipped.end()) backend_order.push_back(backend);
    if (doc.HasMember("skipped") && doc["skipped"].IsString()) {
      skipped[backend] = doc["skipped"].GetString();
      continue;
    }
    if (!doc.HasMember("scenario") || !doc["scenario"].IsString()) continue;
    const std::string scenario = doc["scenario"].GetString();
    runs[backend][scenario] = std::move(doc);
  }

  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  std::printf("\n%-11s %-8s %11s %11s %9s %9s %9s %8s %7s\n", "backend", "scenario", "requests/s", "orders/s",
              "p50 ms", "p99 ms", "p99.9 ms", "errors", "(a)/(c)");
  for (const std::string& backend : backend_order) {
    core::WriteKey(writer, backend);
    writer.StartObject();
    if (auto skip = skipped.find(backend); skip != skipped.end() && runs[backend].empty()) {
      core::WriteKey(writer, "skipped");
      core::WriteString(writer, skip->second);
      writer.EndObject();
      std::printf("%-11s skipped: %s\n", backend.c_str(), skip->second.c_str());
      continue;
    }
    auto& scenarios = runs[backend];
    double ratio = 0;
    const bool has_ratio = scenarios.count("single") && scenarios.count("healthz") &&
                           Get(scenarios["healthz"], "requests_per_s") > 0;
    if (has_ratio) ratio = Get(scenarios["single"], "orders_per_s") / Get(scenarios["healthz"], "requests_per_s");
    for (const char* scenario : {"single", "batch", "healthz"}) {
      auto found = scenarios.find(scenario);
      if (found == scenarios.end()) continue;
      const rapidjson::Document& run = found->second;
      core::WriteKey(writer, scenario);
      writer.StartObject();
      const bool is_healthz = std::string(scenario) == "healthz";
      if (!is_healthz) WriteNumber(writer, "orders_per_s", Get(run, "orders_per_s"));
      WriteNumber(writer, "requests_per_s", Get(run, "requests_per_s"));
      WriteNumber(writer, "p50_ms", Get(run, "p50_ms"));
      WriteNumber(writer, "p99_ms", Get(run, "p99_ms"));
      WriteNumber(writer, "p999_ms", Get(run, "p999_ms"));
      WriteCount(writer, "errors", static_cast<std::uint64_t>(Get(run, "errors")));
      WriteCount(writer, "connections", static_cast<std::uint64_t>(Get(run, "connections")));
      WriteNumber(writer, "duration_s", Get(run, "duration_s"));
      if (run.HasMember("batch_size")) WriteCount(writer, "batch_size", static_cast<std::uint64_t>(Get(run, "batch_size")));
      writer.EndObject();
      char ratio_text[16] = "";
      if (std::string(scenario) == "single" && has_ratio) std::snprintf(ratio_text, sizeof ratio_text, "%.2f", ratio);
      std::printf("%-11s %-8s %11.0f %11s %9.2f %9.2f %9.2f %8.0f %7s\n", backend.c_str(), scenario,
                  Get(run, "requests_per_s"), is_healthz ? "-" : std::to_string(static_cast<long long>(Get(run, "orders_per_s"))).c_str(),
                  Get(run, "p50_ms"), Get(run, "p99_ms"), Get(run, "p999_ms"), Get(run, "errors"), ratio_text);
    }
    if (has_ratio) WriteNumber(writer, "single_to_ceiling_ratio", ratio);
    writer.EndObject();
  }
  core::WriteKey(writer, "environment");
  writer.StartObject();
  core::WriteKey(writer, "date");
  core::WriteString(writer, core::FormatRfc3339(core::SystemClock().Now()));
  WriteCount(writer, "cpus", std::thread::hardware_concurrency());
  writer.EndObject();
  writer.EndObject();
  std::ofstream out(out_path);
  out << buffer.GetString() << "\n";
  if (!out) {
    std::fprintf(stderr, "ordo-load: cannot write %s\n", out_path.c_str());
    return 1;
  }
  std::printf("\nwritten: %s\n", out_path.c_str());
  return 0;
}

}  // namespace
}  // namespace ordo::bench

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "report") return ordo::bench::Report(argc, argv);
  return ordo::bench::RunOnce(ordo::bench::ParseArgs(argc, argv));
}
