// POST /api/v1/channels/{channel}/orders?connection=<name>: a channel's native body into the
// normal pipeline (service/channel_intake.hpp).
//
// Authentication: Shopify and WooCommerce webhooks carry no bearer token; they are signed with
// the connection's secret, so their two routes are public and the signature (checked by the
// intake) is the authentication. Every other channel goes through the {channel} route, which
// needs a bearer token with orders.write (a literal route beats the capture in the router).
#include <string>

#include "api/handlers.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"
#include "order/order_json.hpp"

namespace ordo::api {
namespace {

std::string_view IngestKindName(store::IngestKind kind) {
  switch (kind) {
    case store::IngestKind::kCreated: return "created";
    case store::IngestKind::kUnchanged: return "unchanged";
    case store::IngestKind::kUpdated: return "updated";
  }
  return "created";
}

int StatusOf(const store::ChannelIngestOutcome& outcome) {
  return outcome.applied && outcome.ingest.kind == store::IngestKind::kCreated ? 201 : 200;
}

// {"applied": true, "result": "created", "order": {…}} or {"applied": false, "reason": …}.
void WriteOutcomeMembers(core::JsonWriter& writer, const store::ChannelIngestOutcome& outcome) {
  core::WriteKey(writer, "applied");
  writer.Bool(outcome.applied);
  if (outcome.applied) {
    core::WriteKey(writer, "result");
    core::WriteString(writer, IngestKindName(outcome.ingest.kind));
  } else {
    core::WriteKey(writer, "reason");
    core::WriteString(writer, outcome.reason);
  }
  core::WriteKey(writer, "order");
  order::WriteOrder(outcome.ingest.order, writer, order::PiiView::kMasked);
}

void WritePushResult(Exchange& done, core::Result<service::ChannelPushResult> pushed) {
  if (!pushed) return ReplyProblem(done, pushed.error());
  if (!pushed->batch) {
    const core::Result<store::ChannelIngestOutcome>& one = pushed->results.front();
    if (!one) return ReplyProblem(done, one.error());
    done.response.status = StatusOf(*one);
    if (done.response.status == 201) {
      done.response.AddHeader("Location", "/api/v1/orders/" + std::to_string(one->ingest.order.id));
    }
    core::JsonWriter& writer = done.response.StartJson();
    writer.StartObject();
    WriteOutcomeMembers(writer, *one);
    writer.EndObject();
    return;
  }
  core::JsonWriter& writer = done.response.StartJson();
  writer.StartObject();
  core::WriteKey(writer, "results");
  writer.StartArray();
  for (std::size_t item_idx = 0; item_idx < pushed->results.size(); ++item_idx) {
    const core::Result<store::ChannelIngestOutcome>& item = pushed->results[item_idx];
    writer.StartObject();
    core::WriteKey(writer, "index");
    writer.Uint64(item_idx);
    core::WriteKey(writer, "status");
    if (item) {
      writer.Int(StatusOf(*item));
      WriteOutcomeMembers(writer, *item);
    } else {
      writer.Int(ProblemOf(item.error()).status);
      core::WriteKey(writer, "error");
      WriteProblemObject(writer, item.error(), done.request.request_id);
    }
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

void PushChannelOrders(service::Services& services, const ExchangePtr& exchange, std::string channel, bool signed_route) {
  const Request& request = exchange->request;
  core::Result<service::QueryParams> params = ParseQuery(request.query);
  if (!params) return FinishWithProblem(exchange, params.error());
  service::ChannelPush push;
  push.channel = std::move(channel);
  for (const auto& [name, value] : *params) {
    if (name == "connection") push.connection = value;
  }
  push.body = std::string(request.body);
  push.signature = std::string(push.channel == "shopify" ? request.shopify_hmac : request.woo_signature);
  push.idempotency_key = std::string(request.idempotency_key);
  if (!signed_route) push.caller = ApiActor(*exchange);
  services.channel_intake.Push(std::move(push),
                               ReplyOnStrand<service::ChannelPushResult>(exchange, WritePushResult));
}

}  // namespace

void AddChannelOrderRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  const std::vector<QueryParamDoc> params = {{"connection", "the channel connection's name (required)"}};
  for (const char* channel : {"shopify", "woocommerce"}) {
    const std::string name = channel;
    router.Add({.method = Method::kPost, .pattern = "/api/v1/channels/" + name + "/orders",
                .access = Access::kPublic,
                .operation_id = name == "shopify" ? "pushShopifyOrders" : "pushWooCommerceOrders",
                .summary = "A " + name + " webhook or pushed order (list payloads as a batch), authenticated by " +
                           (name == "shopify" ? "X-Shopify-Hmac-Sha256" : "X-WC-Webhook-Signature") +
                           " with the connection's secret (no bearer token)",
                .tag = "channels", .success_status = 201, .response_schema = "ChannelIngestResult",
                .query_params = params,
                .headers = {name == "shopify" ? "X-Shopify-Hmac-Sha256" : "X-WC-Webhook-Signature", "Idempotency-Key"}},
               [svc, name](const ExchangePtr& exchange) { PushChannelOrders(*svc, exchange, name, true); });
  }
  router.Add({.method = Method::kPost, .pattern = "/api/v1/channels/{channel}/orders", .permission = "orders.write",
              .operation_id = "pushChannelOrders",
              .summary = "A channel's native order body (taobao, jd, douyin; pos_csv: a CSV file); list payloads "
                         "as a batch",
              .tag = "channels", .success_status = 201, .response_schema = "ChannelIngestResult",
              .query_params = params, .headers = {"Idempotency-Key"}, .path_param_type = "string"},
             [svc](const ExchangePtr& exchange) {
               PushChannelOrders(*svc, exchange, std::string(exchange->request.path_params[0]), false);
             });
}

}  // namespace ordo::api
