#include "customers/address_similarity.hpp"

#include <algorithm>

namespace ordo::customers {
namespace {

double WordOverlap(const AddressFeatures& a, const AddressFeatures& b) {
  if (a.word_count == 0 && b.word_count == 0) return 0.5;
  if (a.word_count == 0 || b.word_count == 0) return 0;
  // Both word lists are sorted: one merge pass.
  std::size_t common = 0;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.word_count && j < b.word_count) {
    if (a.words[i] == b.words[j]) {
      ++common;
      ++i;
      ++j;
    } else if (a.words[i] < b.words[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(std::min(a.word_count, b.word_count));
}

bool IsSubsequence(const AddressFeatures& shorter, const AddressFeatures& longer) {
  std::size_t j = 0;
  for (std::size_t i = 0; i < shorter.number_count; ++i) {
    while (j < longer.number_count && longer.numbers[j] != shorter.numbers[i]) ++j;
    if (j == longer.number_count) return false;
    ++j;
  }
  return true;
}

}  // namespace

AddressComparison CompareAddresses(const AddressFeatures& a, const AddressFeatures& b) {
  AddressComparison result;
  result.same_area = a.area != 0 && a.area == b.area;
  if (!result.same_area) return result;
  result.word_overlap = WordOverlap(a, b);

  const AddressFeatures& shorter = a.number_count <= b.number_count ? a : b;
  const AddressFeatures& longer = a.number_count <= b.number_count ? b : a;
  if (longer.number_count == 0) {
    result.numbers = NumberAgreement::kNone;
    result.number_score = 0.5;
  } else if (shorter.number_count == longer.number_count &&
             std::equal(shorter.numbers.begin(), shorter.numbers.begin() + shorter.number_count, longer.numbers.begin())) {
    result.numbers = NumberAgreement::kEqual;
    result.number_score = 1.0;
  } else if (shorter.number_count < longer.number_count && IsSubsequence(shorter, longer)) {
    result.numbers = NumberAgreement::kPartial;
    result.number_score = static_cast<double>(shorter.number_count) / static_cast<double>(longer.number_count);
  } else {
    result.numbers = NumberAgreement::kConflict;
  }
  result.score = kWordWeight * result.word_overlap + kNumberWeight * result.number_score;
  return result;
}

}  // namespace ordo::customers
