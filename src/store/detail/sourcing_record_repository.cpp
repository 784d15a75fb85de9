// The sourcing record's reads and the worker's lists (declared in allocation_repository.hpp).
#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "store/detail/allocation_repository.hpp"
#include "store/detail/allocation_rows.hpp"

namespace ordo::store::detail {
namespace {
using core::ErrorCode;
}  // namespace

core::Result<SourcingRecord> LoadSourcing(Connection& connection, std::int64_t order_id) {
  std::optional<SourcingRecord> record;
  ORDO_TRY(connection.Query(
      "SELECT order_id, state, priority, decision_json, cause, decided_at, attempts FROM order_sourcing "
      "WHERE order_id = $1",
      {order_id}, [&](const Row& row) {
        SourcingRecord found;
        found.order_id = row.Int(0);
        found.state = row.Text(1);
        found.priority = row.Int(2);
        found.decision_json = row.Text(3);
        found.cause = row.Text(4);
        found.decided_at = row.Int(5);
        found.attempts = row.Int(6);
        record = std::move(found);
      }));
  if (!record) return core::MakeError(ErrorCode::kNotFound, "order " + std::to_string(order_id) + " was never sourced");
  ORDO_TRY(connection.Query(std::string(kAllocationColumns) + "WHERE order_id = $1 ORDER BY line_index, created_at, id",
                            {order_id}, [&](const Row& row) { record->allocations.push_back(AllocationFromRow(row).row); }));
  return std::move(*record);
}

core::Result<std::vector<WaitingOrder>> QueryWaitingOrders(Connection& connection, const std::vector<std::string>& skus,
                                                           int limit) {
  // The sku filter runs here, over the waiting list in its order: the list is the backlog of
  // orders without stock (small next to the order table) and read by the waiting-list worker.
  const std::set<std::string> wanted(skus.begin(), skus.end());
  const std::size_t cap = static_cast<std::size_t>(std::clamp(limit, 1, 1000));
  std::vector<WaitingOrder> waiting;
  ORDO_TRY(connection.Query(
      "SELECT order_id, priority, waiting_since, skus FROM order_sourcing WHERE state = 'waiting' "
      "ORDER BY priority DESC, waiting_since, order_id",
      {}, [&](const Row& row) {
        if (waiting.size() >= cap) return;
        WaitingOrder entry;
        entry.order_id = row.Int(0);
        entry.priority = row.Int(1);
        entry.waiting_since = row.Int(2);
        entry.skus = SplitSkus(row.Text(3));
        if (!wanted.empty() && std::none_of(entry.skus.begin(), entry.skus.end(),
                                            [&](const std::string& sku) { return wanted.count(sku) != 0; })) {
          return;
        }
        waiting.push_back(std::move(entry));
      }));
  return waiting;
}

core::Result<std::vector<std::int64_t>> QueryUnsourcedOrders(Connection& connection, std::int64_t after_id, int limit) {
  std::vector<std::int64_t> ids;
  ORDO_TRY(connection.Query(
      "SELECT o.id FROM orders o WHERE o.status = 'paid' AND o.id > $1 "
      "AND NOT EXISTS (SELECT 1 FROM order_sourcing s WHERE s.order_id = o.id) ORDER BY o.id LIMIT $2",
      {after_id, std::int64_t{std::clamp(limit, 1, 1000)}}, [&](const Row& row) { ids.push_back(row.Int(0)); }));
  return ids;
}

core::Result<std::vector<std::int64_t>> QueryOrdersAllocatedAt(Connection& connection, const std::string& location_id) {
  std::vector<std::int64_t> ids;
  ORDO_TRY(connection.Query(
      "SELECT DISTINCT order_id FROM order_allocations WHERE location_id = $1 AND state = 'reserved' ORDER BY order_id",
      {std::string_view(location_id)}, [&](const Row& row) { ids.push_back(row.Int(0)); }));
  return ids;
}

core::Status UpdateSourcingPriority(Connection& connection, std::int64_t order_id, std::int64_t priority) {
  ORDO_TRY(connection.Exec("UPDATE order_sourcing SET priority = $1 WHERE order_id = $2", {priority, order_id}));
  if (connection.ChangedRows() != 1) {
    return core::MakeError(ErrorCode::kNotFound, "order " + std::to_string(order_id) + " was never sourced");
  }
  return core::Ok();
}

}  // namespace ordo::store::detail
