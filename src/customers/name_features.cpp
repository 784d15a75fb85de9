#include "customers/name_features.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "core/utf8.hpp"
#include "customers/detail/code_points.hpp"
#include "customers/detail/hash.hpp"

namespace ordo::customers {
namespace {

using detail::AppendUtf8;
using detail::DecodeAt;
using detail::IsHan;

// Two-character surnames still in use (复姓); a three-character name starting with one of these
// is surname + one given character, not one surname character + two given.
constexpr std::array<std::u32string_view, 32> kCompoundSurnames = {
    U"欧阳", U"司马", U"上官", U"诸葛", U"东方", U"皇甫", U"尉迟", U"公孙", U"慕容", U"长孙", U"宇文",
    U"司徒", U"令狐", U"夏侯", U"轩辕", U"端木", U"独孤", U"南宫", U"西门", U"百里", U"呼延", U"万俟",
    U"澹台", U"公羊", U"赫连", U"濮阳", U"申屠", U"钟离", U"司空", U"太史", U"闻人", U"拓跋"};

// Titles and generational suffixes say nothing about who the person is.
constexpr std::array<std::string_view, 15> kDroppedTokens = {
    "dr", "ii", "iii", "iv", "jr", "madam", "miss", "mme", "mr", "mrs", "ms", "mx", "prof", "sir", "sr"};

// Latin-1 Supplement U+00C0–U+00FF folded to a lower-case ASCII letter; ' ' for × and ÷.
constexpr std::string_view kLatin1Fold = "aaaaaaaceeeeiiiidnooooo ouuuuytsaaaaaaaceeeeiiiidnooooo ouuuuyty";

bool IsNameSeparator(char32_t value) {
  switch (value) {
    case U' ': case U'\t': case U'\n': case U'\r': case U',': case U'.': case U'-': case U'/':
    case U'(': case U')': case U'_': case U'&': case 0x00A0: case 0x00B7: case 0x2022: case 0x30FB:
    case 0x3000: case 0xFF0C: case 0xFF08: case 0xFF09: case 0x3001: case 0x2010: case 0x2013:
      return true;
    default:
      return false;
  }
}

bool IsApostrophe(char32_t value) { return value == U'\'' || value == 0x2019 || value == 0x2018 || value == U'`'; }

NameFeatures HanFeatures(std::string_view raw) {
  NameFeatures features;
  features.script = NameScript::kHan;
  std::u32string characters;
  for (std::size_t offset = 0; offset < raw.size();) {
    const detail::CodePoint point = DecodeAt(raw, offset);
    offset += point.length;
    if (IsHan(point.value)) {
      characters.push_back(point.value);
      AppendUtf8(features.canonical, point.value);
    }
  }
  features.surname_length = 1;
  if (characters.size() >= 3) {
    const std::u32string_view first_two(characters.data(), 2);
    if (std::find(kCompoundSurnames.begin(), kCompoundSurnames.end(), first_two) != kCompoundSurnames.end()) {
      features.surname_length = 2;
    }
  }
  return features;
}

std::vector<std::string> FoldedLatinTokens(std::string_view raw) {
  std::vector<std::string> tokens;
  std::string current;
  const auto finish = [&] {
    if (current.size() >= 2 &&
        std::find(kDroppedTokens.begin(), kDroppedTokens.end(), current) == kDroppedTokens.end()) {
      tokens.push_back(current);
    }
    current.clear();
  };
  for (std::size_t offset = 0; offset < raw.size();) {
    const detail::CodePoint point = DecodeAt(raw, offset);
    offset += point.length;
    const char32_t value = point.value;
    if (value >= U'A' && value <= U'Z') {
      current.push_back(static_cast<char>(value - U'A' + U'a'));
    } else if ((value >= U'a' && value <= U'z') || (value >= U'0' && value <= U'9')) {
      current.push_back(static_cast<char>(value));
    } else if (value >= 0xC0 && value <= 0xFF) {
      const char folded = kLatin1Fold[value - 0xC0];
      if (folded == ' ') {
        finish();
      } else {
        current.push_back(folded);
        if (value == 0xDF) current.push_back('s');  // ß → ss
      }
    } else if (IsApostrophe(value)) {
      // O'Brien and OBrien are one name.
    } else if (IsNameSeparator(value)) {
      finish();
    } else {
      AppendUtf8(current, value);  // other scripts: kept as written, compared exactly
    }
  }
  finish();
  return tokens;
}

std::uint32_t HashTokens(const std::vector<std::string>& tokens) {
  std::uint64_t hash = 0x6e616d65;  // "name"
  for (const std::string& token : tokens) hash = detail::HashCombine(hash, detail::Hash64(token));
  return static_cast<std::uint32_t>(hash >> 32);
}

std::string JoinTokens(const std::vector<std::string>& tokens) {
  std::string joined;
  for (const std::string& token : tokens) {
    if (!joined.empty()) joined.push_back(' ');
    joined += token;
  }
  return joined;
}

bool HasHan(std::string_view raw) {
  for (std::size_t offset = 0; offset < raw.size();) {
    const detail::CodePoint point = DecodeAt(raw, offset);
    if (IsHan(point.value)) return true;
    offset += point.length;
  }
  return false;
}

bool HasLetter(const std::vector<std::string>& tokens) {
  for (const std::string& token : tokens) {
    for (const char c : token) {
      if (c < '0' || c > '9') return true;
    }
  }
  return false;
}

}  // namespace

NameFeatures MakeNameFeatures(std::string_view raw_name) {
  if (raw_name.empty() || !core::IsValidUtf8(raw_name)) return {};
  if (HasHan(raw_name)) return HanFeatures(raw_name);

  std::vector<std::string> tokens = FoldedLatinTokens(raw_name);
  // A "name" of digits only is a phone number or an id typed into the wrong field.
  if (tokens.empty() || !HasLetter(tokens)) return {};
  NameFeatures features;
  features.script = NameScript::kLatin;
  std::vector<std::string> folded_sorted = tokens;
  std::sort(folded_sorted.begin(), folded_sorted.end());
  features.folded_sorted_hash = HashTokens(folded_sorted);
  for (std::string& token : tokens) token = std::string(NicknameFullForm(token));
  features.canonical_written_hash = HashTokens(tokens);
  std::sort(tokens.begin(), tokens.end());
  features.canonical = JoinTokens(tokens);
  return features;
}

}  // namespace ordo::customers
