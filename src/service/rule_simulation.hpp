#pragma once
// The simulation sandbox (issue 7, item 5): replays a stored rule set version (the candidate)
// over the fact snapshots of the orders created in [from, to) and compares it with the version
// in force (the baseline; none when nothing is published). The report (rules/simulation.hpp) is
// stored with the simulation (RulesStore::AddRuleSimulation) — publishing refuses a version never
// simulated — and answered to POST /api/v1/rulesets/{id}/simulate.
//
// Speed: snapshots are read in pages of 10,000 by (trigger, order_id) on one thread while two
// threads (the caller's and one more) decode and evaluate pages, each with its own simulator,
// merged at the end. See docs/benchmarks.md for the figures.
//
// Blocking (seconds for a million orders): run it on the blocking pool. Thread-safe.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"
#include "rules/compiled_rule_set.hpp"
#include "rules/fact_catalogue.hpp"
#include "rules/simulation.hpp"
#include "service/blocking_pool.hpp"
#include "store/rule_fact_store.hpp"
#include "store/rules_store.hpp"

namespace ordo::service {

// The widest window one simulation replays.
inline constexpr core::UnixMillis kMaxSimulationWindowMillis = 93LL * 24 * 60 * 60 * 1000;

struct SimulationWindow {
  rules::Trigger trigger = rules::Trigger::kOrderCreated;
  core::UnixMillis from = 0;  // order_created_at >= from
  core::UnixMillis to = 0;    // order_created_at < to
  int page_size = 10'000;
  bool overlap_reads = true;  // read pages on a thread of their own while others evaluate
  int workers = 2;            // evaluating threads (overlap_reads only): pages go to whichever is free
};

// Where the time went: waiting for the database (scan; overlapped with the rest when
// overlap_reads), decoding the snapshots, evaluating both sets and comparing (decode and evaluate
// summed over the evaluating threads).
struct SimulationTimings {
  std::int64_t scan_ms = 0;
  std::int64_t decode_ms = 0;
  std::int64_t evaluate_ms = 0;
  std::int64_t elapsed_ms = 0;
};

struct SimulationRun {
  rules::SimulationReport report;
  SimulationTimings timings;
};

// The replay itself, without the rule set bookkeeping (the benchmark calls it directly).
// `baseline` may be null. A snapshot that does not decode is counted (undecodable) and skipped.
core::Result<SimulationRun> SimulateWindow(store::RuleFactStore& facts,
                                           std::shared_ptr<const rules::CompiledRuleSet> baseline,
                                           std::shared_ptr<const rules::CompiledRuleSet> candidate,
                                           const rules::FactCatalogue& catalogue, const SimulationWindow& window);

// kInvalidArgument with fields /from and /to unless from < to and the window is at most 93 days.
core::Status CheckSimulationWindow(core::UnixMillis from, core::UnixMillis to);

// The body of POST /api/v1/rulesets/{id}/simulate: {"version": N, "from": RFC 3339, "to": RFC 3339}.
struct SimulationRequest {
  std::int64_t version = 0;
  core::UnixMillis from = 0;
  core::UnixMillis to = 0;
};
// kMalformed for text that is not JSON; kInvalidArgument with one field per bad member (/version,
// /from, /to, unknown members), including the window check.
core::Result<SimulationRequest> ParseSimulationRequest(std::string_view body);

class RuleSimulation {
 public:
  using Done = std::function<void(core::Result<store::RuleSimulationRecord>)>;

  RuleSimulation(store::RulesStore& rules, store::RuleFactStore& facts, rules::FactCatalogue catalogue,
                 const core::Clock& clock, BlockingPool& pool);

  // The API's entry: parses `body` (an error is returned at once, nothing runs) and runs the
  // simulation on the blocking pool; `done` runs on a pool thread.
  core::Status Start(std::string ruleset_id, std::string_view body, std::string actor, Done done);

  // Simulates `version` of `ruleset_id` over the orders created in [from, to) against the
  // published version and stores the run. kNotFound for an unknown set or version;
  // kInvalidArgument for a bad window (/from, /to) or a stored document that no longer validates
  // against the catalogue (a fact was retired; fields point into the document).
  core::Result<store::RuleSimulationRecord> Run(const std::string& ruleset_id, std::int64_t version,
                                                core::UnixMillis from, core::UnixMillis to, const std::string& actor);

 private:
  core::Result<std::shared_ptr<const rules::CompiledRuleSet>> CompileVersion(const std::string& ruleset_id,
                                                                             std::int64_t version);

  store::RulesStore& rules_;
  store::RuleFactStore& facts_;
  const rules::FactCatalogue catalogue_;
  const core::Clock& clock_;
  BlockingPool& pool_;
};

}  // namespace ordo::service
