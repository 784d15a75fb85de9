#pragma once
// Decision tables (issue 7, item 1): rows of conditions → outputs, hit policy first or collect.
//
//   {"id": "carrier-by-zone", "hit_policy": "first",
//    "inputs": ["order.shipping.country", "order.grand_total"], "outputs": ["carrier", "insured"],
//    "rows": [{"when": [{"op": "==", "value": "DE"}, {"op": ">=", "value": 500}], "then": ["dhl", true]},
//             {"when": ["-", null], "then": ["dpd", false]}]}
//
// A cell is null or "-" (any value, fact present or not) or {"op", "value"}: a rule leaf on the
// column's fact, with the same operators and type rules (it is read by the rule language's own
// leaf reader). Outputs are JSON scalars, kept as compact JSON text. Validation follows
// rule_set.hpp: kInvalidArgument with one core::FieldError (a JSON pointer) per bad node.
//
// A compiled table is a rule set in disguise — one rule per row, `all` of its non-any cells, in row
// order — so it is evaluated by CompiledRuleSet with the same Facts, without allocation.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "rules/compiled_rule_set.hpp"
#include "rules/fact_catalogue.hpp"
#include "rules/rule_set.hpp"

namespace ordo::rules {

class CompiledDecisionTable;

enum class HitPolicy { kFirst, kCollect };
std::string_view HitPolicyName(HitPolicy policy);

inline constexpr std::size_t kMaxTableRows = kMaxRules;
inline constexpr std::size_t kMaxTableColumns = 64;

struct DecisionRow {
  std::vector<std::optional<Condition>> when;  // one per input; nullopt = any
  std::vector<std::string> then;               // one per output, compact JSON
};

struct DecisionTable {
  std::string id;
  HitPolicy hit_policy = HitPolicy::kFirst;
  std::vector<std::string> inputs;  // fact paths
  std::vector<Slot> input_slots;
  std::vector<std::string> outputs;
  std::vector<DecisionRow> rows;
};

// kMalformed for text that is not JSON; kInvalidArgument (fields: every bad node) otherwise.
core::Result<DecisionTable> ParseDecisionTable(std::string_view json, const FactCatalogue& catalogue);

// The matching rows of one evaluation, in row order; capacity fixed at construction.
class TableHits {
 public:
  explicit TableHits(const CompiledDecisionTable& table);
  std::size_t size() const { return fired_.size(); }
  std::uint32_t operator[](std::size_t idx) const { return fired_[idx]; }  // row index

 private:
  friend class CompiledDecisionTable;
  FiredRules fired_;
};

class CompiledDecisionTable {
 public:
  static std::shared_ptr<const CompiledDecisionTable> Compile(const DecisionTable& table, const FactCatalogue& catalogue);

  // Facts for this table are built against rules(): Facts facts(table->rules()).
  const CompiledRuleSet& rules() const { return *rules_; }
  const DecisionTable& table() const { return table_; }
  const std::vector<std::string>& outputs(std::uint32_t row) const { return table_.rows[row].then; }

  // first: the first matching row (or none); collect: every matching row, in row order.
  void Evaluate(const Facts& facts, TableHits& hits) const;

 private:
  DecisionTable table_;
  std::shared_ptr<const CompiledRuleSet> rules_;
};

}  // namespace ordo::rules
