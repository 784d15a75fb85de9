#include "service/rule_simulation.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "core/json.hpp"
#include "core/json_pointer.hpp"

namespace ordo::service {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::int64_t MillisSince(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count();
}

using Page = core::Result<std::vector<store::FactSnapshotRecord>>;

// Pages of snapshots from the reader thread to the evaluating threads; at most `capacity` wait.
class PageQueue {
 public:
  explicit PageQueue(std::size_t capacity) : capacity_(capacity) {}
  // false when the consumers gave up (stop reading).
  bool Push(Page page) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [this] { return pages_.size() < capacity_ || stopped_; });
    if (stopped_) return false;
    pages_.push_back(std::move(page));
    ready_.notify_one();
    return true;
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_all();
  }
  // nullopt once closed and drained.
  std::optional<Page> Pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return !pages_.empty() || closed_; });
    if (pages_.empty()) return std::nullopt;
    Page page = std::move(pages_.front());
    pages_.pop_front();
    space_.notify_one();
    return page;
  }
  // A consumer failed: the reader stops at its next push, the other consumers at their next pop.
  void Stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    closed_ = true;
    pages_.clear();
    space_.notify_all();
    ready_.notify_all();
  }

 private:
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<Page> pages_;
  bool closed_ = false;
  bool stopped_ = false;
};

// One evaluating thread: its own decoder, snapshot buffer and simulator (both compiled sets'
// Facts and FiredRules inside), and what its time went to.
struct Worker {
  Worker(std::shared_ptr<const rules::CompiledRuleSet> baseline, std::shared_ptr<const rules::CompiledRuleSet> candidate,
         const rules::FactCatalogue& catalogue, rules::Trigger trigger)
      : decoder(catalogue), simulator(std::move(baseline), std::move(candidate), trigger) {}

  void Process(const std::vector<store::FactSnapshotRecord>& page) {
    for (const store::FactSnapshotRecord& record : page) {
      const SteadyClock::time_point decode_started = SteadyClock::now();
      const core::Status decoded = decoder.Decode(record.facts, snapshot);
      const SteadyClock::time_point evaluate_started = SteadyClock::now();
      decode_time += evaluate_started - decode_started;
      if (!decoded) {
        simulator.CountUndecodable();
        continue;
      }
      simulator.Add(record.order_id, record.captured_at, snapshot);
      evaluate_time += SteadyClock::now() - evaluate_started;
    }
  }

  rules::FactSnapshotDecoder decoder;
  rules::FactSnapshot snapshot;
  rules::Simulator simulator;
  std::chrono::nanoseconds decode_time{0};
  std::chrono::nanoseconds evaluate_time{0};
};

}  // namespace

core::Status CheckSimulationWindow(core::UnixMillis from, core::UnixMillis to) {
  core::Error error = core::MakeError(core::ErrorCode::kInvalidArgument, "the simulation window is not valid");
  if (from >= to) {
    error.fields.push_back(core::FieldError{"/to", "range", "must be after from", "", ""});
  } else if (to - from > kMaxSimulationWindowMillis) {
    error.fields.push_back(core::FieldError{"/from", "range", "the window is at most 93 days", "", ""});
    error.fields.push_back(core::FieldError{"/to", "range", "the window is at most 93 days", "", ""});
  }
  if (!error.fields.empty()) return error;
  return core::Ok();
}

core::Result<SimulationRun> SimulateWindow(store::RuleFactStore& facts,
                                           std::shared_ptr<const rules::CompiledRuleSet> baseline,
                                           std::shared_ptr<const rules::CompiledRuleSet> candidate,
                                           const rules::FactCatalogue& catalogue, const SimulationWindow& window) {
  const SteadyClock::time_point started = SteadyClock::now();
  const std::string trigger(rules::TriggerName(window.trigger));
  const int worker_count = std::max(1, window.workers);
  std::vector<std::unique_ptr<Worker>> workers;
  for (int worker_idx = 0; worker_idx < worker_count; ++worker_idx) {
    workers.push_back(std::make_unique<Worker>(baseline, candidate, catalogue, window.trigger));
  }
  std::int64_t scan_ms = 0;  // the reader's; read after it is joined
  const auto read_page = [&](std::int64_t after_order_id) {
    const SteadyClock::time_point scan_started = SteadyClock::now();
    Page page = facts.ScanFactSnapshots(
        store::FactSnapshotScan{trigger, window.from, window.to, after_order_id, window.page_size});
    scan_ms += MillisSince(scan_started);
    return page;
  };
  std::optional<core::Error> failed;

  if (!window.overlap_reads) {
    std::int64_t after = 0;
    for (;;) {
      Page page = read_page(after);
      if (!page) return std::move(page).error();
      workers.front()->Process(*page);
      if (static_cast<int>(page->size()) < window.page_size) break;
      after = page->back().order_id;
    }
  } else {
    PageQueue queue(static_cast<std::size_t>(worker_count) + 1);
    std::thread reader([&] {
      std::int64_t after = 0;
      for (;;) {
        Page page = read_page(after);
        const bool last = !page || static_cast<int>(page->size()) < window.page_size;
        if (!last) after = page->back().order_id;
        if (!queue.Push(std::move(page)) || last) break;
      }
      queue.Close();
    });
    std::mutex failed_mutex;
    const auto consume = [&](Worker& worker) {
      while (std::optional<Page> page = queue.Pop()) {
        if (!*page) {
          std::lock_guard lock(failed_mutex);
          if (!failed) failed = std::move(*page).error();
          queue.Stop();
          return;
        }
        worker.Process(**page);
      }
    };
    std::vector<std::thread> helpers;
    for (int worker_idx = 1; worker_idx < worker_count; ++worker_idx) {
      helpers.emplace_back([&, worker_idx] { consume(*workers[static_cast<std::size_t>(worker_idx)]); });
    }
    consume(*workers.front());
    for (std::thread& helper : helpers) helper.join();
    reader.join();
    if (failed) return std::move(*failed);
  }
  SimulationRun run;
  std::chrono::nanoseconds decode_time{0};
  std::chrono::nanoseconds evaluate_time{0};
  for (std::size_t worker_idx = 0; worker_idx < workers.size(); ++worker_idx) {
    if (worker_idx > 0) workers.front()->simulator.Merge(workers[worker_idx]->simulator);
    decode_time += workers[worker_idx]->decode_time;
    evaluate_time += workers[worker_idx]->evaluate_time;
  }
  run.report = workers.front()->simulator.Finish();
  run.timings.scan_ms = scan_ms;
  run.timings.decode_ms = std::chrono::duration_cast<std::chrono::milliseconds>(decode_time).count();
  run.timings.evaluate_ms = std::chrono::duration_cast<std::chrono::milliseconds>(evaluate_time).count();
  run.timings.elapsed_ms = MillisSince(started);
  return run;
}

core::Result<SimulationRequest> ParseSimulationRequest(std::string_view body) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  core::Error invalid = core::MakeError(core::ErrorCode::kInvalidArgument, "the simulation request is not valid");
  const auto bad = [&invalid](std::string field, std::string code, std::string message) {
    invalid.fields.push_back(core::FieldError{std::move(field), std::move(code), std::move(message), "", ""});
  };
  if (!doc.IsObject()) {
    bad("", "type", "the body must be a JSON object");
    return invalid;
  }
  SimulationRequest request;
  bool has_version = false;
  bool has_from = false;
  bool has_to = false;
  for (const auto& member : doc.GetObject()) {
    const std::string_view name = core::AsView(member.name);
    if (name == "version") {
      has_version = true;
      if (!member.value.IsInt64() || member.value.GetInt64() < 1) {
        bad("/version", "type", "version is a stored version number (1 or more)");
      } else {
        request.version = member.value.GetInt64();
      }
    } else if (name == "from" || name == "to") {
      (name == "from" ? has_from : has_to) = true;
      const std::optional<core::UnixMillis> at =
          member.value.IsString() ? core::ParseRfc3339(core::AsView(member.value)) : std::nullopt;
      if (!at) {
        bad("/" + std::string(name), "date", std::string(name) + " is an RFC 3339 time");
      } else {
        (name == "from" ? request.from : request.to) = *at;
      }
    } else {
      bad("/" + core::JsonPointerToken(name), "unknown_field", "not a member of this request");
    }
  }
  if (!has_version) bad("/version", "required", "version is required");
  if (!has_from) bad("/from", "required", "from is required");
  if (!has_to) bad("/to", "required", "to is required");
  if (!invalid.fields.empty()) return invalid;
  ORDO_TRY(CheckSimulationWindow(request.from, request.to));
  return request;
}

RuleSimulation::RuleSimulation(store::RulesStore& rules, store::RuleFactStore& facts, rules::FactCatalogue catalogue,
                               const core::Clock& clock, BlockingPool& pool)
    : rules_(rules), facts_(facts), catalogue_(std::move(catalogue)), clock_(clock), pool_(pool) {}

core::Status RuleSimulation::Start(std::string ruleset_id, std::string_view body, std::string actor, Done done) {
  auto request = ParseSimulationRequest(body);
  if (!request) return std::move(request).error();
  pool_.Post([this, ruleset_id = std::move(ruleset_id), request = *request, actor = std::move(actor),
              done = std::move(done)] { done(Run(ruleset_id, request.version, request.from, request.to, actor)); });
  return core::Ok();
}

core::Result<std::shared_ptr<const rules::CompiledRuleSet>> RuleSimulation::CompileVersion(
    const std::string& ruleset_id, std::int64_t version) {
  auto stored = rules_.GetRuleVersion(ruleset_id, version);
  if (!stored) return std::move(stored).error();
  auto parsed = rules::ParseRuleSet(stored->document, catalogue_);
  if (!parsed) {
    core::Error error = std::move(parsed).error();
    if (error.code == core::ErrorCode::kMalformed) {
      return core::MakeError(core::ErrorCode::kInternal,
                             "rule set " + ruleset_id + " version " + std::to_string(version) + " does not parse");
    }
    error.detail = "version " + std::to_string(version) + " no longer validates against the fact catalogue";
    return error;
  }
  return rules::CompiledRuleSet::Compile(*parsed, catalogue_);
}

core::Result<store::RuleSimulationRecord> RuleSimulation::Run(const std::string& ruleset_id, std::int64_t version,
                                                              core::UnixMillis from, core::UnixMillis to,
                                                              const std::string& actor) {
  ORDO_TRY(CheckSimulationWindow(from, to));
  auto candidate = CompileVersion(ruleset_id, version);
  if (!candidate) return std::move(candidate).error();
  auto heads = rules_.ListRuleSets();
  if (!heads) return std::move(heads).error();
  std::int64_t baseline_version = 0;
  for (const store::RuleSetHead& head : *heads) {
    if (head.ruleset_id == ruleset_id) baseline_version = head.published_version;
  }
  std::shared_ptr<const rules::CompiledRuleSet> baseline;
  if (baseline_version > 0) {
    auto compiled = CompileVersion(ruleset_id, baseline_version);
    if (!compiled) return std::move(compiled).error();
    baseline = std::move(*compiled);
  }
  SimulationWindow window;
  window.from = from;
  window.to = to;
  auto run = SimulateWindow(facts_, baseline, std::move(*candidate), catalogue_, window);
  if (!run) return std::move(run).error();
  store::RuleSimulationRecord record;
  record.ruleset_id = ruleset_id;
  record.version = version;
  record.baseline_version = baseline_version;
  record.from = from;
  record.to = to;
  record.orders = run->report.orders;
  record.differing = run->report.differing;
  record.report_json = rules::SimulationReportJson(run->report, version, baseline_version, run->timings.elapsed_ms);
  record.at = clock_.Now();
  record.actor = actor;
  return rules_.AddRuleSimulation(std::move(record));
}

}  // namespace ordo::service
