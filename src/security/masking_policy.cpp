#include "security/masking_policy.hpp"

#include <algorithm>

#include "core/assert.hpp"
#include "core/masking.hpp"
#include "security/permissions.hpp"
#include "security/totp.hpp"

namespace ordo::security {
namespace {

template <class T>
bool Contains(std::span<const T> values, const T& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool CoversSubject(const UnmaskGrant& grant, std::span<const Subject> subjects) {
  return std::any_of(grant.subjects.begin(), grant.subjects.end(),
                     [&](const Subject& granted) { return Contains(subjects, granted); });
}

// How good a reason to stay masked is, so the most helpful one wins when several grants miss:
// an expired or unapproved grant that would otherwise apply says more than "no grant".
int ReasonRank(std::string_view reason) {
  if (reason == "grant_expired") return 2;
  if (reason == "grant_not_approved") return 1;
  return 0;
}

FieldVisibility DecideField(const Principal& principal, PiiField field,
                            std::span<const Subject> subjects,
                            std::span<const PiiField> requested_clear,
                            std::span<const UnmaskGrant> grants, core::UnixMillis now) {
  FieldVisibility visibility{field, false, "", ""};
  if (!Contains(requested_clear, field)) {
    visibility.reason = "not_requested";
    return visibility;
  }
  if (!principal.HasPermission(perm::kPiiReadClear)) {
    visibility.reason = "missing_permission";
    return visibility;
  }
  if (principal.kind == PrincipalKind::kApiKey) {
    visibility.reason = "step_up_unavailable";
    return visibility;
  }
  if (!StepUpFresh(principal.last_step_up_at, now)) {
    visibility.reason = "step_up_required";
    return visibility;
  }
  visibility.reason = "no_grant";
  for (const UnmaskGrant& grant : grants) {
    // Grants are personal: someone else's approval never clears data for this principal.
    if (grant.requester_id != principal.id) continue;
    if (!CoversSubject(grant, subjects)) continue;
    if (!Contains(std::span<const PiiField>(grant.fields), field)) continue;
    std::string miss;
    if (!grant.approved) {
      miss = "grant_not_approved";
    } else if (now >= grant.expires_at) {
      miss = "grant_expired";
    } else {
      return FieldVisibility{field, true, "grant", grant.request_id};
    }
    if (ReasonRank(miss) > ReasonRank(visibility.reason)) visibility.reason = miss;
  }
  return visibility;
}

}  // namespace

bool MaskingDecision::IsClear(PiiField field) const { return For(field).clear; }

bool MaskingDecision::AnyClear() const {
  return std::any_of(fields.begin(), fields.end(),
                     [](const FieldVisibility& visibility) { return visibility.clear; });
}

const FieldVisibility& MaskingDecision::For(PiiField field) const {
  for (const FieldVisibility& visibility : fields) {
    if (visibility.field == field) return visibility;
  }
  ORDO_CHECK(false && "MaskingDecision lacks a field: build it with DecideMasking");
  return fields.front();
}

MaskingDecision DecideMasking(const Principal& principal, std::span<const Subject> subjects,
                              std::span<const PiiField> requested_clear,
                              std::span<const UnmaskGrant> grants, core::UnixMillis now) {
  MaskingDecision decision;
  for (const PiiField field : AllPiiFields()) {
    decision.fields.push_back(
        DecideField(principal, field, subjects, requested_clear, grants, now));
  }
  return decision;
}

std::vector<Subject> SubjectsOfOrder(const order::Order& order) {
  std::vector<Subject> subjects{{SubjectKind::kOrder, std::to_string(order.id)}};
  if (!order.customer_ref.empty()) subjects.push_back({SubjectKind::kCustomer, order.customer_ref});
  return subjects;
}

std::string MaskedOrClear(PiiField field, std::string_view value,
                          const MaskingDecision& decision) {
  if (decision.IsClear(field)) return std::string(value);
  switch (field) {
    case PiiField::kName: return core::MaskName(value);
    case PiiField::kPhone: return core::MaskPhone(value);
    case PiiField::kStreet: return core::MaskStreet(value);
    case PiiField::kEmail: return core::MaskEmail(value);
  }
  return core::MaskStreet(value);
}

order::Address ApplyMasking(const order::Address& address, const MaskingDecision& decision) {
  order::Address masked = address;
  masked.name = MaskedOrClear(PiiField::kName, address.name, decision);
  masked.phone = MaskedOrClear(PiiField::kPhone, address.phone, decision);
  masked.street = MaskedOrClear(PiiField::kStreet, address.street, decision);
  return masked;
}

}  // namespace ordo::security
