#pragma once
// The fuzzy-match decision: does an order's buyer (name + address) belong to an existing
// customer that no deterministic key connects it to? Pure; thread-safe.
//
//   score = kNameWeight × name score + kAddressWeight × address score       (each in [0, 1])
//   merge when score ≥ merge_threshold and the name score reaches its minimum:
//     min_name_score                    — an order with no identity key of its own (a relay
//                                         number, no account, no email): a near name will do,
//                                         but a shared address alone never merges (a household)
//     min_name_score_if_order_has_keys  — the order brings a phone, channel account or email the
//                                         customer does not have: a near name (王小明 / 王小红)
//                                         at one flat is as often a sibling as a typo, so only an
//                                         exact name (after normalisation) may merge
//     min_name_score_if_contact_differs — both have a phone and they differ, or both have an
//                                         account on the order's channel: exact name (matters
//                                         when the rule above is relaxed)
//
// Worked examples with the defaults (threshold 0.90):
//   same name, same flat, new phone            1.00 → merge
//   nickname / swapped order, same flat        1.00 → merge
//   typo in a 3-character name, same flat      0.9175 → merge only if the order has no key of its own
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
  double min_name_score_if_order_has_keys = 1.0;
  double min_name_score_if_contact_differs = 1.0;
  // Candidates compared per blocking key, newest first: bounds the work for a very common name
  // in one district (at most 3 × 64 comparisons an order for a Han name).
  std::size_t max_candidates_per_block = 64;
};

// What the order and the customer say about how to reach the buyer. Fuzzy matching only runs
// when no key matched, so a phone or account on both sides is always a *different* one.
struct ContactCheck {
  bool order_has_keys = false;   // the order carries a phone, channel account or email
  bool phone_differs = false;    // both have a phone (the order's is a key, not a relay)
  bool account_differs = false;  // both have a buyer id on the order's channel
  bool Conflict() const { return phone_differs || account_differs; }
};

struct FuzzyScore {
  NameComparison name;
  AddressComparison address;
  ContactCheck contact;
  double score = 0;
  bool merge = false;
};

FuzzyScore ScoreFuzzyPair(const NameFeatures& order_name, const AddressFeatures& order_address,
                          const NameFeatures& customer_name, const AddressFeatures& customer_address,
                          ContactCheck contact, const MatchPolicy& policy);

}  // namespace ordo::customers
