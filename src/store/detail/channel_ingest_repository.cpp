#include "store/detail/channel_ingest_repository.hpp"

#include <optional>
#include <string>

#include "order/channel_status_plan.hpp"
#include "store/detail/channel_connection_repository.hpp"
#include "store/detail/order_repository.hpp"

namespace ordo::store::detail {
namespace {

struct SyncRow {
  std::optional<core::UnixMillis> channel_updated_at;
  std::string channel_hold;
};

// The stored order's id and its sync row, when the order exists.
struct Existing {
  std::int64_t order_id = 0;
  std::optional<SyncRow> sync;
};

core::Result<std::optional<Existing>> FindExisting(Connection& connection, const order::Order& order) {
  std::optional<Existing> existing;
  ORDO_TRY(connection.Query("SELECT id FROM orders WHERE channel = $1 AND external_id = $2",
                            {std::string_view(order.channel), std::string_view(order.external_id)},
                            [&](const Row& row) { existing = Existing{row.Int(0), std::nullopt}; }));
  if (!existing) return existing;
  ORDO_TRY(connection.Query("SELECT channel_updated_at, channel_hold FROM channel_order_sync WHERE order_id = $1",
                            {existing->order_id}, [&](const Row& row) {
                              SyncRow sync;
                              if (!row.IsNull(0)) sync.channel_updated_at = row.Int(0);
                              sync.channel_hold = row.Text(1);
                              existing->sync = std::move(sync);
                            }));
  return existing;
}

bool IsStale(const Existing& existing, const std::optional<core::UnixMillis>& incoming) {
  return incoming && existing.sync && existing.sync->channel_updated_at &&
         *incoming <= *existing.sync->channel_updated_at;
}

core::Status WriteSync(Connection& connection, std::int64_t order_id, const ChannelIngestItem& item,
                       const std::optional<core::UnixMillis>& stored_time, const std::string& channel_hold) {
  // Never moves the remembered time backwards (an update without a time keeps the old one).
  std::optional<core::UnixMillis> time = item.channel_updated_at;
  if (stored_time && (!time || *stored_time > *time)) time = stored_time;
  const Param time_param = time ? Param(*time) : Param(nullptr);
  ORDO_TRY(connection.Exec("DELETE FROM channel_order_sync WHERE order_id = $1", {order_id}));
  return connection.Exec(
      "INSERT INTO channel_order_sync (order_id, connection_id, channel_updated_at, channel_hold) "
      "VALUES ($1, $2, $3, $4)",
      {order_id, item.connection_id, time_param, std::string_view(channel_hold)});
}

}  // namespace

core::Result<ChannelIngestOutcome> IngestChannelOne(Connection& connection, const ChannelIngestItem& item,
                                                    core::UnixMillis now, const FieldCipher* cipher) {
  core::Result<std::optional<Existing>> existing = FindExisting(connection, item.ingest.order);
  if (!existing) return std::move(existing).error();
  if (*existing && IsStale(**existing, item.channel_updated_at)) {
    ORDO_TRY(CountChannelStaleUpdate(connection, item.connection_id));
    auto stored = LoadOrder(connection, (*existing)->order_id, {}, cipher);
    if (!stored) return std::move(stored).error();
    return ChannelIngestOutcome{false, "stale_update", IngestOutcome{IngestKind::kUnchanged, std::move(stored).value()}};
  }

  IngestItem content = item.ingest;
  content.status_by_caller = true;
  core::Result<IngestOutcome> ingested = IngestOne(connection, content, now, cipher);
  if (!ingested) return std::move(ingested).error();
  IngestOutcome outcome = std::move(ingested).value();

  const std::string held_by_channel =
      *existing && (*existing)->sync ? (*existing)->sync->channel_hold : std::string();
  core::Result<order::ChannelStatusPlan> plan =
      order::PlanChannelStatus(outcome.order, held_by_channel, item.ingest.order.status, item.channel_hold);
  if (!plan) return std::move(plan).error();
  for (const order::ChannelStatusStep& step : plan->steps) {
    TransitionCommand command;
    command.order_id = outcome.order.id;
    command.expected_version = outcome.order.version;
    command.to = step.to;
    command.reason = step.reason;
    command.actor = item.ingest.actor;
    core::Result<order::Order> moved = TransitionOne(connection, command, now, cipher);
    if (!moved) return std::move(moved).error();
    outcome.order = std::move(moved).value();
    if (outcome.kind == IngestKind::kUnchanged) outcome.kind = IngestKind::kUpdated;
  }
  const std::optional<core::UnixMillis> stored_time =
      *existing && (*existing)->sync ? (*existing)->sync->channel_updated_at : std::nullopt;
  ORDO_TRY(WriteSync(connection, outcome.order.id, item, stored_time, plan->channel_hold_after));
  ORDO_TRY(CountChannelOrderReceived(connection, item.connection_id, now));
  return ChannelIngestOutcome{true, "", std::move(outcome)};
}

}  // namespace ordo::store::detail
