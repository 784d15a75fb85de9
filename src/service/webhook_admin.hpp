#pragma once
// Webhook subscriptions (create, list, delete) and their deliveries (list by state, replay a
// dead letter). The secret is write-only: it goes to the store and is never handed back.
//
// `ParseWebhookRequest` is the pure part. The store's delivery calls block, so they run on the
// BlockingPool. Thread-safe (holds references only).
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "service/blocking_pool.hpp"
#include "store/store.hpp"

namespace ordo::service {

inline constexpr int kDefaultDeliveryPage = 100;
inline constexpr std::size_t kMinSecretBytes = 16;

// `{"url": "https://…", "event_types": ["order.created", …], "secret": "…"}`.
// kMalformed for bad JSON; kInvalidArgument naming each bad field.
core::Result<store::WebhookSubscription> ParseWebhookRequest(std::string_view body, core::UnixMillis now,
                                                             bool strict_json);
// "dead" | "pending" | "delivered".
std::optional<store::DeliveryState> ParseDeliveryState(std::string_view name);
std::string_view DeliveryStateName(store::DeliveryState state);

class WebhookAdmin {
 public:
  // `store`, `clock` and `pool` outlive this.
  WebhookAdmin(store::Store& store, const core::Clock& clock, BlockingPool& pool, bool strict_json)
      : store_(store), clock_(clock), pool_(pool), strict_json_(strict_json) {}

  // Bad input is returned without calling `done`; otherwise `done` runs once on a store thread.
  core::Status Create(std::string_view body, store::Callback<store::WebhookSubscription> done);
  void List(store::Callback<std::vector<store::WebhookSubscription>> done) { store_.ListWebhooks(std::move(done)); }
  void Delete(std::int64_t id, store::Callback<bool> done) { store_.DeleteWebhook(id, std::move(done)); }

  // `done` runs on a pool thread.
  void ListDeliveries(store::DeliveryState state, int limit, store::Callback<std::vector<store::Delivery>> done);
  void Replay(std::int64_t delivery_id, std::function<void(core::Status)> done);

 private:
  store::Store& store_;
  const core::Clock& clock_;
  BlockingPool& pool_;
  bool strict_json_;
};

}  // namespace ordo::service
