#include "customers/address_features.hpp"

#include <algorithm>
#include <array>

#include "core/utf8.hpp"
#include "customers/detail/code_points.hpp"
#include "customers/detail/hash.hpp"
#include "quality/address.hpp"

namespace ordo::customers {
namespace {

using detail::AppendUtf8;
using detail::IsHan;

// Unit words that follow a number and only qualify it (100号, 3幢, 2单元, 201室, 3号院).
bool IsUnitMarker(char32_t c) {
  switch (c) {
    case U'号': case U'栋': case U'幢': case U'座': case U'室': case U'楼': case U'层': case U'单': case U'元':
    case U'户': case U'弄': case U'巷': case U'排': case U'期': case U'门': case U'院': case U'区': case U'间':
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

// Street-type abbreviations in Latin addresses, and words that only announce a number.
std::string_view CanonicalLatinWord(std::string_view word) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 21> kWords = {{
      {"apartment", ""}, {"apt", ""},        {"ave", "avenue"}, {"blvd", "boulevard"}, {"bldg", ""},
      {"building", ""},  {"ct", "court"},    {"dr", "drive"},   {"fl", ""},            {"floor", ""},
      {"hwy", "highway"}, {"ln", "lane"},    {"no", ""},        {"pl", "place"},       {"rd", "road"},
      {"rm", ""},        {"room", ""},       {"st", "street"},  {"ste", ""},           {"suite", ""},
      {"unit", ""},
  }};
  for (const auto& [from, to] : kWords) {
    if (word == from) return to;
  }
  return word;
}

constexpr std::uint32_t kLetterNumberBase = 1'000'000'000;  // A座 → 1e9 + 'a'
constexpr std::uint32_t kMaxNumber = kLetterNumberBase - 1;

class StreetScanner {
 public:
  explicit StreetScanner(std::u32string_view text) : text_(text) {}

  StreetTokens Scan() {
    while (pos_ < text_.size()) {
      const char32_t c = text_[pos_];
      if (DigitValue(c) >= 0) {
        ScanDigits();
      } else if (IsChineseNumeral(c) && NumeralBeforeUnit()) {
        ScanChineseNumeral();
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
  void ScanDigits() {
    FlushHan();
    std::uint64_t value = 0;
    while (pos_ < text_.size() && DigitValue(text_[pos_]) >= 0) {
      value = (value * 10 + static_cast<std::uint64_t>(DigitValue(text_[pos_]))) % (kMaxNumber + 1ULL);
      ++pos_;
    }
    AddNumber(static_cast<std::uint32_t>(value));
  }

  bool NumeralBeforeUnit() const {
    std::size_t end = pos_;
    while (end < text_.size() && IsChineseNumeral(text_[end])) ++end;
    return end < text_.size() && IsUnitMarker(text_[end]);
  }

  void ScanChineseNumeral() {
    FlushHan();
    const std::size_t start = pos_;
    while (pos_ < text_.size() && IsChineseNumeral(text_[pos_])) ++pos_;
    AddNumber(ChineseNumeralValue(text_.substr(start, pos_ - start)));
  }

  void AddNumber(std::uint32_t value) {
    tokens_.numbers.push_back(value);
    while (pos_ < text_.size() && IsUnitMarker(text_[pos_])) ++pos_;
  }

  void FlushHan() {
    if (!han_.empty()) AddWord(han_);
    han_.clear();
  }

  // A run of Latin letters: a word, or a single letter naming a building or unit (A座).
  void ScanLatin() {
    FlushHan();
    std::string word;
    while (pos_ < text_.size() && FoldAsciiLetter(text_[pos_]) != 0) {
      word.push_back(static_cast<char>(FoldAsciiLetter(text_[pos_])));
      ++pos_;
    }
    if (word.size() == 1) {
      AddNumber(kLetterNumberBase + static_cast<std::uint32_t>(word[0]));
      return;
    }
    const std::string_view canonical = CanonicalLatinWord(word);
    if (!canonical.empty()) AddWord(std::string(canonical));
  }

  void AddWord(const std::string& word) {
    if (std::find(tokens_.words.begin(), tokens_.words.end(), word) == tokens_.words.end()) {
      tokens_.words.push_back(word);
    }
  }

  std::u32string_view text_;
  std::size_t pos_ = 0;
  std::string han_;
  StreetTokens tokens_;
};

std::uint64_t ForeignArea(const order::Address& address) {
  std::string key;
  for (const char c : address.country) key.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
  key.push_back('|');
  bool any = false;
  for (const char c : address.postcode) {
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
      key.push_back(c);
      any = true;
    } else if (c >= 'a' && c <= 'z') {
      key.push_back(static_cast<char>(c - 'a' + 'A'));
      any = true;
    }
  }
  if (!any) return 0;
  return detail::Hash64(key) | (std::uint64_t{1} << 63);
}

}  // namespace

StreetTokens TokenizeStreet(std::string_view street) {
  if (street.empty() || !core::IsValidUtf8(street)) return {};
  const std::u32string text = detail::ToCodePoints(street);
  return StreetScanner(text).Scan();
}

AddressFeatures MakeAddressFeatures(std::uint64_t area, std::string_view street) {
  AddressFeatures features;
  features.area = area;
  const StreetTokens tokens = TokenizeStreet(street);
  for (const std::string& word : tokens.words) {
    if (features.word_count == AddressFeatures::kMaxWords) break;
    features.words[features.word_count++] = static_cast<std::uint32_t>(detail::Hash64(word) >> 32);
  }
  std::sort(features.words.begin(), features.words.begin() + features.word_count);
  const auto unique_end = std::unique(features.words.begin(), features.words.begin() + features.word_count);
  features.word_count = static_cast<std::uint8_t>(unique_end - features.words.begin());
  std::fill(unique_end, features.words.end(), 0);
  for (const std::uint32_t number : tokens.numbers) {
    if (features.number_count == AddressFeatures::kMaxNumbers) break;
    features.numbers[features.number_count++] = number;
  }
  return features;
}

AddressFeatures MakeAddressFeatures(const order::Address& address) {
  if (!address.country.empty() && address.country != "CN" && address.country != "cn") {
    return MakeAddressFeatures(ForeignArea(address), address.street);
  }
  quality::AddressInput input;
  input.province = address.province;
  input.city = address.city;
  input.district = address.district;
  input.street = address.street;
  const quality::ParsedAddress parsed = quality::ParseAddress(input);
  std::uint64_t area = 0;
  if (parsed.district != nullptr) {
    area = parsed.district->code;
  } else if (parsed.city != nullptr && !parsed.city->placeholder) {
    area = parsed.city->code;
  }
  return MakeAddressFeatures(area, parsed.street);
}

}  // namespace ordo::customers
