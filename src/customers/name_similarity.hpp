#pragma once
// How alike two buyers' names are, as a category and a score in [0, 1]. Pure; thread-safe.
//
//   王小明 / 王 小明          → exact, 1.0
//   Robert Smith / Bob Smith → exact, nickname, 1.0
//   John Smith / Smith John  → exact, swapped_order, 1.0
//   王小明 / 王晓明           → near, 0.85   (one character apart, three or more characters)
//   张伟 / 张玮               → near, 0.70   (one of two characters: as likely another person)
//   Jonathan Smith / Jonathon Smith → near, 0.85
//   王小明 / 王小红            → near, 0.85   (a typo or a sibling: match_policy.hpp decides)
//   王小明 / 李娜              → none, 0
//   Mary Smith / Mark Smith  → none, 0     (Jaro-Winkler of mary/mark is 0.88 < 0.92)
//
// Categorical on purpose: a score that rises smoothly with string similarity would let two
// different short names (Mary/Mark, 张伟/张玮) creep over a threshold that was tuned on long ones.
#include <cstdint>
#include <string_view>

#include "customers/name_features.hpp"

namespace ordo::customers {

enum class NameMatch : std::uint8_t {
  kNone,   // a side has no name, the scripts differ, or the names are further apart than near
  kExact,  // the same canonical name (see the flags for how it was written)
  kNear,   // Han: one character inserted, deleted or replaced; Latin: one token one typo apart
};

struct NameComparison {
  NameMatch match = NameMatch::kNone;
  bool nickname = false;       // kExact, Latin: equal only after a nickname was replaced
  bool swapped_order = false;  // kExact, Latin: the same tokens in another order
  double score = 0;
};

inline constexpr double kNearNameScore = 0.85;
inline constexpr double kShortNearNameScore = 0.70;  // Han names of two characters
inline constexpr double kNearTokenJaroWinkler = 0.92;

NameComparison CompareNames(const NameFeatures& a, const NameFeatures& b);

// Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4) of two byte strings, in [0, 1].
double JaroWinkler(std::string_view a, std::string_view b);

// True when `a` becomes `b` by at most one insertion, deletion, substitution or swap of two
// neighbouring elements (Damerau, restricted).
bool WithinOneEdit(std::u32string_view a, std::u32string_view b);
bool WithinOneEdit(std::string_view a, std::string_view b);

}  // namespace ordo::customers
