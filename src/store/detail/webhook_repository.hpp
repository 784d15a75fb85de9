#pragma once
// Webhook subscriptions, outbox fan-out and delivery bookkeeping as SQL over one Connection.
#include <vector>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/store.hpp"

namespace ordo::store::detail {

core::Result<WebhookSubscription> InsertSubscription(Connection& connection, WebhookSubscription subscription,
                                                     core::UnixMillis now);
core::Result<std::vector<WebhookSubscription>> LoadSubscriptions(Connection& connection, bool active_only);
core::Result<bool> DeleteSubscription(Connection& connection, std::int64_t id);

// Write-unit bodies.
core::Result<int> FanOut(Connection& connection, int max_events, core::UnixMillis now);
core::Result<std::vector<Delivery>> ClaimDue(Connection& connection, int max, core::UnixMillis now,
                                             core::UnixMillis lease_until);
core::Status RecordResults(Connection& connection, const std::vector<DeliveryResult>& results, core::UnixMillis now);
core::Result<std::vector<Delivery>> LoadDeliveries(Connection& connection, DeliveryState state, int limit);
core::Status Replay(Connection& connection, std::int64_t delivery_id, core::UnixMillis now);

std::string_view DeliveryStateName(DeliveryState state);

}  // namespace ordo::store::detail
