#pragma once
// Registration of the endpoint groups on a Router. Each handler file owns one group.
#include <memory>
#include <string>

#include "api/metrics.hpp"
#include "api/router.hpp"
#include "service/services.hpp"

namespace ordo::api {

// POST /orders, POST /orders:batch, GET /orders, GET /orders/{id}, POST /orders/{id}/transitions,
// GET /orders/{id}/timeline. `services` outlives the router.
void AddOrderRoutes(Router& router, service::Services& services);
void AddOrderSummaryRoutes(Router& router, service::Services& services);
// GET /orders/export (CSV / XLSX, masked, audited).
void AddExportRoutes(Router& router, service::Services& services);
// /webhooks, /webhooks/{id}, /webhooks/deliveries, /webhooks/deliveries/{id}/replay.
void AddWebhookRoutes(Router& router, service::Services& services);
// /healthz, /readyz, /metrics, /api/v1/openapi.json. `metrics` is read through the pointer
// at request time (it is built after the router); `openapi_json` is filled once all routes exist.
void AddOpsRoutes(Router& router, service::Services& services, const std::unique_ptr<HttpMetrics>& metrics,
                  std::shared_ptr<const std::string> openapi_json);
// /auth/login (public), /auth/logout, /auth/step-up, /me, /me/totp/… (any signed-in caller).
void AddAuthRoutes(Router& router, service::Services& services);
// /users, /users/{id}, /api-keys, /api-keys/{id}, /audit.
void AddAccessRoutes(Router& router, service::Services& services);
// /pii/unmask-requests, /pii/unmask-requests/{id}, …/{id}:approve, …/{id}:deny.
void AddUnmaskRoutes(Router& router, service::Services& services);
// customer_handlers.cpp: the single customer view.
void AddCustomerRoutes(Router& router, service::Services& services);
// GET /orders/{id}?clear=phone,name: the order with those fields in clear under the caller's own
// unmask grant and a fresh step-up, audited (unmask_handlers.cpp). `clear` is the decoded value.
void GetOrderInClear(service::Services& services, const ExchangePtr& exchange, std::int64_t order_id,
                     std::string_view clear);
// /roles (GET: users.manage; POST), /roles/{name} (PUT, DELETE): roles.manage.
void AddRoleRoutes(Router& router, service::Services& services);
// GET /quality/rules (dashboards.read), PUT /quality/rules (quality.manage): the entry rules.
void AddQualityRuleRoutes(Router& router, service::Services& services);
// /quality/summary (dashboards.read), /quality/issues (orders.read, scoped), /quality/tickets,
// /quality/tickets/{id}, /quality/runs, /quality/runs/{id} (quality.manage).
void AddQualityMetricsRoutes(Router& router, service::Services& services);
// /channel-connections, /channel-connections/{id} (channels.manage; the secret is write-only).
void AddChannelConnectionRoutes(Router& router, service::Services& services);
// POST /channels/shopify/orders and /channels/woocommerce/orders (public: the webhook signature
// authenticates), POST /channels/{channel}/orders (orders.write) for the unsigned channels.
void AddChannelOrderRoutes(Router& router, service::Services& services);
// /locations, /locations/{id}, /locations/{id}/status, /carrier-rates, /stock, /stock/upload,
// /stock/ledger, /stock/check (inventory_handlers.cpp).
void AddInventoryRoutes(Router& router, service::Services& services);
// Business rule sets: facts, versions, diff, publish, rollback (rule_set_handlers.cpp).
void AddRuleSetRoutes(Router& router, service::Services& services);
// /orders/{id}/sourcing, /sourcing/preview, /sourcing/rebalance, /orders/{id}/cancel-lines
// (sourcing_handlers.cpp).
void AddSourcingRoutes(Router& router, service::Services& services);
void AddRuleRuntimeRoutes(Router& router, service::Services& services);
// /carriers/sla (carrier_sla_handlers.cpp).
void AddCarrierSlaRoutes(Router& router, service::Services& services);
// POST /api/v1/rulesets/{id}/simulate (issue 7): the simulation sandbox.
void AddRuleSimulationRoutes(Router& router, service::Services& services);
// Files of `root` for GET requests outside /api/ (the console); "" serves nothing.
void SetStaticFallback(Router& router, std::string root);

}  // namespace ordo::api
