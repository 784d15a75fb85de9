// GET /api/v1/orders/summary: the counts and totals behind dashboards, for the caller's scope.
// It takes the list's filters, so "the region manager's numbers" and "the admin's numbers
// filtered to that region" are the same query; the scope is applied in the store's SQL.
#include <string>

#include "api/handlers.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"
#include "service/identity.hpp"

namespace ordo::api {
namespace {

void WriteCounts(core::JsonWriter& writer, std::string_view key, const std::vector<store::OrderCount>& counts) {
  core::WriteKey(writer, key);
  writer.StartArray();
  for (const store::OrderCount& count : counts) {
    writer.StartObject();
    core::WriteKey(writer, "key");
    core::WriteString(writer, count.key);
    core::WriteKey(writer, "orders");
    writer.Int64(count.orders);
    writer.EndObject();
  }
  writer.EndArray();
}

void WriteSummary(core::JsonWriter& writer, const store::OrderSummary& summary) {
  writer.StartObject();
  core::WriteKey(writer, "orders");
  writer.Int64(summary.orders);
  WriteCounts(writer, "by_status", summary.by_status);
  WriteCounts(writer, "by_channel", summary.by_channel);
  WriteCounts(writer, "by_province", summary.by_province);
  core::WriteKey(writer, "totals");
  writer.StartArray();
  for (const store::CurrencyTotal& total : summary.totals) {
    writer.StartObject();
    core::WriteKey(writer, "currency");
    core::WriteString(writer, total.currency);
    core::WriteKey(writer, "orders");
    writer.Int64(total.orders);
    core::WriteKey(writer, "grand_total");
    writer.Int64(total.grand_total);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

void SummarizeOrders(service::Services& services, const ExchangePtr& exchange) {
  core::Result<service::QueryParams> params = ParseQuery(exchange->request.query);
  if (!params) return FinishWithProblem(exchange, params.error());
  for (const auto& [name, value] : *params) {
    if (name == "cursor" || name == "limit") {
      return FinishWithProblem(exchange, core::Error{core::ErrorCode::kMalformed, "a summary is not paginated",
                                                     {{name, "unknown_parameter", "not accepted by the summary"}}});
    }
  }
  core::Result<store::OrderFilter> filter = service::BuildOrderFilter(*params);
  if (!filter) return FinishWithProblem(exchange, filter.error());
  filter->scope = service::OrderScopeOf(PrincipalOf(*exchange));
  services.queries.Summarize(
      std::move(filter).value(),
      ReplyOnStrand<store::OrderSummary>(exchange, [](Exchange& done, core::Result<store::OrderSummary> summary) {
        if (!summary) return ReplyProblem(done, summary.error());
        WriteSummary(done.response.StartJson(), *summary);
      }));
}

}  // namespace

void AddOrderSummaryRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  router.Add({.method = Method::kGet, .pattern = "/api/v1/orders/summary", .permission = "dashboards.read",
              .operation_id = "summarizeOrders",
              .summary = "Order counts by status, channel and province, and totals by currency, within the caller's scope",
              .tag = "orders", .response_schema = "OrderSummary",
              .query_params = {{"status", "unified status, e.g. paid"},
                               {"channel", "channel name, e.g. tmall"},
                               {"province", "shipping province"},
                               {"created_from", "RFC 3339, inclusive"},
                               {"created_to", "RFC 3339, exclusive"},
                               {"q", "exact external_id or customer_ref"}}},
             [svc](const ExchangePtr& exchange) { SummarizeOrders(*svc, exchange); });
}

}  // namespace ordo::api
