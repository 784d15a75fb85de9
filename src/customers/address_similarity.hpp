#pragma once
// How alike two delivery addresses are, in [0, 1]. Pure; thread-safe.
//
//   score = 0 when the areas differ or are unknown, else
//           kWordWeight × word overlap + kNumberWeight × unit agreement
//   word overlap    = |common words| / |words of the shorter street|  (so "文三路" against
//                     "文三路 华星小区" is 1: an estate name written or left out)
//   unit agreement  = 0 when a unit number written on both sides differs (another house,
//                     building, entrance or flat: kConflict); else
//                     1 when the flat agrees and so does the building (or neither has one):
//                       the same dwelling, whatever else one side left out (kEqual);
//                     else the share of written parts that agree (kPartial);
//                     0.5 when neither side has a unit number (kNone)
//
//   文三路100号3幢201室 / 文三路100号3-201            → 1.0   (same flat)
//   华星小区3号楼2单元201 / 文三路100号华星小区3栋201   → 1.0   (same flat, road and entrance left out)
//   文三路100号3幢201室 / 文三路100号3幢502室         → 0.4   (same building, other flat)
//   文三路100号3幢201室 / 文三路100号                 → 0.6   (the house only: many live there)
#include <cstdint>

#include "customers/address_features.hpp"

namespace ordo::customers {

enum class NumberAgreement : std::uint8_t {
  kNone,      // neither street has unit numbers
  kEqual,     // the same dwelling
  kPartial,   // no contradiction, but not enough to name one dwelling
  kConflict,  // a unit number written on both sides differs
};

struct AddressComparison {
  bool same_area = false;
  double word_overlap = 0;
  NumberAgreement numbers = NumberAgreement::kNone;
  double number_score = 0;
  double score = 0;
};

inline constexpr double kWordWeight = 0.4;
inline constexpr double kNumberWeight = 0.6;

AddressComparison CompareAddresses(const AddressFeatures& a, const AddressFeatures& b);

}  // namespace ordo::customers
