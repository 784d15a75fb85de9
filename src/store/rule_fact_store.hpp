#pragma once
// The facts each order had when the rules judged it (issue 7: "replays the draft over the orders
// of that window, their facts as they were"). The rule runtime stores one snapshot per (order,
// trigger) when it evaluates a live order; the simulation scans them by order creation time.
// Reached through Store::RuleFacts(); thread-safe; every method BLOCKS its caller.
//
// Table (migration 13): rule_fact_snapshots.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::store {

struct FactSnapshotRecord {
  std::int64_t order_id = 0;
  std::string trigger;                   // "order.created" | "order.updated"
  core::UnixMillis order_created_at = 0; // the order's creation time at the channel
  core::UnixMillis captured_at = 0;      // when the rules judged it
  std::string facts;                     // rules::FactSnapshot encoding; never personal data
};

struct FactSnapshotScan {
  std::string trigger;
  core::UnixMillis from = 0;             // order_created_at >= from
  core::UnixMillis to = 0;               // order_created_at < to
  std::int64_t after_order_id = 0;       // cursor: order_id > this, ascending
  int limit = 10'000;                    // 1..100,000
};

class RuleFactStore {
 public:
  virtual ~RuleFactStore() = default;
  // Inserts or replaces (order_id, trigger), all in one transaction.
  virtual core::Status PutFactSnapshots(std::vector<FactSnapshotRecord> snapshots) = 0;
  // The snapshot of (order, trigger); nullopt when the order was never judged.
  virtual core::Result<std::optional<FactSnapshotRecord>> GetFactSnapshot(std::int64_t order_id,
                                                                          const std::string& trigger) = 0;
  // Ascending order_id.
  virtual core::Result<std::vector<FactSnapshotRecord>> ScanFactSnapshots(const FactSnapshotScan& scan) = 0;
  virtual core::Result<std::int64_t> CountFactSnapshots(const std::string& trigger, core::UnixMillis from,
                                                        core::UnixMillis to) = 0;
  // Orders of `customer_ref` created in [since, before) (the fact customer.orders_30d).
  virtual core::Result<std::int64_t> CountCustomerOrders(const std::string& customer_ref, core::UnixMillis since,
                                                         core::UnixMillis before) = 0;
};

}  // namespace ordo::store
