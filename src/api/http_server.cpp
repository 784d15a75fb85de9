#include "api/http_server.hpp"

#include <utility>  // before Asio: g++ 12 + Boost 1.74 need std::exchange declared first

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <optional>
#include <thread>
#include <vector>

#include "api/detail/http_connection.hpp"

namespace ordo::api {

namespace asio = boost::asio;
using asio::ip::tcp;

// Member order is destruction order reversed: the registry and context outlive the
// io_context, whose destructor may still destroy connections (after a forced stop).
struct HttpServer::Impl {
  Impl(const HttpServerOptions& server_options, const Router& router, HttpMetrics& metrics)
      : options(server_options),
        registry([this] { OnDrained(); }),
        context{router, metrics, options, registry},
        io(options.threads),
        acceptor(asio::make_strand(io)),
        signals(io, SIGINT, SIGTERM),
        drain_timer(acceptor.get_executor()) {}

  ~Impl() { registry.Detach(); }

  void Accept();
  void BeginStop();  // on the acceptor's strand
  void OnDrained();  // any thread
  void RunThread();

  HttpServerOptions options;
  detail::ConnectionRegistry registry;
  detail::ConnectionContext context;
  asio::io_context io;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer drain_timer;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  bool stop_begun = false;  // on the acceptor's strand
};

void HttpServer::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(io), [this](boost::system::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;
    if (!ec) {
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<detail::HttpConnection>(std::move(socket), context)->Start();
    } else {
      spdlog::warn("accept failed: {}", ec.message());  // e.g. out of file descriptors; keep serving
    }
    Accept();
  });
}

void HttpServer::Impl::BeginStop() {
  if (stop_begun) return;
  stop_begun = true;
  spdlog::info("shutting down: no new connections, finishing requests in flight");
  boost::system::error_code ignored;
  acceptor.close(ignored);
  signals.cancel(ignored);
  drain_timer.expires_after(options.drain_timeout);
  drain_timer.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    spdlog::warn("shutdown: requests still in flight after {}s, abandoning them", options.drain_timeout.count());
    io.stop();
  });
  registry.StopAll();
}

void HttpServer::Impl::OnDrained() {
  asio::post(acceptor.get_executor(), [this] {
    drain_timer.cancel();
    work.reset();  // with nothing left to do, every io thread's run() returns
  });
}

void HttpServer::Impl::RunThread() {
  // Handlers report failures as values; an exception here is a bug in a library call that
  // threw. Log it and keep the thread serving instead of losing it.
  for (;;) {
    try {
      io.run();
      return;
    } catch (const std::exception& error) {
      spdlog::error("exception escaped an I/O handler: {}", error.what());
    }
  }
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

core::Result<std::unique_ptr<HttpServer>> HttpServer::Listen(const HttpServerOptions& options, const Router& router,
                                                             HttpMetrics& metrics) {
  auto impl = std::make_unique<Impl>(options, router, metrics);
  boost::system::error_code ec;
  const std::string host = options.host == "localhost" ? "127.0.0.1" : options.host;
  const asio::ip::address address = asio::ip::make_address(host, ec);
  if (ec) return core::MakeError(core::ErrorCode::kUnavailable, "cannot listen on '" + options.host + "': not an IP address");
  const tcp::endpoint endpoint(address, options.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::MakeError(core::ErrorCode::kUnavailable,
                           "cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " + ec.message());
  }
  return std::make_unique<HttpServer>(std::move(impl));
}

std::uint16_t HttpServer::port() const {
  boost::system::error_code ec;
  const tcp::endpoint endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void HttpServer::Run() {
  Impl& impl = *impl_;
  impl.work.emplace(impl.io.get_executor());
  impl.signals.async_wait([&impl](boost::system::error_code ec, int signal_number) {
    if (ec) return;
    spdlog::info("signal {} received", signal_number);
    asio::post(impl.acceptor.get_executor(), [&impl] { impl.BeginStop(); });
  });
  asio::post(impl.acceptor.get_executor(), [&impl] { impl.Accept(); });
  std::vector<std::thread> threads;
  for (int thread_idx = 1; thread_idx < impl.options.threads; ++thread_idx) {
    threads.emplace_back([&impl] { impl.RunThread(); });
  }
  impl.RunThread();
  for (std::thread& thread : threads) thread.join();
}

void HttpServer::Stop() {
  Impl& impl = *impl_;
  asio::post(impl.acceptor.get_executor(), [&impl] { impl.BeginStop(); });
}

}  // namespace ordo::api
