#include "rules/compiled_rule_set.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "core/assert.hpp"

namespace ordo::rules {
namespace {

constexpr std::int64_t kUnknownString = -1;

// A glob: '*' any run of bytes, '?' one byte. Iterative with one backtrack point, no allocation.
bool GlobMatches(std::string_view pattern, std::string_view text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool InSorted(const std::int64_t* begin, std::uint32_t size, std::int64_t value) {
  if (size <= 8) {
    for (std::uint32_t idx = 0; idx < size; ++idx) {
      if (begin[idx] == value) return true;
    }
    return false;
  }
  return std::binary_search(begin, begin + size, value);
}

}  // namespace

Facts::Facts(const CompiledRuleSet& rules)
    : rules_(&rules),
      present_base_(rules.slot_count()),
      words_(rules.slot_count() + (rules.slot_count() + 63) / 64, 0),
      texts_(rules.slot_count()) {}

void Facts::Clear() {
  std::fill(words_.begin(), words_.end(), 0);
  list_pool_.clear();
}

void Facts::SetInt(Slot slot, std::int64_t value) {
  ORDO_CHECK(slot < present_base_);  // a slot of the catalogue the rule set was compiled with
  words_[slot] = value;
  MarkPresent(slot);
}
void Facts::SetDecimal(Slot slot, std::int64_t scaled) { SetInt(slot, scaled); }
void Facts::SetBool(Slot slot, bool value) { SetInt(slot, value ? 1 : 0); }
void Facts::SetString(Slot slot, std::string_view value) {
  SetInt(slot, rules_->Lookup(value));
  texts_[slot] = value;
}
void Facts::AddToList(Slot slot, std::string_view element) {
  ORDO_CHECK(slot < present_base_);
  auto begin = static_cast<std::uint64_t>(words_[slot]) >> 16;
  auto size = static_cast<std::uint64_t>(words_[slot]) & 0xFFFF;
  if (size == 0xFFFF) return;  // a list longer than any order's: the rest is ignored
  // Keep each slot's elements contiguous: move the list to the end when another grew after it.
  if (size != 0 && begin + size != list_pool_.size()) {
    const std::uint64_t moved = list_pool_.size();
    for (std::uint64_t idx = 0; idx < size; ++idx) list_pool_.push_back(list_pool_[begin + idx]);
    begin = moved;
  }
  if (size == 0) begin = list_pool_.size();
  list_pool_.push_back(rules_->Lookup(element));
  ++size;
  words_[slot] = static_cast<std::int64_t>((begin << 16) | size);
  MarkPresent(slot);
}

FiredRules::FiredRules(const CompiledRuleSet& rules) : indices_(rules.rule_count(), 0), node_values_(rules.node_count(), 0) {}

std::int64_t CompiledRuleSet::Intern(const std::string& text) {
  const auto [found, inserted] = strings_.emplace(text, static_cast<std::int64_t>(strings_.size()));
  return found->second;
}

std::int64_t CompiledRuleSet::Lookup(std::string_view text) const {
  const auto found = strings_.find(text);
  return found == strings_.end() ? kUnknownString : found->second;
}

std::uint32_t CompiledRuleSet::Flatten(const Condition& condition) {
  const auto node_idx = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(Node{});
  Node node{};
  switch (condition.kind) {
    case Condition::Kind::kAll: node.kind = NodeKind::kAll; break;
    case Condition::Kind::kAny: node.kind = NodeKind::kAny; break;
    case Condition::Kind::kNot: node.kind = NodeKind::kNot; break;
    case Condition::Kind::kLeaf: node.kind = NodeKind::kLeaf; break;
  }
  if (condition.kind == Condition::Kind::kLeaf) {
    node.op = condition.op;
    node.type = condition.type;
    node.slot = condition.slot;
    node.code = CodeFor(condition.op, condition.type, condition.numbers.empty() || condition.numbers[0] != 0);
    slot_count_ = std::max<std::size_t>(slot_count_, condition.slot + 1);
    const bool text = condition.type == FactType::kString || condition.type == FactType::kStringList;
    const bool byte_op = condition.type == FactType::kString &&
                         (condition.op == Op::kContains || condition.op == Op::kStartsWith || condition.op == Op::kMatches);
    if (byte_op) {
      node.set_begin = static_cast<std::uint32_t>(text_pool_.size());
      node.set_size = static_cast<std::uint32_t>(condition.strings[0].size());
      text_pool_ += condition.strings[0];
    } else if (condition.op == Op::kIn || condition.op == Op::kNotIn) {
      std::vector<std::int64_t> values;
      if (text) {
        for (const std::string& value : condition.strings) values.push_back(Intern(value));
      } else {
        values = condition.numbers;
      }
      std::sort(values.begin(), values.end());
      values.erase(std::unique(values.begin(), values.end()), values.end());
      node.set_begin = static_cast<std::uint32_t>(set_pool_.size());
      node.set_size = static_cast<std::uint32_t>(values.size());
      set_pool_.insert(set_pool_.end(), values.begin(), values.end());
    } else if (text && !condition.strings.empty()) {
      node.a = Intern(condition.strings[0]);
    } else {
      if (!condition.numbers.empty()) node.a = condition.numbers[0];
      if (condition.numbers.size() > 1) node.b = condition.numbers[1];
    }
  }
  for (const Condition& child : condition.children) Flatten(child);
  node.end = static_cast<std::uint32_t>(nodes_.size());
  nodes_[node_idx] = node;
  return node_idx;
}

std::shared_ptr<const CompiledRuleSet> CompiledRuleSet::Compile(const RuleSet& set, const FactCatalogue& catalogue) {
  auto compiled = std::make_shared<CompiledRuleSet>();
  compiled->slot_count_ = catalogue.size();
  std::vector<std::size_t> order(set.rules.size());
  for (std::size_t rule_idx = 0; rule_idx < order.size(); ++rule_idx) order[rule_idx] = rule_idx;
  std::stable_sort(order.begin(), order.end(), [&set](std::size_t lhs, std::size_t rhs) {
    const Rule& left = set.rules[lhs];
    const Rule& right = set.rules[rhs];
    if (left.trigger != right.trigger) return left.trigger < right.trigger;
    return left.priority > right.priority;
  });
  for (const std::size_t rule_idx : order) {
    const Rule& rule = set.rules[rule_idx];
    TriggerRange& range = compiled->triggers_[static_cast<std::size_t>(rule.trigger)];
    if (range.rule_begin == range.rule_end) {
      range.rule_begin = static_cast<std::uint32_t>(compiled->rules_.size());
      range.node_begin = static_cast<std::uint32_t>(compiled->nodes_.size());
    }
    const std::uint32_t root = compiled->Flatten(rule.when);
    range.rule_end = static_cast<std::uint32_t>(compiled->rules_.size() + 1);
    range.node_end = static_cast<std::uint32_t>(compiled->nodes_.size());
    compiled->rules_.push_back(CompiledRule{rule.enabled_from.value_or(std::numeric_limits<core::UnixMillis>::min()),
                                            rule.enabled_to.value_or(std::numeric_limits<core::UnixMillis>::max()),
                                            root, rule.trigger, rule.stop_processing});
    compiled->sources_.push_back(rule);
  }
  compiled->BuildBitsets();
  compiled->BuildBatches();
  return compiled;
}

CompiledRuleSet::Code CompiledRuleSet::CodeFor(Op op, FactType type, bool exists_expected) {
  const bool list = type == FactType::kStringList;
  const bool text = type == FactType::kString;
  switch (op) {
    case Op::kExists: return exists_expected ? Code::kExists : Code::kAbsent;
    case Op::kEq: return Code::kEq;
    case Op::kNe: return Code::kNe;
    case Op::kLt: return Code::kLt;
    case Op::kLe: return Code::kLe;
    case Op::kGt: return Code::kGt;
    case Op::kGe: return Code::kGe;
    case Op::kBetween: return Code::kBetween;
    case Op::kIn: return list ? Code::kListInBits : text ? Code::kInBits : Code::kInSorted;
    case Op::kNotIn: return list ? Code::kListNotInBits : text ? Code::kNotInBits : Code::kNotInSorted;
    case Op::kContains: return list ? Code::kListContains : Code::kTextContains;
    case Op::kStartsWith: return Code::kStartsWith;
    case Op::kMatches: return Code::kMatches;
  }
  return Code::kAbsent;
}

inline bool CompiledRuleSet::Test(const Node& node, const Facts& facts) const {
  // A comparison with a missing fact is false (`not` inverts it); only `exists false` holds.
  if (facts.Present(node.slot) == 0) return node.code == Code::kAbsent;
  const std::int64_t value = facts.Value(node.slot);
  switch (node.code) {
    case Code::kExists: return true;
    case Code::kAbsent: return false;
    case Code::kEq: return value == node.a;
    case Code::kNe: return value != node.a;
    case Code::kLt: return value < node.a;
    case Code::kLe: return value <= node.a;
    case Code::kGt: return value > node.a;
    case Code::kGe: return value >= node.a;
    case Code::kBetween: return value >= node.a && value <= node.b;
    case Code::kInSorted: return InSorted(set_pool_.data() + node.set_begin, node.set_size, value);
    case Code::kNotInSorted: return !InSorted(set_pool_.data() + node.set_begin, node.set_size, value);
    case Code::kInBits: return InBits(node, value);
    case Code::kNotInBits: return !InBits(node, value);
    case Code::kListContains:
    case Code::kListInBits:
    case Code::kListNotInBits: {
      const std::int64_t* list = facts.list_pool_.data() + (static_cast<std::uint64_t>(value) >> 16);
      const std::int64_t* list_end = list + (static_cast<std::uint64_t>(value) & 0xFFFF);
      if (node.code == Code::kListContains) return std::find(list, list_end, node.a) != list_end;
      bool any = false;
      for (const std::int64_t* element = list; element != list_end && !any; ++element) any = InBits(node, *element);
      return node.code == Code::kListInBits ? any : !any;
    }
    case Code::kTextContains:
    case Code::kStartsWith:
    case Code::kMatches: {
      const std::string_view pattern(text_pool_.data() + node.set_begin, node.set_size);
      const std::string_view text = facts.texts_[node.slot];
      if (node.code == Code::kTextContains) return text.find(pattern) != std::string_view::npos;
      if (node.code == Code::kStartsWith) return text.substr(0, pattern.size()) == pattern;
      return GlobMatches(pattern, text);
    }
  }
  return false;
}

bool CompiledRuleSet::InBits(const Node& node, std::int64_t id) const {
  const auto bit = static_cast<std::uint64_t>(id);  // kUnknownString wraps to the largest value
  if (bit >= bit_count_) return false;
  return (bit_pool_[node.bits_begin + (bit >> 6)] >> (bit & 63)) & 1U;
}

void CompiledRuleSet::BuildBitsets() {
  bit_count_ = strings_.size();
  const std::size_t words = (bit_count_ + 63) / 64;
  for (Node& node : nodes_) {
    const bool text = node.type == FactType::kString || node.type == FactType::kStringList;
    if (node.kind != NodeKind::kLeaf || !text || (node.op != Op::kIn && node.op != Op::kNotIn)) continue;
    node.bits_begin = static_cast<std::uint32_t>(bit_pool_.size());
    bit_pool_.resize(bit_pool_.size() + words, 0);
    for (std::uint32_t idx = 0; idx < node.set_size; ++idx) {
      const auto bit = static_cast<std::uint64_t>(set_pool_[node.set_begin + idx]);
      bit_pool_[node.bits_begin + (bit >> 6)] |= std::uint64_t{1} << (bit & 63);
    }
  }
}

void CompiledRuleSet::BuildBatches() {
  for (TriggerRange& range : triggers_) {
    range.batch_begin = static_cast<std::uint32_t>(batches_.size());
    range.group_begin = static_cast<std::uint32_t>(groups_.size());
    // Identical leaves of different rules (same fact, operator and value) are tested once: the
    // others read the first one's value.
    std::vector<std::uint32_t> leaves;
    std::unordered_map<std::string, std::uint32_t> seen;
    std::unordered_map<std::uint32_t, std::uint32_t> canonical;
    for (std::uint32_t node_idx = range.node_begin; node_idx < range.node_end; ++node_idx) {
      const Node& node = nodes_[node_idx];
      if (node.kind != NodeKind::kLeaf) continue;
      std::string key = std::to_string(static_cast<int>(node.code)) + ":" + std::to_string(node.slot) + ":" +
                        std::to_string(node.a) + ":" + std::to_string(node.b) + ":";
      const bool byte_op = node.code == Code::kTextContains || node.code == Code::kStartsWith || node.code == Code::kMatches;
      if (byte_op) {
        key += text_pool_.substr(node.set_begin, node.set_size);
      } else {
        for (std::uint32_t idx = 0; idx < node.set_size; ++idx) key += std::to_string(set_pool_[node.set_begin + idx]) + ",";
      }
      const auto [found, inserted] = seen.emplace(std::move(key), node_idx);
      if (inserted) {
        leaves.push_back(node_idx);
      } else {
        canonical[node_idx] = found->second;
      }
    }
    const auto resolve = [&canonical](std::uint32_t node_idx) {
      const auto found = canonical.find(node_idx);
      return found == canonical.end() ? node_idx : found->second;
    };
    for (std::uint32_t rule_idx = range.rule_begin; rule_idx < range.rule_end; ++rule_idx) {
      rules_[rule_idx].root = resolve(rules_[rule_idx].root);
    }
    for (std::uint32_t node_idx = range.node_end; node_idx-- > range.node_begin;) {
      const Node& node = nodes_[node_idx];
      if (node.kind == NodeKind::kLeaf) continue;
      // Reverse prefix order: children before their parent.
      const auto begin = static_cast<std::uint32_t>(group_children_.size());
      for (std::uint32_t child = node_idx + 1; child < node.end; child = nodes_[child].end) {
        group_children_.push_back(resolve(child));
      }
      groups_.push_back(GroupOp{node.kind, node_idx, begin, static_cast<std::uint32_t>(group_children_.size())});
    }
    std::stable_sort(leaves.begin(), leaves.end(),
                     [this](std::uint32_t lhs, std::uint32_t rhs) { return nodes_[lhs].code < nodes_[rhs].code; });
    for (std::size_t leaf_idx = 0; leaf_idx < leaves.size(); ++leaf_idx) {
      const Code code = nodes_[leaves[leaf_idx]].code;
      if (leaf_idx == 0 || nodes_[leaves[leaf_idx - 1]].code != code) {
        const auto begin = static_cast<std::uint32_t>(leaf_ops_.size());
        batches_.push_back(Batch{code, begin, begin});
      }
      const Node& node = nodes_[leaves[leaf_idx]];
      leaf_ops_.push_back(LeafOp{node.a, node.b, node.slot, leaves[leaf_idx], node.bits_begin});
      batches_.back().end = static_cast<std::uint32_t>(leaf_ops_.size());
    }
    range.batch_end = static_cast<std::uint32_t>(batches_.size());
    range.group_end = static_cast<std::uint32_t>(groups_.size());
  }
}

void CompiledRuleSet::RunBatch(const Batch& batch, const Facts& facts, std::uint8_t* values) const {
  const LeafOp* leaf = leaf_ops_.data() + batch.begin;
  const LeafOp* end = leaf_ops_.data() + batch.end;
  const auto run = [&](auto compare) {
    for (; leaf != end; ++leaf) {
      values[leaf->out] = static_cast<std::uint8_t>(facts.Present(leaf->slot) & compare(facts.Value(leaf->slot), *leaf));
    }
  };
  const auto in_bits = [this](std::int64_t id, const LeafOp& op) {
    const auto bit = static_cast<std::uint64_t>(id);  // kUnknownString wraps to the largest value
    return bit < bit_count_ && ((bit_pool_[op.bits_begin + (bit >> 6)] >> (bit & 63)) & 1U) != 0;
  };
  switch (batch.code) {
    case Code::kEq: return run([](std::int64_t value, const LeafOp& op) { return value == op.a; });
    case Code::kNe: return run([](std::int64_t value, const LeafOp& op) { return value != op.a; });
    case Code::kLt: return run([](std::int64_t value, const LeafOp& op) { return value < op.a; });
    case Code::kLe: return run([](std::int64_t value, const LeafOp& op) { return value <= op.a; });
    case Code::kGt: return run([](std::int64_t value, const LeafOp& op) { return value > op.a; });
    case Code::kGe: return run([](std::int64_t value, const LeafOp& op) { return value >= op.a; });
    case Code::kBetween: return run([](std::int64_t value, const LeafOp& op) { return (value >= op.a) & (value <= op.b); });
    case Code::kInBits: return run(in_bits);
    case Code::kNotInBits: return run([&in_bits](std::int64_t value, const LeafOp& op) { return !in_bits(value, op); });
    case Code::kListInBits:
    case Code::kListNotInBits: {
      // OR of the elements' bits, no early exit: lists are a few SKUs long.
      const std::int64_t* pool = facts.list_pool_.data();
      const bool in = batch.code == Code::kListInBits;
      return run([pool, in, &in_bits](std::int64_t value, const LeafOp& op) {
        const std::int64_t* element = pool + (static_cast<std::uint64_t>(value) >> 16);
        const std::int64_t* element_end = element + (static_cast<std::uint64_t>(value) & 0xFFFF);
        bool any = false;
        for (; element != element_end; ++element) any |= in_bits(*element, op);
        return any == in;
      });
    }
    default:
      for (; leaf != end; ++leaf) values[leaf->out] = Test(nodes_[leaf->out], facts) ? 1 : 0;
      return;
  }
}

// Every condition node of the trigger's rules is evaluated without short-circuit: leaves in
// batches by operator, then groups children before parents. The sequence of work is the same on
// every order, so branches follow the rule set, not the data. Tests have no side effects, so the
// outcome equals a short-circuit walk's.
void CompiledRuleSet::Evaluate(const Facts& facts, Trigger trigger, core::UnixMillis now, FiredRules& fired) const {
  fired.count_ = 0;
  fired.stopped_ = false;
  const TriggerRange& range = triggers_[static_cast<std::size_t>(trigger)];
  std::uint8_t* values = fired.node_values_.data();
  for (std::uint32_t batch_idx = range.batch_begin; batch_idx < range.batch_end; ++batch_idx) {
    RunBatch(batches_[batch_idx], facts, values);
  }
  for (std::uint32_t group_idx = range.group_begin; group_idx < range.group_end; ++group_idx) {
    const GroupOp& group = groups_[group_idx];
    const std::uint32_t* child = group_children_.data() + group.begin;
    const std::uint32_t* child_end = group_children_.data() + group.end;
    if (group.kind == NodeKind::kNot) {
      values[group.out] = values[*child] ^ 1U;
    } else if (group.kind == NodeKind::kAll) {
      std::uint8_t all = 1;
      for (; child != child_end; ++child) all &= values[*child];
      values[group.out] = all;
    } else {
      std::uint8_t any = 0;
      for (; child != child_end; ++child) any |= values[*child];
      values[group.out] = any;
    }
  }
  for (std::uint32_t rule_idx = range.rule_begin; rule_idx < range.rule_end; ++rule_idx) {
    const CompiledRule& rule = rules_[rule_idx];
    if (values[rule.root] == 0 || now < rule.from || now >= rule.to) continue;
    fired.indices_[fired.count_++] = rule_idx;
    if (rule.stop) {
      fired.stopped_ = true;
      return;
    }
  }
}

}  // namespace ordo::rules
