// CompiledRuleSet::ExplainRule: why a rule fired (or not) on one order, leaf by leaf. The slow
// path next to the evaluator: it walks the rule's source condition and its compiled nodes side by
// side (both in prefix order), tests each leaf with the evaluator's own Test, and renders values
// as JSON text. Allocation is fine here: it runs for the few rules that fired on a live order.
#include <string>
#include <vector>

#include "core/json.hpp"
#include "rules/compiled_rule_set.hpp"

namespace ordo::rules {
namespace {

// A fixed-point decimal (value × kDecimalScale) as exact JSON number text: 125000 → 12.5.
std::string DecimalText(std::int64_t scaled) {
  const bool negative = scaled < 0;
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(scaled) : static_cast<std::uint64_t>(scaled);
  const auto scale = static_cast<std::uint64_t>(kDecimalScale);
  std::string text = (negative ? "-" : "") + std::to_string(magnitude / scale);
  std::string fraction = std::to_string(magnitude % scale);
  if (fraction != "0") {
    fraction.insert(0, std::to_string(scale).size() - 1 - fraction.size(), '0');
    while (fraction.back() == '0') fraction.pop_back();
    text += "." + fraction;
  }
  return text;
}

void WriteNumber(core::JsonWriter& writer, FactType type, std::int64_t value) {
  if (type == FactType::kDecimal) {
    const std::string text = DecimalText(value);
    writer.RawValue(text.data(), text.size(), rapidjson::kNumberType);
  } else if (type == FactType::kBool) {
    writer.Bool(value != 0);
  } else {
    writer.Int64(value);
  }
}

// The rule's side of a leaf, as the rule author wrote it (typed by the fact).
std::string ExpectedJson(const Condition& leaf) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  const bool text = leaf.type == FactType::kString || leaf.type == FactType::kStringList;
  if (leaf.op == Op::kExists) {
    writer.Bool(leaf.numbers.empty() || leaf.numbers[0] != 0);
  } else if (leaf.op == Op::kIn || leaf.op == Op::kNotIn || leaf.op == Op::kBetween) {
    writer.StartArray();
    if (text) {
      for (const std::string& value : leaf.strings) core::WriteString(writer, value);
    } else {
      for (const std::int64_t value : leaf.numbers) WriteNumber(writer, leaf.type, value);
    }
    writer.EndArray();
  } else if (text) {
    core::WriteString(writer, leaf.strings.empty() ? std::string_view() : std::string_view(leaf.strings[0]));
  } else {
    WriteNumber(writer, leaf.type, leaf.numbers.empty() ? 0 : leaf.numbers[0]);
  }
  return buffer.GetString();
}

// The order's side: what was filled into `facts` for the slot, or null.
std::string ActualJson(const Facts& facts, Slot slot, FactType type) {
  if (!facts.Has(slot)) return "null";
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  switch (type) {
    case FactType::kString: core::WriteString(writer, facts.Text(slot)); break;
    case FactType::kStringList:
      writer.StartArray();
      for (const std::string_view element : facts.List(slot)) core::WriteString(writer, element);
      writer.EndArray();
      break;
    case FactType::kInt:
    case FactType::kDecimal:
    case FactType::kBool: WriteNumber(writer, type, facts.Number(slot)); break;
  }
  return buffer.GetString();
}

}  // namespace

std::vector<LeafMatch> CompiledRuleSet::ExplainRule(const Facts& facts, std::uint32_t rule_idx) const {
  std::vector<LeafMatch> matches;
  if (rule_idx >= rules_.size()) return matches;
  // The source condition and its flattened nodes in the same prefix order.
  std::uint32_t node_idx = rules_[rule_idx].root;
  const auto walk = [&](const auto& self, const Condition& condition) -> void {
    const Node& node = nodes_[node_idx++];
    if (condition.kind == Condition::Kind::kLeaf) {
      const FactType type = condition.slot < slot_types_.size() ? slot_types_[condition.slot] : condition.type;
      matches.push_back(LeafMatch{condition.slot < slot_paths_.size() ? slot_paths_[condition.slot] : std::string(),
                                  std::string(OpName(condition.op)), ExpectedJson(condition),
                                  ActualJson(facts, condition.slot, type), Test(node, facts)});
      return;
    }
    for (const Condition& child : condition.children) self(self, child);
  };
  walk(walk, sources_[rule_idx].when);
  return matches;
}

}  // namespace ordo::rules
