#pragma once
// Unmask requests between their domain form (security::UnmaskRequest) and their stored form
// (store::UnmaskRequestRecord), the list cursor, and the audit details of the unmasking flow.
// Audit details carry ids, subject labels, field names and purposes — never personal values.
// Pure functions; thread-safe.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "security/masking_policy.hpp"
#include "security/unmask.hpp"
#include "store/store.hpp"

namespace ordo::service {

store::UnmaskRequestRecord ToRecord(const security::UnmaskRequest& request);
// kInternal when the row holds a kind, field or status this binary does not know.
core::Result<security::UnmaskRequest> FromRecord(const store::UnmaskRequestRecord& record);

// Opaque to clients (hex of a versioned token), like the order list's cursor.
std::string EncodeUnmaskCursor(const store::UnmaskCursor& cursor);
// nullopt for anything EncodeUnmaskCursor did not produce.
std::optional<store::UnmaskCursor> DecodeUnmaskCursor(std::string_view text);

// pii.unmask_request / pii.unmask_approve / pii.unmask_deny:
//   {"requester_id", "subjects": ["order:42", …], "fields": ["phone", …], "purpose",
//    "grant_minutes", "status", "expires_at"?}
std::string UnmaskAuditDetail(const security::UnmaskRequest& request);

// pii.view_clear: {"fields": [...shown in clear], "subjects": [...of the record],
//   "grants": [{"request_id", "purpose", "fields": [...this grant cleared]}]}
std::string ViewClearAuditDetail(const security::MaskingDecision& decision,
                                 std::span<const security::Subject> subjects,
                                 std::span<const security::UnmaskGrant> grants);

// pii.view_clear_refused (a clear read or a clear export answered 403):
//   {"reason", "fields": [...asked in clear], "refused": [{"field", "code"}, …]}
// `refusal` is the error the caller receives: its detail is the reason and each of its field
// errors names what was refused ("clear/phone", "permission") and why. Names and codes only:
// neither the messages nor any value.
std::string ClearRefusedAuditDetail(const core::Error& refusal, std::span<const security::PiiField> requested);

}  // namespace ordo::service
