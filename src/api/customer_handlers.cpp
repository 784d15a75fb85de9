// The single customer view over HTTP (docs/customers.md, "HTTP API"): one customer, a lookup by
// phone or email, and undoing a merge. The use case is service/customer_directory.hpp; here
// only HTTP. Contact details are masked in every answer; the q= value never reaches a log or
// an error message.
#include <string>

#include "api/handlers.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "service/identity.hpp"

namespace ordo::api {
namespace {

core::Error Unavailable() {
  return core::MakeError(core::ErrorCode::kUnavailable, "the customer view needs the PII key (--pii-key-file)");
}

void WriteDetail(core::JsonWriter& writer, const service::CustomerDetail& detail) {
  writer.StartObject();
  core::WriteKey(writer, "id");
  writer.Int64(detail.id);
  if (detail.merged_from) {
    core::WriteKey(writer, "merged_from");
    writer.Int64(*detail.merged_from);
  }
  core::WriteKey(writer, "merged_ids");
  writer.StartArray();
  for (const std::int64_t id : detail.merged_ids) writer.Int64(id);
  writer.EndArray();
  core::WriteKey(writer, "identities");
  writer.StartArray();
  for (const service::CustomerIdentityView& identity : detail.identities) {
    writer.StartObject();
    core::WriteKey(writer, "channel");
    core::WriteString(writer, identity.channel);
    core::WriteKey(writer, "kind");
    core::WriteString(writer, identity.kind);
    core::WriteKey(writer, "value");
    core::WriteString(writer, identity.masked);
    core::WriteKey(writer, "first_seen_at");
    core::WriteString(writer, core::FormatRfc3339(identity.first_seen_at));
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "order_count");
  writer.Int64(detail.orders.total_orders);
  core::WriteKey(writer, "lifetime_value");
  writer.StartArray();
  for (const store::CurrencyAmount& amount : detail.orders.lifetime_value) {
    writer.StartObject();
    core::WriteKey(writer, "currency");
    core::WriteString(writer, amount.currency);
    core::WriteKey(writer, "amount");
    writer.Int64(amount.amount);
    core::WriteKey(writer, "orders");
    writer.Int64(amount.orders);
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "first_order_at");
  if (detail.orders.first_order_at) core::WriteString(writer, core::FormatRfc3339(*detail.orders.first_order_at));
  else writer.Null();
  core::WriteKey(writer, "last_order_at");
  if (detail.orders.last_order_at) core::WriteString(writer, core::FormatRfc3339(*detail.orders.last_order_at));
  else writer.Null();
  core::WriteKey(writer, "orders");
  writer.StartArray();
  for (const store::CustomerOrderSummary& order : detail.orders.items) {
    writer.StartObject();
    core::WriteKey(writer, "id");
    writer.Int64(order.id);
    core::WriteKey(writer, "channel");
    core::WriteString(writer, order.channel);
    core::WriteKey(writer, "external_id");
    core::WriteString(writer, order.external_id);
    core::WriteKey(writer, "status");
    core::WriteString(writer, order.status);
    core::WriteKey(writer, "currency");
    core::WriteString(writer, order.currency);
    core::WriteKey(writer, "grand_total");
    writer.Int64(order.grand_total);
    core::WriteKey(writer, "created_at");
    core::WriteString(writer, core::FormatRfc3339(order.created_at));
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "orders_next_cursor");
  if (detail.orders.next_cursor) writer.Int64(*detail.orders.next_cursor);
  else writer.Null();
  core::WriteKey(writer, "merges");
  writer.StartArray();
  for (const service::CustomerMergeView& merge : detail.merges) {
    writer.StartObject();
    core::WriteKey(writer, "id");
    writer.Int64(merge.row.id);
    core::WriteKey(writer, "rule");
    core::WriteString(writer, merge.row.rule);
    core::WriteKey(writer, "score");
    writer.Double(static_cast<double>(merge.row.score_bp) / 10000);
    core::WriteKey(writer, "kept");
    writer.Int64(merge.row.kept);
    core::WriteKey(writer, "absorbed");
    writer.Int64(merge.row.absorbed);
    core::WriteKey(writer, "evidence");
    writer.RawValue(merge.row.evidence_json.data(), merge.row.evidence_json.size(), rapidjson::kObjectType);
    core::WriteKey(writer, "merged_at");
    core::WriteString(writer, core::FormatRfc3339(merge.row.merged_at));
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

auto DetailReply(const ExchangePtr& exchange) {
  return ReplyOnStrand<service::CustomerDetail>(exchange, [](Exchange& done, core::Result<service::CustomerDetail> detail) {
    if (!detail) return ReplyProblem(done, detail.error());
    WriteDetail(done.response.StartJson(), *detail);
  });
}

void GetCustomer(service::Services& services, const ExchangePtr& exchange) {
  if (!services.customers) return FinishWithProblem(exchange, Unavailable());
  core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
  if (!id) return FinishWithProblem(exchange, id.error());
  core::Result<service::QueryParams> params = ParseQuery(exchange->request.query);
  if (!params) return FinishWithProblem(exchange, params.error());
  std::optional<std::int64_t> before;
  for (const auto& [name, value] : *params) {
    core::Result<std::int64_t> cursor = name == "cursor" ? ParsePathId(value, "cursor")
                                                         : core::Result<std::int64_t>(core::MakeError(
                                                               core::ErrorCode::kMalformed, "unknown parameter " + name));
    if (!cursor) return FinishWithProblem(exchange, cursor.error());
    before = *cursor;
  }
  service::CustomerDirectory* directory = services.customers.get();
  store::OrderScope scope = service::OrderScopeOf(PrincipalOf(*exchange));
  services.pool().Post([directory, id = *id, scope = std::move(scope), before, reply = DetailReply(exchange)]() mutable {
    reply(directory->Get(id, scope, before));
  });
}

void FindCustomer(service::Services& services, const ExchangePtr& exchange) {
  if (!services.customers) return FinishWithProblem(exchange, Unavailable());
  core::Result<service::QueryParams> params = ParseQuery(exchange->request.query);
  if (!params) return FinishWithProblem(exchange, params.error());
  std::string q;
  for (const auto& [name, value] : *params) {
    if (name == "q") q = value;
  }
  if (q.empty()) {
    core::Error error = core::MakeError(core::ErrorCode::kInvalidArgument, "q is required: a phone number or an email address");
    error.fields.push_back(core::FieldError{"/q", "required", "a phone number (any format) or an email address"});
    return FinishWithProblem(exchange, error);
  }
  service::CustomerDirectory* directory = services.customers.get();
  store::OrderScope scope = service::OrderScopeOf(PrincipalOf(*exchange));
  services.pool().Post([directory, q = std::move(q), scope = std::move(scope), reply = DetailReply(exchange)]() mutable {
    reply(directory->Find(q, scope));
  });
}

void UnmergeCustomer(service::Services& services, const ExchangePtr& exchange) {
  if (!services.customers) return FinishWithProblem(exchange, Unavailable());
  core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
  if (!id) return FinishWithProblem(exchange, id.error());
  rapidjson::Document body;
  if (core::Status parsed = core::ParseJson(exchange->request.body, body); !parsed) {
    return FinishWithProblem(exchange, parsed.error());
  }
  std::vector<core::FieldError> errors;
  if (!body.IsObject()) errors.push_back(core::FieldError{"", "type", "the body must be a JSON object"});
  std::optional<std::int64_t> merge_id;
  std::string reason;
  if (body.IsObject()) {
    if (body.HasMember("merge_id")) {
      if (body["merge_id"].IsInt64() && body["merge_id"].GetInt64() > 0) {
        merge_id = body["merge_id"].GetInt64();
      } else {
        errors.push_back(core::FieldError{"/merge_id", "type", "a positive integer"});
      }
    }
    if (body.HasMember("reason") && body["reason"].IsString()) reason = body["reason"].GetString();
    if (reason.empty() || reason.size() > 500) {
      errors.push_back(core::FieldError{"/reason", "required", "why the merge is undone, 1..500 characters"});
    }
  }
  if (!errors.empty()) {
    core::Error error = core::MakeError(core::ErrorCode::kInvalidArgument, "the unmerge request is invalid");
    error.fields = std::move(errors);
    return FinishWithProblem(exchange, error);
  }
  service::CustomerDirectory* directory = services.customers.get();
  auto reply = ReplyOnStrand<service::UnmergeOutcome>(exchange, [](Exchange& done, core::Result<service::UnmergeOutcome> outcome) {
    if (!outcome) return ReplyProblem(done, outcome.error());
    core::JsonWriter& writer = done.response.StartJson();
    writer.StartObject();
    core::WriteKey(writer, "merge_id");
    writer.Int64(outcome->merge_id);
    core::WriteKey(writer, "kept");
    writer.Int64(outcome->kept);
    core::WriteKey(writer, "restored");
    writer.Int64(outcome->restored);
    writer.EndObject();
  });
  services.pool().Post([directory, id = *id, merge_id, reason = std::move(reason), actor = ApiActor(*exchange),
                        ip = std::string(exchange->request.client_ip), reply = std::move(reply)]() mutable {
    reply(directory->Unmerge(id, merge_id, reason, actor, ip));
  });
}

}  // namespace

void AddCustomerRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  router.Add({.method = Method::kGet, .pattern = "/api/v1/customers", .permission = "customers.read",
              .operation_id = "findCustomer",
              .summary = "The customer with this phone number (any format) or email address, masked", .tag = "customers",
              .response_schema = "Customer", .query_params = {{"q", "a phone number or an email address (required)"}}},
             [svc](const ExchangePtr& exchange) { FindCustomer(*svc, exchange); });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/customers/{id}", .permission = "customers.read",
              .operation_id = "getCustomer",
              .summary = "One customer across channels: identities (masked), orders, lifetime value, merges",
              .tag = "customers", .response_schema = "Customer",
              .query_params = {{"cursor", "orders_next_cursor of the previous answer"}}},
             [svc](const ExchangePtr& exchange) { GetCustomer(*svc, exchange); });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/customers/{id}/unmerge", .permission = "customers.unmerge",
              .operation_id = "unmergeCustomer",
              .summary = "Undo a merge: both sides are customers of their own again, never merged automatically",
              .tag = "customers", .request_schema = "CustomerUnmerge", .response_schema = "CustomerUnmergeResult"},
             [svc](const ExchangePtr& exchange) { UnmergeCustomer(*svc, exchange); });
}

}  // namespace ordo::api
