#pragma once
// Finds the division names at the start of one address field: the "administrative block"
// (浙江省 杭州市 西湖区), which ends at the first text that is not a division name, or not one
// that fits after the names before it (上海市黄浦区南京东路: 南京 is a street here). Each name
// found is a Mention with every division it can mean; what follows the block is the street.
// Pure; no allocation.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "quality/detail/division_names.hpp"

namespace ordo::quality::detail {

inline constexpr std::size_t kMaxCandidates = 8;
inline constexpr std::size_t kMaxMentions = 16;

struct Mention {
  std::array<NamedDivision, kMaxCandidates> candidates{};
  std::uint8_t candidate_count = 0;
  bool suffix_mismatch = false;  // 蓬莱市 matched as 蓬莱 + a suffix that is not its own
};

struct MentionList {
  std::array<Mention, kMaxMentions> items{};
  std::size_t count = 0;
};

struct ScannedField {
  std::size_t mentions_found = 0;
  std::string_view rest;  // the text after the block, separators trimmed
};

// Appends the mentions found at the start of `text` (valid UTF-8) to `mentions`.
ScannedField ScanAdministrativeBlock(std::string_view text, MentionList& mentions);

// `text` with separators and spaces trimmed at both ends.
std::string_view TrimSeparators(std::string_view text);

}  // namespace ordo::quality::detail
