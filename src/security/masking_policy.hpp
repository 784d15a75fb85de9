#pragma once
// Who sees which personal field in clear. Masked is the default; a field is clear only when
//   1. the caller explicitly asked for it in clear (each clear view is audited by the caller),
//   2. the principal has pii.read.clear (a sensitive permission) and is a user (API keys never),
//   3. the principal's TOTP step-up is fresh (≤ 5 minutes), and
//   4. an approved, unexpired unmask grant of THIS principal covers the subject and the field.
// Pure; thread-safe.
//
// Example: customer_service user u7, stepped up 2 min ago, grant g1 {order:42, [phone],
// approved, expires in 20 min}; asks clear name+phone of order 42 →
//   phone: clear, reason "grant", grant_id "g1"     name: masked, reason "no_grant".
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "order/order.hpp"
#include "security/pii_fields.hpp"
#include "security/principal.hpp"

namespace ordo::security {

// An unmask request's grant as the store returns it (see unmask.hpp for the lifecycle).
struct UnmaskGrant {
  std::string request_id;
  std::string requester_id;        // Principal::id of the requester: grants are personal
  std::vector<Subject> subjects;
  std::vector<PiiField> fields;
  std::string purpose;             // for the audit entry of each clear view
  bool approved = false;
  core::UnixMillis expires_at = 0; // clear views allowed while now < expires_at
};

struct FieldVisibility {
  PiiField field = PiiField::kName;
  bool clear = false;
  // "grant" (clear), or why masked: "not_requested", "missing_permission",
  // "step_up_unavailable" (API key), "step_up_required", "no_grant", "grant_not_approved",
  // "grant_expired".
  std::string reason;
  std::string grant_id;            // the grant that allowed it (for the audit entry)
};

struct MaskingDecision {
  std::vector<FieldVisibility> fields;  // one per PiiField, in AllPiiFields() order
  bool IsClear(PiiField field) const;
  bool AnyClear() const;
  const FieldVisibility& For(PiiField field) const;
};

// `subjects`: every subject the record belongs to (an order: {order:<id>} and, when it has one,
// {customer:<customer_ref>}); a grant on any of them counts. `requested_clear`: the fields the
// caller asked to see in clear (empty = the default fully masked view). `grants`: the
// principal's grants as loaded (others' grants are ignored, not trusted).
MaskingDecision DecideMasking(const Principal& principal, std::span<const Subject> subjects,
                              std::span<const PiiField> requested_clear,
                              std::span<const UnmaskGrant> grants, core::UnixMillis now);

// The subjects of an order: order:<id>, plus customer:<customer_ref> when non-empty.
std::vector<Subject> SubjectsOfOrder(const order::Order& order);

// The address with each personal field masked (core/masking.hpp) unless `decision` clears it.
// Province, city, district, postcode and country are kept.
order::Address ApplyMasking(const order::Address& address, const MaskingDecision& decision);
// One field's value, masked per the field's rule (phone 138****1234, name 张*, email a***@…,
// street hidden) unless cleared.
std::string MaskedOrClear(PiiField field, std::string_view value, const MaskingDecision& decision);

}  // namespace ordo::security
