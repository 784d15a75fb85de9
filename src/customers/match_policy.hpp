#pragma once
// The fuzzy-match decision: does an order's buyer (name + address) belong to an existing
// customer that no deterministic key connects it to? Pure; thread-safe.
//
//   score = kNameWeight × name score + kAddressWeight × address score       (each in [0, 1])
//   merge when score ≥ merge_threshold and the name score reaches its minimum:
//     min_name_score                   — a shared address alone never merges (a household:
//                                        same flat, other names, other phones)
//     min_name_score_if_phone_differs  — both sides have a phone and they differ: "a new phone"
//                                        and "a family member" look alike, so only an exact name
//                                        (after normalisation) may merge
//
// Worked examples with the defaults (threshold 0.90):
//   same name, same flat, new phone            1.00 → merge
//   nickname / swapped order, same flat        1.00 → merge
//   typo in a 3-character name, same flat      0.9175 → merge, unless the phones differ
//   same name, same building, other flat       0.55 + 0.45 × 0.4 = 0.73 → no
//   other name, same flat (household)          name 0 < 0.80 → no
//   张伟 in the same district, other street     0.55 + 0.45 × 0 = 0.55 → no
#include <cstddef>

#include "customers/address_similarity.hpp"
#include "customers/name_similarity.hpp"

namespace ordo::customers {

struct MatchPolicy {
  bool fuzzy_enabled = true;  // false: deterministic keys only (the baseline)
  double name_weight = 0.55;
  double address_weight = 0.45;
  double merge_threshold = 0.90;
  double min_name_score = 0.80;
  double min_name_score_if_phone_differs = 1.0;
  // Candidates compared per blocking key, newest first: bounds the work for a very common name
  // in one district (at most 3 × 64 comparisons an order for a Han name).
  std::size_t max_candidates_per_block = 64;
};

struct FuzzyScore {
  NameComparison name;
  AddressComparison address;
  bool phone_differs = false;
  double score = 0;
  bool merge = false;
};

FuzzyScore ScoreFuzzyPair(const NameFeatures& order_name, const AddressFeatures& order_address,
                          const NameFeatures& customer_name, const AddressFeatures& customer_address,
                          bool phone_differs, const MatchPolicy& policy);

}  // namespace ordo::customers
