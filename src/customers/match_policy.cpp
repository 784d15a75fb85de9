#include "customers/match_policy.hpp"

namespace ordo::customers {

FuzzyScore ScoreFuzzyPair(const NameFeatures& order_name, const AddressFeatures& order_address,
                          const NameFeatures& customer_name, const AddressFeatures& customer_address,
                          ContactCheck contact, const MatchPolicy& policy) {
  FuzzyScore result;
  result.contact = contact;
  result.name = CompareNames(order_name, customer_name);
  result.address = CompareAddresses(order_address, customer_address);
  result.score = policy.name_weight * result.name.score + policy.address_weight * result.address.score;
  const double min_name = contact.Conflict()        ? policy.min_name_score_if_contact_differs
                          : contact.order_has_keys ? policy.min_name_score_if_order_has_keys
                                                   : policy.min_name_score;
  // The tiny tolerance keeps 0.55 × 1 + 0.45 × 1 from missing a threshold of 1.0 by rounding.
  result.merge = result.name.score >= min_name && result.score + 1e-9 >= policy.merge_threshold;
  return result;
}

}  // namespace ordo::customers
