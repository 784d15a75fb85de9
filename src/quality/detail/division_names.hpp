#pragma once
// The name index of the division table: every full name, safe short name and alias
// (data/divisions/aliases.json) of every division, in one NameTrie for longest-match scanning.
// Built once on first use; read-only and thread-safe afterwards.
#include <cstdint>

#include "quality/detail/name_trie.hpp"
#include "quality/divisions.hpp"

namespace ordo::quality::detail {

enum class NameKind : std::uint8_t { kFull, kShort, kHistorical };

struct NamedDivision {
  std::uint16_t division = 0;  // index into AllDivisions()
  NameKind kind = NameKind::kFull;
  bool operator==(const NamedDivision&) const = default;
};

const NameTrie<NamedDivision>& DivisionNames();

inline const Division& DivisionAt(std::uint16_t index) { return AllDivisions()[index]; }

}  // namespace ordo::quality::detail
