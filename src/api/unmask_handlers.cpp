// The approved-unmasking flow: unmask requests, their decisions, and reading an order's
// personal fields in clear under a grant (GET /orders/{id}?clear=…). The rules are in
// service/unmask_admin.hpp and security/unmask.hpp; here only HTTP.
#include <string>

#include "api/handlers.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"
#include "order/order_json.hpp"

namespace ordo::api {
namespace {

constexpr const char* kCollection = "/api/v1/pii/unmask-requests";

void WriteOptionalTime(core::JsonWriter& writer, std::string_view key, const std::optional<core::UnixMillis>& at) {
  core::WriteKey(writer, key);
  if (at) {
    core::WriteString(writer, core::FormatRfc3339(*at));
  } else {
    writer.Null();
  }
}

void WriteUnmaskRequest(core::JsonWriter& writer, const security::UnmaskRequest& request) {
  writer.StartObject();
  core::WriteKey(writer, "id");
  core::WriteString(writer, request.id);
  core::WriteKey(writer, "requester_id");
  core::WriteString(writer, request.requester_id);
  core::WriteKey(writer, "subjects");
  writer.StartArray();
  for (const security::Subject& subject : request.subjects) {
    writer.StartObject();
    core::WriteKey(writer, "kind");
    core::WriteString(writer, security::SubjectKindName(subject.kind));
    core::WriteKey(writer, "id");
    core::WriteString(writer, subject.id);
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "fields");
  writer.StartArray();
  for (const security::PiiField field : request.fields) core::WriteString(writer, security::PiiFieldName(field));
  writer.EndArray();
  core::WriteKey(writer, "purpose");
  core::WriteString(writer, request.purpose);
  core::WriteKey(writer, "status");
  core::WriteString(writer, security::UnmaskStatusName(request.status));
  core::WriteKey(writer, "requested_at");
  core::WriteString(writer, core::FormatRfc3339(request.requested_at));
  core::WriteKey(writer, "grant_minutes");
  writer.Int64(request.grant_millis / 60'000);
  core::WriteKey(writer, "approver_id");
  if (request.approver_id.empty()) {
    writer.Null();
  } else {
    core::WriteString(writer, request.approver_id);
  }
  core::WriteKey(writer, "decision_note");
  core::WriteString(writer, request.decision_note);
  WriteOptionalTime(writer, "decided_at", request.decided_at);
  WriteOptionalTime(writer, "expires_at", request.expires_at);
  writer.EndObject();
}

auto RequestReply(const ExchangePtr& exchange, int status) {
  return ReplyOnStrand<security::UnmaskRequest>(
      exchange, [status](Exchange& done, core::Result<security::UnmaskRequest> request) {
        if (!request) return ReplyProblem(done, request.error());
        done.response.status = status;
        if (status == 201) done.response.AddHeader("Location", std::string(kCollection) + "/" + request->id);
        WriteUnmaskRequest(done.response.StartJson(), *request);
      });
}

void ListRequests(service::Services& services, const ExchangePtr& exchange) {
  core::Result<service::QueryParams> params = ParseQuery(exchange->request.query);
  if (!params) return FinishWithProblem(exchange, params.error());
  core::Result<service::UnmaskListQuery> query = service::BuildUnmaskListQuery(*params);
  if (!query) return FinishWithProblem(exchange, query.error());
  services.unmask.List(
      std::move(query).value(), PrincipalOf(*exchange),
      ReplyOnStrand<service::UnmaskPage>(exchange, [](Exchange& done, core::Result<service::UnmaskPage> page) {
        if (!page) return ReplyProblem(done, page.error());
        core::JsonWriter& writer = done.response.StartJson();
        writer.StartObject();
        core::WriteKey(writer, "items");
        writer.StartArray();
        for (const security::UnmaskRequest& request : page->items) WriteUnmaskRequest(writer, request);
        writer.EndArray();
        core::WriteKey(writer, "next_cursor");
        if (page->next_cursor.empty()) {
          writer.Null();
        } else {
          core::WriteString(writer, page->next_cursor);
        }
        writer.EndObject();
      }));
}

void Decide(service::Services& services, const ExchangePtr& exchange, bool approve) {
  const Request& request = exchange->request;
  std::string id(request.path_params[0]);
  std::string body(request.body);
  security::Principal approver = PrincipalOf(*exchange);
  std::string ip(request.client_ip);
  if (approve) {
    services.unmask.Approve(std::move(id), std::move(body), std::move(approver), std::move(ip), RequestReply(exchange, 200));
  } else {
    services.unmask.Deny(std::move(id), std::move(body), std::move(approver), std::move(ip), RequestReply(exchange, 200));
  }
}

}  // namespace

void GetOrderInClear(service::Services& services, const ExchangePtr& exchange, std::int64_t order_id,
                     std::string_view clear) {
  core::Result<std::vector<security::PiiField>> fields = service::ParseClearFields(clear);
  if (!fields) return FinishWithProblem(exchange, fields.error());
  services.unmask.ReadOrderClear(
      order_id, std::move(fields).value(), PrincipalOf(*exchange), std::string(exchange->request.client_ip),
      ReplyOnStrand<service::ClearOrderView>(exchange, [](Exchange& done, core::Result<service::ClearOrderView> view) {
        if (!view) return ReplyProblem(done, view.error());
        std::string cleared;
        for (const security::FieldVisibility& visibility : view->decision.fields) {
          if (!visibility.clear) continue;
          if (!cleared.empty()) cleared += ",";
          cleared += security::PiiFieldName(visibility.field);
        }
        done.response.AddHeader("ETag", "\"" + std::to_string(view->order.version) + "\"");
        done.response.AddHeader("Ordo-Clear-Fields", cleared);
        // The address was masked field by field by the decision already: what is left in clear
        // is exactly what the grant allows and the audit entry records.
        order::WriteOrder(view->order, done.response.StartJson(), order::PiiView::kClear);
      }));
}

void AddUnmaskRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  const std::string collection = kCollection;
  router.Add({.method = Method::kPost, .pattern = collection, .permission = "pii.unmask.request",
              .operation_id = "createUnmaskRequest",
              .summary = "Ask to see personal fields of orders or customers in clear, for a purpose", .tag = "pii",
              .success_status = 201, .request_schema = "UnmaskRequestInput", .response_schema = "UnmaskRequest"},
             [svc](const ExchangePtr& exchange) {
               svc->unmask.Create(std::string(exchange->request.body), PrincipalOf(*exchange),
                                  std::string(exchange->request.client_ip), RequestReply(exchange, 201));
             });
  router.Add({.method = Method::kGet, .pattern = collection, .permission = "pii.unmask.request",
              .operation_id = "listUnmaskRequests",
              .summary = "Your unmask requests, and for approvers everyone's pending ones; newest first",
              .tag = "pii", .response_schema = "UnmaskRequestPage",
              .query_params = {{"status", "pending, approved, denied or expired (as of now)"},
                               {"cursor", "next_cursor of the previous page"},
                               {"limit", "1..200, default 50"}}},
             [svc](const ExchangePtr& exchange) { ListRequests(*svc, exchange); });
  router.Add({.method = Method::kGet, .pattern = collection + "/{id}", .permission = "pii.unmask.request",
              .operation_id = "getUnmaskRequest", .summary = "One unmask request (yours, or any for an approver)",
              .tag = "pii", .response_schema = "UnmaskRequest", .path_param_type = "string"},
             [svc](const ExchangePtr& exchange) {
               svc->unmask.Get(std::string(exchange->request.path_params[0]), PrincipalOf(*exchange),
                               RequestReply(exchange, 200));
             });
  router.Add({.method = Method::kPost, .pattern = collection + "/{id}:approve", .permission = "pii.unmask.approve",
              .operation_id = "approveUnmaskRequest",
              .summary = "Approve someone else's pending request: a grant until expires_at", .tag = "pii",
              .request_schema = "UnmaskDecision", .response_schema = "UnmaskRequest", .path_param_type = "string"},
             [svc](const ExchangePtr& exchange) { Decide(*svc, exchange, /*approve=*/true); });
  router.Add({.method = Method::kPost, .pattern = collection + "/{id}:deny", .permission = "pii.unmask.approve",
              .operation_id = "denyUnmaskRequest", .summary = "Deny someone else's pending request", .tag = "pii",
              .request_schema = "UnmaskDecision", .response_schema = "UnmaskRequest", .path_param_type = "string"},
             [svc](const ExchangePtr& exchange) { Decide(*svc, exchange, /*approve=*/false); });
}

}  // namespace ordo::api
