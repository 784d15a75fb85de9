#include "customers/name_similarity.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "customers/detail/code_points.hpp"

namespace ordo::customers {
namespace {

template <class View>
bool WithinOneEditImpl(View a, View b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  std::size_t prefix = 0;
  while (prefix < a.size() && a[prefix] == b[prefix]) ++prefix;
  if (prefix == a.size()) return true;  // equal, or one appended
  if (a.size() == b.size()) {
    // One substitution, or a swap of neighbours.
    if (a.substr(prefix + 1) == b.substr(prefix + 1)) return true;
    return prefix + 1 < a.size() && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix] &&
           a.substr(prefix + 2) == b.substr(prefix + 2);
  }
  return a.substr(prefix) == b.substr(prefix + 1);  // one inserted into the longer
}

constexpr std::size_t kMaxLatinTokens = 8;

// A Han name's characters on the stack: this runs for every candidate of a fuzzy match.
struct CodePointBuffer {
  std::array<char32_t, 32> points{};
  std::size_t size = 0;
  bool Fill(std::string_view text) {
    for (std::size_t offset = 0; offset < text.size();) {
      if (size == points.size()) return false;
      const detail::CodePoint point = detail::DecodeAt(text, offset);
      points[size++] = point.value;
      offset += point.length;
    }
    return true;
  }
  std::u32string_view View() const { return {points.data(), size}; }
};

std::vector<std::string_view> SplitTokens(std::string_view canonical) {
  std::vector<std::string_view> tokens;
  std::size_t start = 0;
  while (start < canonical.size() && tokens.size() < kMaxLatinTokens) {
    std::size_t end = canonical.find(' ', start);
    if (end == std::string_view::npos) end = canonical.size();
    tokens.push_back(canonical.substr(start, end - start));
    start = end + 1;
  }
  return tokens;
}

// A typo, not another name: Jaro-Winkler high, or one edit in a token long enough that one edit
// is a small part of it (mary/mark are one edit apart and two different names).
bool TokensNear(std::string_view a, std::string_view b) {
  if (JaroWinkler(a, b) >= kNearTokenJaroWinkler) return true;
  return std::min(a.size(), b.size()) >= 5 && WithinOneEdit(a, b);
}

// Latin names whose canonical forms differ: near when every token pairs with an equal token
// except one that pairs with a near one, or when one name is the other plus one token (a middle
// name) and has at least two tokens in common.
bool LatinNear(std::string_view a, std::string_view b) {
  std::vector<std::string_view> left = SplitTokens(a);
  std::vector<std::string_view> right = SplitTokens(b);
  if (left.size() > right.size()) std::swap(left, right);
  std::array<bool, kMaxLatinTokens> used{};
  std::size_t unmatched = 0;
  std::string_view unmatched_token;
  for (const std::string_view token : left) {
    bool found = false;
    for (std::size_t index = 0; index < right.size(); ++index) {
      if (!used[index] && right[index] == token) {
        used[index] = true;
        found = true;
        break;
      }
    }
    if (!found) {
      ++unmatched;
      unmatched_token = token;
    }
  }
  if (left.size() == right.size()) {
    if (unmatched != 1) return false;
    for (std::size_t index = 0; index < right.size(); ++index) {
      if (!used[index]) return TokensNear(unmatched_token, right[index]);
    }
    return false;
  }
  return right.size() == left.size() + 1 && unmatched == 0 && left.size() >= 2;
}

}  // namespace

bool WithinOneEdit(std::u32string_view a, std::u32string_view b) { return WithinOneEditImpl(a, b); }
bool WithinOneEdit(std::string_view a, std::string_view b) { return WithinOneEditImpl(a, b); }

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a.size() > 64 || b.size() > 64) return a == b ? 1.0 : 0.0;  // not a name token
  const std::size_t window = std::max(a.size(), b.size()) / 2 == 0 ? 0 : std::max(a.size(), b.size()) / 2 - 1;
  std::array<bool, 64> a_matched{};
  std::array<bool, 64> b_matched{};
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t from = i > window ? i - window : 0;
    const std::size_t to = std::min(b.size(), i + window + 1);
    for (std::size_t j = from; j < to; ++j) {
      if (!b_matched[j] && a[i] == b[j]) {
        a_matched[i] = b_matched[j] = true;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  std::size_t half_transpositions = 0;
  for (std::size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!a_matched[i]) continue;
    while (!b_matched[j]) ++j;
    if (a[i] != b[j]) ++half_transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(half_transpositions) / 2.0) / m) / 3.0;
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

NameComparison CompareNames(const NameFeatures& a, const NameFeatures& b) {
  NameComparison result;
  if (a.script == NameScript::kNone || a.script != b.script || a.canonical.empty() || b.canonical.empty()) {
    return result;
  }
  if (a.canonical == b.canonical) {
    result.match = NameMatch::kExact;
    result.score = 1.0;
    if (a.script == NameScript::kLatin) {
      result.nickname = a.folded_sorted_hash != b.folded_sorted_hash;
      result.swapped_order = a.canonical_written_hash != b.canonical_written_hash;
    }
    return result;
  }
  if (a.script == NameScript::kHan) {
    CodePointBuffer left;
    CodePointBuffer right;
    if (!left.Fill(a.canonical) || !right.Fill(b.canonical)) return result;  // not a name: too long
    if (std::min(left.size, right.size) < 2 || !WithinOneEdit(left.View(), right.View())) return result;
    result.match = NameMatch::kNear;
    result.score = std::max(left.size, right.size) >= 3 ? kNearNameScore : kShortNearNameScore;
    return result;
  }
  if (LatinNear(a.canonical, b.canonical)) {
    result.match = NameMatch::kNear;
    result.score = kNearNameScore;
  }
  return result;
}

}  // namespace ordo::customers
