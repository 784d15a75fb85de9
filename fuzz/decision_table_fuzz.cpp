// Fuzzes the decision table parser and its evaluation (rules/decision_table.hpp; issue 7).
//
// A clean refusal is correct behaviour; every refusal names a JSON pointer ("" or starting with
// "/"). A finding is a crash, a sanitizer report, or a broken invariant of an accepted table:
//   1. every row has one cell per input and one value per output;
//   2. it compiles, and evaluating it over empty facts and over a fixed order's facts gives row
//      indexes in increasing order, each below the row count — at most one under hit policy first.
//
// Run: scripts/fuzz-smoke.sh, or by hand:
//   build-fuzz/fuzz/decision_table_fuzz build-fuzz/corpus/decision_table fuzz/corpus/decision_table
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "rules/compiled_rule_set.hpp"
#include "rules/decision_table.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace ordo;

void CheckHits(const rules::CompiledDecisionTable& table, const rules::TableHits& hits, std::string_view document) {
  const std::size_t rows = table.table().rows.size();
  if (table.table().hit_policy == rules::HitPolicy::kFirst) FUZZ_CHECK(hits.size() <= 1, document);
  for (std::size_t idx = 0; idx < hits.size(); ++idx) {
    FUZZ_CHECK(hits[idx] < rows, document);
    if (idx > 0) FUZZ_CHECK(hits[idx - 1] < hits[idx], document);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view document(reinterpret_cast<const char*>(data), size);
  static const rules::FactCatalogue catalogue = rules::FactCatalogue::Standard();
  const core::Result<rules::DecisionTable> parsed = rules::ParseDecisionTable(document, catalogue);
  if (!parsed) {
    for (const core::FieldError& error : parsed.error().fields) {
      FUZZ_CHECK(error.field.empty() || error.field.front() == '/', document);
    }
    return 0;
  }
  for (const rules::DecisionRow& row : parsed->rows) {
    FUZZ_CHECK(row.when.size() == parsed->inputs.size(), document);
    FUZZ_CHECK(row.then.size() == parsed->outputs.size(), document);
  }
  const auto compiled = rules::CompiledDecisionTable::Compile(*parsed, catalogue);
  rules::Facts facts(compiled->rules());
  rules::TableHits hits(*compiled);
  compiled->Evaluate(facts, hits);
  CheckHits(*compiled, hits, document);
  const auto slot = [](const char* path) { return *catalogue.Find(path); };
  facts.SetDecimal(slot("order.grand_total"), 2500 * rules::kDecimalScale);
  facts.SetInt(slot("order.item_count"), 3);
  facts.SetString(slot("order.channel"), "douyin");
  facts.SetString(slot("order.address.province"), "Zhejiang");
  facts.AddToList(slot("order.lines[*].sku"), "FRZ-001");
  facts.SetBool(slot("order.is_gift"), true);
  compiled->Evaluate(facts, hits);
  CheckHits(*compiled, hits, document);
  return 0;
}
