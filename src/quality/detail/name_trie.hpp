#pragma once
// A trie over Unicode code points for longest-match lookup of division names in free text.
// Hand-written rather than a regex or a general-purpose library because it is the hot path of
// address parsing (≥ 200,000 addresses/s per core): one hash probe per character, no
// allocation per lookup. Children live in one open-addressing table keyed by
// (node, code point); the values of a node are a slice of one flat array.
// Built once, then read-only: lookups are thread-safe.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ordo::quality::detail {

template <class Value>
class NameTrie {
 public:
  // Adds `value` under `name` (valid UTF-8). Only before Freeze().
  void Add(std::string_view name, Value value);
  // Lays the values out for lookup; no Add() afterwards.
  void Freeze();

  struct Match {
    std::size_t length = 0;          // bytes of the text matched; 0 = no match
    std::span<const Value> values;   // every value added under the matched name
  };
  // The longest name that `text` starts with.
  Match LongestPrefix(std::string_view text) const;

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFF;
  struct Slot {
    std::uint64_t key = ~std::uint64_t{0};  // node << 21 | code point
    std::uint32_t child = kEmpty;
  };
  struct Node {
    std::uint32_t first_value = 0;
    std::uint32_t value_count = 0;
  };

  std::uint32_t Child(std::uint32_t node, char32_t code_point) const;
  std::uint32_t AddChild(std::uint32_t node, char32_t code_point);
  void Grow();

  std::vector<Slot> slots_ = std::vector<Slot>(1024);
  std::size_t used_slots_ = 0;
  std::vector<Node> nodes_ = std::vector<Node>(1);  // node 0 is the root
  std::vector<std::pair<std::uint32_t, Value>> pending_;  // (node, value) until Freeze()
  std::vector<Value> values_;
};

}  // namespace ordo::quality::detail

#include "quality/detail/name_trie_impl.hpp"
