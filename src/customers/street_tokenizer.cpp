// The street tokenizer behind TokenizeStreet (address_features.hpp): words, and unit numbers
// typed by the unit word after them, a dashed group, or their position.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "core/utf8.hpp"
#include "customers/address_features.hpp"
#include "customers/detail/code_points.hpp"

namespace ordo::customers {
namespace {

using detail::AppendUtf8;
using detail::IsHan;

// Characters that may follow a number as its unit word (100号, 3幢, 2单元, 201室, 3号院, 12层).
bool IsUnitMarker(char32_t c) {
  switch (c) {
    case U'号': case U'栋': case U'幢': case U'座': case U'室': case U'楼': case U'层': case U'单': case U'元':
    case U'户': case U'房': case U'弄': case U'巷': case U'排': case U'期': case U'门': case U'院': case U'区':
    case U'间':
      return true;
    default:
      return false;
  }
}

// A Han word ends after one of these (文三路 | 华星小区 | 万科城市花园): roads, villages, estates,
// buildings. Where a name contains one mid-word the cut is wrong but the same for every writing
// of that address, which is all the comparison needs.
bool IsPlaceSuffix(char32_t c) {
  switch (c) {
    case U'路': case U'街': case U'道': case U'巷': case U'弄': case U'同': case U'村': case U'镇':
    case U'乡': case U'区': case U'苑': case U'园': case U'庭': case U'湾': case U'府': case U'邸': case U'厦':
    case U'场': case U'寓': case U'墅': case U'坊': case U'城': case U'居': case U'舍': case U'庄':
      return true;
    default:
      return false;
  }
}

// The number right after a road is its house number (文三路100号, 123 Main St).
bool IsRoadWord(std::string_view word) {
  static constexpr std::array<std::string_view, 14> kRoadEnds = {
      "路", "街", "道", "巷", "弄", "street", "avenue", "road", "boulevard", "drive", "lane", "court", "place", "highway"};
  for (const std::string_view end : kRoadEnds) {
    if (word.size() >= end.size() && word.substr(word.size() - end.size()) == end) return true;
  }
  return false;
}

bool IsDash(char32_t c) { return c == U'-' || c == 0xFF0D || c == 0x2014 || c == 0x2013 || c == 0x2010; }

int ChineseDigit(char32_t c) {
  switch (c) {
    case U'零': case U'〇': return 0;
    case U'一': return 1;
    case U'二': case U'两': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}
bool IsChineseNumeral(char32_t c) { return ChineseDigit(c) >= 0 || c == U'十' || c == U'百'; }

// 三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105, 二零一 → 201 (read digit by digit).
std::uint32_t ChineseNumeralValue(std::u32string_view run) {
  const bool positional = run.find_first_of(U"十百") == std::u32string_view::npos;
  std::uint32_t total = 0;
  std::uint32_t current = 0;
  for (const char32_t c : run) {
    const int digit = ChineseDigit(c);
    if (positional) {
      total = total * 10 + static_cast<std::uint32_t>(digit);
    } else if (digit >= 0) {
      current = static_cast<std::uint32_t>(digit);
    } else {
      total += (current == 0 ? 1 : current) * (c == U'百' ? 100 : 10);
      current = 0;
    }
  }
  return positional ? total : total + current;
}

int DigitValue(char32_t c) {
  if (c >= U'0' && c <= U'9') return static_cast<int>(c - U'0');
  if (c >= 0xFF10 && c <= 0xFF19) return static_cast<int>(c - 0xFF10);  // full-width
  return -1;
}

char32_t FoldAsciiLetter(char32_t c) {
  if (c >= 0xFF21 && c <= 0xFF3A) c = c - 0xFF21 + U'A';  // full-width capitals
  if (c >= 0xFF41 && c <= 0xFF5A) c = c - 0xFF41 + U'a';
  if (c >= U'A' && c <= U'Z') return c - U'A' + U'a';
  if (c >= U'a' && c <= U'z') return c;
  return 0;
}

// Street-type abbreviations in Latin addresses, spelled out so that "St" and "Street" agree.
std::string_view CanonicalLatinWord(std::string_view word) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kWords = {{
      {"ave", "avenue"}, {"blvd", "boulevard"}, {"ct", "court"}, {"dr", "drive"}, {"hwy", "highway"},
      {"ln", "lane"},    {"pl", "place"},       {"rd", "road"},  {"st", "street"},
  }};
  for (const auto& [from, to] : kWords) {
    if (word == from) return to;
  }
  return word;
}

constexpr std::uint32_t kLetterBase = 1'000'000'000;  // A座 → building 1e9 + 'a'
constexpr std::uint64_t kNumberModulus = kLetterBase;  // longer digit runs wrap: never a letter

// What a number is, when the text says it in a word before the number (Apt 4, Bldg 2).
enum class Hint : std::uint8_t { kNone, kBuilding, kFlat, kOther };

class StreetScanner {
 public:
  explicit StreetScanner(std::u32string_view text) : text_(text) {}

  StreetTokens Scan() {
    while (pos_ < text_.size()) {
      const char32_t c = text_[pos_];
      if (DigitValue(c) >= 0) {
        ScanNumberGroup();
      } else if (IsChineseNumeral(c) && NumeralBeforeUnit()) {
        FlushHan();
        const std::size_t start = pos_;
        while (pos_ < text_.size() && IsChineseNumeral(text_[pos_])) ++pos_;
        ReadUnitOf(ChineseNumeralValue(text_.substr(start, pos_ - start)));
      } else if (FoldAsciiLetter(c) != 0) {
        ScanLatin();
      } else if (IsHan(c)) {
        AppendUtf8(han_, c);
        ++pos_;
        if (IsPlaceSuffix(c) && !(pos_ < text_.size() && IsPlaceSuffix(text_[pos_]))) FlushHan();
      } else {
        FlushHan();
        ++pos_;
      }
    }
    FlushHan();
    return std::move(tokens_);
  }

 private:
  std::uint32_t ReadDigits() {
    std::uint64_t value = 0;
    while (pos_ < text_.size() && DigitValue(text_[pos_]) >= 0) {
      value = (value * 10 + static_cast<std::uint64_t>(DigitValue(text_[pos_]))) % kNumberModulus;
      ++pos_;
    }
    return static_cast<std::uint32_t>(value);
  }

  // 3-2-201 is building-entrance-flat and 3-201 building-flat, whatever unit word follows.
  void ScanNumberGroup() {
    FlushHan();
    std::vector<std::uint32_t> group{ReadDigits()};
    while (pos_ + 1 < text_.size() && IsDash(text_[pos_]) && DigitValue(text_[pos_ + 1]) >= 0) {
      ++pos_;
      group.push_back(ReadDigits());
    }
    if (group.size() == 1) {
      ReadUnitOf(group[0]);
      return;
    }
    if (group.size() == 2) {
      Assign(UnitPart::kBuilding, group[0]);
      Assign(UnitPart::kFlat, group[1]);
    } else {
      Assign(UnitPart::kBuilding, group[0]);
      Assign(UnitPart::kEntrance, group[1]);
      Assign(UnitPart::kFlat, group[2]);
      for (std::size_t index = 3; index < group.size(); ++index) tokens_.other_numbers.push_back(group[index]);
    }
    while (pos_ < text_.size() && IsUnitMarker(text_[pos_])) ++pos_;
    hint_ = Hint::kNone;
  }

  bool Next(std::u32string_view word) const { return text_.substr(pos_, word.size()) == word; }

  // The unit word after a number says what it numbers; without one, its position does.
  void ReadUnitOf(std::uint32_t value) {
    const Hint hint = hint_;
    hint_ = Hint::kNone;
    if (Next(U"号楼")) {
      pos_ += 2;
      Assign(UnitPart::kBuilding, value);
    } else if (Next(U"号院")) {
      pos_ += 2;
      Assign(UnitPart::kHouse, value);
    } else if (Next(U"单元")) {
      pos_ += 2;
      Assign(UnitPart::kEntrance, value);
    } else if (Next(U"号")) {
      ++pos_;
      const bool house = !Has(UnitPart::kHouse) && (words_seen_ == 0 || last_word_is_road_);
      Assign(house ? UnitPart::kHouse : UnitPart::kBuilding, value);
    } else if (Next(U"幢") || Next(U"栋") || Next(U"座")) {
      ++pos_;
      Assign(UnitPart::kBuilding, value);
    } else if (Next(U"室") || Next(U"户") || Next(U"房")) {
      ++pos_;
      Assign(UnitPart::kFlat, value);
    } else if (Next(U"弄")) {
      ++pos_;
      Assign(UnitPart::kHouse, value);  // a Shanghai lane: its numbers within come as 号
    } else if (pos_ < text_.size() && IsUnitMarker(text_[pos_])) {
      ++pos_;  // 层 楼 (floor), 期 (phase), 区 排 间 门 院 巷: not a part of the dwelling's identity
      tokens_.other_numbers.push_back(value);
    } else if (hint == Hint::kBuilding || hint == Hint::kFlat) {
      Assign(hint == Hint::kBuilding ? UnitPart::kBuilding : UnitPart::kFlat, value);
    } else if (hint == Hint::kOther) {
      tokens_.other_numbers.push_back(value);
    } else if ((Has(UnitPart::kBuilding) || Has(UnitPart::kEntrance)) && !Has(UnitPart::kFlat)) {
      Assign(UnitPart::kFlat, value);
    } else if (!Has(UnitPart::kHouse)) {
      Assign(UnitPart::kHouse, value);
    } else {
      Assign(UnitPart::kFlat, value);
    }
  }

  bool NumeralBeforeUnit() const {
    std::size_t end = pos_;
    while (end < text_.size() && IsChineseNumeral(text_[end])) ++end;
    return end < text_.size() && IsUnitMarker(text_[end]);
  }

  // A run of Latin letters: a word, a word that announces a number (Apt, Bldg), or a single
  // letter naming a building (A座, Block B).
  void ScanLatin() {
    FlushHan();
    std::string word;
    while (pos_ < text_.size() && FoldAsciiLetter(text_[pos_]) != 0) {
      word.push_back(static_cast<char>(FoldAsciiLetter(text_[pos_])));
      ++pos_;
    }
    if (word.size() == 1) {
      Assign(UnitPart::kBuilding, kLetterBase + static_cast<std::uint32_t>(word[0]));
      while (pos_ < text_.size() && IsUnitMarker(text_[pos_])) ++pos_;
      return;
    }
    static constexpr std::array<std::pair<std::string_view, Hint>, 11> kAnnouncers = {{
        {"apartment", Hint::kFlat}, {"apt", Hint::kFlat},       {"unit", Hint::kFlat},   {"suite", Hint::kFlat},
        {"ste", Hint::kFlat},       {"room", Hint::kFlat},      {"rm", Hint::kFlat},     {"bldg", Hint::kBuilding},
        {"building", Hint::kBuilding}, {"floor", Hint::kOther}, {"fl", Hint::kOther},
    }};
    for (const auto& [announcer, hint] : kAnnouncers) {
      if (word == announcer) {
        hint_ = hint;
        return;
      }
    }
    if (word == "no") return;  // "No. 5": the number speaks for itself
    AddWord(std::string(CanonicalLatinWord(word)));
  }

  bool Has(UnitPart part) const { return tokens_.units[static_cast<std::size_t>(part)].has_value(); }

  // A second number for a part that has one is kept as "other": the first writing wins.
  void Assign(UnitPart part, std::uint32_t value) {
    auto& slot = tokens_.units[static_cast<std::size_t>(part)];
    if (slot.has_value()) {
      tokens_.other_numbers.push_back(value);
    } else {
      slot = value;
    }
  }

  void FlushHan() {
    if (!han_.empty()) AddWord(han_);
    han_.clear();
  }

  void AddWord(const std::string& word) {
    ++words_seen_;
    last_word_is_road_ = IsRoadWord(word);
    if (std::find(tokens_.words.begin(), tokens_.words.end(), word) == tokens_.words.end()) {
      tokens_.words.push_back(word);
    }
  }

  std::u32string_view text_;
  std::size_t pos_ = 0;
  std::string han_;
  std::size_t words_seen_ = 0;
  bool last_word_is_road_ = false;
  Hint hint_ = Hint::kNone;
  StreetTokens tokens_;
};

}  // namespace

StreetTokens TokenizeStreet(std::string_view street) {
  if (street.empty() || !core::IsValidUtf8(street)) return {};
  const std::u32string text = detail::ToCodePoints(street);
  return StreetScanner(text).Scan();
}

std::string StreetTokens::DescribeUnits() const {
  static constexpr std::array<char, kUnitPartCount> kLetters = {'h', 'b', 'e', 'f'};
  std::string text;
  const auto add = [&](char letter, std::uint32_t value) {
    if (!text.empty()) text.push_back(' ');
    text.push_back(letter);
    if (value >= kLetterBase) {
      text.push_back(static_cast<char>(value - kLetterBase - 'a' + 'A'));
    } else {
      text += std::to_string(value);
    }
  };
  for (std::size_t part = 0; part < kUnitPartCount; ++part) {
    if (units[part]) add(kLetters[part], *units[part]);
  }
  for (const std::uint32_t other : other_numbers) add('o', other);
  return text;
}

}  // namespace ordo::customers
