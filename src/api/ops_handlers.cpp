// Operations endpoints: liveness, readiness, Prometheus metrics, the OpenAPI document.
#include <string>

#include "api/handlers.hpp"
#include "api/reply.hpp"
#include "core/assert.hpp"

namespace ordo::api {
namespace {

constexpr std::string_view kContentPrometheus = "text/plain; version=0.0.4; charset=utf-8";

void WriteStatusBody(Response& response, std::string_view status) {
  core::JsonWriter& writer = response.StartJson();
  writer.StartObject();
  core::WriteKey(writer, "status");
  core::WriteString(writer, status);
  writer.EndObject();
}

}  // namespace

void AddOpsRoutes(Router& router, service::Services& services, const std::unique_ptr<HttpMetrics>& metrics,
                  std::shared_ptr<const std::string> openapi_json) {
  service::Services* svc = &services;
  const std::unique_ptr<HttpMetrics>* metrics_slot = &metrics;
  router.Add({.method = Method::kGet, .pattern = "/healthz", .access = Access::kPublic, .operation_id = "healthz",
              .summary = "Liveness: 200 while the process runs", .tag = "ops", .response_schema = "Status"},
             [](const ExchangePtr& exchange) {
               WriteStatusBody(exchange->response, "ok");
               exchange->Finish();
             });
  router.Add({.method = Method::kGet, .pattern = "/readyz", .access = Access::kPublic, .operation_id = "readyz",
              .summary = "Readiness: 200 when the database answers, else 503", .tag = "ops",
              .response_schema = "Status"},
             [svc](const ExchangePtr& exchange) {
               auto reply = ReplyOnStrand<bool>(exchange, [](Exchange& done, core::Result<bool> ready) {
                 if (!ready) return ReplyProblem(done, ready.error());
                 WriteStatusBody(done.response, "ready");
               });
               svc->health.CheckReady([reply = std::move(reply)](core::Status status) mutable {
                 if (!status) {
                   return reply(core::MakeError(core::ErrorCode::kUnavailable, "the database does not answer"));
                 }
                 reply(true);
               });
             });
  router.Add({.method = Method::kGet, .pattern = "/metrics", .permission = "ops.read", .operation_id = "metrics",
              .summary = "Prometheus text format", .tag = "ops",
              .response_content_type = std::string(kContentPrometheus)},
             [svc, metrics_slot](const ExchangePtr& exchange) {
               std::string text;
               text.reserve(16 * 1024);
               (*metrics_slot)->WritePrometheus(text, svc->health.Stats(), core::BugCount());
               exchange->response.content_type = kContentPrometheus;
               exchange->response.SetText(text);
               exchange->Finish();
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/openapi.json", .access = Access::kPublic, .operation_id = "openapi",
              .summary = "This document", .tag = "ops"},
             [openapi_json = std::move(openapi_json)](const ExchangePtr& exchange) {
               exchange->response.SetText(*openapi_json);
               exchange->Finish();
             });
}

}  // namespace ordo::api
