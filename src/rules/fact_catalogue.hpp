#pragma once
// The fact catalogue: the one registry of what a rule may ask about an order (issue 7, item 1).
// A fact is a path ("order.grand_total", "order.lines[*].sku") with a type; compiling a rule set
// resolves every path to the fact's slot, the index into the fact vector the evaluator reads.
// Modules add their facts with Add (risk will add "risk.score"); Standard() holds the facts the
// issue names.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace ordo::rules {

enum class FactType { kInt, kDecimal, kString, kBool, kStringList };

std::string_view FactTypeName(FactType type);

// Decimals are fixed point: the value times kDecimalScale, exact for up to four decimals.
inline constexpr std::int64_t kDecimalScale = 10'000;

using Slot = std::uint32_t;

struct FactDef {
  std::string path;
  FactType type = FactType::kInt;
  std::string description;
};

class FactCatalogue {
 public:
  // The facts of the issue: order totals, address, lines, customer history, stock, carrier SLA,
  // address quality.
  static FactCatalogue Standard();

  // kInvalidArgument for a malformed path or one already registered (with another type).
  core::Status Add(std::string path, FactType type, std::string description);

  std::optional<Slot> Find(std::string_view path) const;
  const FactDef& At(Slot slot) const { return facts_[slot]; }
  std::size_t size() const { return facts_.size(); }

 private:
  std::vector<FactDef> facts_;
  std::unordered_map<std::string, Slot> slots_;
};

}  // namespace ordo::rules
