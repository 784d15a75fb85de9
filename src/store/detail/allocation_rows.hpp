#pragma once
// The rows of order_allocations as the inventory's writes and reads use them: load, close
// (release or consume, each with its stock change and ledger row), the parcels they hold per
// location and local day, and the order's skus as the waiting list stores them.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "order/order.hpp"
#include "store/detail/connection.hpp"
#include "store/inventory_store.hpp"

namespace ordo::store::detail {

inline constexpr const char* kAllocationColumns =
    "SELECT id, order_id, line_index, sku, qty, location_id, carrier, service_level, promised_day, state, created_at, "
    "closed_at FROM order_allocations ";

// Local (UTC+8) days since 1970-01-01 of `at`.
std::int64_t LocalDay(core::UnixMillis at);

// An order_allocations row with its key (the public AllocationRow has none).
struct StoredAllocation {
  std::int64_t id = 0;
  AllocationRow row;
};
StoredAllocation AllocationFromRow(const Row& row);  // columns as kAllocationColumns
// The order's rows in `state`, by line then time.
core::Result<std::vector<StoredAllocation>> LoadAllocations(Connection& connection, std::int64_t order_id,
                                                            std::string_view state);
std::vector<AllocationRow> PublicRows(const std::vector<StoredAllocation>& stored);
// The line indexes partial cancel has cancelled.
core::Result<std::set<int>> CancelledLines(Connection& connection, std::int64_t order_id);

// The order's distinct skus, '\n'-joined (order_sourcing.skus), and back.
std::string JoinSkus(const order::Order& order);
std::vector<std::string> SplitSkus(std::string_view joined);

// The stock row after a reservation change, as RETURNING gives it.
struct StockAfter {
  std::int64_t on_hand = 0;
  std::int64_t reserved = 0;
  std::int64_t safety = 0;
};
core::Status WriteReservationLedger(Connection& connection, const std::string& sku, const std::string& location_id,
                                    std::int64_t on_hand_delta, std::int64_t reserved_delta, const StockAfter& after,
                                    std::string_view cause, std::int64_t order_id, const std::string& reference,
                                    const core::Actor& actor, core::UnixMillis now);

// Takes one parcel off each location that no longer holds a live reservation of the order, on
// the local day its rows were reserved (the capacity they had taken is free again).
core::Status FreeLocationLoads(Connection& connection, std::int64_t order_id,
                               const std::vector<StoredAllocation>& closed);

enum class Closing { kRelease, kConsume };
// Closes live reservations: release (reserved falls) or consume (on_hand and reserved fall), a
// ledger row each, the row's state becomes `state`. Rows are locked in (sku, location) order.
core::Status CloseAllocations(Connection& connection, std::vector<StoredAllocation> rows, Closing closing,
                              std::string_view state, std::string_view cause, const std::string& reference,
                              const core::Actor& actor, core::UnixMillis now);
// Releases every live reservation of the order (state released) and frees its parcels.
core::Status ReleaseLive(Connection& connection, std::int64_t order_id, std::string_view cause,
                         const std::string& reference, const core::Actor& actor, core::UnixMillis now);

}  // namespace ordo::store::detail
