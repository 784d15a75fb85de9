#include "store/detail/rule_fact_repository.hpp"

#include <span>

namespace ordo::store::detail {
namespace {

// Rows per multi-row INSERT: one cached statement for the bulk of a batch (5 parameters a row,
// far below both backends' parameter limits); the rest go one by one.
constexpr std::size_t kRowsPerInsert = 100;
constexpr std::string_view kUpsertTail =
    " ON CONFLICT (rule_trigger, order_id) DO UPDATE SET order_created_at = excluded.order_created_at, "
    "captured_at = excluded.captured_at, facts = excluded.facts";

std::string InsertSql(std::size_t rows) {
  std::string sql = "INSERT INTO rule_fact_snapshots (order_id, rule_trigger, order_created_at, captured_at, facts) VALUES ";
  for (std::size_t row_idx = 0; row_idx < rows; ++row_idx) {
    const std::size_t first = row_idx * 5 + 1;
    if (row_idx > 0) sql += ", ";
    sql += "($" + std::to_string(first) + ", $" + std::to_string(first + 1) + ", $" + std::to_string(first + 2) +
           ", $" + std::to_string(first + 3) + ", $" + std::to_string(first + 4) + ")";
  }
  sql += kUpsertTail;
  return sql;
}

void AppendParams(std::vector<Param>& params, const FactSnapshotRecord& record) {
  params.emplace_back(record.order_id);
  params.emplace_back(std::string_view(record.trigger));
  params.emplace_back(record.order_created_at);
  params.emplace_back(record.captured_at);
  params.emplace_back(std::string_view(record.facts));
}

}  // namespace

core::Status UpsertFactSnapshots(Connection& connection, const std::vector<FactSnapshotRecord>& snapshots) {
  // A batch may name one (order, trigger) twice: the later one wins, as one insert after another
  // would have it (a multi-row upsert refuses to touch a row twice on PostgreSQL).
  std::vector<const FactSnapshotRecord*> rows;
  rows.reserve(snapshots.size());
  for (const FactSnapshotRecord& record : snapshots) rows.push_back(&record);
  bool repeated = false;
  for (std::size_t row_idx = 1; row_idx < rows.size() && !repeated; ++row_idx) {
    repeated = rows[row_idx]->order_id <= rows[row_idx - 1]->order_id;
  }
  const std::size_t bulk = repeated ? 0 : rows.size() / kRowsPerInsert * kRowsPerInsert;
  static const std::string bulk_sql = InsertSql(kRowsPerInsert);
  static const std::string single_sql = InsertSql(1);
  std::vector<Param> params;
  params.reserve(kRowsPerInsert * 5);
  for (std::size_t begin = 0; begin < bulk; begin += kRowsPerInsert) {
    params.clear();
    for (std::size_t row_idx = begin; row_idx < begin + kRowsPerInsert; ++row_idx) AppendParams(params, *rows[row_idx]);
    ORDO_TRY(connection.Run(bulk_sql, params, nullptr));
  }
  for (std::size_t row_idx = bulk; row_idx < rows.size(); ++row_idx) {
    params.clear();
    AppendParams(params, *rows[row_idx]);
    ORDO_TRY(connection.Run(single_sql, params, nullptr));
  }
  return core::Ok();
}

core::Result<std::vector<FactSnapshotRecord>> QueryFactSnapshots(Connection& connection, const FactSnapshotScan& scan) {
  std::vector<FactSnapshotRecord> records;
  // By the primary key (rule_trigger, order_id) from the cursor, the window a filter: pages come
  // out in id order without sorting the window, and order ids grow with creation time, so the
  // rows outside the window that the walk passes are few. (Walking the window index instead would
  // sort the whole window for every page.)
  const RowHandler read = [&](const Row& row) {
    FactSnapshotRecord& record = records.emplace_back();
    record.order_id = row.Int(0);
    record.trigger = scan.trigger;
    record.order_created_at = row.Int(1);
    record.captured_at = row.Int(2);
    record.facts.assign(row.Text(3));
  };
  ORDO_TRY(connection.Query(
      "SELECT order_id, order_created_at, captured_at, facts FROM rule_fact_snapshots "
      "WHERE rule_trigger = $1 AND order_id > $2 AND order_created_at >= $3 AND order_created_at < $4 "
      "ORDER BY order_id LIMIT $5",
      {std::string_view(scan.trigger), scan.after_order_id, scan.from, scan.to, std::int64_t{scan.limit}}, read));
  return records;
}

core::Result<std::int64_t> QueryFactSnapshotCount(Connection& connection, const std::string& trigger,
                                                  core::UnixMillis from, core::UnixMillis to) {
  std::int64_t count = 0;
  ORDO_TRY(connection.Query(
      "SELECT COUNT(*) FROM rule_fact_snapshots WHERE rule_trigger = $1 AND order_created_at >= $2 "
      "AND order_created_at < $3",
      {std::string_view(trigger), from, to}, [&](const Row& row) { count = row.Int(0); }));
  return count;
}

core::Result<std::optional<FactSnapshotRecord>> QueryFactSnapshot(Connection& connection, std::int64_t order_id,
                                                                  const std::string& trigger) {
  std::optional<FactSnapshotRecord> record;
  ORDO_TRY(connection.Query(
      "SELECT order_created_at, captured_at, facts FROM rule_fact_snapshots WHERE rule_trigger = $1 AND order_id = $2",
      {std::string_view(trigger), order_id}, [&](const Row& row) {
        record = FactSnapshotRecord{order_id, trigger, row.Int(0), row.Int(1), std::string(row.Text(2))};
      }));
  return record;
}

core::Result<std::int64_t> QueryCustomerOrderCount(Connection& connection, const std::string& customer_ref,
                                                   core::UnixMillis since, core::UnixMillis before) {
  std::int64_t count = 0;
  ORDO_TRY(connection.Query(
      "SELECT COUNT(*) FROM orders WHERE customer_ref = $1 AND created_at >= $2 AND created_at < $3",
      {std::string_view(customer_ref), since, before}, [&](const Row& row) { count = row.Int(0); }));
  return count;
}

}  // namespace ordo::store::detail
