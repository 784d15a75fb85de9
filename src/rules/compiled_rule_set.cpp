#include "rules/compiled_rule_set.hpp"

#include <algorithm>
#include <bit>
#include <functional>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
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

inline std::uint64_t Load64(const char* at) {
  std::uint64_t chunk = 0;
  std::memcpy(&chunk, at, 8);
  return chunk;
}

inline std::uint64_t Load32(const char* at) {
  std::uint32_t chunk = 0;
  std::memcpy(&chunk, at, 4);
  return chunk;
}

// 8 bytes at a time (the last 8 overlapping), multiply-xorshift mixed: a few ns for the short
// texts of an order (channel, province, SKU), without a library call. Not for hashing outside
// keys into a growing table: this one holds only the rule set's constants, so a crafted input can
// at worst probe a full cluster of it.
inline std::uint64_t HashText(std::string_view text) {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  const char* const data = text.data();
  const std::size_t size = text.size();
  std::uint64_t hash = (size + 1) * kMul;
  const auto mix = [&hash](std::uint64_t chunk) {
    hash = (hash ^ chunk) * kMul;
    hash ^= hash >> 29;
  };
  if (size >= 8) {
    std::size_t at = 0;
    for (; at + 8 <= size; at += 8) mix(Load64(data + at));
    if (at < size) mix(Load64(data + size - 8));
  } else if (size >= 4) {
    mix(Load32(data) | Load32(data + size - 4) << 32);
  } else if (size > 0) {
    mix(static_cast<std::uint64_t>(static_cast<unsigned char>(data[0])) |
        static_cast<std::uint64_t>(static_cast<unsigned char>(data[size / 2])) << 8 |
        static_cast<std::uint64_t>(static_cast<unsigned char>(data[size - 1])) << 16);
  }
  hash *= kMul;
  return hash ^ (hash >> 32);
}

// Equal bytes, `size` of each; inline for the short texts of an order.
inline bool SameBytes(const char* left, const char* right, std::size_t size) {
  if (size >= 8) {
    std::size_t at = 0;
    for (; at + 8 <= size; at += 8) {
      if (Load64(left + at) != Load64(right + at)) return false;
    }
    return at == size || Load64(left + size - 8) == Load64(right + size - 8);
  }
  for (std::size_t at = 0; at < size; ++at) {
    if (left[at] != right[at]) return false;
  }
  return true;
}

// Eight bytes that are 0 or 1 → eight bits (byte k → bit k): each byte's bit lands in the top
// byte of the product, at a distinct position, without carries.
inline std::uint64_t PackBytes(const std::uint8_t* bytes) {
  std::uint64_t chunk = 0;
  std::memcpy(&chunk, bytes, 8);
  return (chunk * 0x0102040810204080ULL) >> 56;
}

}  // namespace

Facts::Facts(const CompiledRuleSet& rules)
    : rules_(&rules), present_base_(rules.slot_count()), words_(rules.facts_words_, 0), texts_(rules.slot_count()) {}

void Facts::Clear() {
  std::fill(words_.begin(), words_.end(), 0);
  list_texts_.clear();
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
  if (size != 0 && begin + size != list_texts_.size()) {
    const std::uint64_t moved = list_texts_.size();
    for (std::uint64_t idx = 0; idx < size; ++idx) list_texts_.push_back(list_texts_[begin + idx]);
    begin = moved;
  }
  if (size == 0) begin = list_texts_.size();
  list_texts_.push_back(element);
  ++size;
  words_[slot] = static_cast<std::int64_t>((begin << 16) | size);
  MarkPresent(slot);
  const std::uint32_t bits_at = rules_->list_bits_at_[slot];
  const std::int64_t id = rules_->Lookup(element);
  if (bits_at != 0 && id >= 0) {
    words_[bits_at + (static_cast<std::uint64_t>(id) >> 6)] |= static_cast<std::int64_t>(std::uint64_t{1} << (id & 63));
  }
}

std::vector<std::string_view> Facts::List(Slot slot) const {
  if (!Has(slot)) return {};
  const auto begin = static_cast<std::uint64_t>(words_[slot]) >> 16;
  const auto size = static_cast<std::uint64_t>(words_[slot]) & 0xFFFF;
  return {list_texts_.begin() + static_cast<std::ptrdiff_t>(begin),
          list_texts_.begin() + static_cast<std::ptrdiff_t>(begin + size)};
}

FiredRules::FiredRules(const CompiledRuleSet& rules)
    : indices_(rules.rule_count(), 0),
      leaf_bytes_((rules.max_leaves_ + 63) / 64 * 64, 0),
      leaf_bits_((rules.max_leaves_ + 63) / 64 + 1, 0),  // + 1: clauses of a rule set without leaves read word 0
      rule_bits_((rules.max_rules_ + 63) / 64 + 1, 0) {}

std::int64_t CompiledRuleSet::Intern(const std::string& text) {
  const auto [found, inserted] = strings_.emplace(text, static_cast<std::int64_t>(strings_.size()));
  return found->second;
}

std::int64_t CompiledRuleSet::Lookup(std::string_view text) const {
  const std::uint64_t hash = HashText(text);
  const std::size_t mask = lookup_.size() - 1;
  for (std::size_t idx = hash & mask;; idx = (idx + 1) & mask) {
    const InternEntry& entry = lookup_[idx];
    if (entry.id < 0) return kUnknownString;
    if (entry.hash == hash && entry.size == text.size() && SameBytes(lookup_bytes_.data() + entry.offset, text.data(), text.size())) {
      return entry.id;
    }
  }
}

void CompiledRuleSet::BuildLookup() {
  std::size_t capacity = 16;
  while (capacity < strings_.size() * 2) capacity *= 2;  // at most half full: short probes
  lookup_.assign(capacity, InternEntry{});
  for (const auto& [text, id] : strings_) {
    const std::uint64_t hash = HashText(text);
    std::size_t idx = hash & (capacity - 1);
    while (lookup_[idx].id >= 0) idx = (idx + 1) & (capacity - 1);
    lookup_[idx] = InternEntry{hash, static_cast<std::uint32_t>(lookup_bytes_.size()), static_cast<std::uint32_t>(text.size()), id};
    lookup_bytes_ += text;
  }
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
                                            root, rule.trigger, rule.stop_processing, false});
    compiled->sources_.push_back(rule);
  }
  for (Slot slot = 0; slot < compiled->slot_count_; ++slot) {
    const bool known = slot < catalogue.size();
    compiled->slot_types_.push_back(known ? catalogue.At(slot).type : FactType::kInt);
    compiled->slot_paths_.push_back(known ? catalogue.At(slot).path : std::string());
  }
  compiled->BuildBitsets();
  compiled->BuildLookup();
  // Facts: the slot words, the presence bits, then a bitset per list slot.
  std::size_t words = compiled->slot_count_ + (compiled->slot_count_ + 63) / 64;
  compiled->list_bits_at_.assign(compiled->slot_count_, 0);
  for (Slot slot = 0; slot < compiled->slot_count_; ++slot) {
    if (compiled->slot_types_[slot] != FactType::kStringList || compiled->bit_words_ == 0) continue;
    compiled->list_bits_at_[slot] = static_cast<std::uint32_t>(words);
    words += compiled->bit_words_;
  }
  compiled->facts_words_ = words;
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

// One leaf on one order, the reference semantics (the batch loops compute the same): a comparison
// with a missing fact is false (`not` inverts it); only `exists false` holds.
bool CompiledRuleSet::Test(const Node& node, const Facts& facts) const {
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
    case Code::kInBits: return InBits(node.bits_begin, value);
    case Code::kNotInBits: return !InBits(node.bits_begin, value);
    case Code::kListContains: {
      const std::uint32_t bits_at = list_bits_at_[node.slot];
      const auto bit = static_cast<std::uint64_t>(node.a);
      return bits_at != 0 && ((facts.Words()[bits_at + (bit >> 6)] >> (bit & 63)) & 1U) != 0;
    }
    case Code::kListInBits: return ListMeetsBits(facts, node.slot, node.bits_begin);
    case Code::kListNotInBits: return !ListMeetsBits(facts, node.slot, node.bits_begin);
    case Code::kTextContains:
    case Code::kStartsWith:
    case Code::kMatches: {
      const std::string_view pattern(text_pool_.data() + node.set_begin, node.set_size);
      const std::string_view text = facts.texts_[node.slot];
      if (node.code == Code::kTextContains) return text.find(pattern) != std::string_view::npos;
      if (node.code == Code::kStartsWith) return text.substr(0, pattern.size()) == pattern;
      return GlobMatches(pattern, text);
    }
    case Code::kRange: return false;  // a batch code, never a node's
  }
  return false;
}

bool CompiledRuleSet::InBits(std::uint32_t bits_begin, std::int64_t id) const {
  const auto bit = static_cast<std::uint64_t>(id);  // kUnknownString wraps to the largest value
  if (bit >= bit_count_) return false;
  return (bit_pool_[bits_begin + (bit >> 6)] >> (bit & 63)) & 1U;
}

// Whether a list fact has an element in the set at bits_begin: its element bitset AND the set's.
bool CompiledRuleSet::ListMeetsBits(const Facts& facts, Slot slot, std::uint32_t bits_begin) const {
  const std::uint32_t bits_at = list_bits_at_[slot];
  if (bits_at == 0) return false;
  const std::uint64_t* list = facts.Words() + bits_at;
  const std::uint64_t* set = bit_pool_.data() + bits_begin;
  std::uint64_t meet = 0;
  for (std::uint32_t word = 0; word < bit_words_; ++word) meet |= list[word] & set[word];
  return meet != 0;
}

void CompiledRuleSet::BuildBitsets() {
  bit_count_ = strings_.size();
  // One bit more than there are constants: a string no rule names (id kUnknownString) is tested
  // at bit bit_count_, zero in every set, so the batch loops need no range check.
  bit_words_ = static_cast<std::uint32_t>(bit_count_ / 64 + 1);
  for (Node& node : nodes_) {
    const bool text = node.type == FactType::kString || node.type == FactType::kStringList;
    if (node.kind != NodeKind::kLeaf || !text || (node.op != Op::kIn && node.op != Op::kNotIn)) continue;
    node.bits_begin = static_cast<std::uint32_t>(bit_pool_.size());
    bit_pool_.resize(bit_pool_.size() + bit_words_, 0);
    for (std::uint32_t idx = 0; idx < node.set_size; ++idx) {
      const auto bit = static_cast<std::uint64_t>(set_pool_[node.set_begin + idx]);
      bit_pool_[node.bits_begin + (bit >> 6)] |= std::uint64_t{1} << (bit & 63);
    }
  }
}

// A comparison as "value in [low, low + span]" (unsigned arithmetic), possibly negated.
CompiledRuleSet::RangeTest CompiledRuleSet::RangeFor(Code code, std::int64_t a, std::int64_t b) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  const auto between = [](std::int64_t low, std::int64_t high) {
    return RangeTest{low, static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low), false};
  };
  const RangeTest never{kMin, ~std::uint64_t{0}, true};  // the whole range, negated
  switch (code) {
    case Code::kEq: return between(a, a);
    case Code::kNe: return RangeTest{a, 0, true};
    case Code::kLt: return a == kMin ? never : between(kMin, a - 1);
    case Code::kLe: return between(kMin, a);
    case Code::kGt: return a == kMax ? never : between(a + 1, kMax);
    case Code::kGe: return between(a, kMax);
    case Code::kBetween: return a > b ? never : between(a, b);
    default: return never;
  }
}

void CompiledRuleSet::BuildBatches() {
  for (TriggerRange& range : triggers_) {
    range.batch_begin = static_cast<std::uint32_t>(batches_.size());
    // Identical leaves of different rules (same fact, operator and value) are tested once: the
    // others read the first one's bit.
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
    // A leaf's bit is its first rule's order (a rule's leaves are neighbours, mostly in one word
    // of bits); the batches group the leaves by operator code.
    for (std::size_t leaf_idx = 0; leaf_idx < leaves.size(); ++leaf_idx) nodes_[leaves[leaf_idx]].bit = static_cast<std::uint32_t>(leaf_idx);
    range.leaf_count = static_cast<std::uint32_t>(leaves.size());
    leaves = BuildSlotTables(range, leaves);
    const auto batch_code = [this](std::uint32_t node_idx) {
      const Code code = nodes_[node_idx].code;
      return code >= Code::kEq && code <= Code::kBetween ? Code::kRange : code;
    };
    std::stable_sort(leaves.begin(), leaves.end(),
                     [&batch_code](std::uint32_t lhs, std::uint32_t rhs) { return batch_code(lhs) < batch_code(rhs); });
    for (std::size_t leaf_idx = 0; leaf_idx < leaves.size(); ++leaf_idx) {
      const Node& node = nodes_[leaves[leaf_idx]];
      const Code code = batch_code(leaves[leaf_idx]);
      if (leaf_idx == 0 || batch_code(leaves[leaf_idx - 1]) != code) {
        const auto begin = static_cast<std::uint32_t>(leaf_ops_.size());
        batches_.push_back(Batch{code, begin, begin});
      }
      const bool list_op = node.code == Code::kListContains || node.code == Code::kListInBits || node.code == Code::kListNotInBits;
      const std::int64_t b = list_op ? list_bits_at_[node.slot] : node.b;
      if (code == Code::kRange) {
        const RangeTest range_test = RangeFor(node.code, node.a, node.b);
        leaf_ops_.push_back(LeafOp{range_test.low, static_cast<std::int64_t>(range_test.span), node.slot, node.bit,
                                   range_test.negate ? 1U : 0U, leaves[leaf_idx]});
      } else {
        leaf_ops_.push_back(LeafOp{node.a, b, node.slot, node.bit, node.bits_begin, leaves[leaf_idx]});
      }
      batches_.back().end = static_cast<std::uint32_t>(leaf_ops_.size());
    }
    for (const auto& [node_idx, first] : canonical) nodes_[node_idx].bit = nodes_[first].bit;
    range.batch_end = static_cast<std::uint32_t>(batches_.size());
    max_leaves_ = std::max(max_leaves_, range.leaf_count);
    max_rules_ = std::max(max_rules_, range.rule_end - range.rule_begin);
    BuildTerms(range);
  }
}

// The comparisons of one slot are a step function of its value: tabled, they cost one lookup per
// slot instead of one test per leaf. A number slot's table has a row per interval between the
// sorted bounds of its comparisons (the row of a value: how many bounds are <= it); a string
// slot's a row per interned id plus one for a string no rule names. A row holds the leaf bits
// true there, in the words those leaves use. Leaves of other operators, and slots whose table
// would pass kMaxTableWords, stay in batches. Returns the leaves left to the batches.
std::vector<std::uint32_t> CompiledRuleSet::BuildSlotTables(TriggerRange& range, const std::vector<std::uint32_t>& leaves) {
  constexpr std::size_t kMaxTableWords = 1 << 16;
  range.table_begin = static_cast<std::uint32_t>(slot_tables_.size());
  std::map<Slot, std::vector<std::uint32_t>> by_slot;
  std::vector<std::uint32_t> batched;
  for (const std::uint32_t node_idx : leaves) {
    const Node& node = nodes_[node_idx];
    const bool comparison = node.code >= Code::kEq && node.code <= Code::kBetween;
    const bool string_set = node.code == Code::kInBits || node.code == Code::kNotInBits;
    const bool text = node.type == FactType::kString;
    const bool number = node.type == FactType::kInt || node.type == FactType::kDecimal || node.type == FactType::kBool;
    if ((comparison && (number || text)) || (string_set && text)) {
      by_slot[node.slot].push_back(node_idx);
    } else {
      batched.push_back(node_idx);
    }
  }
  for (const auto& [slot, slot_leaves] : by_slot) {
    const bool text = nodes_[slot_leaves.front()].type == FactType::kString;
    std::vector<std::int64_t> bounds;
    if (!text) {
      for (const std::uint32_t node_idx : slot_leaves) {
        const Node& node = nodes_[node_idx];
        const RangeTest test = RangeFor(node.code, node.a, node.b);
        bounds.push_back(test.low);
        const std::uint64_t high = static_cast<std::uint64_t>(test.low) + test.span;  // wraps like the test
        if (static_cast<std::int64_t>(high) < std::numeric_limits<std::int64_t>::max() &&
            static_cast<std::int64_t>(high) >= test.low) {
          bounds.push_back(static_cast<std::int64_t>(high) + 1);
        }
      }
      std::sort(bounds.begin(), bounds.end());
      bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
    }
    std::vector<std::uint32_t> words;
    for (const std::uint32_t node_idx : slot_leaves) words.push_back(nodes_[node_idx].bit >> 6);
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    const std::size_t rows = text ? bit_count_ + 1 : bounds.size() + 1;
    if (table_rows_.size() + rows * words.size() > kMaxTableWords) {
      batched.insert(batched.end(), slot_leaves.begin(), slot_leaves.end());
      continue;
    }
    SlotTable table{slot, text, static_cast<std::uint32_t>(table_bounds_.size()), static_cast<std::uint32_t>(bounds.size()),
                    static_cast<std::uint32_t>(table_words_.size()), static_cast<std::uint32_t>(words.size()),
                    static_cast<std::uint32_t>(table_rows_.size())};
    table_bounds_.insert(table_bounds_.end(), bounds.begin(), bounds.end());
    table_words_.insert(table_words_.end(), words.begin(), words.end());
    for (std::size_t row = 0; row < rows; ++row) {
      // A value standing for the row: the id itself, or the interval's lowest value.
      const std::int64_t value = text ? static_cast<std::int64_t>(row)
                                      : row == 0 ? std::numeric_limits<std::int64_t>::min() : bounds[row - 1];
      std::vector<std::uint64_t> bits(words.size(), 0);
      for (const std::uint32_t node_idx : slot_leaves) {
        const Node& node = nodes_[node_idx];
        bool held = false;
        if (node.code == Code::kInBits || node.code == Code::kNotInBits) {
          held = InBits(node.bits_begin, value) == (node.code == Code::kInBits);
        } else {
          // The spare row of a string stands for kUnknownString: no constant's id.
          const std::int64_t tested = text && static_cast<std::uint64_t>(row) == bit_count_ ? kUnknownString : value;
          const RangeTest test = RangeFor(node.code, node.a, node.b);
          held = (static_cast<std::uint64_t>(tested) - static_cast<std::uint64_t>(test.low) <= test.span) != test.negate;
        }
        const auto at = static_cast<std::size_t>(std::find(words.begin(), words.end(), node.bit >> 6) - words.begin());
        if (held) bits[at] |= std::uint64_t{1} << (node.bit & 63);
      }
      table_rows_.insert(table_rows_.end(), bits.begin(), bits.end());
    }
    slot_tables_.push_back(table);
  }
  range.table_end = static_cast<std::uint32_t>(slot_tables_.size());
  // The words of leaf bits the batches own (the packed bytes of tabled leaves are stale).
  range.batch_mask_begin = static_cast<std::uint32_t>(batch_masks_.size());
  batch_masks_.resize(batch_masks_.size() + (leaves.size() + 63) / 64, 0);
  for (const std::uint32_t node_idx : batched) {
    batch_masks_[range.batch_mask_begin + (nodes_[node_idx].bit >> 6)] |= std::uint64_t{1} << (nodes_[node_idx].bit & 63);
  }
  // Keep the leaves' first-rule order within the batches.
  std::sort(batched.begin(), batched.end(), [this](std::uint32_t lhs, std::uint32_t rhs) { return nodes_[lhs].bit < nodes_[rhs].bit; });
  return batched;
}

namespace {

// A conjunction of leaf literals: bit << 1 | negated, sorted.
using Literals = std::vector<std::uint32_t>;
// Past this many terms a rule keeps its tree form (a wide any of alls under an all multiplies out).
constexpr std::size_t kMaxTermsPerRule = 16;

}  // namespace

// Each rule's condition in disjunctive normal form over the leaf bits (not pushed down to the
// leaves), when that is at most kMaxTermsPerRule terms: evaluation is then a few mask tests per
// rule, with no per-node values at all.
void CompiledRuleSet::BuildTerms(TriggerRange& range) {
  const std::function<std::optional<std::vector<Literals>>(std::uint32_t, bool)> dnf =
      [&](std::uint32_t node_idx, bool negated) -> std::optional<std::vector<Literals>> {
    const Node& node = nodes_[node_idx];
    if (node.kind == NodeKind::kLeaf) return std::vector<Literals>{{node.bit << 1 | (negated ? 1U : 0U)}};
    if (node.kind == NodeKind::kNot) return dnf(node_idx + 1, !negated);
    const bool conjunction = (node.kind == NodeKind::kAll) != negated;
    std::vector<Literals> terms;
    if (conjunction) terms.push_back({});
    for (std::uint32_t child = node_idx + 1; child < node.end; child = nodes_[child].end) {
      auto child_terms = dnf(child, negated);
      if (!child_terms) return std::nullopt;
      if (conjunction) {
        if (terms.size() * child_terms->size() > kMaxTermsPerRule) return std::nullopt;
        std::vector<Literals> product;
        for (const Literals& left : terms) {
          for (const Literals& right : *child_terms) {
            Literals both = left;
            both.insert(both.end(), right.begin(), right.end());
            product.push_back(std::move(both));
          }
        }
        terms = std::move(product);
      } else {
        if (terms.size() + child_terms->size() > kMaxTermsPerRule) return std::nullopt;
        terms.insert(terms.end(), child_terms->begin(), child_terms->end());
      }
    }
    return terms;
  };
  // Terms over at most two words of leaf bits (leaf bits follow the rules' order, so a rule's
  // leaves are mostly neighbours); a rule with a wider term, too many terms, or none, and an
  // empty any, gets a first term that never holds (bit 0 both set and clear): kept as a tree, or
  // never firing.
  constexpr Term kNever{{1, 0}, {1, 0}, {0, 0}};
  std::vector<std::vector<Term>> rule_terms;
  for (std::uint32_t rule_idx = range.rule_begin; rule_idx < range.rule_end; ++rule_idx) {
    CompiledRule& rule = rules_[rule_idx];
    auto terms = dnf(rule.root, false);
    std::vector<Term> compiled_terms;
    for (std::size_t term_idx = 0; terms && term_idx < terms->size(); ++term_idx) {
      Term term{{0, 0}, {0, 0}, {0, 0}};
      std::vector<std::uint32_t> words;
      for (const std::uint32_t literal : (*terms)[term_idx]) {
        const std::uint32_t word = (literal >> 1) >> 6;
        auto found = std::find(words.begin(), words.end(), word);
        if (found == words.end()) {
          if (words.size() == 2) {
            terms.reset();  // a term over three words: the tree
            break;
          }
          words.push_back(word);
          found = words.end() - 1;
        }
        const auto at = static_cast<std::size_t>(found - words.begin());
        term.word[at] = word;
        (literal & 1U ? term.clear[at] : term.set[at]) |= std::uint64_t{1} << ((literal >> 1) & 63);
      }
      if (!terms) break;
      if (words.size() == 1) term.word[1] = term.word[0];
      compiled_terms.push_back(term);
    }
    rule.tree = !terms.has_value();
    if (rule.tree) tree_rules_.push_back(rule_idx);
    if (rule.tree || compiled_terms.empty()) compiled_terms.assign(1, kNever);
    rule_terms.push_back(std::move(compiled_terms));
  }
  range.term_begin = static_cast<std::uint32_t>(terms_.size());
  for (const std::vector<Term>& terms : rule_terms) {
    terms_.push_back(terms.front());
    term_rules_.push_back(static_cast<std::uint32_t>(term_rules_.size()) - range.term_begin);
  }
  for (std::size_t local = 0; local < rule_terms.size(); ++local) {
    for (std::size_t term_idx = 1; term_idx < rule_terms[local].size(); ++term_idx) {
      terms_.push_back(rule_terms[local][term_idx]);
      term_rules_.push_back(static_cast<std::uint32_t>(local));
    }
  }
  range.term_end = static_cast<std::uint32_t>(terms_.size());
  range.tree_end = static_cast<std::uint32_t>(tree_rules_.size());
  // At most 64 terms: per leaf, the terms its being false (pos) or true (neg) rules out.
  const std::uint32_t term_count = range.term_end - range.term_begin;
  range.one_word_terms = term_count <= 64;
  if (!range.one_word_terms) return;
  range.mask_begin = static_cast<std::uint32_t>(leaf_masks_.size());
  leaf_masks_.resize(leaf_masks_.size() + std::max<std::uint32_t>(range.leaf_count, 1), LeafMask{0, 0});
  for (std::uint32_t term_idx = 0; term_idx < term_count; ++term_idx) {
    const Term& term = terms_[range.term_begin + term_idx];
    for (std::uint32_t at = 0; at < 2; ++at) {
      for (std::uint32_t bit = 0; bit < 64; ++bit) {
        const bool needs_true = ((term.set[at] >> bit) & 1U) != 0;
        const bool needs_false = ((term.clear[at] >> bit) & 1U) != 0;
        if (!needs_true && !needs_false) continue;
        LeafMask& mask = leaf_masks_[range.mask_begin + term.word[at] * 64 + bit];
        if (needs_true) mask.pos |= std::uint64_t{1} << term_idx;
        if (needs_false) mask.neg |= std::uint64_t{1} << term_idx;
      }
    }
  }
}

void CompiledRuleSet::RunBatch(const Batch& batch, const Facts& facts, std::uint8_t* values) const {
  // Everything the loops read lives in locals: the byte stores may alias any memory, so members
  // read through `this` or `facts` would be reloaded after each of them.
  const LeafOp* leaf = leaf_ops_.data() + batch.begin;
  const LeafOp* const end = leaf_ops_.data() + batch.end;
  const std::uint64_t* const words = facts.Words();
  const std::uint64_t* const present = words + facts.present_base_;
  const std::uint64_t* const bit_pool = bit_pool_.data();
  const std::uint64_t bit_count = bit_count_;
  const std::uint32_t bit_words = bit_words_;
  const auto run = [&](auto compare) {
    for (; leaf != end; ++leaf) {
      const Slot slot = leaf->slot;
      const std::uint64_t is_present = (present[slot >> 6] >> (slot & 63)) & 1U;
      const auto value = static_cast<std::int64_t>(words[slot]);
      values[leaf->bit] = static_cast<std::uint8_t>(is_present & static_cast<std::uint64_t>(compare(value, *leaf)));
    }
  };
  const auto in_bits = [bit_pool, bit_count](std::int64_t id, const LeafOp& op) {
    // kUnknownString (and any id past the constants) wraps to a large value: clamped to the spare
    // bit, which no set has.
    const std::uint64_t bit = std::min(static_cast<std::uint64_t>(id), bit_count);
    return ((bit_pool[op.bits_begin + (bit >> 6)] >> (bit & 63)) & 1U) != 0;
  };
  // A list's element bitset against the set's: one AND per word (one word up to 64 constants).
  const auto list_meets = [bit_pool, bit_words, words](const LeafOp& op) {
    const std::uint64_t* list = words + op.b;
    const std::uint64_t* set = bit_pool + op.bits_begin;
    std::uint64_t meet = 0;
    for (std::uint32_t word = 0; word < bit_words; ++word) meet |= list[word] & set[word];
    return meet != 0;
  };
  switch (batch.code) {
    case Code::kRange:
      return run([](std::int64_t value, const LeafOp& op) {
        const bool inside = static_cast<std::uint64_t>(value) - static_cast<std::uint64_t>(op.a) <= static_cast<std::uint64_t>(op.b);
        return inside != (op.bits_begin != 0);
      });
    case Code::kEq: return run([](std::int64_t value, const LeafOp& op) { return value == op.a; });
    case Code::kNe: return run([](std::int64_t value, const LeafOp& op) { return value != op.a; });
    case Code::kLt: return run([](std::int64_t value, const LeafOp& op) { return value < op.a; });
    case Code::kLe: return run([](std::int64_t value, const LeafOp& op) { return value <= op.a; });
    case Code::kGt: return run([](std::int64_t value, const LeafOp& op) { return value > op.a; });
    case Code::kGe: return run([](std::int64_t value, const LeafOp& op) { return value >= op.a; });
    case Code::kBetween: return run([](std::int64_t value, const LeafOp& op) { return (value >= op.a) & (value <= op.b); });
    case Code::kInBits: return run(in_bits);
    case Code::kNotInBits: return run([&in_bits](std::int64_t value, const LeafOp& op) { return !in_bits(value, op); });
    case Code::kListInBits: return run([&list_meets](std::int64_t, const LeafOp& op) { return list_meets(op); });
    case Code::kListNotInBits: return run([&list_meets](std::int64_t, const LeafOp& op) { return !list_meets(op); });
    case Code::kListContains:
      return run([words](std::int64_t, const LeafOp& op) {
        const auto bit = static_cast<std::uint64_t>(op.a);
        return ((words[op.b + (bit >> 6)] >> (bit & 63)) & 1U) != 0;
      });
    default:
      for (; leaf != end; ++leaf) values[leaf->bit] = Test(nodes_[leaf->node], facts) ? 1 : 0;
      return;
  }
}

bool CompiledRuleSet::WalkTree(std::uint32_t node_idx, const std::uint64_t* leaf_bits) const {
  const Node& node = nodes_[node_idx];
  switch (node.kind) {
    case NodeKind::kLeaf: return ((leaf_bits[node.bit >> 6] >> (node.bit & 63)) & 1U) != 0;
    case NodeKind::kNot: return !WalkTree(node_idx + 1, leaf_bits);
    case NodeKind::kAll:
      for (std::uint32_t child = node_idx + 1; child < node.end; child = nodes_[child].end) {
        if (!WalkTree(child, leaf_bits)) return false;
      }
      return true;
    case NodeKind::kAny:
      for (std::uint32_t child = node_idx + 1; child < node.end; child = nodes_[child].end) {
        if (WalkTree(child, leaf_bits)) return true;
      }
      return false;
  }
  return false;
}

// Three passes, the same sequence of work on every order (branches follow the rule set, not the
// data): every distinct leaf of the trigger, batch by batch, into one byte each, packed into bits;
// every rule's terms tested against those bits into one bit per rule; then the set rule bits, in
// priority order, checked against their enabled window and stop flag. Tests have no side
// effects, so the outcome equals a short-circuit walk's.
void CompiledRuleSet::Evaluate(const Facts& facts, Trigger trigger, core::UnixMillis now, FiredRules& fired) const {
  fired.count_ = 0;
  fired.stopped_ = false;
  const TriggerRange& range = triggers_[static_cast<std::size_t>(trigger)];
  std::uint8_t* bytes = fired.leaf_bytes_.data();
  for (std::uint32_t batch_idx = range.batch_begin; batch_idx < range.batch_end; ++batch_idx) {
    RunBatch(batches_[batch_idx], facts, bytes);
  }
  std::uint64_t* leaf_bits = fired.leaf_bits_.data();
  const std::uint32_t leaf_words = (range.leaf_count + 63) / 64;
  const std::uint64_t* const batch_mask = batch_masks_.data() + range.batch_mask_begin;
  for (std::uint32_t word = 0; word < leaf_words; ++word) {
    const std::uint8_t* chunk = bytes + word * 64;
    std::uint64_t packed = 0;
    for (std::uint32_t byte = 0; byte < 8; ++byte) packed |= PackBytes(chunk + byte * 8) << (byte * 8);
    leaf_bits[word] = packed & batch_mask[word];
  }
  // The tabled slots: one row per slot, none when the fact is absent.
  const std::uint64_t* const words = facts.Words();
  const std::uint64_t* const present = words + facts.present_base_;
  for (std::uint32_t table_idx = range.table_begin; table_idx < range.table_end; ++table_idx) {
    const SlotTable& table = slot_tables_[table_idx];
    const std::uint64_t is_present = 0 - ((present[table.slot >> 6] >> (table.slot & 63)) & 1U);
    const auto value = static_cast<std::int64_t>(words[table.slot]);
    std::uint64_t row = 0;
    if (table.text) {
      row = std::min(static_cast<std::uint64_t>(value), bit_count_);  // kUnknownString: the spare row
    } else {
      const std::int64_t* bound = table_bounds_.data() + table.bound_begin;
      for (std::uint32_t idx = 0; idx < table.bound_count; ++idx) row += static_cast<std::uint64_t>(bound[idx] <= value);
    }
    const std::uint64_t* bits = table_rows_.data() + table.row_begin + row * table.word_count;
    const std::uint32_t* table_words = table_words_.data() + table.word_begin;
    for (std::uint32_t idx = 0; idx < table.word_count; ++idx) leaf_bits[table_words[idx]] |= bits[idx] & is_present;
  }
  // Each rule's first term gives its bit, 64 rules to a word; further terms OR into their rule's
  // bit. No branch depends on the order's data.
  std::uint64_t* rule_bits = fired.rule_bits_.data();
  const std::uint32_t rule_count = range.rule_end - range.rule_begin;
  const Term* const terms = terms_.data() + range.term_begin;
  const std::uint32_t* const term_rules = term_rules_.data() + range.term_begin;
  if (range.one_word_terms) {
    // At most 64 terms: one pass over the leaves rules out the terms each leaf contradicts.
    const LeafMask* const masks = leaf_masks_.data() + range.mask_begin;
    const std::uint32_t leaf_count = std::max<std::uint32_t>(range.leaf_count, 1);
    std::uint64_t ruled_out = 0;
    for (std::uint32_t leaf = 0; leaf < leaf_count; ++leaf) {
      const std::uint64_t bit = (leaf_bits[leaf >> 6] >> (leaf & 63)) & 1U;
      ruled_out |= (masks[leaf].pos & (bit - 1)) | (masks[leaf].neg & (0 - bit));
    }
    const std::uint64_t held = ~ruled_out;
    const std::uint64_t first_terms = rule_count == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << rule_count) - 1;
    std::uint64_t rules = held & first_terms;
    for (std::uint32_t term_idx = rule_count; term_idx < range.term_end - range.term_begin; ++term_idx) {
      rules |= ((held >> term_idx) & 1U) << term_rules[term_idx];
    }
    rule_bits[0] = rules;
  } else {
    const auto holds = [leaf_bits](const Term& term) {
      const std::uint64_t first = leaf_bits[term.word[0]];
      const std::uint64_t second = leaf_bits[term.word[1]];
      return static_cast<std::uint64_t>(((first & term.set[0]) == term.set[0]) & ((second & term.set[1]) == term.set[1]) &
                                        (((first & term.clear[0]) | (second & term.clear[1])) == 0));
    };
    for (std::uint32_t word_begin = 0; word_begin < rule_count; word_begin += 64) {
      const std::uint32_t word_end = std::min(rule_count, word_begin + 64);
      std::uint64_t held = 0;
      for (std::uint32_t local = word_begin; local < word_end; ++local) held |= holds(terms[local]) << (local - word_begin);
      rule_bits[word_begin >> 6] = held;
    }
    for (std::uint32_t term_idx = rule_count; term_idx < range.term_end - range.term_begin; ++term_idx) {
      const std::uint32_t local = term_rules[term_idx];
      rule_bits[local >> 6] |= holds(terms[term_idx]) << (local & 63);
    }
  }
  for (std::uint32_t tree_idx = range.tree_begin; tree_idx < range.tree_end; ++tree_idx) {
    const std::uint32_t local = tree_rules_[tree_idx] - range.rule_begin;
    if (WalkTree(rules_[tree_rules_[tree_idx]].root, leaf_bits)) rule_bits[local >> 6] |= std::uint64_t{1} << (local & 63);
  }
  const std::uint32_t rule_words = (rule_count + 63) / 64;
  for (std::uint32_t word = 0; word < rule_words; ++word) {
    for (std::uint64_t bits = rule_bits[word]; bits != 0; bits &= bits - 1) {
      const std::uint32_t rule_idx = range.rule_begin + word * 64 + static_cast<std::uint32_t>(std::countr_zero(bits));
      const CompiledRule& rule = rules_[rule_idx];
      if (now < rule.from || now >= rule.to) continue;
      fired.indices_[fired.count_++] = rule_idx;
      if (rule.stop) {
        fired.stopped_ = true;
        return;
      }
    }
  }
}

}  // namespace ordo::rules
