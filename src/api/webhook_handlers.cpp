// The webhook endpoints: subscriptions (secret write-only) and deliveries (dead letters, replay).
#include <charconv>
#include <string>

#include "api/handlers.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"

namespace ordo::api {
namespace {

void WriteSubscription(core::JsonWriter& writer, const store::WebhookSubscription& subscription) {
  writer.StartObject();
  core::WriteKey(writer, "id");
  writer.Int64(subscription.id);
  core::WriteKey(writer, "url");
  core::WriteString(writer, subscription.url);
  core::WriteKey(writer, "event_types");
  writer.StartArray();
  for (const std::string& type : subscription.event_types) core::WriteString(writer, type);
  writer.EndArray();
  core::WriteKey(writer, "active");
  writer.Bool(subscription.active);
  core::WriteKey(writer, "created_at");
  core::WriteString(writer, core::FormatRfc3339(subscription.created_at));
  // The secret itself is never returned: only that one is set.
  core::WriteKey(writer, "secret_set");
  writer.Bool(!subscription.secret.empty());
  writer.EndObject();
}

void WriteDelivery(core::JsonWriter& writer, const store::Delivery& delivery) {
  // Neither the secret nor the payload (it may carry order data) leaves through this list.
  writer.StartObject();
  core::WriteKey(writer, "id");
  writer.Int64(delivery.id);
  core::WriteKey(writer, "subscription_id");
  writer.Int64(delivery.subscription_id);
  core::WriteKey(writer, "outbox_id");
  writer.Int64(delivery.outbox_id);
  core::WriteKey(writer, "event_type");
  core::WriteString(writer, delivery.event_type);
  core::WriteKey(writer, "url");
  core::WriteString(writer, delivery.url);
  core::WriteKey(writer, "attempts");
  writer.Int(delivery.attempts);
  core::WriteKey(writer, "state");
  core::WriteString(writer, service::DeliveryStateName(delivery.state));
  core::WriteKey(writer, "next_attempt_at");
  core::WriteString(writer, core::FormatRfc3339(delivery.next_attempt_at));
  core::WriteKey(writer, "last_error");
  core::WriteString(writer, delivery.last_error);
  writer.EndObject();
}

void CreateWebhook(service::Services& services, const ExchangePtr& exchange) {
  core::Status queued = services.webhooks.Create(
      exchange->request.body,
      ReplyOnStrand<store::WebhookSubscription>(
          exchange, [](Exchange& done, core::Result<store::WebhookSubscription> subscription) {
            if (!subscription) return ReplyProblem(done, subscription.error());
            done.response.status = 201;
            done.response.AddHeader("Location", "/api/v1/webhooks/" + std::to_string(subscription->id));
            WriteSubscription(done.response.StartJson(), *subscription);
          }));
  if (!queued) FinishWithProblem(exchange, queued.error());
}

void ListWebhooks(service::Services& services, const ExchangePtr& exchange) {
  using Subscriptions = std::vector<store::WebhookSubscription>;
  services.webhooks.List(ReplyOnStrand<Subscriptions>(exchange, [](Exchange& done, core::Result<Subscriptions> list) {
    if (!list) return ReplyProblem(done, list.error());
    core::JsonWriter& writer = done.response.StartJson();
    writer.StartObject();
    core::WriteKey(writer, "items");
    writer.StartArray();
    for (const store::WebhookSubscription& subscription : *list) WriteSubscription(writer, subscription);
    writer.EndArray();
    core::WriteKey(writer, "next_cursor");
    writer.Null();
    writer.EndObject();
  }));
}

void DeleteWebhook(service::Services& services, const ExchangePtr& exchange) {
  core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
  if (!id) return FinishWithProblem(exchange, id.error());
  services.webhooks.Delete(*id, ReplyOnStrand<bool>(exchange, [](Exchange& done, core::Result<bool> deleted) {
    if (!deleted) return ReplyProblem(done, deleted.error());
    if (!*deleted) return ReplyProblem(done, core::MakeError(core::ErrorCode::kNotFound, "no webhook with this id"));
    done.response.status = 204;
  }));
}

// state=dead (default) | pending | delivered, limit=1..500 (default 100).
core::Result<std::pair<store::DeliveryState, int>> ParseDeliveryQuery(std::string_view query) {
  core::Result<service::QueryParams> params = ParseQuery(query);
  if (!params) return std::move(params).error();
  store::DeliveryState state = store::DeliveryState::kDead;
  int limit = service::kDefaultDeliveryPage;
  for (const auto& [name, value] : *params) {
    if (name == "state") {
      auto parsed = service::ParseDeliveryState(value);
      if (!parsed) {
        return core::Error{core::ErrorCode::kInvalidArgument, "unknown delivery state",
                           {{"state", "enum", "must be dead, pending or delivered"}}};
      }
      state = *parsed;
    } else if (name == "limit") {
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (ec != std::errc() || end != value.data() + value.size() || limit < 1 || limit > service::kMaxPageSize) {
        return core::Error{core::ErrorCode::kInvalidArgument, "bad limit",
                           {{"limit", "range", "must be an integer from 1 to 500"}}};
      }
    } else {
      return core::Error{core::ErrorCode::kMalformed, "unknown query parameter",
                         {{name.substr(0, 64), "unknown_parameter", "not a parameter of this list"}}};
    }
  }
  return std::pair{state, limit};
}

void ListDeliveries(service::Services& services, const ExchangePtr& exchange) {
  auto query = ParseDeliveryQuery(exchange->request.query);
  if (!query) return FinishWithProblem(exchange, query.error());
  using Deliveries = std::vector<store::Delivery>;
  services.webhooks.ListDeliveries(
      query->first, query->second, ReplyOnStrand<Deliveries>(exchange, [](Exchange& done, core::Result<Deliveries> list) {
        if (!list) return ReplyProblem(done, list.error());
        core::JsonWriter& writer = done.response.StartJson();
        writer.StartObject();
        core::WriteKey(writer, "items");
        writer.StartArray();
        for (const store::Delivery& delivery : *list) WriteDelivery(writer, delivery);
        writer.EndArray();
        core::WriteKey(writer, "next_cursor");
        writer.Null();
        writer.EndObject();
      }));
}

void ReplayDelivery(service::Services& services, const ExchangePtr& exchange) {
  core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
  if (!id) return FinishWithProblem(exchange, id.error());
  const std::int64_t delivery_id = *id;
  auto reply = ReplyOnStrand<std::int64_t>(exchange, [](Exchange& done, core::Result<std::int64_t> replayed) {
    if (!replayed) return ReplyProblem(done, replayed.error());
    done.response.status = 202;
    core::JsonWriter& writer = done.response.StartJson();
    writer.StartObject();
    core::WriteKey(writer, "id");
    writer.Int64(*replayed);
    core::WriteKey(writer, "state");
    core::WriteString(writer, "pending");
    writer.EndObject();
  });
  services.webhooks.Replay(delivery_id, [reply = std::move(reply), delivery_id](core::Status status) mutable {
    if (!status) return reply(std::move(status).error());
    reply(delivery_id);
  });
}

}  // namespace

void AddWebhookRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  // Literal paths before {id} ones: the first route whose path and method fit wins.
  router.Add({.method = Method::kGet, .pattern = "/api/v1/webhooks/deliveries", .permission = "webhooks.manage",
              .operation_id = "listWebhookDeliveries", .summary = "Deliveries by state (dead letters by default)",
              .tag = "webhooks", .response_schema = "DeliveryList",
              .query_params = {{"state", "dead (default), pending or delivered"}, {"limit", "1..500, default 100"}}},
             [svc](const ExchangePtr& exchange) { ListDeliveries(*svc, exchange); });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/webhooks/deliveries/{id}/replay",
              .permission = "webhooks.manage", .operation_id = "replayWebhookDelivery",
              .summary = "Send a dead letter again", .tag = "webhooks", .success_status = 202,
              .response_schema = "ReplayAccepted"},
             [svc](const ExchangePtr& exchange) { ReplayDelivery(*svc, exchange); });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/webhooks", .permission = "webhooks.manage",
              .operation_id = "createWebhook", .summary = "Subscribe a URL to order events", .tag = "webhooks",
              .success_status = 201, .request_schema = "WebhookInput", .response_schema = "Webhook"},
             [svc](const ExchangePtr& exchange) { CreateWebhook(*svc, exchange); });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/webhooks", .permission = "webhooks.manage",
              .operation_id = "listWebhooks", .summary = "Webhook subscriptions (secrets never shown)",
              .tag = "webhooks", .response_schema = "WebhookList"},
             [svc](const ExchangePtr& exchange) { ListWebhooks(*svc, exchange); });
  router.Add({.method = Method::kDelete, .pattern = "/api/v1/webhooks/{id}", .permission = "webhooks.manage",
              .operation_id = "deleteWebhook", .summary = "Remove a subscription", .tag = "webhooks",
              .success_status = 204},
             [svc](const ExchangePtr& exchange) { DeleteWebhook(*svc, exchange); });
}

}  // namespace ordo::api
