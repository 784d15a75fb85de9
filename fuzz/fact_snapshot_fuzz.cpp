// Fuzzes the fact snapshot decoder (rules/fact_snapshot.hpp; issue 7): stored snapshots are read
// back by the simulation, so they are outside input.
//
// A clean kMalformed refusal is correct behaviour. A finding is a crash, a sanitizer report, or a
// broken invariant of an accepted snapshot:
//   1. at most one entry per slot, each of its catalogue fact's type, within the size bounds;
//   2. encoding it and decoding again gives the same snapshot (and the same text once more);
//   3. LoadFacts and an evaluation over it run (a compiled set that reads every fact).
//
// Run: scripts/fuzz-smoke.sh, or by hand:
//   build-fuzz/fuzz/fact_snapshot_fuzz build-fuzz/corpus/fact_snapshot fuzz/corpus/fact_snapshot
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "rules/compiled_rule_set.hpp"
#include "rules/fact_snapshot.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace ordo;

// One rule per fact that tests it, so evaluation reads every slot the decoder may fill.
std::shared_ptr<const rules::CompiledRuleSet> EveryFactRules(const rules::FactCatalogue& catalogue) {
  std::string json = R"({"rules":[)";
  for (rules::Slot slot = 0; slot < catalogue.size(); ++slot) {
    if (slot > 0) json += ',';
    json += R"({"id":"r)" + std::to_string(slot) + R"(","trigger":"order.created","when":{"fact":")" +
            catalogue.At(slot).path + R"(","op":"exists","value":true},"then":[{"action":"tag","tag":"t"}]})";
  }
  json += "]}";
  const auto parsed = rules::ParseRuleSet(json, catalogue);
  if (!parsed) std::abort();
  return rules::CompiledRuleSet::Compile(*parsed, catalogue);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view document(reinterpret_cast<const char*>(data), size);
  static const rules::FactCatalogue catalogue = rules::FactCatalogue::Standard();
  static rules::FactSnapshotDecoder decoder(catalogue);
  static const auto compiled = EveryFactRules(catalogue);
  rules::FactSnapshot snapshot;
  const core::Status decoded = decoder.Decode(document, snapshot);
  if (!decoded) {
    FUZZ_CHECK(decoded.error().code == core::ErrorCode::kMalformed, document);
    return 0;
  }
  std::set<rules::Slot> slots;
  for (const rules::FactEntry& entry : snapshot.entries) {
    FUZZ_CHECK(entry.slot < catalogue.size(), document);
    FUZZ_CHECK(slots.insert(entry.slot).second, document);
    FUZZ_CHECK(catalogue.At(entry.slot).type == entry.type, document);
    FUZZ_CHECK(entry.text.size() <= rules::kMaxSnapshotStringBytes, document);
    FUZZ_CHECK(entry.list.size() <= rules::kMaxSnapshotListSize, document);
  }
  const std::string encoded = rules::EncodeFactSnapshot(snapshot, catalogue);
  rules::FactSnapshot again;
  FUZZ_CHECK(decoder.Decode(encoded, again).has_value(), document);
  FUZZ_CHECK(again == snapshot, document);
  FUZZ_CHECK(rules::EncodeFactSnapshot(again, catalogue) == encoded, document);
  rules::Facts facts(*compiled);
  rules::FiredRules fired(*compiled);
  rules::LoadFacts(snapshot, facts);
  compiled->Evaluate(facts, rules::Trigger::kOrderCreated, 0, fired);
  FUZZ_CHECK(fired.size() <= catalogue.size(), document);
  return 0;
}
