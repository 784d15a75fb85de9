#include "security/unmask.hpp"

#include "core/utf8.hpp"
#include "security/detail/text.hpp"
#include "security/permissions.hpp"

namespace ordo::security {
namespace {

constexpr std::size_t kMaxNoteChars = 500;

core::Error Forbidden(std::string reason) {
  return core::MakeError(core::ErrorCode::kForbidden, std::move(reason));
}

// Approve and deny share every guard; they differ only in the state they lead to.
core::Result<UnmaskRequest> Decide(const UnmaskRequest& request, const Principal& approver,
                                   std::string_view note, core::UnixMillis now, bool approve) {
  if (approver.kind != PrincipalKind::kUser || !approver.HasPermission(perm::kPiiUnmaskApprove)) {
    return Forbidden("missing_permission");
  }
  // Four eyes: the person who wants to see the data never approves (or denies) it.
  if (approver.id == request.requester_id) return Forbidden("self_approval");
  const UnmaskStatus status = EffectiveUnmaskStatus(request, now);
  if (status != UnmaskStatus::kPending) {
    return core::MakeError(core::ErrorCode::kIllegalTransition,
                           "unmask request is " + std::string(UnmaskStatusName(status)) +
                               ", not pending");
  }
  const std::string_view trimmed_note = detail::TrimAsciiSpace(note);
  if (!core::IsValidUtf8(trimmed_note) || detail::CodePointCount(trimmed_note) > kMaxNoteChars) {
    return core::Error{core::ErrorCode::kInvalidArgument, "invalid note",
                       {{"note", "too_long", "note must be valid UTF-8, at most 500 characters"}}};
  }
  UnmaskRequest decided = request;
  decided.status = approve ? UnmaskStatus::kApproved : UnmaskStatus::kDenied;
  decided.approver_id = approver.id;
  decided.decision_note = std::string(trimmed_note);
  decided.decided_at = now;
  if (approve) decided.expires_at = now + request.grant_millis;
  return decided;
}

}  // namespace

std::string_view UnmaskStatusName(UnmaskStatus status) {
  switch (status) {
    case UnmaskStatus::kPending: return "pending";
    case UnmaskStatus::kApproved: return "approved";
    case UnmaskStatus::kDenied: return "denied";
    case UnmaskStatus::kExpired: return "expired";
  }
  return "pending";
}

std::optional<UnmaskStatus> ParseUnmaskStatus(std::string_view name) {
  for (const UnmaskStatus status : {UnmaskStatus::kPending, UnmaskStatus::kApproved,
                                    UnmaskStatus::kDenied, UnmaskStatus::kExpired}) {
    if (UnmaskStatusName(status) == name) return status;
  }
  return std::nullopt;
}

core::Result<UnmaskRequest> OpenUnmaskRequest(const Principal& requester,
                                              const UnmaskRequestInput& input, std::string id,
                                              core::UnixMillis now) {
  if (requester.kind != PrincipalKind::kUser) return Forbidden("users_only");
  if (!requester.HasPermission(perm::kPiiUnmaskRequest)) return Forbidden("missing_permission");

  std::vector<core::FieldError> errors;
  if (input.subjects.empty()) {
    errors.push_back({"subjects", "empty", "name at least one order or customer"});
  } else if (input.subjects.size() > kMaxUnmaskSubjects) {
    errors.push_back({"subjects", "too_many", "at most 100 subjects per request"});
  }
  for (std::size_t subject_idx = 0; subject_idx < input.subjects.size(); ++subject_idx) {
    if (input.subjects[subject_idx].id.empty()) {
      errors.push_back({"subjects/" + std::to_string(subject_idx), "empty_id",
                        "a subject needs an id"});
    }
  }
  auto fields = ParsePiiFields(input.fields);
  if (!fields.has_value()) {
    for (const core::FieldError& error : fields.error().fields) errors.push_back(error);
  }
  const std::string_view purpose = detail::TrimAsciiSpace(input.purpose);
  if (!core::IsValidUtf8(purpose)) {
    errors.push_back({"purpose", "invalid_utf8", "purpose must be valid UTF-8"});
  } else if (detail::CodePointCount(purpose) < kMinPurposeChars) {
    errors.push_back({"purpose", "too_short", "purpose needs at least 10 characters"});
  } else if (detail::CodePointCount(purpose) > kMaxPurposeChars) {
    errors.push_back({"purpose", "too_long", "purpose must be at most 500 characters"});
  }
  const core::UnixMillis grant_millis = input.grant_millis.value_or(kDefaultGrantMillis);
  if (grant_millis < kMinGrantMillis || grant_millis > kMaxGrantMillis) {
    errors.push_back({"grant_minutes", "out_of_range", "a grant lasts 5 to 480 minutes"});
  }
  if (!errors.empty()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "invalid unmask request",
                       std::move(errors)};
  }
  UnmaskRequest request;
  request.id = std::move(id);
  request.requester_id = requester.id;
  request.subjects = input.subjects;
  request.fields = std::move(fields).value();
  request.purpose = std::string(purpose);
  request.status = UnmaskStatus::kPending;
  request.requested_at = now;
  request.grant_millis = grant_millis;
  return request;
}

core::Result<UnmaskRequest> ApproveUnmaskRequest(const UnmaskRequest& request,
                                                 const Principal& approver,
                                                 std::string_view note, core::UnixMillis now) {
  return Decide(request, approver, note, now, /*approve=*/true);
}

core::Result<UnmaskRequest> DenyUnmaskRequest(const UnmaskRequest& request,
                                              const Principal& approver, std::string_view note,
                                              core::UnixMillis now) {
  return Decide(request, approver, note, now, /*approve=*/false);
}

UnmaskStatus EffectiveUnmaskStatus(const UnmaskRequest& request, core::UnixMillis now) {
  switch (request.status) {
    case UnmaskStatus::kPending:
      return now - request.requested_at >= kPendingUnmaskTtlMillis ? UnmaskStatus::kExpired
                                                                   : UnmaskStatus::kPending;
    case UnmaskStatus::kApproved:
      return request.expires_at.has_value() && now < *request.expires_at ? UnmaskStatus::kApproved
                                                                         : UnmaskStatus::kExpired;
    case UnmaskStatus::kDenied:
    case UnmaskStatus::kExpired:
      return request.status;
  }
  return request.status;
}

std::optional<UnmaskRequest> ExpireIfDue(const UnmaskRequest& request, core::UnixMillis now) {
  if (request.status == UnmaskStatus::kExpired) return std::nullopt;
  if (EffectiveUnmaskStatus(request, now) != UnmaskStatus::kExpired) return std::nullopt;
  UnmaskRequest expired = request;
  expired.status = UnmaskStatus::kExpired;
  return expired;
}

UnmaskGrant ToGrant(const UnmaskRequest& request) {
  UnmaskGrant grant;
  grant.request_id = request.id;
  grant.requester_id = request.requester_id;
  grant.subjects = request.subjects;
  grant.fields = request.fields;
  grant.purpose = request.purpose;
  grant.approved = request.status == UnmaskStatus::kApproved;
  grant.expires_at = request.expires_at.value_or(0);
  return grant;
}

}  // namespace ordo::security
