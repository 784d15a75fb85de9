#pragma once
// The approved-unmasking flow (docs/security.md "Unmask flow"): a user asks to see personal
// fields of orders or customers for a stated purpose; a different user with pii.unmask.approve
// approves or denies; while the grant lasts, the requester reads the clear values of those
// subjects with a fresh TOTP step-up, and every clear view is audited.
//
// The rules are the pure functions of security/unmask.hpp and security/masking_policy.hpp; this
// class loads and stores around them. Blocking store calls run on the BlockingPool; each `done`
// runs once, on a pool thread. Requests come back with their *effective* status (an approved
// request whose grant ran out reads "expired" even though nothing rewrote its row).
//
// Approver scope: an approver with province or channel scopes may decide only requests whose
// subjects are all orders inside those scopes (each is loaded with the approver's OrderScope; one
// outside or missing answers 404, so existence does not leak). A customer subject covers every
// order of that customer, wherever it ships, so only an unrestricted approver may decide it
// (403 "customer_subject_needs_unrestricted_approver").
//
// Audit (in the same transaction as the change): pii.unmask_request, pii.unmask_approve,
// pii.unmask_deny; and pii.view_clear before any clear value leaves. Details name ids,
// subjects, field names and the purpose — never a personal value.
//
// Thread-safe (holds references only).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "order/order.hpp"
#include "security/masking_policy.hpp"
#include "security/principal.hpp"
#include "security/unmask.hpp"
#include "service/blocking_pool.hpp"
#include "service/order_queries.hpp"
#include "store/store.hpp"

namespace ordo::service {

inline constexpr int kDefaultUnmaskPage = 50;
inline constexpr int kMaxUnmaskPage = 200;
inline constexpr std::string_view kUnmaskIdPrefix = "umr_";
// A clear read refused because a grant ran out says "grant_expired" when that grant expired at
// most this long ago; an older one is forgotten and the answer is "no_grant".
inline constexpr core::UnixMillis kExpiredGrantMemoryMillis = 24LL * 60 * 60 * 1000;

struct UnmaskListQuery {
  std::string status;                        // "" = any; else pending/approved/denied/expired
  std::optional<store::UnmaskCursor> before;
  int limit = kDefaultUnmaskPage;
};

struct UnmaskPage {
  std::vector<security::UnmaskRequest> items;
  std::string next_cursor;  // "" on the last page
};

// status, cursor, limit (1..200, default 50). kMalformed for unknown or repeated parameters and
// cursors Ordo did not issue; kInvalidArgument naming the parameter.
core::Result<UnmaskListQuery> BuildUnmaskListQuery(const QueryParams& params);

// The fields of ?clear=phone,name (comma-separated names). kInvalidArgument with field "clear"
// (empty / unknown_field / duplicate_field).
core::Result<std::vector<security::PiiField>> ParseClearFields(std::string_view list);

// An order as one caller may see it: each personal field of the address masked unless the
// decision cleared it.
struct ClearOrderView {
  order::Order order;
  security::MaskingDecision decision;
};

// The principal's own approved grants whose expires_at is after `expiring_after` (pass `now`
// for the live ones only; an earlier time adds those that expired since, which DecideMasking
// reports as "grant_expired"). Empty for an API key or a principal without pii.read.clear:
// DecideMasking refuses them before looking at grants. Blocking (call on the pool).
core::Result<std::vector<security::UnmaskGrant>> LoadOwnUnmaskGrants(store::Store& store,
                                                                     const security::Principal& principal,
                                                                     core::UnixMillis expiring_after);

class UnmaskAdmin {
 public:
  template <class T>
  using Done = std::function<void(core::Result<T>)>;

  // All references outlive this.
  UnmaskAdmin(store::Store& store, const core::Clock& clock, BlockingPool& pool)
      : store_(store), clock_(clock), pool_(pool) {}

  // {"subjects": [{"kind": "order"|"customer", "id": "…"}], "fields": ["phone", …],
  //  "purpose": "…", "grant_minutes"?: 5..480 (default 30)}. kInvalidArgument naming every bad
  // field (nothing is written); kForbidden "users_only" for an API key.
  void Create(std::string body, security::Principal requester, std::string ip,
              Done<security::UnmaskRequest> done);
  // The requester's own request, or any request for a holder of pii.unmask.approve; kNotFound
  // otherwise (as for a missing id).
  void Get(std::string id, security::Principal caller, Done<security::UnmaskRequest> done);
  // Newest first: the caller's own requests and, for a holder of pii.unmask.approve, everyone's
  // pending ones.
  void List(UnmaskListQuery query, security::Principal caller, Done<UnmaskPage> done);
  // {"note"?: "…"} (an empty body is no note). kForbidden "self_approval" /
  // "missing_permission" / "customer_subject_needs_unrestricted_approver"; kNotFound (also for
  // an order subject outside the approver's scope); kIllegalTransition when not pending;
  // kConflict when another approver decided it meanwhile.
  void Approve(std::string id, std::string body, security::Principal approver, std::string ip,
               Done<security::UnmaskRequest> done);
  void Deny(std::string id, std::string body, security::Principal approver, std::string ip,
            Done<security::UnmaskRequest> done);

  // The order with `fields` in clear. All or nothing: when any requested field stays masked the
  // answer is kForbidden, detail = the first field's reason (step_up_required, no_grant,
  // grant_expired, missing_permission, …) and one error per refused field ("clear/<name>"),
  // and nothing is revealed. kNotFound outside the reader's scope. The pii.view_clear audit
  // entry is appended before the view is returned; if it cannot be, the view is not returned.
  // A refusal is audited too (pii.view_clear_refused, ClearRefusedAuditDetail); if that entry
  // cannot be written the answer is the store's error instead of the 403.
  void ReadOrderClear(std::int64_t order_id, std::vector<security::PiiField> fields, security::Principal reader,
                      std::string ip, Done<ClearOrderView> done);

 private:
  core::Result<security::UnmaskRequest> CreateBlocking(std::string_view body, const security::Principal& requester,
                                                       const std::string& ip);
  core::Result<security::UnmaskRequest> DecideBlocking(const std::string& id, std::string_view body,
                                                       const security::Principal& approver, const std::string& ip,
                                                       bool approve);
  core::Status CheckApproverScope(const security::UnmaskRequest& request, const security::Principal& approver);
  core::Result<ClearOrderView> ReadOrderClearBlocking(std::int64_t order_id,
                                                      const std::vector<security::PiiField>& fields,
                                                      const security::Principal& reader, const std::string& ip);

  store::Store& store_;
  const core::Clock& clock_;
  BlockingPool& pool_;
};

}  // namespace ordo::service
