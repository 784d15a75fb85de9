#include "store/detail/webhook_repository.hpp"

#include <algorithm>
#include <unordered_map>

namespace ordo::store::detail {
namespace {

using core::ErrorCode;

std::string JoinTypes(const std::vector<std::string>& types) {
  std::string out;
  for (const auto& type : types) {
    if (!out.empty()) out += ',';
    out += type;
  }
  return out;
}

std::vector<std::string> SplitTypes(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

bool Matches(const WebhookSubscription& subscription, std::string_view type) {
  return std::any_of(subscription.event_types.begin(), subscription.event_types.end(),
                     [&](const std::string& wanted) { return wanted == "*" || wanted == type; });
}

DeliveryState ParseState(std::string_view name) {
  if (name == "delivered") return DeliveryState::kDelivered;
  if (name == "dead") return DeliveryState::kDead;
  return DeliveryState::kPending;
}

constexpr const char* kDeliveryColumns =
    "d.id, d.subscription_id, d.outbox_id, d.event_type, d.payload, s.url, s.secret, d.attempts, d.state, "
    "d.next_attempt_at, d.last_error";

Delivery DeliveryFromRow(const Row& row) {
  Delivery delivery;
  delivery.id = row.Int(0);
  delivery.subscription_id = row.Int(1);
  delivery.outbox_id = row.Int(2);
  delivery.event_type = row.Text(3);
  delivery.payload_json = row.Text(4);
  delivery.url = row.Text(5);
  delivery.secret = row.Text(6);
  delivery.attempts = static_cast<int>(row.Int(7));
  delivery.state = ParseState(row.Text(8));
  delivery.next_attempt_at = row.Int(9);
  delivery.last_error = row.Text(10);
  return delivery;
}

}  // namespace

std::string_view DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending: return "pending";
    case DeliveryState::kDelivered: return "delivered";
    case DeliveryState::kDead: return "dead";
  }
  return "pending";
}

core::Result<WebhookSubscription> InsertSubscription(Connection& connection, WebhookSubscription subscription,
                                                     core::UnixMillis now) {
  const std::string types = JoinTypes(subscription.event_types);
  subscription.created_at = now;
  ORDO_TRY(connection.Query(
      "INSERT INTO webhook_subscriptions (url, event_types, secret, active, created_at) VALUES ($1, $2, $3, $4, $5) "
      "RETURNING id",
      {std::string_view(subscription.url), std::string_view(types), std::string_view(subscription.secret),
       std::int64_t{subscription.active ? 1 : 0}, now},
      [&](const Row& row) { subscription.id = row.Int(0); }));
  return subscription;
}

core::Result<std::vector<WebhookSubscription>> LoadSubscriptions(Connection& connection, bool active_only) {
  std::vector<WebhookSubscription> out;
  const std::string sql = std::string("SELECT id, url, event_types, secret, active, created_at FROM webhook_subscriptions") +
                          (active_only ? " WHERE active = 1" : "") + " ORDER BY id";
  ORDO_TRY(connection.Query(sql, {}, [&](const Row& row) {
    out.push_back(WebhookSubscription{row.Int(0), std::string(row.Text(1)), SplitTypes(row.Text(2)),
                                      std::string(row.Text(3)), row.Int(4) != 0, row.Int(5)});
  }));
  return out;
}

core::Result<bool> DeleteSubscription(Connection& connection, std::int64_t id) {
  // Soft delete: its deliveries keep pointing at it and stay listable.
  ORDO_TRY(connection.Exec("UPDATE webhook_subscriptions SET active = 0 WHERE id = $1 AND active = 1", {id}));
  const bool deleted = connection.ChangedRows() == 1;
  // Its pending deliveries would only fail; park them as dead so they stay visible.
  ORDO_TRY(connection.Exec(
      "UPDATE webhook_deliveries SET state = 'dead', last_error = 'subscription deleted' "
      "WHERE subscription_id = $1 AND state = 'pending'",
      {id}));
  return deleted;
}

core::Result<int> FanOut(Connection& connection, int max_events, core::UnixMillis now) {
  auto subscriptions = LoadSubscriptions(connection, true);
  if (!subscriptions) return std::move(subscriptions).error();
  struct Claimed {
    std::int64_t id;
    std::string type;
    std::string payload;
  };
  std::vector<Claimed> claimed;
  // Claim rows by flipping fanned_out; the outer `fanned_out = 0` makes a concurrent node's
  // UPDATE skip rows this one took (PostgreSQL re-checks it after waiting for the row lock).
  ORDO_TRY(connection.Query(
      "UPDATE outbox SET fanned_out = 1 WHERE fanned_out = 0 AND id IN "
      "(SELECT id FROM outbox WHERE fanned_out = 0 ORDER BY id LIMIT $1) RETURNING id, event_type, payload",
      {std::int64_t{max_events}}, [&](const Row& row) {
        claimed.push_back(Claimed{row.Int(0), std::string(row.Text(1)), std::string(row.Text(2))});
      }));
  for (const Claimed& event : claimed) {
    for (const WebhookSubscription& subscription : *subscriptions) {
      if (!Matches(subscription, event.type)) continue;
      ORDO_TRY(connection.Exec(
          "INSERT INTO webhook_deliveries (subscription_id, outbox_id, event_type, payload, state, attempts, "
          "next_attempt_at, lease_until, last_error, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, 'pending', 0, $5, 0, '', $5, $5) ON CONFLICT (subscription_id, outbox_id) DO NOTHING",
          {subscription.id, event.id, std::string_view(event.type), std::string_view(event.payload), now}));
    }
  }
  return static_cast<int>(claimed.size());
}

core::Result<std::vector<Delivery>> ClaimDue(Connection& connection, int max, core::UnixMillis now,
                                             core::UnixMillis lease_until) {
  std::vector<std::int64_t> ids;
  ORDO_TRY(connection.Query(
      "UPDATE webhook_deliveries SET lease_until = $1 WHERE state = 'pending' AND lease_until <= $2 AND id IN "
      "(SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= $2 AND lease_until <= $2 "
      "ORDER BY next_attempt_at LIMIT $3) RETURNING id",
      {lease_until, now, std::int64_t{max}}, [&](const Row& row) { ids.push_back(row.Int(0)); }));
  std::vector<Delivery> out;
  for (std::int64_t id : ids) {
    ORDO_TRY(connection.Query(std::string("SELECT ") + kDeliveryColumns +
                                  " FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id "
                                  "WHERE d.id = $1",
                              {id}, [&](const Row& row) { out.push_back(DeliveryFromRow(row)); }));
  }
  return out;
}

core::Status RecordResults(Connection& connection, const std::vector<DeliveryResult>& results, core::UnixMillis now) {
  for (const DeliveryResult& result : results) {
    const std::string_view state = result.delivered ? "delivered" : (result.retry_at ? "pending" : "dead");
    ORDO_TRY(connection.Exec(
        "UPDATE webhook_deliveries SET state = $1, attempts = attempts + 1, next_attempt_at = $2, lease_until = 0, "
        "last_error = $3, updated_at = $4 WHERE id = $5",
        {state, result.retry_at.value_or(now), std::string_view(result.error), now, result.delivery_id}));
  }
  return core::Ok();
}

core::Result<std::vector<Delivery>> LoadDeliveries(Connection& connection, DeliveryState state, int limit) {
  std::vector<Delivery> out;
  ORDO_TRY(connection.Query(std::string("SELECT ") + kDeliveryColumns +
                                " FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id "
                                "WHERE d.state = $1 ORDER BY d.id DESC LIMIT $2",
                            {DeliveryStateName(state), std::int64_t{std::clamp(limit, 1, 1000)}},
                            [&](const Row& row) { out.push_back(DeliveryFromRow(row)); }));
  return out;
}

core::Status Replay(Connection& connection, std::int64_t delivery_id, core::UnixMillis now) {
  ORDO_TRY(connection.Exec(
      "UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = $1, lease_until = 0, "
      "updated_at = $1 WHERE id = $2 AND state = 'dead'",
      {now, delivery_id}));
  if (connection.ChangedRows() != 1) {
    return core::MakeError(ErrorCode::kNotFound, "no dead-lettered delivery with id " + std::to_string(delivery_id));
  }
  return core::Ok();
}

}  // namespace ordo::store::detail
