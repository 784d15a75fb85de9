#pragma once
// The compiler and the evaluator (issue 7, item 3). Compile flattens a validated RuleSet into
// arrays: conditions in prefix order with the index just past each subtree (short-circuiting
// walks skip by index), fact paths resolved to slots, string constants interned to small ids,
// `in` sets sorted. Evaluate reads a Facts vector filled once per order and writes the fired
// rules into a FiredRules buffer sized at construction: no string compare of fact names, no hash
// lookup, no allocation on that path (starts_with / contains-substring / matches read the bytes
// of the one string fact they test).
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/fact_catalogue.hpp"
#include "rules/rule_set.hpp"

namespace ordo::rules {

class CompiledRuleSet;

// The facts of one order (or one stock change, ...), by slot. Strings are interned against the
// compiled set's constants while filling (a string no rule mentions gets an id no constant has);
// string_views must outlive the evaluation. Reuse one Facts across orders: Clear keeps capacity.
class Facts {
 public:
  explicit Facts(const CompiledRuleSet& rules);
  void Clear();
  void SetInt(Slot slot, std::int64_t value);
  void SetDecimal(Slot slot, std::int64_t scaled);  // value × kDecimalScale
  void SetBool(Slot slot, bool value);
  void SetString(Slot slot, std::string_view value);
  void AddToList(Slot slot, std::string_view element);

 private:
  friend class CompiledRuleSet;
  // One word per slot — the value (int, scaled decimal, bool 0/1, string id; for a list, where
  // its element ids are in list_pool_: begin << 16 | size) — then the presence bits, in one
  // allocation: an order's facts span a few cache lines.
  std::int64_t Value(Slot slot) const { return words_[slot]; }
  std::uint64_t Present(Slot slot) const {
    return (static_cast<std::uint64_t>(words_[present_base_ + (slot >> 6)]) >> (slot & 63)) & 1U;
  }
  void MarkPresent(Slot slot) {
    words_[present_base_ + (slot >> 6)] |= static_cast<std::int64_t>(std::uint64_t{1} << (slot & 63));
  }
  const CompiledRuleSet* rules_;
  std::size_t present_base_;
  std::vector<std::int64_t> words_;
  std::vector<std::int64_t> list_pool_;
  std::vector<std::string_view> texts_;  // read only by contains / starts_with / matches
};

// Which rules fired, in evaluation order (priority, then document order); capacity fixed.
class FiredRules {
 public:
  explicit FiredRules(const CompiledRuleSet& rules);
  std::size_t size() const { return count_; }
  std::uint32_t operator[](std::size_t idx) const { return indices_[idx]; }  // compiled rule index
  bool stopped() const { return stopped_; }  // a stop_processing rule fired

 private:
  friend class CompiledRuleSet;
  std::vector<std::uint32_t> indices_;
  std::vector<std::uint8_t> node_values_;  // scratch: the value of every condition node
  std::size_t count_ = 0;
  bool stopped_ = false;
};

class CompiledRuleSet {
 public:
  static std::shared_ptr<const CompiledRuleSet> Compile(const RuleSet& set, const FactCatalogue& catalogue);

  // Every enabled rule of `trigger` (enabled_from <= now < enabled_to) whose condition holds,
  // by priority; stops after a firing rule with stop_processing.
  void Evaluate(const Facts& facts, Trigger trigger, core::UnixMillis now, FiredRules& fired) const;

  std::size_t rule_count() const { return rules_.size(); }
  std::size_t node_count() const { return nodes_.size(); }
  std::size_t slot_count() const { return slot_count_; }
  const Rule& rule(std::uint32_t idx) const { return sources_[idx]; }

 private:
  friend class Facts;
  enum class NodeKind : std::uint8_t { kAll, kAny, kNot, kLeaf };
  // A leaf's operator specialised for its fact type at compile time: one switch per test.
  enum class Code : std::uint8_t {
    kExists, kAbsent, kEq, kNe, kLt, kLe, kGt, kGe, kBetween, kInSorted, kNotInSorted, kInBits, kNotInBits,
    kListContains, kListInBits, kListNotInBits, kTextContains, kStartsWith, kMatches };
  static Code CodeFor(Op op, FactType type, bool exists_expected);
  struct Node {
    NodeKind kind;
    Code code;
    Op op;
    FactType type;
    Slot slot;
    std::uint32_t end;       // index just past this node's subtree
    std::int64_t a;          // the value (or low bound), string id for string ops
    std::int64_t b;          // the high bound of between
    std::uint32_t set_begin; // sorted values in set_pool_, or bytes in text_pool_
    std::uint32_t set_size;
    std::uint32_t bits_begin;  // string `in` / `not_in`: a bitset over interned ids in bit_pool_
  };
  // What evaluation reads of a rule, packed; the source rules are kept apart (sources_).
  struct CompiledRule {
    core::UnixMillis from;
    core::UnixMillis to;
    std::uint32_t root;
    Trigger trigger;
    bool stop;
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  std::uint32_t Flatten(const Condition& condition);
  std::int64_t Intern(const std::string& text);
  std::int64_t Lookup(std::string_view text) const;
  bool Test(const Node& node, const Facts& facts) const;
  // Rules are grouped by trigger (then by priority); each trigger owns a range of rules and the
  // contiguous range of their condition nodes.
  struct TriggerRange {
    std::uint32_t rule_begin = 0;
    std::uint32_t rule_end = 0;
    std::uint32_t node_begin = 0;
    std::uint32_t node_end = 0;
    std::uint32_t batch_begin = 0;  // leaf batches in batches_
    std::uint32_t batch_end = 0;
    std::uint32_t group_begin = 0;  // group nodes (all/any/not) in groups_, children first
    std::uint32_t group_end = 0;
  };
  // The leaves of one trigger that share an operator code, tested in one tight loop: the code is
  // switched on once per batch, not once per leaf.
  struct Batch {
    Code code;
    std::uint32_t begin;  // in leaf_ops_
    std::uint32_t end;
  };
  // A leaf as its batch loop reads it (32 bytes, contiguous per batch).
  struct LeafOp {
    std::int64_t a;
    std::int64_t b;
    Slot slot;
    std::uint32_t out;  // the leaf's node index: where its value goes
    std::uint32_t bits_begin;
    std::uint32_t unused = 0;
  };
  // A group node with its children's node indices in group_children_.
  struct GroupOp {
    NodeKind kind;
    std::uint32_t out;
    std::uint32_t begin;
    std::uint32_t end;
  };
  void BuildBatches();
  void RunBatch(const Batch& batch, const Facts& facts, std::uint8_t* values) const;
  bool InBits(const Node& node, std::int64_t id) const;
  void BuildBitsets();

  std::vector<Node> nodes_;
  std::vector<std::int64_t> set_pool_;
  std::vector<std::uint64_t> bit_pool_;
  std::uint64_t bit_count_ = 0;  // interned strings: every bitset covers ids 0..bit_count_-1
  std::string text_pool_;
  std::vector<CompiledRule> rules_;
  std::vector<Rule> sources_;
  std::array<TriggerRange, kTriggerCount> triggers_{};
  std::vector<Batch> batches_;
  std::vector<LeafOp> leaf_ops_;
  std::vector<GroupOp> groups_;
  std::vector<std::uint32_t> group_children_;
  std::unordered_map<std::string, std::int64_t, StringHash, std::equal_to<>> strings_;
  std::size_t slot_count_ = 0;
};

}  // namespace ordo::rules
