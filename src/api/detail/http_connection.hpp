#pragma once
// Internal to api: one accepted TCP connection speaking HTTP/1.1 (Beast), and the registry
// the server uses to reach every live connection at shutdown.
#include <utility>  // before Asio: g++ 12 + Boost 1.74 need std::exchange declared first

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "api/http_server.hpp"
#include "api/http_types.hpp"

namespace ordo::api::detail {

class HttpConnection;

// Every live connection, so that shutdown can close the idle ones. Thread-safe.
class ConnectionRegistry {
 public:
  // Called once, from the thread that removes the last connection after StopAll().
  explicit ConnectionRegistry(std::function<void()> on_drained) : on_drained_(std::move(on_drained)) {}

  bool Add(HttpConnection* connection);  // false when stopping: the caller closes it
  void Remove(HttpConnection* connection);
  // Asks every connection to close once idle; calls on_drained when none is left.
  void StopAll();
  bool stopping() const;
  // No more on_drained calls (the server is being destroyed).
  void Detach();

 private:
  void NotifyDrainedLocked(std::unique_lock<std::mutex>& lock);

  mutable std::mutex mutex_;
  std::unordered_set<HttpConnection*> connections_;  // guarded by mutex_
  bool stopping_ = false;                            // guarded by mutex_
  bool drained_ = false;                             // guarded by mutex_
  std::function<void()> on_drained_;
};

struct ConnectionContext {
  const Router& router;
  HttpMetrics& metrics;
  const HttpServerOptions& options;
  ConnectionRegistry& registry;
};

// Lives as long as a read, a handler or a write holds a shared_ptr to it. All its state is
// touched only on its strand (the stream's executor), except through Finish()/Post(), which
// hop onto the strand.
class HttpConnection final : public Exchange, public std::enable_shared_from_this<HttpConnection> {
 public:
  HttpConnection(boost::asio::ip::tcp::socket&& socket, ConnectionContext& context);
  ~HttpConnection();

  void Start();
  // Closes now if waiting for a request, else after the response in flight. Thread-safe.
  void RequestClose();

  void Finish() override;
  void Post(std::function<void()> task) override;

 private:
  enum class Phase { kReading, kHandling, kWriting, kClosed };

  void ReadRequest();
  void OnRead(boost::beast::error_code ec);
  void FillRequest();
  void AnswerUnreadable(int status, core::ErrorCode code, std::string detail);
  void WriteResponse();
  void OnWrite(boost::beast::error_code ec);
  void DrainThenClose();
  void Close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer read_buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::string head_;                  // status line and headers of the response being written
  std::string client_ip_;             // the peer's address, for audit rows and login throttling
  std::string generated_request_id_;  // storage when the client sent no usable X-Request-Id
  std::vector<char> drain_buffer_;    // only after a refused oversized body
  ConnectionContext& context_;
  std::chrono::steady_clock::time_point started_;
  Phase phase_ = Phase::kReading;
  bool keep_alive_ = true;
  bool close_requested_ = false;
  bool drain_after_write_ = false;
  bool registered_ = false;
};

}  // namespace ordo::api::detail
