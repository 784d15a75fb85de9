#pragma once
// The simulation's comparison (issue 7, item 5), pure: a candidate rule set against the baseline
// (the published one, or none) over the fact snapshots of past orders, one trigger. The service
// (service/rule_simulation) reads the snapshots and feeds them here in pages.
//
// An order's outcome differs when the set of fired rule ids or the multiset of actions (name and
// parameters) differs. Conflicts are those the candidate produces on real orders between rules
// that fire together: hold + release, route.force to two locations, route.force and route.exclude
// of one location, switch_carrier from one carrier to two, or back and forth between two.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "rules/compiled_rule_set.hpp"
#include "rules/fact_snapshot.hpp"

namespace ordo::rules {

inline constexpr std::size_t kSimulationSampleSize = 20;
inline constexpr std::size_t kConflictExamples = 5;

struct SimulationOutcome {
  std::vector<std::string> rules;    // fired rule ids, in evaluation order
  std::vector<std::string> actions;  // "name" or "name {params}", in firing order
};

struct SimulationSample {
  std::int64_t order_id = 0;
  SimulationOutcome baseline;
  SimulationOutcome candidate;
};

struct RuleCounts {
  std::int64_t baseline_fired = 0;
  std::int64_t candidate_fired = 0;
};

struct SimulationConflict {
  std::string first_rule;   // ordered: first_rule < second_rule
  std::string second_rule;
  std::string kind;         // "hold_release", "force_two_locations", "force_excluded", "switch_carrier"
  std::int64_t orders = 0;
  std::vector<std::int64_t> example_order_ids;  // the first kConflictExamples
};

struct SimulationReport {
  std::string trigger;
  std::int64_t orders = 0;
  std::int64_t differing = 0;
  std::int64_t undecodable = 0;                 // snapshots that did not decode (skipped)
  std::map<std::string, RuleCounts> rules;       // by rule id, both sets' rules of the trigger
  std::map<std::string, RuleCounts> actions;     // by action name
  std::vector<SimulationSample> sample;          // the first kSimulationSampleSize differing orders by id
  std::vector<SimulationConflict> conflicts;     // by (first_rule, second_rule, kind)
};

// Accumulates a report; feed orders in ascending id so that the sample is "the first by id".
// Not thread-safe: one per thread over disjoint sets of orders (each in ascending id), then Merge.
class Simulator {
 public:
  // `baseline` may be null (nothing published: nothing fires on that side).
  Simulator(std::shared_ptr<const CompiledRuleSet> baseline, std::shared_ptr<const CompiledRuleSet> candidate,
            Trigger trigger);
  ~Simulator();
  Simulator(Simulator&&) noexcept;

  // Evaluates both sets on one order's facts as of `at` (when the rules judged the order: the
  // rules' enabled dates apply then). Allocates nothing when the outcomes agree and no conflict
  // is found (the common case), beyond what Facts needs for the order's strings.
  void Add(std::int64_t order_id, core::UnixMillis at, const FactSnapshot& snapshot);
  void CountUndecodable() { ++undecodable_; }
  // Adds `later`'s counts (a simulator of the same sets over other orders); the sample and the
  // conflict examples keep the lowest order ids of both.
  void Merge(const Simulator& later);
  SimulationReport Finish() const;

 private:
  struct Side;
  struct ActionInfo;
  struct ConflictCount {
    std::int64_t orders = 0;
    std::vector<std::int64_t> examples;
  };
  std::uint32_t InternRule(const std::string& id);
  std::uint32_t InternAction(const Action& action);
  void Prepare(Side& side);
  SimulationOutcome OutcomeOf(const Side& side) const;
  void FindConflicts(std::int64_t order_id);
  void CheckPair(std::uint32_t first_rule, std::uint32_t second_rule, std::int64_t order_id);
  void CountConflict(std::uint32_t first_rule, std::uint32_t second_rule, std::uint32_t kind, std::int64_t order_id);

  Trigger trigger_;
  std::unique_ptr<Side> baseline_;
  std::unique_ptr<Side> candidate_;
  // Rule ids and actions of both sets interned to small ids: per order, comparing and counting
  // is integer work.
  std::vector<std::string> rule_ids_;
  std::vector<ActionInfo> actions_;
  std::vector<std::string> action_names_;
  std::int64_t orders_ = 0;
  std::int64_t differing_ = 0;
  std::int64_t undecodable_ = 0;
  std::vector<SimulationSample> sample_;
  // By (first rule id, second rule id, kind index): no string work while counting.
  std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>, ConflictCount> conflicts_;
};

// The report as JSON (the API's answer and the stored report_json), elapsed_ms included.
std::string SimulationReportJson(const SimulationReport& report, std::int64_t ruleset_version,
                                 std::int64_t baseline_version, std::int64_t elapsed_ms);

}  // namespace ordo::rules
