// SqlStore's rule fact snapshots (store/rule_fact_store.hpp). Every call blocks its caller until
// the reader pool or the group-commit writer has run it; a put is one write unit.
#include <utility>

#include "store/detail/blocking_units.hpp"
#include "store/detail/rule_fact_repository.hpp"
#include "store/detail/sql_store.hpp"

namespace ordo::store::detail {
namespace {

constexpr int kMaxScanLimit = 100'000;

}  // namespace

core::Status SqlStore::PutFactSnapshots(std::vector<FactSnapshotRecord> snapshots) {
  for (const FactSnapshotRecord& record : snapshots) {
    if (record.order_id <= 0 || record.trigger.empty()) {
      return core::MakeError(core::ErrorCode::kInvalidArgument, "a fact snapshot needs an order id and a trigger");
    }
  }
  if (snapshots.empty()) return core::Ok();
  auto put = WriteOn<bool>(*writer_, [snapshots = std::move(snapshots)](Connection& c) -> core::Result<bool> {
    ORDO_TRY(UpsertFactSnapshots(c, snapshots));
    return true;
  });
  if (!put) return std::move(put).error();
  return core::Ok();
}

core::Result<std::vector<FactSnapshotRecord>> SqlStore::ScanFactSnapshots(const FactSnapshotScan& scan) {
  if (scan.limit < 1 || scan.limit > kMaxScanLimit) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "scan limit must be 1..100000");
  }
  if (scan.from >= scan.to) return std::vector<FactSnapshotRecord>{};
  return ReadOn<std::vector<FactSnapshotRecord>>(*readers_, [&scan](Connection& c) { return QueryFactSnapshots(c, scan); });
}

core::Result<std::optional<FactSnapshotRecord>> SqlStore::GetFactSnapshot(std::int64_t order_id, const std::string& trigger) {
  return ReadOn<std::optional<FactSnapshotRecord>>(
      *readers_, [order_id, &trigger](Connection& c) { return QueryFactSnapshot(c, order_id, trigger); });
}

core::Result<std::int64_t> SqlStore::CountFactSnapshots(const std::string& trigger, core::UnixMillis from,
                                                        core::UnixMillis to) {
  if (from >= to) return std::int64_t{0};
  return ReadOn<std::int64_t>(*readers_,
                              [&](Connection& c) { return QueryFactSnapshotCount(c, trigger, from, to); });
}

core::Result<std::int64_t> SqlStore::CountCustomerOrders(const std::string& customer_ref, core::UnixMillis since,
                                                         core::UnixMillis before) {
  if (customer_ref.empty() || since >= before) return std::int64_t{0};
  return ReadOn<std::int64_t>(*readers_, [&](Connection& c) {
    return QueryCustomerOrderCount(c, customer_ref, since, before);
  });
}

}  // namespace ordo::store::detail
