// The order endpoints: ingest (one, batch), read, list, transition, timeline.
#include <charconv>
#include <string>

#include "api/handlers.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"
#include "order/order_json.hpp"
#include "service/cursor.hpp"
#include "service/identity.hpp"

namespace ordo::api {

core::Result<std::int64_t> ParsePathId(std::string_view text, std::string_view field) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return core::Error{core::ErrorCode::kMalformed, "the path names no valid id",
                       {{std::string(field), "format", "must be a positive integer"}}};
  }
  return id;
}

namespace {

std::string_view IngestKindName(store::IngestKind kind) {
  switch (kind) {
    case store::IngestKind::kCreated: return "created";
    case store::IngestKind::kUnchanged: return "unchanged";
    case store::IngestKind::kUpdated: return "updated";
  }
  return "created";
}

// The order (masked) as the whole body, with its version as ETag.
void WriteOrderBody(Response& response, int status, const order::Order& order) {
  response.status = status;
  response.AddHeader("ETag", "\"" + std::to_string(order.version) + "\"");
  order::WriteOrder(order, response.StartJson(), order::PiiView::kMasked);
}

void CreateOrder(service::Services& services, const ExchangePtr& exchange) {
  const Request& request = exchange->request;
  core::Status queued = services.intake.IngestOne(
      request.body, std::string(request.idempotency_key), ApiActor(*exchange),
      ReplyOnStrand<store::IngestOutcome>(exchange, [](Exchange& done, core::Result<store::IngestOutcome> outcome) {
        if (!outcome) return ReplyProblem(done, outcome.error());
        const bool created = outcome->kind == store::IngestKind::kCreated;
        if (created) done.response.AddHeader("Location", "/api/v1/orders/" + std::to_string(outcome->order.id));
        done.response.AddHeader("Ordo-Ingest-Result", IngestKindName(outcome->kind));
        WriteOrderBody(done.response, created ? 201 : 200, outcome->order);
      }));
  if (!queued) FinishWithProblem(exchange, queued.error());
}

void IngestBatch(service::Services& services, const ExchangePtr& exchange) {
  const Request& request = exchange->request;
  auto write = [](Exchange& done, core::Result<service::BatchResults> results) {
    core::JsonWriter& writer = done.response.StartJson();
    writer.StartObject();
    core::WriteKey(writer, "results");
    writer.StartArray();
    for (std::size_t item_idx = 0; item_idx < results->size(); ++item_idx) {
      const core::Result<store::IngestOutcome>& item = (*results)[item_idx];
      writer.StartObject();
      core::WriteKey(writer, "index");
      writer.Uint64(item_idx);
      core::WriteKey(writer, "status");
      if (item) {
        writer.Int(item->kind == store::IngestKind::kCreated ? 201 : 200);
        core::WriteKey(writer, "result");
        core::WriteString(writer, IngestKindName(item->kind));
        core::WriteKey(writer, "order");
        order::WriteOrder(item->order, writer, order::PiiView::kMasked);
      } else {
        writer.Int(ProblemOf(item.error()).status);
        core::WriteKey(writer, "error");
        WriteProblemObject(writer, item.error(), done.request.request_id);
      }
      writer.EndObject();
    }
    writer.EndArray();
    writer.EndObject();
  };
  auto reply = ReplyOnStrand<service::BatchResults>(exchange, std::move(write));
  core::Status queued = services.intake.IngestBatch(
      request.body, ApiActor(*exchange),
      [reply = std::move(reply)](service::BatchResults results) mutable { reply(std::move(results)); });
  if (!queued) FinishWithProblem(exchange, queued.error());
}

void GetOrder(service::Services& services, const ExchangePtr& exchange) {
  core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
  if (!id) return FinishWithProblem(exchange, id.error());
  core::Result<service::QueryParams> params = ParseQuery(exchange->request.query);
  if (!params) return FinishWithProblem(exchange, params.error());
  const std::string* clear = nullptr;
  for (const auto& [name, value] : *params) {
    if (name != "clear") continue;
    if (clear != nullptr) {
      return FinishWithProblem(exchange, core::Error{core::ErrorCode::kMalformed, "the query string cannot be used",
                                                     {{"clear", "repeated", "give this parameter once"}}});
    }
    clear = &value;
  }
  if (clear != nullptr) return GetOrderInClear(services, exchange, *id, *clear);
  services.queries.Get(*id, service::OrderScopeOf(PrincipalOf(*exchange)), ReplyOnStrand<order::Order>(exchange, [](Exchange& done, core::Result<order::Order> order) {
    if (!order) return ReplyProblem(done, order.error());
    WriteOrderBody(done.response, 200, *order);
  }));
}

void ListOrders(service::Services& services, const ExchangePtr& exchange) {
  core::Result<service::QueryParams> params = ParseQuery(exchange->request.query);
  if (!params) return FinishWithProblem(exchange, params.error());
  core::Result<store::OrderFilter> filter = service::BuildOrderFilter(*params);
  if (!filter) return FinishWithProblem(exchange, filter.error());
  filter->scope = service::OrderScopeOf(PrincipalOf(*exchange));
  services.queries.List(std::move(filter).value(),
                        ReplyOnStrand<store::OrderPage>(exchange, [](Exchange& done, core::Result<store::OrderPage> page) {
                          if (!page) return ReplyProblem(done, page.error());
                          core::JsonWriter& writer = done.response.StartJson();
                          writer.StartObject();
                          core::WriteKey(writer, "items");
                          writer.StartArray();
                          for (const order::Order& order : page->items) {
                            order::WriteOrder(order, writer, order::PiiView::kMasked);
                          }
                          writer.EndArray();
                          core::WriteKey(writer, "next_cursor");
                          if (page->next_cursor) {
                            core::WriteString(writer, service::EncodeCursor(*page->next_cursor));
                          } else {
                            writer.Null();
                          }
                          writer.EndObject();
                        }));
}

void TransitionOrder(service::Services& services, const ExchangePtr& exchange) {
  const Request& request = exchange->request;
  core::Result<std::int64_t> id = ParsePathId(request.path_params[0], "id");
  if (!id) return FinishWithProblem(exchange, id.error());
  core::Status queued = services.transitions.Request(
      request.body, *id, request.if_match, ApiActor(*exchange), service::OrderScopeOf(PrincipalOf(*exchange)),
      ReplyOnStrand<order::Order>(exchange, [](Exchange& done, core::Result<order::Order> order) {
        if (!order) return ReplyProblem(done, order.error());
        WriteOrderBody(done.response, 200, *order);
      }));
  if (!queued) FinishWithProblem(exchange, queued.error());
}

void GetTimeline(service::Services& services, const ExchangePtr& exchange) {
  core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
  if (!id) return FinishWithProblem(exchange, id.error());
  using Events = std::vector<order::TimelineEvent>;
  services.queries.Timeline(*id, service::OrderScopeOf(PrincipalOf(*exchange)), ReplyOnStrand<Events>(exchange, [](Exchange& done, core::Result<Events> events) {
    if (!events) return ReplyProblem(done, events.error());
    core::JsonWriter& writer = done.response.StartJson();
    writer.StartObject();
    core::WriteKey(writer, "items");
    writer.StartArray();
    for (const order::TimelineEvent& event : *events) {
      writer.StartObject();
      core::WriteKey(writer, "seq");
      writer.Int64(event.seq);
      core::WriteKey(writer, "at");
      core::WriteString(writer, core::FormatRfc3339(event.at));
      core::WriteKey(writer, "node");
      core::WriteString(writer, event.node);
      core::WriteKey(writer, "actor");
      writer.StartObject();
      core::WriteKey(writer, "kind");
      core::WriteString(writer, event.actor.kind);
      core::WriteKey(writer, "id");
      core::WriteString(writer, event.actor.id);
      writer.EndObject();
      core::WriteKey(writer, "data");
      // The store wrote this object itself (no personal data by contract).
      const std::string& data = event.data_json.empty() ? std::string("{}") : event.data_json;
      writer.RawValue(data.data(), data.size(), rapidjson::kObjectType);
      writer.EndObject();
    }
    writer.EndArray();
    core::WriteKey(writer, "next_cursor");
    writer.Null();
    writer.EndObject();
  }));
}

}  // namespace

void AddOrderRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  const std::vector<QueryParamDoc> list_params = {
      {"status", "unified status, e.g. paid"},
      {"channel", "channel name, e.g. tmall"},
      {"province", "shipping province"},
      {"created_from", "RFC 3339, inclusive"},
      {"created_to", "RFC 3339, exclusive"},
      {"q", "exact external_id or customer_ref"},
      {"cursor", "next_cursor of the previous page"},
      {"limit", "1..500, default 50"}};
  router.Add({.method = Method::kPost, .pattern = "/api/v1/orders", .permission = "orders.write",
              .operation_id = "createOrder", .summary = "Ingest one order (idempotent on channel + external_id)",
              .tag = "orders", .success_status = 201, .request_schema = "OrderInput", .response_schema = "Order",
              .headers = {"Idempotency-Key"}},
             [svc](const ExchangePtr& exchange) { CreateOrder(*svc, exchange); });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/orders:batch", .permission = "orders.write",
              .operation_id = "ingestOrderBatch", .summary = "Ingest up to 1000 orders, one result per item",
              .tag = "orders", .success_status = 200, .request_schema = "OrderBatch",
              .response_schema = "OrderBatchResults"},
             [svc](const ExchangePtr& exchange) { IngestBatch(*svc, exchange); });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/orders", .permission = "orders.read",
              .operation_id = "listOrders", .summary = "Orders, newest first, cursor-paginated", .tag = "orders",
              .response_schema = "OrderPage", .query_params = list_params},
             [svc](const ExchangePtr& exchange) { ListOrders(*svc, exchange); });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/orders/{id}", .permission = "orders.read",
              .operation_id = "getOrder",
              .summary = "One order (personal data masked, or in clear under an unmask grant with ?clear=)",
              .tag = "orders", .response_schema = "Order",
              .query_params = {{"clear", "personal fields to show in clear, e.g. phone,name: needs pii.read.clear, a "
                                         "fresh TOTP step-up and your approved unmask grant; all or 403"}}},
             [svc](const ExchangePtr& exchange) { GetOrder(*svc, exchange); });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/orders/{id}/transitions", .permission = "orders.transition",
              .operation_id = "transitionOrder", .summary = "Move an order to another status", .tag = "orders",
              .request_schema = "TransitionRequest", .response_schema = "Order", .headers = {"If-Match"}},
             [svc](const ExchangePtr& exchange) { TransitionOrder(*svc, exchange); });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/orders/{id}/timeline", .permission = "orders.read",
              .operation_id = "getOrderTimeline", .summary = "Every node of an order's way", .tag = "orders",
              .response_schema = "Timeline"},
             [svc](const ExchangePtr& exchange) { GetTimeline(*svc, exchange); });
}

}  // namespace ordo::api
