// SqlStore's inventory methods (store/inventory_store.hpp). Every call blocks its caller until
// the reader pool or the group-commit writer has run it; each write is one unit.
#include <utility>

#include "store/detail/allocation_repository.hpp"
#include "store/detail/blocking_units.hpp"
#include "store/detail/carrier_outcome_repository.hpp"
#include "store/detail/identity_repository.hpp"
#include "store/detail/inventory_repository.hpp"
#include "store/detail/sql_store.hpp"

namespace ordo::store::detail {

core::Result<LocationRecord> SqlStore::CreateLocation(LocationRecord location, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<LocationRecord>(*writer_, [this, location = std::move(location), audit = std::move(audit),
                                            now](Connection& c) -> core::Result<LocationRecord> {
    auto created = InsertLocation(c, location, now);
    if (!created) return created;
    ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
    return created;
  });
}

core::Result<LocationRecord> SqlStore::UpdateLocation(LocationRecord location,
                                                      std::optional<std::int64_t> expected_version, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<LocationRecord>(*writer_, [this, location = std::move(location), expected_version,
                                            audit = std::move(audit), now](Connection& c) -> core::Result<LocationRecord> {
    auto updated = UpdateLocationRow(c, location, expected_version, now);
    if (!updated) return updated;
    ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
    return updated;
  });
}

core::Result<std::vector<LocationRecord>> SqlStore::ListLocations() {
  return ReadOn<std::vector<LocationRecord>>(*readers_, [](Connection& c) { return LoadLocations(c); });
}

core::Result<LocationRecord> SqlStore::GetLocation(const std::string& id) {
  return ReadOn<LocationRecord>(*readers_, [&id](Connection& c) { return LoadLocation(c, id); });
}

core::Result<LocationRecord> SqlStore::SetLocationStatus(const std::string& id, const std::string& status,
                                                         const std::string& reason, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<LocationRecord>(
      *writer_, [this, &id, &status, &reason, audit = std::move(audit), now](Connection& c) -> core::Result<LocationRecord> {
        auto updated = UpdateLocationStatus(c, id, status, reason, now);
        if (!updated) return updated;
        ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
        return updated;
      });
}

core::Result<CarrierTableRecord> SqlStore::ReplaceCarrierRates(std::vector<CarrierRateRecord> rates, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<CarrierTableRecord>(*writer_, [this, rates = std::move(rates), audit = std::move(audit),
                                                now](Connection& c) -> core::Result<CarrierTableRecord> {
    auto table = ReplaceCarrierRateRows(c, rates);
    if (!table) return table;
    ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
    return table;
  });
}

core::Result<CarrierTableRecord> SqlStore::GetCarrierRates() {
  return ReadOn<CarrierTableRecord>(*readers_, [](Connection& c) { return LoadCarrierTable(c); });
}

core::Result<std::int64_t> SqlStore::CarrierRatesVersion() {
  return ReadOn<std::int64_t>(*readers_, [](Connection& c) { return LoadCarrierRatesVersion(c); });
}

core::Result<StockChangeOutcome> SqlStore::ApplyStockChanges(StockChangeRequest request) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<StockChangeOutcome>(*writer_, [request = std::move(request), now](Connection& c) {
    return ApplyStockChangeRows(c, request, now);
  });
}

core::Result<std::vector<StockRecord>> SqlStore::ListStock(const StockFilter& filter) {
  return ReadOn<std::vector<StockRecord>>(*readers_, [&filter](Connection& c) { return QueryStock(c, filter); });
}

core::Result<std::vector<StockLedgerRow>> SqlStore::ListStockLedger(const StockLedgerFilter& filter) {
  return ReadOn<std::vector<StockLedgerRow>>(*readers_,
                                             [&filter](Connection& c) { return QueryStockLedger(c, filter); });
}

core::Result<LedgerCheck> SqlStore::CheckStockLedger() {
  return ReadOn<LedgerCheck>(*readers_, [](Connection& c) { return CheckLedger(c); });
}

core::Result<AllocateOutcome> SqlStore::Allocate(AllocateCommand command) {
  const core::UnixMillis now = clock_.Now();
  const core::Actor actor = command.actor;
  return WriteOn<AllocateOutcome>(
      *writer_,
      [this, command = std::move(command), now](Connection& c) { return AllocateOne(c, command, now, pii_cipher_); },
      [actor](const AllocateOutcome& outcome) {
        return outcome.result == "skipped" ? std::string() : OrderAuditEntry(outcome.order, "sourcing:" + outcome.result, actor);
      });
}

core::Result<SourcingRecord> SqlStore::GetOrderSourcing(std::int64_t order_id) {
  return ReadOn<SourcingRecord>(*readers_, [order_id](Connection& c) { return LoadSourcing(c, order_id); });
}

core::Result<std::vector<WaitingOrder>> SqlStore::ListWaitingOrders(const std::vector<std::string>& skus, int limit) {
  return ReadOn<std::vector<WaitingOrder>>(*readers_,
                                           [&skus, limit](Connection& c) { return QueryWaitingOrders(c, skus, limit); });
}

core::Result<std::vector<std::int64_t>> SqlStore::ListUnsourcedOrders(std::int64_t after_id, int limit) {
  return ReadOn<std::vector<std::int64_t>>(
      *readers_, [after_id, limit](Connection& c) { return QueryUnsourcedOrders(c, after_id, limit); });
}

core::Result<std::vector<std::int64_t>> SqlStore::ListOrdersAllocatedAt(const std::string& location_id) {
  return ReadOn<std::vector<std::int64_t>>(
      *readers_, [&location_id](Connection& c) { return QueryOrdersAllocatedAt(c, location_id); });
}

core::Status SqlStore::SetSourcingPriority(std::int64_t order_id, std::int64_t priority) {
  auto set = WriteOn<bool>(*writer_, [order_id, priority](Connection& c) -> core::Result<bool> {
    ORDO_TRY(UpdateSourcingPriority(c, order_id, priority));
    return true;
  });
  if (!set) return std::move(set).error();
  return core::Ok();
}

core::Result<AllocateOutcome> SqlStore::CancelOrderLines(std::int64_t order_id, const std::vector<int>& line_indexes,
                                                         const std::string& reason, core::Actor actor) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<AllocateOutcome>(
      *writer_,
      [this, order_id, &line_indexes, &reason, actor, now](Connection& c) {
        return CancelLines(c, order_id, line_indexes, reason, actor, now, pii_cipher_);
      },
      [actor](const AllocateOutcome& outcome) { return OrderAuditEntry(outcome.order, "cancel_lines", actor); });
}

core::Result<std::vector<CarrierDayOutcomeRecord>> SqlStore::CarrierDailyOutcomes(std::int64_t first_local_day,
                                                                                  std::int64_t last_local_day) {
  return ReadOn<std::vector<CarrierDayOutcomeRecord>>(*readers_, [first_local_day, last_local_day](Connection& c) {
    return QueryCarrierDailyOutcomes(c, first_local_day, last_local_day);
  });
}

}  // namespace ordo::store::detail
