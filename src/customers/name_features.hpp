#pragma once
// A buyer's name reduced to what fuzzy matching compares. Pure; thread-safe.
//
//   MakeNameFeatures("王 小明")        → kHan,   canonical "王小明", surname_length 1
//   MakeNameFeatures("欧阳娜娜")        → kHan,   canonical "欧阳娜娜", surname_length 2
//   MakeNameFeatures("Smith, Bob")     → kLatin, canonical "robert smith" (nickname, sorted)
//   MakeNameFeatures("Dr. José F. Núñez") → kLatin, canonical "jose nunez" (title, initial dropped)
//   MakeNameFeatures("13812345678")    → kNone (nothing to compare)
//
// No pinyin: a name written in Han characters and the same name in pinyin do not match. Names
// with any Han character are read as Han names and their other characters dropped.
#include <cstdint>
#include <string>
#include <string_view>

namespace ordo::customers {

enum class NameScript : std::uint8_t { kNone, kHan, kLatin };

struct NameFeatures {
  NameScript script = NameScript::kNone;
  // kHan: the Han characters, spaces and middle dots removed ("买买提·艾力" → "买买提艾力").
  // kLatin: tokens case-folded, Latin-1 accents dropped, nicknames replaced by the full name,
  //   titles and one-letter initials dropped, sorted, joined by one space.
  std::string canonical;
  std::uint8_t surname_length = 0;         // kHan: characters of the surname (2 for 欧阳, 司马 …)
  // kLatin only, to tell how two equal canonical names were written: the folded tokens before
  // nicknames were replaced (sorted), and the canonical tokens in written order.
  std::uint32_t folded_sorted_hash = 0;
  std::uint32_t canonical_written_hash = 0;
  bool operator==(const NameFeatures&) const = default;
};

NameFeatures MakeNameFeatures(std::string_view raw_name);

// The full form of a common English nickname ("bob" → "robert", "liz" → "elizabeth"), or the
// token itself. Lower-case ASCII in and out. Unisex short forms (chris, alex, sam, pat …) are
// deliberately absent: they would join Christopher and Christine.
std::string_view NicknameFullForm(std::string_view folded_token);

}  // namespace ordo::customers
