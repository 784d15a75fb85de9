#pragma once
// NameTrie's member definitions (a template: included by name_trie.hpp only).
#include <algorithm>

#include "quality/detail/name_trie.hpp"
#include "quality/detail/utf8_decode.hpp"

namespace ordo::quality::detail {

inline std::uint64_t TrieSlotHash(std::uint64_t key) {
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdULL;
  key ^= key >> 33;
  return key;
}

template <class Value>
std::uint32_t NameTrie<Value>::Child(std::uint32_t node, char32_t code_point) const {
  const std::uint64_t key = (std::uint64_t{node} << 21) | code_point;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = TrieSlotHash(key) & mask;; slot = (slot + 1) & mask) {
    if (slots_[slot].key == key) return slots_[slot].child;
    if (slots_[slot].child == kEmpty) return kEmpty;
  }
}

template <class Value>
std::uint32_t NameTrie<Value>::AddChild(std::uint32_t node, char32_t code_point) {
  if (const std::uint32_t existing = Child(node, code_point); existing != kEmpty) return existing;
  if ((used_slots_ + 1) * 2 > slots_.size()) Grow();  // load factor ≤ 0.5 keeps probes short
  const std::uint64_t key = (std::uint64_t{node} << 21) | code_point;
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = TrieSlotHash(key) & mask;
  while (slots_[slot].child != kEmpty) slot = (slot + 1) & mask;
  const auto child = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back({});
  slots_[slot] = {key, child};
  ++used_slots_;
  return child;
}

template <class Value>
void NameTrie<Value>::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& entry : old) {
    if (entry.child == kEmpty) continue;
    std::size_t slot = TrieSlotHash(entry.key) & mask;
    while (slots_[slot].child != kEmpty) slot = (slot + 1) & mask;
    slots_[slot] = entry;
  }
}

template <class Value>
void NameTrie<Value>::Add(std::string_view name, Value value) {
  std::uint32_t node = 0;
  for (std::size_t offset = 0; offset < name.size();) {
    const CodePoint code_point = DecodeAt(name, offset);
    node = AddChild(node, code_point.value);
    offset += code_point.length;
  }
  if (node != 0) pending_.emplace_back(node, value);
}

template <class Value>
void NameTrie<Value>::Freeze() {
  std::stable_sort(pending_.begin(), pending_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  values_.clear();
  values_.reserve(pending_.size());
  for (std::size_t index = 0; index < pending_.size();) {
    Node& node = nodes_[pending_[index].first];
    node.first_value = static_cast<std::uint32_t>(values_.size());
    for (const std::uint32_t node_id = pending_[index].first; index < pending_.size() && pending_[index].first == node_id; ++index) {
      // The same value under the same name twice (a short name that is also an alias) once.
      const Value& value = pending_[index].second;
      if (std::find(values_.begin() + node.first_value, values_.end(), value) == values_.end()) values_.push_back(value);
    }
    node.value_count = static_cast<std::uint32_t>(values_.size()) - node.first_value;
  }
  pending_.clear();
  pending_.shrink_to_fit();
}

template <class Value>
typename NameTrie<Value>::Match NameTrie<Value>::LongestPrefix(std::string_view text) const {
  Match best;
  std::uint32_t node = 0;
  for (std::size_t offset = 0; offset < text.size();) {
    const CodePoint code_point = DecodeAt(text, offset);
    node = Child(node, code_point.value);
    if (node == kEmpty) break;
    offset += code_point.length;
    if (nodes_[node].value_count != 0) {
      best.length = offset;
      best.values = std::span<const Value>(values_).subspan(nodes_[node].first_value, nodes_[node].value_count);
    }
  }
  return best;
}

}  // namespace ordo::quality::detail
