#include "store/detail/allocation_rows.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "store/detail/inventory_repository.hpp"

namespace ordo::store::detail {
namespace {

using core::ErrorCode;

constexpr core::UnixMillis kLocalOffset = 8LL * 3600 * 1000;
constexpr core::UnixMillis kDay = 24LL * 3600 * 1000;

std::string ActorName(const core::Actor& actor) { return actor.kind + ":" + actor.id; }

}  // namespace

StoredAllocation AllocationFromRow(const Row& row) {
  StoredAllocation stored;
  stored.id = row.Int(0);
  stored.row.order_id = row.Int(1);
  stored.row.line_index = static_cast<int>(row.Int(2));
  stored.row.sku = row.Text(3);
  stored.row.qty = row.Int(4);
  stored.row.location_id = row.Text(5);
  stored.row.carrier = row.Text(6);
  stored.row.service_level = row.Text(7);
  stored.row.promised_day = row.Int(8);
  stored.row.state = row.Text(9);
  stored.row.created_at = row.Int(10);
  stored.row.closed_at = row.Int(11);
  return stored;
}

core::Result<std::vector<StoredAllocation>> LoadAllocations(Connection& connection, std::int64_t order_id,
                                                            std::string_view state) {
  std::vector<StoredAllocation> rows;
  ORDO_TRY(connection.Query(std::string(kAllocationColumns) +
                                "WHERE order_id = $1 AND state = $2 ORDER BY line_index, created_at, id",
                            {order_id, state}, [&](const Row& row) { rows.push_back(AllocationFromRow(row)); }));
  return rows;
}

std::vector<AllocationRow> PublicRows(const std::vector<StoredAllocation>& stored) {
  std::vector<AllocationRow> rows;
  rows.reserve(stored.size());
  for (const auto& allocation : stored) rows.push_back(allocation.row);
  return rows;
}

core::Result<std::set<int>> CancelledLines(Connection& connection, std::int64_t order_id) {
  auto rows = LoadAllocations(connection, order_id, "cancelled");
  if (!rows) return std::move(rows).error();
  std::set<int> lines;
  for (const auto& allocation : *rows) lines.insert(allocation.row.line_index);
  return lines;
}

std::string JoinSkus(const order::Order& order) {
  std::set<std::string> skus;
  for (const auto& line : order.lines) skus.insert(line.sku);
  std::string joined;
  for (const auto& sku : skus) {
    if (!joined.empty()) joined += '\n';
    joined += sku;
  }
  return joined;
}

std::vector<std::string> SplitSkus(std::string_view joined) {
  std::vector<std::string> skus;
  while (!joined.empty()) {
    const std::size_t end = joined.find('\n');
    skus.emplace_back(joined.substr(0, end));
    if (end == std::string_view::npos) break;
    joined.remove_prefix(end + 1);
  }
  return skus;
}

core::Status WriteReservationLedger(Connection& connection, const std::string& sku, const std::string& location_id,
                                    std::int64_t on_hand_delta, std::int64_t reserved_delta, const StockAfter& after,
                                    std::string_view cause, std::int64_t order_id, const std::string& reference,
                                    const core::Actor& actor, core::UnixMillis now) {
  StockLedgerRow entry;
  entry.at = now;
  entry.sku = sku;
  entry.location_id = location_id;
  entry.on_hand_delta = on_hand_delta;
  entry.reserved_delta = reserved_delta;
  entry.on_hand_after = after.on_hand;
  entry.reserved_after = after.reserved;
  entry.safety_after = after.safety;
  entry.cause = cause;
  entry.order_id = order_id;
  entry.reference = reference;
  entry.actor = ActorName(actor);
  auto seq = AppendStockLedger(connection, entry);
  if (!seq) return std::move(seq).error();
  return core::Ok();
}

core::Status FreeLocationLoads(Connection& connection, std::int64_t order_id,
                               const std::vector<StoredAllocation>& closed) {
  std::map<std::string, core::UnixMillis> locations;
  for (const auto& allocation : closed) {
    if (!allocation.row.location_id.empty()) locations.emplace(allocation.row.location_id, allocation.row.created_at);
  }
  for (const auto& [location_id, reserved_at] : locations) {
    bool still_live = false;
    ORDO_TRY(connection.Query(
        "SELECT 1 FROM order_allocations WHERE order_id = $1 AND location_id = $2 AND state = 'reserved'",
        {order_id, std::string_view(location_id)}, [&](const Row&) { still_live = true; }));
    if (still_live) continue;
    ORDO_TRY(connection.Exec(
        "UPDATE location_loads SET parcels = parcels - 1 WHERE location_id = $1 AND local_day = $2 AND parcels > 0",
        {std::string_view(location_id), LocalDay(reserved_at)}));
  }
  return core::Ok();
}

core::Status CloseAllocations(Connection& connection, std::vector<StoredAllocation> rows, Closing closing,
                              std::string_view state, std::string_view cause, const std::string& reference,
                              const core::Actor& actor, core::UnixMillis now) {
  std::sort(rows.begin(), rows.end(), [](const StoredAllocation& a, const StoredAllocation& b) {
    return std::tie(a.row.sku, a.row.location_id, a.id) < std::tie(b.row.sku, b.row.location_id, b.id);
  });
  const std::int64_t consume = closing == Closing::kConsume ? 1 : 0;
  const std::string_view sql =
      closing == Closing::kConsume
          ? "UPDATE stock SET on_hand = on_hand - $1, reserved = reserved - $1, updated_at = $2 "
            "WHERE sku = $3 AND location_id = $4 RETURNING on_hand, reserved, safety_stock"
          : "UPDATE stock SET reserved = reserved - $1, updated_at = $2 "
            "WHERE sku = $3 AND location_id = $4 RETURNING on_hand, reserved, safety_stock";
  for (const auto& allocation : rows) {
    const AllocationRow& row = allocation.row;
    std::optional<StockAfter> after;
    ORDO_TRY(connection.Query(
        sql, {row.qty, now, std::string_view(row.sku), std::string_view(row.location_id)},
        [&](const Row& returned) { after = StockAfter{returned.Int(0), returned.Int(1), returned.Int(2)}; }));
    if (!after) {
      return core::MakeError(ErrorCode::kInternal, "a reservation of order " + std::to_string(row.order_id) +
                                                       " names stock " + row.sku + "@" + row.location_id +
                                                       " that does not exist");
    }
    ORDO_TRY(WriteReservationLedger(connection, row.sku, row.location_id, -row.qty * consume, -row.qty, *after,
                                    cause, row.order_id, reference, actor, now));
    ORDO_TRY(connection.Exec("UPDATE order_allocations SET state = $1, closed_at = $2 WHERE id = $3",
                             {state, now, allocation.id}));
  }
  return core::Ok();
}

core::Status ReleaseLive(Connection& connection, std::int64_t order_id, std::string_view cause,
                         const std::string& reference, const core::Actor& actor, core::UnixMillis now) {
  auto live = LoadAllocations(connection, order_id, "reserved");
  if (!live) return std::move(live).error();
  if (live->empty()) return core::Ok();
  ORDO_TRY(CloseAllocations(connection, *live, Closing::kRelease, "released", cause, reference, actor, now));
  return FreeLocationLoads(connection, order_id, *live);
}

std::int64_t LocalDay(core::UnixMillis at) {
  const core::UnixMillis local = at + kLocalOffset;
  return local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
}

}  // namespace ordo::store::detail
