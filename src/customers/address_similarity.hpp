#pragma once
// How alike two delivery addresses are, in [0, 1]. Pure; thread-safe.
//
//   score = 0 when the areas differ or are unknown, else
//           kWordWeight × word overlap + kNumberWeight × number agreement
//   word overlap      = |common words| / |words of the shorter street|  (so "文三路" against
//                       "文三路 华星小区" is 1: an estate name written or left out)
//   number agreement  = 1 equal sequences; shorter/longer when one is a subsequence of the other
//                       ([100, 201] in [100, 3, 201] → 0.67); 0.5 when neither has numbers;
//                       0 when they conflict (another building or flat) or only one has numbers
//
//   文三路100号3幢201室 / 文三路100号3-201        → 1.0   (same flat)
//   文三路100号3幢201室 / 文三路100号3幢502室     → 0.4   (same building, other flat)
//   文三路100号3幢201室 / 文三路100号             → 0.6   (the compound only: thousands live there)
#include <cstdint>

#include "customers/address_features.hpp"

namespace ordo::customers {

enum class NumberAgreement : std::uint8_t {
  kNone,      // neither street has numbers
  kEqual,
  kPartial,   // one sequence is a subsequence of the other (or empty)
  kConflict,
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
