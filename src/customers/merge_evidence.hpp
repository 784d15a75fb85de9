#pragma once
// Why two customers were merged: kept with every merge, shown to the operator who may undo it,
// and stored as JSON in the merge log. Contains no personal data: key kinds, match categories
// and scores only.
//
//   {"rule":"fuzzy","order_id":1042,"score":0.9175,
//    "name":{"match":"near","nickname":false,"swapped_order":false,"score":0.85},
//    "address":{"same_area":true,"word_overlap":1,"numbers":"equal","score":1},
//    "order_has_keys":false,"phone":"missing_on_one_side","channel_account":"missing_on_one_side"}
//   {"rule":"shared_key","order_id":2077,"score":1,"joined_by":["phone"],"bridged_by":["email"]}
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "customers/buyer_identity.hpp"
#include "customers/match_policy.hpp"

namespace ordo::customers {

enum class MergeRule : std::uint8_t {
  kSharedKey,  // one order carried keys of two customers (the phone of one, the email of the other)
  kFuzzy,      // name and address similarity above the threshold
};

struct MergeEvidence {
  MergeRule rule = MergeRule::kFuzzy;
  std::int64_t order_id = 0;  // the order whose resolution caused the merge
  double score = 0;           // 1 for kSharedKey
  // kSharedKey: the order's keys that named the customer it joined, and those naming the other.
  KeyKinds joined_by;
  KeyKinds bridged_by;
  FuzzyScore fuzzy;  // kFuzzy
};

std::string_view MergeRuleName(MergeRule rule);            // "shared_key", "fuzzy"
std::string_view NameMatchName(NameMatch match);           // "none", "exact", "near"
std::string_view NumberAgreementName(NumberAgreement agreement);  // "none", "equal", "partial", "conflict"

// One line of JSON, as above; scores rounded to 4 decimals.
std::string MergeEvidenceToJson(const MergeEvidence& evidence);

}  // namespace ordo::customers
