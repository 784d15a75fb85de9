#pragma once
// The HTTP/1.1 server: an Asio io_context run by N threads, one strand per connection,
// keep-alive, a 1 MiB body limit (413 problem), request ids, one debug log line and one
// metrics sample per request. Beast and Asio stay behind this pimpl.
//
// Shutdown (SIGTERM, SIGINT or Stop()): stop accepting, close idle keep-alive connections,
// let in-flight requests finish (their answers only go out after the store committed), close
// those connections after their response, then Run() returns. After `drain_timeout` the
// remaining connections are abandoned.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "api/metrics.hpp"
#include "api/router.hpp"
#include "core/result.hpp"

namespace ordo::api {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port, see port()
  int threads = 1;
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::seconds idle_timeout{60};   // a keep-alive connection with no request
  std::chrono::seconds drain_timeout{30};  // how long shutdown waits for in-flight requests
};

class HttpServer {
 public:
  // Binds and listens. kUnavailable when the address cannot be bound or resolved.
  // `router` and `metrics` are not owned and must outlive the server.
  static core::Result<std::unique_ptr<HttpServer>> Listen(const HttpServerOptions& options, const Router& router,
                                                          HttpMetrics& metrics);
  ~HttpServer();

  std::uint16_t port() const;
  // Serves on options.threads threads (the caller's included) until a signal or Stop(), then
  // drains as described above and returns.
  void Run();
  // Begins the shutdown. Thread-safe, idempotent.
  void Stop();

  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);  // use Listen()

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ordo::api
