#pragma once
// The store's side of the single customer view (issue 5, item 6; docs/customers.md): what the
// identity resolution engine decided, so that it can be rebuilt at start (replayed, never
// re-decided), and the rows the customer API reads. Reached through Store::Customers(); every
// method is thread-safe and BLOCKING (call from a blocking pool or a thread of your own).
//
// Tables (migration 10): customers (one row per customer id ever handed out), customer_keys
// (blind index → the customer id that first carried it; the normalised value encrypted with the
// store's PII cipher, associated data "customer_keys.value:<kind>:<blind index>"),
// customer_orders (the customer id each order created or joined, and the order it was resolved
// in), customer_merges and customer_merge_events (the append-only merge/unmerge log). The
// resolver's progress is the store_meta key "customer_resolver_cursor" (the last order id it
// consumed), written in the same transaction as the rows.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "order/order.hpp"

namespace ordo::store {

struct AuditRecord;  // store.hpp
struct OrderScope;   // store.hpp

struct CustomerRow {
  std::int64_t id = 0;
  std::int64_t first_order = 0;
  core::UnixMillis created_at = 0;
};

struct CustomerKeyRow {
  int kind = 0;             // customers::KeyKind: 0 channel buyer, 1 phone, 2 email
  std::string blind_index;  // what the engine was given
  std::int64_t customer_id = 0;
  std::string channel;
  std::string value;        // the normalised value, in clear in memory only (encrypted at rest)
  core::UnixMillis first_seen_at = 0;
};

struct CustomerOrderRow {
  std::int64_t order_id = 0;
  std::int64_t customer_id = 0;  // the id the order created or joined (before merges)
  std::int64_t seq = 0;          // resolution order, 1, 2, 3 …
};

struct CustomerMergeRow {
  std::int64_t id = 0;
  std::int64_t order_side = 0;
  std::int64_t matched_side = 0;
  std::int64_t kept = 0;
  std::int64_t absorbed = 0;
  std::int64_t order_id = 0;
  std::string rule;            // "shared_key" | "fuzzy"
  std::int64_t score_bp = 0;   // basis points: 9175 = 0.9175
  std::string evidence_json;   // customers::MergeEvidenceToJson: no personal data
  core::UnixMillis merged_at = 0;
  std::optional<core::UnixMillis> unmerged_at;
  std::string unmerged_by;
  std::string unmerge_reason;
};

struct CustomerMergeEventRow {
  std::int64_t seq = 0;  // assigned by the store
  std::int64_t merge_id = 0;
  std::string kind;      // "merged" | "unmerged"
  core::UnixMillis at = 0;
  std::string actor;     // "resolver" or the principal who undid it
};

// What one resolver batch decided, written in one transaction with the cursor advance.
struct ResolutionBatch {
  std::vector<CustomerRow> customers;
  std::vector<CustomerKeyRow> keys;
  std::vector<CustomerOrderRow> orders;
  std::vector<CustomerMergeRow> merges;
  std::vector<CustomerMergeEventRow> events;
  std::int64_t cursor = 0;  // the last order id consumed (orders without a buyer included)
};

// One order for the restore: its customer_orders row and the order as stored (nullopt once
// archived by retention: the order is restored without a name and address).
struct ResolvedOrder {
  CustomerOrderRow row;
  std::optional<order::Order> order;
};

struct CustomerOrderSummary {
  std::int64_t id = 0;
  std::string channel;
  std::string external_id;
  std::string status;
  std::string currency;
  std::int64_t grand_total = 0;
  core::UnixMillis created_at = 0;
};

struct CurrencyAmount {
  std::string currency;
  std::int64_t orders = 0;
  std::int64_t amount = 0;
};

// The orders of a set of customer ids, within a scope: newest first, paged, with totals over all
// of them (not just the page).
struct CustomerOrdersPage {
  std::vector<CustomerOrderSummary> items;
  std::optional<std::int64_t> next_cursor;  // pass as before_id
  std::int64_t total_orders = 0;
  std::vector<CurrencyAmount> lifetime_value;  // by currency
  std::optional<core::UnixMillis> first_order_at;
  std::optional<core::UnixMillis> last_order_at;
};

class CustomerStore {
 public:
  virtual ~CustomerStore() = default;

  // 0 when the resolver never ran.
  virtual core::Result<std::int64_t> CustomerResolverCursor() = 0;
  // Up to `limit` orders with id > after_id, ascending, personal fields decrypted.
  virtual core::Result<std::vector<order::Order>> OrdersToResolve(std::int64_t after_id, int limit) = 0;
  // kConflict when the cursor moved since `expected_cursor` (another resolver): nothing written.
  virtual core::Status SaveResolutionBatch(const ResolutionBatch& batch, std::int64_t expected_cursor) = 0;

  // The restore, in the order the engine wants it: orders by seq (paged), then all keys, then
  // the events in seq order, with the merges they name.
  virtual core::Result<std::vector<ResolvedOrder>> ResolvedOrders(std::int64_t after_seq, int limit) = 0;
  virtual core::Result<std::vector<CustomerKeyRow>> AllCustomerKeys() = 0;  // by customer id, then first_seen_at
  virtual core::Result<std::vector<CustomerMergeEventRow>> CustomerMergeEvents() = 0;
  virtual core::Result<std::vector<CustomerMergeRow>> CustomerMerges(const std::vector<std::int64_t>& ids) = 0;

  // The view's reads.
  virtual core::Result<std::vector<CustomerKeyRow>> CustomerKeys(const std::vector<std::int64_t>& customer_ids) = 0;
  virtual core::Result<CustomerOrdersPage> CustomerOrders(const std::vector<std::int64_t>& customer_ids,
                                                         const OrderScope& scope,
                                                         std::optional<std::int64_t> before_id, int limit) = 0;

  // Marks the merge undone with `event` and `audit` in one transaction. kNotFound for an
  // unknown merge; kConflict when it was undone already.
  virtual core::Status RecordUnmerge(std::int64_t merge_id, core::UnixMillis at, const std::string& actor,
                                     const std::string& reason, AuditRecord audit) = 0;
};

}  // namespace ordo::store
