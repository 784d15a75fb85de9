#include "service/entry_review.hpp"

#include <string>

#include "quality/order_normalizer.hpp"

namespace ordo::service {

core::Result<store::EntryReview> ApplyEntryRules(order::Order& order, const ActiveEntryRules& active,
                                                 std::string_view field_prefix) {
  const quality::EntryVerdict verdict = quality::NormalizeOrder(order, active.rules);
  store::EntryReview review;
  switch (verdict.decision) {
    case quality::EntryDecision::kAccept: break;
    case quality::EntryDecision::kQuarantine:
      review.quarantine = true;
      review.event_json = quality::QuarantineEventData(verdict, active.rules.version);
      break;
    case quality::EntryDecision::kReject:
      return core::Error{core::ErrorCode::kRejected,
                         "the order breaks the entry rules listed in errors (rule set version " +
                             std::to_string(active.rules.version) + ")",
                         quality::ViolationErrors(verdict, field_prefix)};
  }
  return review;
}

}  // namespace ordo::service
