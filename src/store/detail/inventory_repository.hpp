#pragma once
// The inventory's plain tables as SQL over one Connection, written once for both dialects:
// locations, the carrier table (its version in store_meta), stock with its ledger, the
// idempotency of stock changes and the ledger check. The reservations that orders hold are in
// allocation_repository.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/inventory_store.hpp"

namespace ordo::store::detail {

// " FOR UPDATE" on PostgreSQL (lock what the unit reads before it writes it), "" on SQLite,
// whose single writer already serialises units.
std::string_view ForUpdate(const Connection& connection);

// ---- locations ----
core::Result<LocationRecord> InsertLocation(Connection& connection, LocationRecord location, core::UnixMillis now);
core::Result<LocationRecord> UpdateLocationRow(Connection& connection, LocationRecord location,
                                               std::optional<std::int64_t> expected_version, core::UnixMillis now);
core::Result<LocationRecord> UpdateLocationStatus(Connection& connection, const std::string& id,
                                                  const std::string& status, const std::string& reason,
                                                  core::UnixMillis now);
core::Result<std::vector<LocationRecord>> LoadLocations(Connection& connection);
core::Result<LocationRecord> LoadLocation(Connection& connection, const std::string& id);  // kNotFound

// ---- carriers ----
core::Result<CarrierTableRecord> ReplaceCarrierRateRows(Connection& connection,
                                                        const std::vector<CarrierRateRecord>& rates);
core::Result<CarrierTableRecord> LoadCarrierTable(Connection& connection);
core::Result<std::int64_t> LoadCarrierRatesVersion(Connection& connection);

// ---- stock and ledger ----
core::Result<StockChangeOutcome> ApplyStockChangeRows(Connection& connection, const StockChangeRequest& request,
                                                      core::UnixMillis now);
core::Result<std::vector<StockRecord>> QueryStock(Connection& connection, const StockFilter& filter);
// Every stock row of these skus, by sku then location.
core::Result<std::vector<StockRecord>> LoadStockOfSkus(Connection& connection, const std::vector<std::string>& skus);
core::Result<std::vector<StockLedgerRow>> QueryStockLedger(Connection& connection, const StockLedgerFilter& filter);
// Appends `row` (seq assigned; returned).
core::Result<std::int64_t> AppendStockLedger(Connection& connection, const StockLedgerRow& row);
core::Result<LedgerCheck> CheckLedger(Connection& connection);

}  // namespace ordo::store::detail
