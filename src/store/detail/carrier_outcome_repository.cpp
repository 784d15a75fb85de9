#include "store/detail/carrier_outcome_repository.hpp"

namespace ordo::store::detail {

core::Result<std::vector<CarrierDayOutcomeRecord>> QueryCarrierDailyOutcomes(Connection& connection,
                                                                             std::int64_t first_local_day,
                                                                             std::int64_t last_local_day) {
  // One parcel per (order, carrier, promised day): an order's lines shipped together by one
  // carrier are one parcel. The end of local day d (UTC+8) is (d + 1) × 86 400 000 − 28 800 000
  // in UTC milliseconds; "delivered" is looked up per order through order_events' primary key.
  std::vector<CarrierDayOutcomeRecord> rows;
  ORDO_TRY(connection.Query(
      "SELECT carrier, promised_day, COUNT(*), "
      "SUM(CASE WHEN delivered_at IS NOT NULL AND delivered_at < (promised_day + 1) * 86400000 - 28800000 "
      "THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN delivered_at IS NOT NULL AND delivered_at >= (promised_day + 1) * 86400000 - 28800000 "
      "THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN delivered_at IS NULL THEN 1 ELSE 0 END) "
      "FROM (SELECT p.carrier, p.promised_day, "
      "(SELECT MIN(e.at) FROM order_events e WHERE e.order_id = p.order_id AND e.node = 'delivered') AS delivered_at "
      "FROM (SELECT DISTINCT order_id, carrier, promised_day FROM order_allocations "
      "WHERE promised_day >= $1 AND promised_day <= $2 AND carrier <> '' AND state IN ('reserved', 'consumed')) p"
      ") parcels "
      "GROUP BY carrier, promised_day ORDER BY carrier, promised_day",
      {first_local_day, last_local_day}, [&](const Row& row) {
        CarrierDayOutcomeRecord record;
        record.carrier = row.Text(0);
        record.local_day = row.Int(1);
        record.due = row.Int(2);
        record.on_time = row.Int(3);
        record.late = row.Int(4);
        record.open = row.Int(5);
        rows.push_back(std::move(record));
      }));
  return rows;
}

}  // namespace ordo::store::detail
