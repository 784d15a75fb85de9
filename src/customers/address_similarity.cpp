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

}  // namespace

AddressComparison CompareAddresses(const AddressFeatures& a, const AddressFeatures& b) {
  AddressComparison result;
  result.same_area = a.area != 0 && a.area == b.area;
  if (!result.same_area) return result;
  result.word_overlap = WordOverlap(a, b);

  int agree = 0;
  int written = 0;  // parts written on at least one side
  for (std::size_t index = 0; index < kUnitPartCount; ++index) {
    const auto part = static_cast<UnitPart>(index);
    if (!a.Has(part) && !b.Has(part)) continue;
    ++written;
    if (!a.Has(part) || !b.Has(part)) continue;
    if (a.Unit(part) != b.Unit(part)) {
      result.numbers = NumberAgreement::kConflict;
      result.number_score = 0;
      result.score = kWordWeight * result.word_overlap;
      return result;
    }
    ++agree;
  }
  const auto agrees = [&](UnitPart part) { return a.Has(part) && b.Has(part); };
  const bool same_dwelling = agrees(UnitPart::kFlat) &&
                             (agrees(UnitPart::kBuilding) || (!a.Has(UnitPart::kBuilding) && !b.Has(UnitPart::kBuilding)));
  if (written == 0) {
    result.numbers = NumberAgreement::kNone;
    result.number_score = 0.5;
  } else if (same_dwelling || agree == written) {
    result.numbers = NumberAgreement::kEqual;
    result.number_score = 1.0;
  } else {
    result.numbers = NumberAgreement::kPartial;
    result.number_score = static_cast<double>(agree) / static_cast<double>(written);
  }
  result.score = kWordWeight * result.word_overlap + kNumberWeight * result.number_score;
  return result;
}

}  // namespace ordo::customers
