#pragma once
// What handlers see of HTTP: a parsed request, a response to fill, and the Exchange that ties
// them to a connection. No Beast or Asio here, so handler files compile fast.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/json.hpp"
#include "security/principal.hpp"

namespace ordo::api {

enum class Method : std::uint8_t { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
std::string_view MethodName(Method method);

inline constexpr std::string_view kContentJson = "application/json";
inline constexpr std::string_view kContentProblem = "application/problem+json";
inline constexpr std::size_t kMaxPathParams = 4;

// Views into the connection's read buffers: valid until the response has been written.
struct Request {
  Method method = Method::kOther;
  std::string_view path;   // "/api/v1/orders/42", not decoded
  std::string_view query;  // after '?', not decoded
  std::string_view body;
  std::string_view idempotency_key;
  std::string_view if_match;
  std::string_view request_id;  // the client's X-Request-Id when usable, else a generated one
  std::string_view authorization;  // "Bearer <token>"; never logged
  std::string_view totp_code;      // X-Ordo-TOTP: a step-up code sent with a sensitive request
  std::string_view shopify_hmac;   // X-Shopify-Hmac-Sha256 (channel webhooks)
  std::string_view woo_signature;  // X-WC-Webhook-Signature (channel webhooks)
  std::string_view client_ip;      // the peer address (no proxy headers are trusted)
  std::array<std::string_view, kMaxPathParams> path_params{};  // filled by the Router
};

// One per connection, reset (keeping its buffers) for every request.
class Response {
 public:
  Response() = default;
  Response(const Response&) = delete;
  Response& operator=(const Response&) = delete;

  void Reset() {
    status = 200;
    content_type = kContentJson;
    body.Clear();
    headers.clear();
    close_connection = false;
  }
  // A writer over `body`, reset for a new document.
  core::JsonWriter& StartJson() {
    body.Clear();
    writer_.Reset(body);
    return writer_;
  }
  void SetText(std::string_view text) {
    body.Clear();
    char* out = body.Push(text.size());
    text.copy(out, text.size());
  }
  void AddHeader(std::string_view name, std::string_view value) {
    headers.append(name).append(": ").append(value).append("\r\n");
  }

  int status = 200;
  std::string_view content_type = kContentJson;  // must point at static text
  core::JsonBuffer body;
  std::string headers;  // extra "Name: value\r\n" lines
  bool close_connection = false;

 private:
  core::JsonWriter writer_{body};
};

// One request/response on a connection. The handler owns it through an ExchangePtr until it
// calls Finish(), which it must do exactly once (from any thread).
class Exchange {
 public:
  Request request;
  Response response;
  int route_index = -1;  // set by the Router, for metrics and logs
  // Who is calling, set by the authentication guard before a non-public handler runs (nullptr on
  // public routes). Reset for every request.
  std::shared_ptr<const security::Principal> principal;

  // Sends `response`. Thread-safe.
  virtual void Finish() = 0;
  // Runs `task` on the connection's strand, where `response` may be written. Thread-safe.
  virtual void Post(std::function<void()> task) = 0;

 protected:
  ~Exchange() = default;
};
using ExchangePtr = std::shared_ptr<Exchange>;

}  // namespace ordo::api
