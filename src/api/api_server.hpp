#pragma once
// The whole HTTP API over the service layer: route table, handlers, metrics, OpenAPI, optional
// static files, served by HttpServer. What `ordo serve` starts.
//
// Lifetime: `services` (and the store under it) must outlive the ApiServer's Run(); after a
// forced shutdown, store callbacks may still post to the server's io_context, so destroy the
// store before the ApiServer.
#include <cstdint>
#include <memory>
#include <string>

#include "api/http_server.hpp"
#include "api/metrics.hpp"
#include "api/rate_limit.hpp"
#include "api/router.hpp"
#include "core/result.hpp"
#include "service/services.hpp"

namespace ordo::api {

struct ApiServerOptions {
  HttpServerOptions http;
  std::string static_dir;  // "" = no static files
  std::string version = "0.1.0";
  RateLimitOptions rate_limit{};
};

class ApiServer {
 public:
  // Builds the routes and binds. kUnavailable when the address cannot be bound.
  static core::Result<std::unique_ptr<ApiServer>> Listen(service::Services& services, const ApiServerOptions& options);

  std::uint16_t port() const { return server_->port(); }
  void Run() { server_->Run(); }   // until SIGTERM/SIGINT or Stop(); drains before returning
  void Stop() { server_->Stop(); }
  const Router& router() const { return router_; }

 private:
  // Before the router: the guard and the router's admission point at it.
  std::unique_ptr<RequestRateLimiter> limiter_;
  Router router_;
  std::unique_ptr<HttpMetrics> metrics_;
  std::unique_ptr<HttpServer> server_;
};

// The route table alone (tests, the OpenAPI check): every route and its handler over `services`.
// `metrics` is read at request time and may be filled after this returns. `limiter` (nullptr:
// no rate limits) outlives the router.
void AddAllRoutes(Router& router, service::Services& services, const std::unique_ptr<HttpMetrics>& metrics,
                  const std::string& static_dir, const std::string& version, RequestRateLimiter* limiter = nullptr);

}  // namespace ordo::api
