#pragma once
// The facts of one order as the rules saw them, stored so that a simulation can replay a draft
// rule set over past orders "with their facts as they were" (issue 7, item 5). Independent of any
// compiled set: entries name catalogue slots, the encoding names fact PATHS so that a snapshot
// written today still reads after facts are added or retired.
//
// Encoding: one compact JSON object, path → value: ints as JSON integers, decimals as exact JSON
// numbers with at most four decimals (the fixed point value, never a double), strings, bools, and
// string lists as arrays of strings:
//   {"order.grand_total":129.9,"order.channel":"tmall","order.lines[*].sku":["A-1","B-2"]}
// Never personal data: the binder (service/order_facts) fills only non-personal facts.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "rules/fact_catalogue.hpp"

namespace ordo::rules {

class Facts;  // rules/compiled_rule_set.hpp

// Bounds of a decoded snapshot (outside input once stored).
inline constexpr std::size_t kMaxSnapshotBytes = 64 * 1024;
inline constexpr std::size_t kMaxSnapshotStringBytes = 1024;
inline constexpr std::size_t kMaxSnapshotListSize = 1000;

struct FactEntry {
  Slot slot = 0;
  FactType type = FactType::kInt;
  std::int64_t number = 0;         // int, decimal × kDecimalScale, bool 0/1
  std::string text;                // string
  std::vector<std::string> list;   // string list
  bool operator==(const FactEntry&) const = default;
};

// At most one entry per slot; a fact without an entry is absent (never a default).
struct FactSnapshot {
  std::vector<FactEntry> entries;

  // Fills the entry of `path`'s slot (appending it); kInvalidArgument for a path the catalogue
  // does not have or a type other than the fact's.
  core::Status SetInt(const FactCatalogue& catalogue, std::string_view path, std::int64_t value);
  core::Status SetDecimal(const FactCatalogue& catalogue, std::string_view path, std::int64_t scaled);
  core::Status SetBool(const FactCatalogue& catalogue, std::string_view path, bool value);
  core::Status SetString(const FactCatalogue& catalogue, std::string_view path, std::string value);
  core::Status SetList(const FactCatalogue& catalogue, std::string_view path, std::vector<std::string> values);
  const FactEntry* Find(Slot slot) const;
  bool operator==(const FactSnapshot&) const = default;
};

std::string EncodeFactSnapshot(const FactSnapshot& snapshot, const FactCatalogue& catalogue);

// Reads snapshots against one catalogue, reusing `out`'s storage and its own parse buffer: the
// simulation decodes a million of them and allocates only when an order has more or longer facts
// than the previous ones. One decoder per thread (Decode uses the buffer). The catalogue must
// outlive the decoder and not change meanwhile.
class FactSnapshotDecoder {
 public:
  explicit FactSnapshotDecoder(const FactCatalogue& catalogue);
  // Unknown paths are skipped (a retired fact); kMalformed for text that is not such an object,
  // a value of the wrong type (the message names the path), a repeated path, or a size over the
  // bounds above. `out` is unspecified after an error.
  core::Status Decode(std::string_view text, FactSnapshot& out);

 private:
  const FactCatalogue* catalogue_;
  std::string buffer_;  // the text, NUL-terminated, parsed in place
  std::unordered_map<std::string_view, Slot> slots_;  // views of the catalogue's paths
};

core::Result<FactSnapshot> DecodeFactSnapshot(std::string_view text, const FactCatalogue& catalogue);

// Clears `facts` and sets every entry (Facts interns strings against its compiled set).
void LoadFacts(const FactSnapshot& snapshot, Facts& facts);

}  // namespace ordo::rules
