#pragma once
// The unmask request lifecycle: a user asks to see personal fields of some subjects for a
// stated purpose; a different user with pii.unmask.approve approves or denies; an approval is a
// time-limited grant (masking_policy.hpp) that the requester uses with a fresh TOTP.
//
//   pending ──approve──▶ approved ──(expires_at passes)──▶ expired
//      │  └──deny─────▶ denied
//      └──(24 h undecided)──▶ expired
//
// Pure decision functions: each takes the current request and returns the next one, or an Error
// with the reason; the store persists the result (compare-and-set on status) and the caller
// writes the audit entry. Scope (may the approver see these subjects at all?) is checked by the
// caller with InScope before approving. Thread-safe.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "security/masking_policy.hpp"
#include "security/pii_fields.hpp"
#include "security/principal.hpp"

namespace ordo::security {

inline constexpr core::UnixMillis kDefaultGrantMillis = 30LL * 60 * 1000;
inline constexpr core::UnixMillis kMinGrantMillis = 5LL * 60 * 1000;
inline constexpr core::UnixMillis kMaxGrantMillis = 8LL * 60 * 60 * 1000;
inline constexpr core::UnixMillis kPendingUnmaskTtlMillis = 24LL * 60 * 60 * 1000;
inline constexpr std::size_t kMinPurposeChars = 10;   // code points, after trimming
inline constexpr std::size_t kMaxPurposeChars = 500;
inline constexpr std::size_t kMaxUnmaskSubjects = 100;

enum class UnmaskStatus { kPending, kApproved, kDenied, kExpired };
std::string_view UnmaskStatusName(UnmaskStatus status);  // "pending", "approved", …
std::optional<UnmaskStatus> ParseUnmaskStatus(std::string_view name);

struct UnmaskRequest {
  std::string id;
  std::string requester_id;            // Principal::id
  std::vector<Subject> subjects;
  std::vector<PiiField> fields;        // catalogue order, no duplicates
  std::string purpose;                 // trimmed; shown to the approver, copied into audits
  UnmaskStatus status = UnmaskStatus::kPending;
  core::UnixMillis requested_at = 0;
  core::UnixMillis grant_millis = kDefaultGrantMillis;  // how long an approval lasts
  std::string approver_id;             // set by approve/deny
  std::string decision_note;           // optional note of the approver/denier (≤ 500 chars)
  std::optional<core::UnixMillis> decided_at;
  std::optional<core::UnixMillis> expires_at;  // set by approve: decided_at + grant_millis
  bool operator==(const UnmaskRequest&) const = default;
};

// What the API receives.
struct UnmaskRequestInput {
  std::vector<Subject> subjects;
  std::vector<std::string> fields;     // names: "name", "phone", "street", "email"
  std::string purpose;
  std::optional<core::UnixMillis> grant_millis;  // default kDefaultGrantMillis
};

// Opens a pending request with the given id (ids are injected). Refusals:
//   kForbidden "missing_permission"  requester lacks pii.unmask.request
//   kForbidden "users_only"          an API key cannot request unmasking
//   kInvalidArgument with fields     "subjects" (empty / too_many / empty_id), "fields" (see
//                                     ParsePiiFields), "purpose" (too_short / too_long /
//                                     invalid_utf8), "grant_minutes" (out_of_range)
core::Result<UnmaskRequest> OpenUnmaskRequest(const Principal& requester,
                                              const UnmaskRequestInput& input,
                                              std::string id, core::UnixMillis now);

// pending → approved, expires_at = now + grant_millis. Refusals:
//   kForbidden "missing_permission"  approver lacks pii.unmask.approve (or is an API key)
//   kForbidden "self_approval"       approver is the requester
//   kIllegalTransition               not pending (detail names the status), or pending past
//                                    kPendingUnmaskTtlMillis ("expired")
//   kInvalidArgument "note"          note longer than 500 characters
core::Result<UnmaskRequest> ApproveUnmaskRequest(const UnmaskRequest& request,
                                                 const Principal& approver,
                                                 std::string_view note, core::UnixMillis now);

// pending → denied. Same refusals as approve.
core::Result<UnmaskRequest> DenyUnmaskRequest(const UnmaskRequest& request,
                                              const Principal& approver, std::string_view note,
                                              core::UnixMillis now);

// The status as of `now`: a pending request older than the TTL, or an approved one past
// expires_at, is kExpired even before anyone stores that.
UnmaskStatus EffectiveUnmaskStatus(const UnmaskRequest& request, core::UnixMillis now);

// The request moved to kExpired when EffectiveUnmaskStatus says so and it is not stored as
// such yet (for a sweeper); nullopt otherwise.
std::optional<UnmaskRequest> ExpireIfDue(const UnmaskRequest& request, core::UnixMillis now);

// The grant view for DecideMasking (approved iff status is kApproved; expiry from expires_at).
UnmaskGrant ToGrant(const UnmaskRequest& request);

}  // namespace ordo::security
