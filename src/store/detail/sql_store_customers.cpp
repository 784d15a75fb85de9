// SqlStore's customer methods (store/customer_store.hpp): every one blocks its caller until the
// reader or the group-commit writer has run it.
#include "store/detail/blocking_units.hpp"
#include "store/detail/customer_repository.hpp"
#include "store/detail/identity_repository.hpp"
#include "store/detail/sql_store.hpp"

namespace ordo::store::detail {
namespace {

core::Status AsStatus(core::Result<bool> done) {
  if (!done) return std::move(done).error();
  return core::Ok();
}

}  // namespace

core::Result<std::int64_t> SqlStore::CustomerResolverCursor() {
  return ReadOn<std::int64_t>(*readers_, [](Connection& c) { return LoadResolverCursor(c); });
}

core::Result<std::vector<order::Order>> SqlStore::OrdersToResolve(std::int64_t after_id, int limit) {
  return ReadOn<std::vector<order::Order>>(
      *readers_, [after_id, limit, cipher = pii_cipher_](Connection& c) { return LoadOrdersAfter(c, after_id, limit, cipher); });
}

core::Status SqlStore::SaveResolutionBatch(const ResolutionBatch& batch, std::int64_t expected_cursor) {
  return AsStatus(WriteOn<bool>(*writer_, [&batch, expected_cursor, cipher = pii_cipher_](Connection& c) -> core::Result<bool> {
    ORDO_TRY(InsertResolutionBatch(c, batch, expected_cursor, cipher));
    return true;
  }));
}

core::Result<std::vector<ResolvedOrder>> SqlStore::ResolvedOrders(std::int64_t after_seq, int limit) {
  return ReadOn<std::vector<ResolvedOrder>>(*readers_, [after_seq, limit, cipher = pii_cipher_](Connection& c) {
    return LoadResolvedOrders(c, after_seq, limit, cipher);
  });
}

core::Result<std::vector<CustomerKeyRow>> SqlStore::AllCustomerKeys() {
  return ReadOn<std::vector<CustomerKeyRow>>(
      *readers_, [cipher = pii_cipher_](Connection& c) { return LoadCustomerKeys(c, {}, true, cipher); });
}

core::Result<std::vector<CustomerMergeEventRow>> SqlStore::CustomerMergeEvents() {
  return ReadOn<std::vector<CustomerMergeEventRow>>(*readers_, [](Connection& c) { return LoadMergeEvents(c); });
}

core::Result<std::vector<CustomerMergeRow>> SqlStore::CustomerMerges(const std::vector<std::int64_t>& ids) {
  return ReadOn<std::vector<CustomerMergeRow>>(*readers_, [&ids](Connection& c) { return LoadMerges(c, ids); });
}

core::Result<std::vector<CustomerKeyRow>> SqlStore::CustomerKeys(const std::vector<std::int64_t>& customer_ids) {
  return ReadOn<std::vector<CustomerKeyRow>>(*readers_, [&customer_ids, cipher = pii_cipher_](Connection& c) {
    return LoadCustomerKeys(c, customer_ids, false, cipher);
  });
}

core::Result<CustomerOrdersPage> SqlStore::CustomerOrders(const std::vector<std::int64_t>& customer_ids,
                                                         const OrderScope& scope, std::optional<std::int64_t> before_id,
                                                         int limit) {
  return ReadOn<CustomerOrdersPage>(*readers_, [&customer_ids, &scope, before_id, limit](Connection& c) {
    return QueryCustomerOrders(c, customer_ids, scope, before_id, limit);
  });
}

core::Status SqlStore::RecordUnmerge(std::int64_t merge_id, core::UnixMillis at, const std::string& actor,
                                     const std::string& reason, AuditRecord audit) {
  return AsStatus(WriteOn<bool>(*writer_, [this, merge_id, at, &actor, &reason, audit = std::move(audit)](
                                              Connection& c) -> core::Result<bool> {
    ORDO_TRY(MarkMergeUndone(c, merge_id, at, actor, reason));
    ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, at));
    return true;
  }));
}

}  // namespace ordo::store::detail
