#include "api/router.hpp"

#include <optional>

#include "api/problem.hpp"
#include "core/assert.hpp"

namespace ordo::api {

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kPatch: return "PATCH";
    case Method::kDelete: return "DELETE";
    case Method::kOptions: return "OPTIONS";
    case Method::kOther: return "OTHER";
  }
  return "OTHER";
}

void Router::Add(RouteSpec spec, Handler handler) {
  ORDO_CHECK(!spec.pattern.empty() && spec.pattern.front() == '/');
  // A route without a permission must say it is public or for any signed-in caller.
  ORDO_CHECK((spec.access == Access::kPermission) == !spec.permission.empty());
  std::vector<Segment> segments;
  std::size_t captures = 0;
  std::string_view rest = std::string_view(spec.pattern).substr(1);
  for (;;) {
    const std::size_t slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    Segment segment;
    const std::size_t close = part.find('}');
    if (part.size() > 2 && part.front() == '{' && close != std::string_view::npos && close > 1) {
      segment.capture = true;
      segment.literal = std::string(part.substr(1, close - 1));  // the name, for OpenAPI
      segment.suffix = std::string(part.substr(close + 1));
      ++captures;
    } else {
      segment.literal = std::string(part);
    }
    segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  ORDO_CHECK(captures <= kMaxPathParams);
  specs_.push_back(std::move(spec));
  segments_.push_back(std::move(segments));
  captures_.push_back(captures);
  handlers_.push_back(std::move(handler));
}

bool Router::Match(const std::vector<Segment>& segments, std::string_view path,
                   std::array<std::string_view, kMaxPathParams>& params) {
  if (path.empty() || path.front() != '/') return false;
  std::string_view rest = path.substr(1);
  std::size_t capture_idx = 0;
  for (std::size_t segment_idx = 0; segment_idx < segments.size(); ++segment_idx) {
    const std::size_t slash = rest.find('/');
    const bool last = segment_idx + 1 == segments.size();
    if (last != (slash == std::string_view::npos)) return false;
    const std::string_view part = rest.substr(0, slash);
    const Segment& segment = segments[segment_idx];
    if (segment.capture) {
      if (part.size() <= segment.suffix.size() || !part.ends_with(segment.suffix)) return false;
      params[capture_idx++] = part.substr(0, part.size() - segment.suffix.size());
    } else if (part != segment.literal) {
      return false;
    }
    if (!last) rest.remove_prefix(slash + 1);
  }
  return true;
}

void Router::Dispatch(const ExchangePtr& exchange) const {
  Request& request = exchange->request;
  const Method method = request.method == Method::kHead ? Method::kGet : request.method;
  std::string allow;
  std::array<std::string_view, kMaxPathParams> params{};
  // A literal segment beats a capture ("/orders/export" over "/orders/{id}") whatever order the
  // routes were added in: among the matching routes of this method, the fewest captures wins.
  std::optional<std::size_t> chosen;
  std::array<std::string_view, kMaxPathParams> chosen_params{};
  for (std::size_t route_idx = 0; route_idx < specs_.size(); ++route_idx) {
    if (!Match(segments_[route_idx], request.path, params)) continue;
    if (specs_[route_idx].method == method) {
      if (!chosen || captures_[route_idx] < captures_[*chosen]) {
        chosen = route_idx;
        chosen_params = params;
      }
      continue;
    }
    if (allow.find(MethodName(specs_[route_idx].method)) == std::string::npos) {
      if (!allow.empty()) allow += ", ";
      allow += MethodName(specs_[route_idx].method);
    }
  }
  if (chosen) {
    request.path_params = chosen_params;
    exchange->route_index = static_cast<int>(*chosen);
    if (guard_ && specs_[*chosen].access != Access::kPublic) {
      guard_(exchange, specs_[*chosen], handlers_[*chosen]);
    } else if (!public_admission_ || public_admission_(exchange, &specs_[*chosen])) {
      handlers_[*chosen](exchange);
    }
    return;
  }
  exchange->route_index = static_cast<int>(specs_.size()) + 1;  // "unmatched" unless the fallback serves it
  if (public_admission_ && !public_admission_(exchange, nullptr)) return;
  if (!allow.empty()) {
    exchange->route_index = static_cast<int>(specs_.size()) + 1;
    exchange->response.AddHeader("Allow", allow);
    WriteHttpProblem(exchange->response, 405, "method-not-allowed", "Method not allowed",
                     "this path accepts: " + allow, request.request_id);
    exchange->Finish();
    return;
  }
  if (fallback_ && method == Method::kGet && !request.path.starts_with("/api/")) {
    exchange->route_index = static_cast<int>(specs_.size());
    fallback_(exchange);
    return;
  }
  exchange->route_index = static_cast<int>(specs_.size()) + 1;
  WriteProblem(exchange->response, core::MakeError(core::ErrorCode::kNotFound, "no route for this path"),
               request.request_id);
  exchange->Finish();
}

std::vector<std::string> Router::MetricLabels() const {
  std::vector<std::string> labels;
  labels.reserve(specs_.size() + 2);
  for (const RouteSpec& spec : specs_) labels.push_back(std::string(MethodName(spec.method)) + " " + spec.pattern);
  labels.emplace_back("static");
  labels.emplace_back("unmatched");
  return labels;
}

}  // namespace ordo::api
