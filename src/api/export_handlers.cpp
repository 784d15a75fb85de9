// GET /api/v1/orders/export: the list's filters, as a CSV or XLSX file, masked and audited.
// With ?clear=… the cells a live grant of the caller covers are in clear; the extra permissions
// (orders.export.clear ★, pii.read.clear ★) are checked by the service, which audits refusals.
// The work (paging the store, building the file, the audit row) runs on the service's blocking
// pool (service/order_export.hpp); only the finished file comes back to the connection's strand.
#include <string>

#include "api/handlers.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"
#include "service/order_export.hpp"

namespace ordo::api {
namespace {

// Response::content_type must point at static text.
constexpr std::string_view kContentCsv = "text/csv; charset=utf-8";
constexpr std::string_view kContentXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

void ExportOrders(service::Services& services, const ExchangePtr& exchange) {
  core::Result<service::QueryParams> params = ParseQuery(exchange->request.query);
  if (!params) return FinishWithProblem(exchange, params.error());
  core::Result<service::ExportQuery> query = service::ParseExportQuery(*params);
  if (!query) return FinishWithProblem(exchange, query.error());
  services.exports.Export(
      std::move(query).value(), PrincipalOf(*exchange), std::string(exchange->request.client_ip),
      ReplyOnStrand<service::ExportFile>(exchange, [](Exchange& done, core::Result<service::ExportFile> file) {
        if (!file) return ReplyProblem(done, file.error());
        Response& response = done.response;
        response.status = 200;
        response.content_type = file->format == service::ExportFormat::kXlsx ? kContentXlsx : kContentCsv;
        response.AddHeader("Content-Disposition", "attachment; filename=\"" + file->filename + "\"");
        response.AddHeader("Ordo-Export-Rows", std::to_string(file->rows));
        if (file->clear_rows) response.AddHeader("Ordo-Export-Clear-Rows", std::to_string(*file->clear_rows));
        response.SetText(file->body);
      }));
}

}  // namespace

void AddExportRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  router.Add({.method = Method::kGet, .pattern = "/api/v1/orders/export", .permission = "orders.export",
              .operation_id = "exportOrders",
              .summary = "Orders as a CSV or XLSX file (personal data masked, or clear under your grants with "
                         "?clear=; at most " +
                         std::to_string(service::kDefaultMaxExportRows) + " rows; audited)",
              .tag = "orders", .response_content_type = std::string(kContentCsv),
              .query_params = {{"format", "csv (default) or xlsx"},
                               {"status", "unified status, e.g. paid"},
                               {"channel", "channel name, e.g. tmall"},
                               {"province", "shipping province"},
                               {"created_from", "RFC 3339, inclusive"},
                               {"created_to", "RFC 3339, exclusive"},
                               {"q", "exact external_id or customer_ref"},
                               {"clear", "name,phone,street to show in clear: needs orders.export.clear and "
                                         "pii.read.clear with a fresh TOTP step-up; only the orders your approved "
                                         "unmask grants cover are in clear, the rest stay masked"}},
              .rate_class = RateClass::kExport},
             [svc](const ExchangePtr& exchange) { ExportOrders(*svc, exchange); });
}

}  // namespace ordo::api
