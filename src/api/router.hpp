#pragma once
// The route table: every endpoint declares its method, path pattern, the permission it will
// need (enforced by the Guard before its handler runs), its documentation, and its handler. The
// OpenAPI document and the metrics labels are generated from this table.
//
//   router.Add({.method = Method::kGet, .pattern = "/api/v1/orders/{id}", .permission = "orders.read",
//               .operation_id = "getOrder", .summary = "One order", .success_status = 200,
//               .response_schema = "Order"}, handler);
//   GET /api/v1/orders/42  → handler with request.path_params[0] == "42"
//   A capture may end in a literal suffix (custom methods): "/api/v1/pii/unmask-requests/{id}:approve"
//   matches POST …/unmask-requests/umr_x:approve with path_params[0] == "umr_x".
//   PUT /api/v1/orders/42  → 405 problem, Allow: GET
//   GET /api/v1/nothing    → 404 problem (or the fallback, e.g. static files, for non-API GETs)
//
// Thread-safety: build it on one thread, then Dispatch from any number of threads.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "api/http_types.hpp"

namespace ordo::api {

using Handler = std::function<void(const ExchangePtr&)>;
struct RouteSpec;
// Runs before every non-public route's handler: authenticates and authorizes, then calls
// `handler` (once, on the exchange's strand) or finishes the exchange with a problem. The
// spec and handler references stay valid as long as the Router.
using Guard = std::function<void(const ExchangePtr&, const RouteSpec&, const Handler&)>;

// Who may call a route. Every route says so explicitly: kPermission routes name a catalog
// permission (checked with security::Authorize), kAuthenticated routes need any valid
// credential (the caller's own account: /me, logout), kPublic routes need none.
enum class Access : std::uint8_t { kPermission, kAuthenticated, kPublic };

// Which request-rate bucket a route draws from (api/rate_limit.hpp): every route takes from the
// caller's general bucket; kExport routes also from the stricter export bucket.
enum class RateClass : std::uint8_t { kGeneral, kExport };

struct QueryParamDoc {
  std::string name;
  std::string description;
};

struct RouteSpec {
  Method method = Method::kGet;
  std::string pattern{};        // literal segments and {name} captures, e.g. /api/v1/orders/{id}
  std::string permission{};     // "orders.write" (security/permissions.hpp); "" unless kPermission
  Access access = Access::kPermission;
  std::string operation_id{};   // OpenAPI operationId
  std::string summary{};
  std::string tag{};
  int success_status = 200;
  std::string request_schema{};   // component name of the JSON body, "" for none
  std::string response_schema{};  // component name of the success body, "" for none / not JSON
  std::string response_content_type = std::string(kContentJson);
  std::vector<QueryParamDoc> query_params{};
  std::vector<std::string> headers{};  // request headers it reads, e.g. "Idempotency-Key"
  std::string path_param_type = "integer";  // OpenAPI type of the {…} captures
  RateClass rate_class = RateClass::kGeneral;
};

// Runs before a route's handler (after the guard, for guarded routes) and before the fallback
// and unmatched answers: true lets the request go on; false means it finished the exchange
// itself (429). `spec` is nullptr for the fallback and unmatched paths.
using Admission = std::function<bool(const ExchangePtr&, const RouteSpec* spec)>;

class Router {
 public:
  void Add(RouteSpec spec, Handler handler);
  // For GET/HEAD requests outside /api/ that match no route (the console's files).
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }
  // The authentication guard (api/auth_guard.hpp). Without one, every route runs unguarded
  // (router unit tests only).
  void SetGuard(Guard guard) { guard_ = std::move(guard); }
  // Rate limiting of requests that reach no guard: public routes, static files, unmatched
  // paths (guarded routes are admitted by the guard once the caller is known). Optional.
  void SetPublicAdmission(Admission admission) { public_admission_ = std::move(admission); }

  // Routes the exchange: the handler, a 404/405 problem, or the fallback. Sets route_index
  // (RouteCount() for the fallback, RouteCount() + 1 for unmatched).
  void Dispatch(const ExchangePtr& exchange) const;

  const std::vector<RouteSpec>& specs() const { return specs_; }
  std::size_t RouteCount() const { return specs_.size(); }
  // Labels for metrics: "GET /api/v1/orders/{id}", …, then "static", then "unmatched".
  std::vector<std::string> MetricLabels() const;

 private:
  struct Segment {
    std::string literal;  // the text to match, or the capture's name
    bool capture = false;
    std::string suffix;   // a capture's literal tail, e.g. ":approve"
  };
  // Whether `path` fits the route's segments; fills `params` with the captures.
  static bool Match(const std::vector<Segment>& segments, std::string_view path,
                    std::array<std::string_view, kMaxPathParams>& params);

  std::vector<RouteSpec> specs_;
  std::vector<std::vector<Segment>> segments_;
  std::vector<std::size_t> captures_;  // per route: how many {param} segments
  std::vector<Handler> handlers_;
  Handler fallback_;
  Guard guard_;
  Admission public_admission_;
};

}  // namespace ordo::api
