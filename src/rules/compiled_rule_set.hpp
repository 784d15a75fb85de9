#pragma once
// The compiler and the evaluator (issue 7, item 3). Compile flattens a validated RuleSet into
// arrays: conditions in prefix order with the index just past each subtree (short-circuiting
// walks skip by index), fact paths resolved to slots, string constants interned to small ids,
// `in` sets sorted or as bitsets; the distinct leaves of a trigger numbered as bits, the
// comparisons of one slot as a table of those bits, each rule as terms over them (docs/rules.md
// "Compiler and evaluator"). Evaluate reads a Facts vector filled once per order and writes the fired
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

  // Read back (slow path: explanations, tests). Meaningful only for a slot of the fact's type.
  bool Has(Slot slot) const { return slot < present_base_ && Present(slot) != 0; }
  std::int64_t Number(Slot slot) const { return words_[slot]; }  // int, scaled decimal, bool 0/1
  std::string_view Text(Slot slot) const { return texts_[slot]; }
  std::vector<std::string_view> List(Slot slot) const;

 private:
  friend class CompiledRuleSet;
  // One word per slot — the value (int, scaled decimal, bool 0/1, string id; for a list, where
  // its element texts are in list_texts_: begin << 16 | size) — then the presence bits, then for
  // each list slot a bitset over the interned string ids of its elements (what `in`/`contains`
  // on a list test with one AND), in one allocation: an order's facts span a few cache lines.
  std::int64_t Value(Slot slot) const { return words_[slot]; }
  std::uint64_t Present(Slot slot) const {
    return (static_cast<std::uint64_t>(words_[present_base_ + (slot >> 6)]) >> (slot & 63)) & 1U;
  }
  void MarkPresent(Slot slot) {
    words_[present_base_ + (slot >> 6)] |= static_cast<std::int64_t>(std::uint64_t{1} << (slot & 63));
  }
  const std::uint64_t* Words() const { return reinterpret_cast<const std::uint64_t*>(words_.data()); }
  const CompiledRuleSet* rules_;
  std::size_t present_base_;
  std::vector<std::int64_t> words_;
  std::vector<std::string_view> list_texts_;
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
  // Scratch, sized once: one byte per distinct leaf (rounded up to 64), then the leaves packed
  // into bits, then one bit per rule.
  std::vector<std::uint8_t> leaf_bytes_;
  std::vector<std::uint64_t> leaf_bits_;
  std::vector<std::uint64_t> rule_bits_;
  std::size_t count_ = 0;
  bool stopped_ = false;
};

// One leaf of a rule's condition on one order (CompiledRuleSet::ExplainRule).
struct LeafMatch {
  std::string fact;           // the fact path, e.g. "order.grand_total"
  std::string op;             // the operator as the rule language spells it, e.g. ">="
  std::string expected_json;  // the rule's value as JSON text (decimals exact: 12.5; between: [lo,hi])
  std::string actual_json;    // the order's value as JSON text (strings: the text filled); "null" when absent
  bool held = false;          // whether the leaf is true on these facts
};

class CompiledRuleSet {
 public:
  static std::shared_ptr<const CompiledRuleSet> Compile(const RuleSet& set, const FactCatalogue& catalogue);

  // Every enabled rule of `trigger` (enabled_from <= now < enabled_to) whose condition holds,
  // by priority; stops after a firing rule with stop_processing.
  void Evaluate(const Facts& facts, Trigger trigger, core::UnixMillis now, FiredRules& fired) const;

  // Slow path for explanations of live firings (a few per order; allocates): every leaf of rule
  // `rule_idx`'s condition (a FiredRules index), in document order, whether it held on `facts`,
  // with the fact path, the operator and both values as JSON text (rule_explanation.cpp).
  std::vector<LeafMatch> ExplainRule(const Facts& facts, std::uint32_t rule_idx) const;

  std::size_t rule_count() const { return rules_.size(); }
  std::size_t node_count() const { return nodes_.size(); }
  std::size_t slot_count() const { return slot_count_; }
  const Rule& rule(std::uint32_t idx) const { return sources_[idx]; }

 private:
  friend class Facts;
  friend class FiredRules;
  enum class NodeKind : std::uint8_t { kAll, kAny, kNot, kLeaf };
  // A leaf's operator specialised for its fact type at compile time: one switch per test.
  enum class Code : std::uint8_t {
    kExists, kAbsent, kEq, kNe, kLt, kLe, kGt, kGe, kBetween, kInSorted, kNotInSorted, kInBits, kNotInBits,
    kListContains, kListInBits, kListNotInBits, kTextContains, kStartsWith, kMatches,
    // Batches only: every == != < <= > >= between on a number, bool or string id, as one range
    // test — (value - low) <= span, unsigned, flipped by `negate` (LeafOp.a, .b, .bits_begin).
    kRange };
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
    std::uint32_t bit;         // leaf: its result's bit among the trigger's distinct leaves
  };
  // What evaluation reads of a rule, packed; the source rules are kept apart (sources_). A rule's
  // condition is compiled into a disjunction of terms, each a conjunction of clauses over the leaf
  // bits (clauses_); a rule whose disjunctive form would be too large (tree) is walked over its
  // nodes instead.
  struct CompiledRule {
    core::UnixMillis from;
    core::UnixMillis to;
    std::uint32_t root;
    Trigger trigger;
    bool stop;
    bool tree;
  };
  // One conjunction of a rule's condition over at most two words of leaf bits: the leaves in
  // `set` true and those in `clear` false, in words `word[0]` and `word[1]`.
  struct Term {
    std::uint64_t set[2];
    std::uint64_t clear[2];
    std::uint32_t word[2];
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  // The interned constants as an open-addressing table over one byte pool: what filling a string
  // fact looks up (a few per order), without the node walk of std::unordered_map.
  struct InternEntry {
    std::uint64_t hash = 0;
    std::uint32_t offset = 0;
    std::uint32_t size = 0;
    std::int64_t id = -1;  // -1: empty
  };

  std::uint32_t Flatten(const Condition& condition);
  std::int64_t Intern(const std::string& text);
  std::int64_t Lookup(std::string_view text) const;
  void BuildLookup();
  bool Test(const Node& node, const Facts& facts) const;
  bool InBits(std::uint32_t bits_begin, std::int64_t id) const;
  bool ListMeetsBits(const Facts& facts, Slot slot, std::uint32_t bits_begin) const;
  bool WalkTree(std::uint32_t node_idx, const std::uint64_t* leaf_bits) const;
  // Rules are grouped by trigger (then by priority); each trigger owns a range of rules, the
  // contiguous range of their condition nodes and of their distinct leaves.
  struct TriggerRange {
    std::uint32_t rule_begin = 0;
    std::uint32_t rule_end = 0;
    std::uint32_t node_begin = 0;
    std::uint32_t node_end = 0;
    std::uint32_t batch_begin = 0;  // leaf batches in batches_
    std::uint32_t batch_end = 0;
    std::uint32_t leaf_count = 0;   // distinct leaves: bits 0..leaf_count-1
    // terms_[term_begin, term_begin + rule count): each rule's first term (one that never holds
    // for a rule kept as a tree); then up to term_end the rules' further terms, whose rules are
    // in term_rules_ at the same index.
    std::uint32_t term_begin = 0;
    std::uint32_t term_end = 0;
    std::uint32_t table_begin = 0;   // slot_tables_[table_begin, table_end)
    std::uint32_t table_end = 0;
    std::uint32_t batch_mask_begin = 0;  // batch_masks_: the leaf bits the batches own
    bool one_word_terms = false;     // at most 64 terms: evaluated through leaf_masks_
    std::uint32_t mask_begin = 0;    // leaf_masks_[mask_begin ...]: one per leaf
    std::uint32_t tree_begin = 0;    // tree_rules_[tree_begin, tree_end): rules kept as trees
    std::uint32_t tree_end = 0;
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
    std::int64_t b;       // between: the high bound; list ops: where the list's bitset is in Facts
    Slot slot;
    std::uint32_t bit;    // where its value goes
    std::uint32_t bits_begin;
    std::uint32_t node;   // its node (operators without a batch loop)
  };
  struct RangeTest {
    std::int64_t low;
    std::uint64_t span;
    bool negate;
  };
  static RangeTest RangeFor(Code code, std::int64_t a, std::int64_t b);
  // The comparisons and string-set tests of one slot as a table of leaf bits (BuildSlotTables).
  struct SlotTable {
    Slot slot;
    bool text;                 // rows by string id (+ one for unknown), else by interval
    std::uint32_t bound_begin;  // sorted interval bounds in table_bounds_
    std::uint32_t bound_count;
    std::uint32_t word_begin;   // the words of leaf bits a row covers, in table_words_
    std::uint32_t word_count;
    std::uint32_t row_begin;    // rows of word_count words in table_rows_
  };
  std::vector<std::uint32_t> BuildSlotTables(TriggerRange& range, const std::vector<std::uint32_t>& leaves);
  void BuildBatches();
  void BuildTerms(TriggerRange& range);
  void RunBatch(const Batch& batch, const Facts& facts, std::uint8_t* values) const;
  void BuildBitsets();

  std::vector<Node> nodes_;
  std::vector<std::int64_t> set_pool_;
  std::vector<std::uint64_t> bit_pool_;
  std::uint64_t bit_count_ = 0;   // interned strings: every bitset covers ids 0..bit_count_-1
  std::uint32_t bit_words_ = 0;   // words per bitset
  std::string text_pool_;
  std::vector<CompiledRule> rules_;
  std::vector<Rule> sources_;
  std::array<TriggerRange, kTriggerCount> triggers_{};
  std::vector<Batch> batches_;
  std::vector<LeafOp> leaf_ops_;
  std::vector<SlotTable> slot_tables_;
  std::vector<std::int64_t> table_bounds_;
  std::vector<std::uint32_t> table_words_;
  std::vector<std::uint64_t> table_rows_;
  std::vector<std::uint64_t> batch_masks_;
  std::vector<Term> terms_;
  // For a trigger of at most 64 terms: the terms (bit = term index) that one leaf rules out when
  // false (pos: the term needs it true) or when true (neg: the term needs it false).
  struct LeafMask {
    std::uint64_t pos;
    std::uint64_t neg;
  };
  std::vector<LeafMask> leaf_masks_;
  std::vector<std::uint32_t> term_rules_;  // parallel to terms_: the (trigger-local) rule of a term
  std::vector<std::uint32_t> tree_rules_;
  std::uint32_t max_leaves_ = 0;  // over triggers: sizes FiredRules' scratch
  std::uint32_t max_rules_ = 0;
  std::unordered_map<std::string, std::int64_t, StringHash, std::equal_to<>> strings_;
  std::vector<InternEntry> lookup_;
  std::string lookup_bytes_;
  std::vector<std::uint32_t> list_bits_at_;  // per slot: its bitset's first word in Facts (lists)
  std::size_t facts_words_ = 0;              // words of a Facts
  std::vector<FactType> slot_types_;
  std::vector<std::string> slot_paths_;
  std::size_t slot_count_ = 0;
};

}  // namespace ordo::rules
