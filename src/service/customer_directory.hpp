#pragma once
// The single customer view as a use case (docs/customers.md): owns the identity resolution
// engine, rebuilds it from the store at start (recorded decisions replayed, never re-decided),
// resolves committed orders in batches (ResolveNext: the CustomerResolver thread calls it), and
// answers the customer API (view, lookup by phone or email, unmerge).
//
// Every ingest path is covered without touching it: the resolver consumes the orders table in
// id order from a cursor kept in the store (store_meta "customer_resolver_cursor"), and each
// batch's rows and the cursor advance are one transaction. The engine changes in memory first;
// when the batch's commit fails the engine is rebuilt from the store.
//
// Thread-safe: one mutex serialises the engine (it is thread-compatible). Blocking methods: call
// from the blocking pool or the resolver thread. `store` and `cipher` outlive this.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "customers/resolution_engine.hpp"
#include "security/pii_cipher.hpp"
#include "security/principal.hpp"
#include "store/store.hpp"

namespace ordo::service {

struct CustomerIdentityView {
  std::string kind;     // channel_buyer | phone | email
  std::string channel;
  std::string masked;   // e.g. 138****5678, l***@example.com
  core::UnixMillis first_seen_at = 0;
};

struct CustomerMergeView {
  store::CustomerMergeRow row;  // evidence_json holds no personal data
};

struct CustomerDetail {
  std::int64_t id = 0;
  std::optional<std::int64_t> merged_from;  // the id asked for, when it is now part of `id`
  std::vector<std::int64_t> merged_ids;
  std::vector<CustomerIdentityView> identities;  // sorted by channel, then kind
  store::CustomerOrdersPage orders;              // in the caller's scope
  std::vector<CustomerMergeView> merges;         // in effect, oldest first
};

struct UnmergeOutcome {
  std::int64_t merge_id = 0;
  std::int64_t kept = 0;
  std::int64_t restored = 0;
};

struct ResolveBatchReport {
  int orders = 0;      // consumed (each order once)
  int merges = 0;
  std::int64_t cursor = 0;
};

class CustomerDirectory {
 public:
  static constexpr int kViewOrders = 50;

  CustomerDirectory(store::Store& store, const core::Clock& clock, const security::PiiCipher& cipher);

  // Rebuilds the engine from the store. Blocking; at start and after a failed batch commit.
  core::Status Restore();
  // Resolves up to `max_orders` orders after the cursor and commits them with the cursor.
  core::Result<ResolveBatchReport> ResolveNext(int max_orders);

  // kNotFound for an unknown id, and for a customer with no order in the caller's scope.
  core::Result<CustomerDetail> Get(std::int64_t id, const store::OrderScope& scope,
                                   std::optional<std::int64_t> before_order_id);
  // `q`: a phone number in any format, or an email address. kInvalidArgument naming /q for
  // anything else (the value is never echoed); kNotFound when nobody has it.
  core::Result<CustomerDetail> Find(std::string_view q, const store::OrderScope& scope);
  // Undoes `merge_id` (which must be in effect inside customer `id`), or, without one, the
  // merge UnmergeCustomer picks. kNotFound, kConflict. Audited with actor and reason.
  core::Result<UnmergeOutcome> Unmerge(std::int64_t id, std::optional<std::int64_t> merge_id, const std::string& reason,
                                       const core::Actor& actor, std::string_view ip);

  customers::EngineStats Stats() const;

 private:
  core::Status RestoreLocked();
  core::Result<CustomerDetail> DetailLocked(std::int64_t id, const store::OrderScope& scope,
                                            std::optional<std::int64_t> before_order_id);

  store::Store& store_;
  const core::Clock& clock_;
  const security::PiiCipher& cipher_;
  mutable std::mutex mutex_;
  customers::ResolutionEngine engine_;  // guarded by mutex_
  std::int64_t cursor_ = 0;             // guarded by mutex_
  std::int64_t resolved_ = 0;           // orders in the engine = the last customer_orders seq; guarded
};

}  // namespace ordo::service
