#include "quality/detail/address_scan.hpp"

#include <algorithm>

#include "quality/detail/utf8_decode.hpp"

namespace ordo::quality::detail {
namespace {

bool IsSeparator(char32_t c) {
  switch (c) {
    case ' ': case '\t': case '\r': case '\n': case ',': case ';': case '/': case '\\': case '|':
    case '-': case '_': case '.': case '(': case ')': case '[': case ']':
    case U'\u3000': case U'\uFF0C': case U'\u3001': case U'\uFF1B': case U'\u00B7': case U'\uFF08':
    case U'\uFF09': case U'\u3010': case U'\u3011': case U'\uFF0F': case U'\uFF0D': case U'\u2014':
    case U'\u3002':
      return true;
    default:
      return false;
  }
}

// Text that may stand between or before division names and means nothing for the parse.
constexpr std::string_view kFillers[] = {"中华人民共和国", "中国", "市辖区", "省直辖县级行政区划",
                                         "自治区直辖县级行政区划", "省直辖县", "直辖县"};

// Level suffixes a short name may carry in the wild, rightly or not (蓬莱市 for 蓬莱区).
bool IsLevelSuffix(char32_t c) {
  return c == U'省' || c == U'市' || c == U'区' || c == U'县' || c == U'旗' || c == U'州';
}

// 中山路, 北京东路, 南京西街, 徽州大道, 红旗大街, 解放碑, 龙湖家园: a short division name that is
// really the start of a street or place name. Full names are never read this way (中山市 is a city whatever
// follows).
bool StartsStreetName(std::string_view text, std::size_t offset) {
  const auto is_street_word = [](char32_t c) {
    return c == U'路' || c == U'街' || c == U'道' || c == U'巷' || c == U'弄' || c == U'号' || c == U'桥' || c == U'里' ||
           c == U'村' || c == U'湾' || c == U'碑';
  };
  const CodePoint next = DecodeAt(text, offset);
  if (next.length == 0) return false;
  if (is_street_word(next.value)) return true;
  // 龙湖家园, 西湖花园, 朝阳小区: estates and buildings named after a place. In a street field
  // these are far likelier than a district's short name (龙湖 is 汕头's 龙湖区).
  const std::string_view rest = text.substr(offset);
  constexpr std::string_view kEstateWords[] = {"家园", "花园", "小区", "公寓", "新村", "山庄", "社区",
                                               "广场", "苑", "府", "庭"};
  if (std::any_of(std::begin(kEstateWords), std::end(kEstateWords),
                  [&](std::string_view word) { return rest.starts_with(word); })) {
    return true;
  }
  const bool direction = next.value == U'东' || next.value == U'西' || next.value == U'南' || next.value == U'北' || next.value == U'中';
  const CodePoint after = DecodeAt(text, offset + next.length);
  if (after.length == 0) return false;
  // 大道, 大街, 大路 (but not 大厦 or 大学: those follow district names in real addresses too)
  if (next.value == U'大') return after.value == U'道' || after.value == U'街' || after.value == U'路';
  return direction && (is_street_word(after.value) || after.value == U'大');
}

std::size_t SkipSeparatorsAndFillers(std::string_view text, std::size_t offset) {
  for (;;) {
    const CodePoint code_point = DecodeAt(text, offset);
    if (code_point.length != 0 && IsSeparator(code_point.value)) {
      offset += code_point.length;
      continue;
    }
    const std::string_view rest = text.substr(offset);
    const auto filler = std::find_if(std::begin(kFillers), std::end(kFillers),
                                     [&](std::string_view f) { return rest.starts_with(f); });
    if (filler == std::end(kFillers)) return offset;
    offset += filler->size();
  }
}

// "收货地址：浙江省…": a label ending in a colon within the first few characters is skipped.
std::size_t SkipLabel(std::string_view text) {
  std::size_t offset = 0;
  for (int chars = 0; chars < 8 && offset < text.size(); ++chars) {
    const CodePoint code_point = DecodeAt(text, offset);
    offset += code_point.length;
    if (code_point.value == ':' || code_point.value == U'\uFF1A') return offset;
  }
  return 0;
}

// True when some candidate of `next` lies strictly inside some candidate of `previous`.
bool NestsInside(const Mention& next, const Mention& previous) {
  for (std::uint8_t n = 0; n < next.candidate_count; ++n) {
    const Division& inner = DivisionAt(next.candidates[n].division);
    for (std::uint8_t p = 0; p < previous.candidate_count; ++p) {
      const Division& outer = DivisionAt(previous.candidates[p].division);
      if (&inner != &outer && inner.IsWithin(outer)) return true;
    }
  }
  return false;
}

bool HasFullName(const Mention& mention) {
  for (std::uint8_t index = 0; index < mention.candidate_count; ++index) {
    if (mention.candidates[index].kind != NameKind::kShort) return true;
  }
  return false;
}

bool AllDistricts(const Mention& mention) {
  for (std::uint8_t index = 0; index < mention.candidate_count; ++index) {
    if (DivisionAt(mention.candidates[index].division).level != DivisionLevel::kDistrict) return false;
  }
  return true;
}

bool IsSixDigitCode(std::string_view text) {
  return text.size() == 6 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "张三 13812345678 浙江省杭州市…": when the field does not start with a division name, the
// block may start later, after a name and a phone. Only a name written in full (浙江省, 杭州市)
// may start it there: a short name inside other text (中山, 南京) is too often a street's.
// Returns `offset` itself when there is none. Runs only on fields that start with something else.
std::size_t FindFullNameAfterJunk(std::string_view text, std::size_t offset) {
  const NameTrie<NamedDivision>& names = DivisionNames();
  for (std::size_t at = offset; at < text.size();) {
    const NameTrie<NamedDivision>::Match match = names.LongestPrefix(text.substr(at));
    for (const NamedDivision& candidate : match.values) {
      if (candidate.kind == NameKind::kFull && DivisionAt(candidate.division).level != DivisionLevel::kDistrict) return at;
    }
    at += std::max<std::size_t>(DecodeAt(text, at).length, 1);
  }
  return offset;
}

}  // namespace

std::string_view TrimSeparators(std::string_view text) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    const CodePoint code_point = DecodeAt(text, begin);
    if (!IsSeparator(code_point.value)) break;
    begin += code_point.length;
  }
  std::size_t end = text.size();
  while (end > begin) {
    // Step back over one code point: continuation bytes are 10xxxxxx.
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    if (!IsSeparator(DecodeAt(text, start).value)) break;
    end = start;
  }
  return text.substr(begin, end - begin);
}

ScannedField ScanAdministrativeBlock(std::string_view text, MentionList& mentions) {
  ScannedField scanned;
  const std::string_view trimmed = TrimSeparators(text);
  if (IsSixDigitCode(trimmed) && mentions.count < kMaxMentions) {
    std::uint32_t code = 0;
    for (const char digit : trimmed) code = code * 10 + static_cast<std::uint32_t>(digit - '0');
    const Division* division = FindDivision(code);
    // 620201 is 嘉峪关's 市辖区: a code for "the city's districts", which says the city.
    if (division != nullptr && division->name == "市辖区") division = division->parent;
    if (division != nullptr) {
      Mention& mention = mentions.items[mentions.count++];
      mention.candidates[0] = {static_cast<std::uint16_t>(division - AllDivisions().data()), NameKind::kFull};
      mention.candidate_count = 1;
      scanned.mentions_found = 1;
      return scanned;
    }
  }

  const NameTrie<NamedDivision>& names = DivisionNames();
  const Mention* previous = nullptr;
  std::size_t offset = SkipSeparatorsAndFillers(text, SkipLabel(text));
  if (names.LongestPrefix(text.substr(offset)).length == 0) offset = FindFullNameAfterJunk(text, offset);
  std::size_t block_end = offset;
  while (offset < text.size() && mentions.count < kMaxMentions) {
    const NameTrie<NamedDivision>::Match match = names.LongestPrefix(text.substr(offset));
    if (match.length == 0) break;
    Mention mention;
    for (const NamedDivision& candidate : match.values) {
      if (mention.candidate_count == kMaxCandidates) break;
      mention.candidates[mention.candidate_count++] = candidate;
    }
    std::size_t end = offset + match.length;
    if (!HasFullName(mention) && StartsStreetName(text, end)) break;
    const CodePoint next = DecodeAt(text, end);
    if (!HasFullName(mention) && next.length != 0 && IsLevelSuffix(next.value)) {
      end += next.length;
      mention.suffix_mismatch = true;
    }
    // A name that neither nests inside the one before nor is written in full starts the street.
    if (previous != nullptr && !NestsInside(mention, *previous) && !HasFullName(mention)) break;
    mentions.items[mentions.count] = mention;
    previous = &mentions.items[mentions.count];
    ++mentions.count;
    ++scanned.mentions_found;
    block_end = end;
    // Nothing below a district is in the table: what follows is the street.
    if (AllDistricts(mention)) break;
    offset = SkipSeparatorsAndFillers(text, end);
  }
  scanned.rest = TrimSeparators(text.substr(scanned.mentions_found == 0 ? 0 : block_end));
  if (scanned.mentions_found == 0) scanned.rest = TrimSeparators(text.substr(SkipLabel(text)));
  return scanned;
}

}  // namespace ordo::quality::detail
