#pragma once
// The channel endpoint's use case (issue 5, items 2 and 3): a channel's native body, pushed by
// the channel (webhook) or by an integrator, through its connection into the normal pipeline.
//
//   1. channel: one of channels::ChannelName's spellings, else kNotFound "unknown channel";
//   2. connection: the connection's name on that channel (`?connection=`); missing →
//      kInvalidArgument "connection"; unknown or disabled → kNotFound;
//   3. signature: Shopify (X-Shopify-Hmac-Sha256) and WooCommerce (X-WC-Webhook-Signature)
//      are authenticated by the HMAC of the raw body with the connection's secret: missing or
//      wrong → kUnauthorized, counted on the connection. The other channels (taobao, jd,
//      douyin, pos_csv) sign nothing a merchant can check, so the API requires a bearer token
//      with orders.write for them (the caller's actor is passed in);
//   4. mapping with the channel's adapter: a single order that cannot be mapped → its
//      kInvalidArgument naming the JSON pointer of the first bad field (kMalformed: not JSON);
//   5. the entry rules (normalise, reject, quarantine) as for POST /orders;
//   6. the store (ChannelStore::IngestChannelOrders): stale updates, state machine, holds.
// Nothing is written when 1–5 refuse (except the signature-failure counter).
//
// List payloads (Shopify {"orders": […]}, a WooCommerce array, Taobao trades_sold_get, JD
// order search, Douyin shop_order_list) and every pos_csv file are batches: one result per
// order, each refused or stored on its own, as POST /orders:batch does.
//
// Thread-safe (references only). `done` runs once: on a pool thread for refusals before the
// store, else on a store thread after commit.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "service/blocking_pool.hpp"
#include "service/quality_rules.hpp"
#include "store/channel_store.hpp"

namespace ordo::service {

struct ChannelPush {
  std::string channel;           // from the path
  std::string connection;        // ?connection=
  std::string body;              // raw, as received
  std::string signature;         // the channel's signature header ("" when absent)
  std::string idempotency_key;   // single orders only
  std::optional<core::Actor> caller;  // the bearer's actor (unsigned channels)
};

struct ChannelPushResult {
  bool batch = false;
  std::vector<core::Result<store::ChannelIngestOutcome>> results;  // one per order, in payload order
};

// Whether `channel` authenticates its pushes by signature (no bearer token needed).
bool ChannelSignsWebhooks(std::string_view channel);

class ChannelIntake {
 public:
  // All references outlive this.
  ChannelIntake(store::Store& store, const core::Clock& clock, QualityRules& rules, BlockingPool& pool)
      : store_(store), clock_(clock), rules_(rules), pool_(pool) {}

  void Push(ChannelPush push, std::function<void(core::Result<ChannelPushResult>)> done);

 private:
  void Run(ChannelPush push, std::function<void(core::Result<ChannelPushResult>)> done);

  store::Store& store_;
  const core::Clock& clock_;
  QualityRules& rules_;
  BlockingPool& pool_;
};

}  // namespace ordo::service
