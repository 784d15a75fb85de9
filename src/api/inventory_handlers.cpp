// Inventory (issue 6): /locations, /locations/{id}, /locations/{id}/status (failover),
// /carrier-rates, /stock (GET, PUT absolute, PATCH delta), /stock/upload (CSV), /stock/ledger,
// /stock/check. Bodies are parsed and written by service/inventory_json.hpp.
#include <string>

#include "api/handlers.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"
#include "service/inventory_json.hpp"

namespace ordo::api {
namespace {

using service::InventoryAdmin;

template <class T, class WriteBody>
auto JsonReply(const ExchangePtr& exchange, int status, WriteBody write_body) {
  return ReplyOnStrand<T>(exchange, [status, write_body](Exchange& done, core::Result<T> result) {
    if (!result) return ReplyProblem(done, result.error());
    done.response.status = status;
    write_body(done, done.response.StartJson(), *result);
  });
}

auto LocationReply(const ExchangePtr& exchange, int status) {
  return JsonReply<store::LocationRecord>(exchange, status, [status](Exchange& done, core::JsonWriter& writer,
                                                                     const store::LocationRecord& location) {
    if (status == 201) done.response.AddHeader("Location", "/api/v1/locations/" + location.id);
    done.response.AddHeader("ETag", "\"" + std::to_string(location.version) + "\"");
    service::WriteLocation(writer, location);
  });
}

void WriteFailover(core::JsonWriter& writer, const service::FailoverReport& report) {
  writer.StartObject();
  core::WriteKey(writer, "location");
  service::WriteLocation(writer, report.location);
  core::WriteKey(writer, "failover");
  writer.StartObject();
  const std::pair<const char*, std::int64_t> counts[] = {{"orders_considered", report.orders_considered},
                                                         {"reallocated", report.reallocated},
                                                         {"to_backup", report.to_backup},
                                                         {"waiting", report.waiting},
                                                         {"skipped", report.skipped},
                                                         {"failed", report.failed}};
  for (const auto& [name, value] : counts) {
    core::WriteKey(writer, name);
    writer.Int64(value);
  }
  core::WriteKey(writer, "moved_to");
  writer.StartObject();
  for (const auto& [location, orders] : report.moved_to) {
    core::WriteKey(writer, location);
    writer.Int64(orders);
  }
  writer.EndObject();
  core::WriteKey(writer, "failed_orders");
  writer.StartArray();
  for (std::int64_t id : report.failed_orders) writer.Int64(id);
  writer.EndArray();
  core::WriteKey(writer, "elapsed_ms");
  writer.Double(report.elapsed_ms);
  writer.EndObject();
  writer.EndObject();
}

void WriteStockOutcome(core::JsonWriter& writer, const store::StockChangeOutcome& outcome) {
  writer.StartObject();
  core::WriteKey(writer, "replayed");
  writer.Bool(outcome.replayed);
  core::WriteKey(writer, "rows");
  writer.StartArray();
  for (const store::StockRecord& row : outcome.rows) service::WriteStockRecord(writer, row);
  writer.EndArray();
  core::WriteKey(writer, "ledger");
  writer.StartArray();
  for (const store::StockLedgerRow& row : outcome.entries) service::WriteStockLedgerRow(writer, row);
  writer.EndArray();
  writer.EndObject();
}

auto StockOutcomeReply(const ExchangePtr& exchange) {
  return JsonReply<store::StockChangeOutcome>(
      exchange, 200, [](Exchange&, core::JsonWriter& writer, const store::StockChangeOutcome& outcome) {
        WriteStockOutcome(writer, outcome);
      });
}

core::Result<service::QueryParams> QueryOf(const ExchangePtr& exchange) { return ParseQuery(exchange->request.query); }

std::optional<std::int64_t> IfMatchVersion(std::string_view if_match, bool& malformed) {
  return service::ParseIfMatch(if_match, malformed);
}

}  // namespace

void AddInventoryRoutes(Router& router, service::Services& services) {
  InventoryAdmin* inventory = &services.inventory;
  router.Add({.method = Method::kPost, .pattern = "/api/v1/locations", .permission = "locations.write",
              .operation_id = "createLocation", .summary = "Add a warehouse, store or dark store (audited)",
              .tag = "inventory", .success_status = 201, .request_schema = "LocationInput", .response_schema = "Location"},
             [inventory](const ExchangePtr& exchange) {
               core::Status started = inventory->CreateLocation(exchange->request.body, PrincipalOf(*exchange),
                                                                std::string(exchange->request.client_ip),
                                                                LocationReply(exchange, 201));
               if (!started) FinishWithProblem(exchange, started.error());
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/locations", .permission = "stock.read",
              .operation_id = "listLocations", .summary = "Every location with its status, capacity and backup",
              .tag = "inventory", .response_schema = "LocationList"},
             [inventory](const ExchangePtr& exchange) {
               inventory->ListLocations(JsonReply<std::vector<store::LocationRecord>>(
                   exchange, 200, [](Exchange&, core::JsonWriter& writer, const std::vector<store::LocationRecord>& all) {
                     writer.StartObject();
                     core::WriteKey(writer, "items");
                     writer.StartArray();
                     for (const store::LocationRecord& location : all) service::WriteLocation(writer, location);
                     writer.EndArray();
                     writer.EndObject();
                   }));
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/locations/{id}", .permission = "stock.read",
              .operation_id = "getLocation", .summary = "One location", .tag = "inventory",
              .response_schema = "Location", .path_param_type = "string"},
             [inventory](const ExchangePtr& exchange) {
               inventory->GetLocation(std::string(exchange->request.path_params[0]), LocationReply(exchange, 200));
             });
  router.Add({.method = Method::kPut, .pattern = "/api/v1/locations/{id}", .permission = "locations.write",
              .operation_id = "updateLocation",
              .summary = "Replace a location's settings (not its status; If-Match its version; audited)",
              .tag = "inventory", .request_schema = "LocationInput", .response_schema = "Location",
              .headers = {"If-Match"}, .path_param_type = "string"},
             [inventory](const ExchangePtr& exchange) {
               bool malformed = false;
               const auto version = IfMatchVersion(exchange->request.if_match, malformed);
               if (malformed) {
                 return FinishWithProblem(exchange, core::MakeError(core::ErrorCode::kMalformed,
                                                                    "If-Match is not a version"));
               }
               core::Status started = inventory->UpdateLocation(
                   std::string(exchange->request.path_params[0]), exchange->request.body, version,
                   PrincipalOf(*exchange), std::string(exchange->request.client_ip), LocationReply(exchange, 200));
               if (!started) FinishWithProblem(exchange, started.error());
             });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/locations/{id}/status", .permission = "locations.write",
              .operation_id = "setLocationStatus",
              .summary = "Open, degrade or close a location; closing re-sources every order reserved there "
                         "(backup first) and reports what moved (audited)",
              .tag = "inventory", .request_schema = "LocationStatusInput", .response_schema = "FailoverResult",
              .path_param_type = "string"},
             [inventory](const ExchangePtr& exchange) {
               core::Status started = inventory->SetLocationStatus(
                   std::string(exchange->request.path_params[0]), exchange->request.body, PrincipalOf(*exchange),
                   std::string(exchange->request.client_ip),
                   JsonReply<service::FailoverReport>(exchange, 200,
                                                      [](Exchange&, core::JsonWriter& writer,
                                                         const service::FailoverReport& report) { WriteFailover(writer, report); }));
               if (!started) FinishWithProblem(exchange, started.error());
             });

  auto rates_reply = [](const ExchangePtr& exchange) {
    return JsonReply<store::CarrierTableRecord>(exchange, 200, [](Exchange&, core::JsonWriter& writer,
                                                                  const store::CarrierTableRecord& table) {
      service::WriteCarrierRates(writer, table);
    });
  };
  router.Add({.method = Method::kGet, .pattern = "/api/v1/carrier-rates", .permission = "stock.read",
              .operation_id = "getCarrierRates",
              .summary = "The carrier table: transit days and cost per origin, destination and weight band",
              .tag = "inventory", .response_schema = "CarrierRates"},
             [inventory, rates_reply](const ExchangePtr& exchange) { inventory->GetCarrierRates(rates_reply(exchange)); });
  router.Add({.method = Method::kPut, .pattern = "/api/v1/carrier-rates", .permission = "locations.write",
              .operation_id = "replaceCarrierRates", .summary = "Replace the carrier table (versioned; audited)",
              .tag = "inventory", .request_schema = "CarrierRates", .response_schema = "CarrierRates"},
             [inventory, rates_reply](const ExchangePtr& exchange) {
               core::Status started = inventory->ReplaceCarrierRates(exchange->request.body, PrincipalOf(*exchange),
                                                                     std::string(exchange->request.client_ip),
                                                                     rates_reply(exchange));
               if (!started) FinishWithProblem(exchange, started.error());
             });

  router.Add({.method = Method::kGet, .pattern = "/api/v1/stock", .permission = "stock.read",
              .operation_id = "listStock", .summary = "Stock per (sku, location): on hand, reserved, safety, available",
              .tag = "inventory", .response_schema = "StockList",
              .query_params = {{"sku", "one SKU"}, {"location_id", "one location"},
                               {"after", "cursor <sku>|<location_id> from next_cursor"}, {"limit", "1..1000"}}},
             [inventory](const ExchangePtr& exchange) {
               auto params = QueryOf(exchange);
               if (!params) return FinishWithProblem(exchange, params.error());
               auto filter = service::BuildStockFilter(*params);
               if (!filter) return FinishWithProblem(exchange, filter.error());
               const int limit = filter->limit;
               inventory->ListStock(*filter, JsonReply<std::vector<store::StockRecord>>(
                   exchange, 200, [limit](Exchange&, core::JsonWriter& writer, const std::vector<store::StockRecord>& rows) {
                     writer.StartObject();
                     core::WriteKey(writer, "items");
                     writer.StartArray();
                     for (const store::StockRecord& row : rows) service::WriteStockRecord(writer, row);
                     writer.EndArray();
                     core::WriteKey(writer, "next_cursor");
                     if (static_cast<int>(rows.size()) == limit && !rows.empty()) {
                       core::WriteString(writer, rows.back().sku + "|" + rows.back().location_id);
                     } else {
                       writer.Null();
                     }
                     writer.EndObject();
                   }));
             });
  router.Add({.method = Method::kPut, .pattern = "/api/v1/stock", .permission = "stock.write",
              .operation_id = "setStock",
              .summary = "Absolute stock counts (on hand, safety stock), all or nothing, idempotent by key; ledgered",
              .tag = "inventory", .request_schema = "StockChanges", .response_schema = "StockChangeOutcome",
              .headers = {"Idempotency-Key"}},
             [inventory](const ExchangePtr& exchange) {
               core::Status started = inventory->ChangeStock(exchange->request.body, service::StockChangeMode::kAbsolute,
                                                             exchange->request.idempotency_key, PrincipalOf(*exchange),
                                                             StockOutcomeReply(exchange));
               if (!started) FinishWithProblem(exchange, started.error());
             });
  router.Add({.method = Method::kPatch, .pattern = "/api/v1/stock", .permission = "stock.write",
              .operation_id = "adjustStock",
              .summary = "Stock deltas (receipts, shrinkage), all or nothing, idempotent by key; ledgered",
              .tag = "inventory", .request_schema = "StockChanges", .response_schema = "StockChangeOutcome",
              .headers = {"Idempotency-Key"}},
             [inventory](const ExchangePtr& exchange) {
               core::Status started = inventory->ChangeStock(exchange->request.body, service::StockChangeMode::kDelta,
                                                             exchange->request.idempotency_key, PrincipalOf(*exchange),
                                                             StockOutcomeReply(exchange));
               if (!started) FinishWithProblem(exchange, started.error());
             });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/stock/upload", .permission = "stock.write",
              .operation_id = "uploadStockCsv",
              .summary = "Absolute counts from a CSV file (sku, location, on hand[, safety]; Chinese headers "
                         "accepted), all or nothing, idempotent by key",
              .tag = "inventory", .response_schema = "StockChangeOutcome", .headers = {"Idempotency-Key"}},
             [inventory](const ExchangePtr& exchange) {
               core::Status started = inventory->UploadStockCsv(exchange->request.body, exchange->request.idempotency_key,
                                                                PrincipalOf(*exchange), StockOutcomeReply(exchange));
               if (!started) FinishWithProblem(exchange, started.error());
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/stock/ledger", .permission = "stock.read",
              .operation_id = "listStockLedger", .summary = "Every stock movement with its cause, oldest first",
              .tag = "inventory", .response_schema = "StockLedger",
              .query_params = {{"sku", "one SKU"}, {"location_id", "one location"}, {"order_id", "one order's movements"},
                               {"after", "ledger seq to continue after"}, {"limit", "1..1000"}}},
             [inventory](const ExchangePtr& exchange) {
               auto params = QueryOf(exchange);
               if (!params) return FinishWithProblem(exchange, params.error());
               auto filter = service::BuildStockLedgerFilter(*params);
               if (!filter) return FinishWithProblem(exchange, filter.error());
               inventory->ListLedger(*filter, JsonReply<std::vector<store::StockLedgerRow>>(
                   exchange, 200, [](Exchange&, core::JsonWriter& writer, const std::vector<store::StockLedgerRow>& rows) {
                     writer.StartObject();
                     core::WriteKey(writer, "items");
                     writer.StartArray();
                     for (const store::StockLedgerRow& row : rows) service::WriteStockLedgerRow(writer, row);
                     writer.EndArray();
                     core::WriteKey(writer, "next_cursor");
                     if (rows.empty()) {
                       writer.Null();
                     } else {
                       writer.Int64(rows.back().seq);
                     }
                     writer.EndObject();
                   }));
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/stock/check", .permission = "stock.read",
              .operation_id = "checkStockLedger",
              .summary = "The ledger summed against the stock table and the orders' live reservations",
              .tag = "inventory", .response_schema = "LedgerCheck"},
             [inventory](const ExchangePtr& exchange) {
               inventory->CheckLedger(JsonReply<store::LedgerCheck>(
                   exchange, 200, [](Exchange&, core::JsonWriter& writer, const store::LedgerCheck& check) {
                     writer.StartObject();
                     core::WriteKey(writer, "rows_checked");
                     writer.Int64(check.rows_checked);
                     core::WriteKey(writer, "mismatches");
                     writer.StartArray();
                     for (const std::string& mismatch : check.mismatches) core::WriteString(writer, mismatch);
                     writer.EndArray();
                     writer.EndObject();
                   }));
             });
}

}  // namespace ordo::api
