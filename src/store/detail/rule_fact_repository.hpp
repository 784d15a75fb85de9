#pragma once
// The rule fact snapshots (store/rule_fact_store.hpp) as SQL over one Connection, for both
// dialects. Table rule_fact_snapshots (migration 13): primary key (rule_trigger, order_id), the
// scan's path; index (rule_trigger, order_created_at, order_id) for counting a window.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/rule_fact_store.hpp"

namespace ordo::store::detail {

core::Status UpsertFactSnapshots(Connection& connection, const std::vector<FactSnapshotRecord>& snapshots);
core::Result<std::vector<FactSnapshotRecord>> QueryFactSnapshots(Connection& connection, const FactSnapshotScan& scan);
core::Result<std::optional<FactSnapshotRecord>> QueryFactSnapshot(Connection& connection, std::int64_t order_id,
                                                                  const std::string& trigger);
core::Result<std::int64_t> QueryFactSnapshotCount(Connection& connection, const std::string& trigger,
                                                  core::UnixMillis from, core::UnixMillis to);
core::Result<std::int64_t> QueryCustomerOrderCount(Connection& connection, const std::string& customer_ref,
                                                   core::UnixMillis since, core::UnixMillis before);

}  // namespace ordo::store::detail
