#include "api/api_server.hpp"

#include "api/auth_guard.hpp"
#include "api/handlers.hpp"
#include "api/openapi.hpp"

namespace ordo::api {

void AddAllRoutes(Router& router, service::Services& services, const std::unique_ptr<HttpMetrics>& metrics,
                  const std::string& static_dir, const std::string& version, RequestRateLimiter* limiter) {
  // The document describes the table it is part of, so it is filled in after the last Add.
  auto openapi_json = std::make_shared<std::string>();
  router.SetGuard(MakeAuthGuard(services, limiter));
  if (limiter) {
    router.SetPublicAdmission(
        [limiter](const ExchangePtr& exchange, const RouteSpec* spec) { return limiter->AdmitOrReply(exchange, spec); });
  }
  AddOpsRoutes(router, services, metrics, openapi_json);
  AddAuthRoutes(router, services);
  AddExportRoutes(router, services);
  AddOrderRoutes(router, services);
  AddOrderSummaryRoutes(router, services);
  AddWebhookRoutes(router, services);
  AddAccessRoutes(router, services);
  AddUnmaskRoutes(router, services);
  AddCustomerRoutes(router, services);
  AddRoleRoutes(router, services);
  AddQualityRuleRoutes(router, services);
  AddQualityMetricsRoutes(router, services);
  AddChannelConnectionRoutes(router, services);
  AddInventoryRoutes(router, services);
  AddRuleSetRoutes(router, services);
  AddSourcingRoutes(router, services);
  AddRuleRuntimeRoutes(router, services);
  AddCarrierSlaRoutes(router, services);
  AddRuleSimulationRoutes(router, services);
  AddChannelOrderRoutes(router, services);
  SetStaticFallback(router, static_dir);
  *openapi_json = BuildOpenApiDocument(router, version);
}

core::Result<std::unique_ptr<ApiServer>> ApiServer::Listen(service::Services& services,
                                                           const ApiServerOptions& options) {
  auto api = std::make_unique<ApiServer>();
  api->limiter_ = std::make_unique<RequestRateLimiter>(options.rate_limit, services.clock());
  AddAllRoutes(api->router_, services, api->metrics_, options.static_dir, options.version, api->limiter_.get());
  api->metrics_ = std::make_unique<HttpMetrics>(api->router_.MetricLabels());
  core::Result<std::unique_ptr<HttpServer>> server = HttpServer::Listen(options.http, api->router_, *api->metrics_);
  if (!server) return std::move(server).error();
  api->server_ = std::move(server).value();
  return api;
}

}  // namespace ordo::api
