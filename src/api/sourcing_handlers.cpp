// Sourcing (issue 6): GET /orders/{id}/sourcing (the decision and its reservations),
// POST /sourcing/preview (what would happen to an order now; nothing written),
// POST /orders/{id}/cancel-lines (partial cancel: releases only those lines' stock).
#include <string>

#include "api/handlers.hpp"
#include "api/reply.hpp"
#include "order/order_json.hpp"
#include "service/identity.hpp"
#include "service/inventory_json.hpp"

namespace ordo::api {
void AddSourcingRoutes(Router& router, service::Services& services) {
  service::InventoryAdmin* inventory = &services.inventory;
  router.Add({.method = Method::kGet, .pattern = "/api/v1/orders/{id}/sourcing", .permission = "orders.read",
              .operation_id = "getOrderSourcing",
              .summary = "Where the order ships from and why: the chosen plan with its cost, the runner-ups, "
                         "every excluded location with its reason, and its reservations",
              .tag = "sourcing", .response_schema = "OrderSourcing"},
             [inventory](const ExchangePtr& exchange) {
               core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
               if (!id) return FinishWithProblem(exchange, id.error());
               inventory->Explain(*id, service::OrderScopeOf(PrincipalOf(*exchange)),
                                  ReplyOnStrand<store::SourcingRecord>(
                                      exchange, [](Exchange& done, core::Result<store::SourcingRecord> record) {
                                        if (!record) return ReplyProblem(done, record.error());
                                        service::WriteSourcingRecord(done.response.StartJson(), *record);
                                      }));
             });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/sourcing/preview", .permission = "orders.read",
              .operation_id = "previewSourcing",
              .summary = "What sourcing would decide for an order now (a canonical order, or order_id); nothing written",
              .tag = "sourcing", .request_schema = "SourcingPreviewInput", .response_schema = "SourcingDecision"},
             [inventory](const ExchangePtr& exchange) {
               core::Status started = inventory->Preview(
                   exchange->request.body, service::OrderScopeOf(PrincipalOf(*exchange)),
                   ReplyOnStrand<std::string>(exchange, [](Exchange& done, core::Result<std::string> decision) {
                     if (!decision) return ReplyProblem(done, decision.error());
                     core::JsonWriter& writer = done.response.StartJson();
                     writer.RawValue(decision->data(), decision->size(), rapidjson::kObjectType);
                   }));
               if (!started) FinishWithProblem(exchange, started.error());
             });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/sourcing/rebalance", .permission = "stock.write",
              .operation_id = "rebalanceSourcing",
              .summary = "Batch re-allocation of the orders waiting for stock (GLPK MIP maximising filled orders "
                         "weighted by priority and promise date) against first come, first served; apply to reserve",
              .tag = "sourcing", .request_schema = "RebalanceInput", .response_schema = "RebalanceReport"},
             [inventory](const ExchangePtr& exchange) {
               core::Status started = inventory->Rebalance(
                   exchange->request.body, PrincipalOf(*exchange), std::string(exchange->request.client_ip),
                   ReplyOnStrand<service::RebalanceReport>(exchange, [](Exchange& done, core::Result<service::RebalanceReport> report) {
                     if (!report) return ReplyProblem(done, report.error());
                     service::WriteRebalanceReport(done.response.StartJson(), *report);
                   }));
               if (!started) FinishWithProblem(exchange, started.error());
             });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/orders/{id}/cancel-lines", .permission = "orders.transition",
              .operation_id = "cancelOrderLines",
              .summary = "Cancel some lines of an order: their reserved stock is released; the order is cancelled "
                         "when no line is left",
              .tag = "sourcing", .request_schema = "CancelLinesInput", .response_schema = "Order"},
             [inventory](const ExchangePtr& exchange) {
               core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
               if (!id) return FinishWithProblem(exchange, id.error());
               core::Status started = inventory->CancelLines(
                   *id, exchange->request.body, ApiActor(*exchange), service::OrderScopeOf(PrincipalOf(*exchange)),
                   ReplyOnStrand<store::AllocateOutcome>(exchange, [](Exchange& done, core::Result<store::AllocateOutcome> outcome) {
                     if (!outcome) return ReplyProblem(done, outcome.error());
                     done.response.AddHeader("ETag", "\"" + std::to_string(outcome->order.version) + "\"");
                     order::WriteOrder(outcome->order, done.response.StartJson(), order::PiiView::kMasked);
                   }));
               if (!started) FinishWithProblem(exchange, started.error());
             });
}

}  // namespace ordo::api
