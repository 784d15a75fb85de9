#include "api/detail/http_connection.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <ctime>
#include <random>

#include "api/problem.hpp"

namespace ordo::api::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
constexpr std::size_t kMaxRequestIdBytes = 128;
constexpr std::size_t kMaxDrainBytes = 64u << 20;
constexpr std::chrono::seconds kWriteTimeout{30};
constexpr std::chrono::seconds kDrainTimeout{5};

std::string_view View(beast::string_view text) { return {text.data(), text.size()}; }

Method ToMethod(http::verb verb) {
  switch (verb) {
    case http::verb::get: return Method::kGet;
    case http::verb::head: return Method::kHead;
    case http::verb::post: return Method::kPost;
    case http::verb::put: return Method::kPut;
    case http::verb::patch: return Method::kPatch;
    case http::verb::delete_: return Method::kDelete;
    case http::verb::options: return Method::kOptions;
    default: return Method::kOther;
  }
}

bool UsableRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdBytes) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

// "3f9a1c2e-1b" : a per-process random prefix and a counter; unique enough to find log lines.
void GenerateRequestId(std::string& out) {
  static const std::uint32_t process_prefix = std::random_device{}();
  static std::atomic<std::uint64_t> counter{0};
  char text[40];
  const int size = std::snprintf(text, sizeof(text), "%08x-%llx", process_prefix,
                                 static_cast<unsigned long long>(counter.fetch_add(1, std::memory_order_relaxed)));
  out.assign(text, static_cast<std::size_t>(size));
}

// The Date header, formatted at most once a second per thread.
std::string_view HttpDate() {
  thread_local std::time_t formatted_second = 0;
  thread_local char text[64];
  thread_local std::size_t size = 0;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_second) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    size = std::strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &utc);
    formatted_second = now;
  }
  return {text, size};
}

}  // namespace

bool ConnectionRegistry::Add(HttpConnection* connection) {
  std::lock_guard lock(mutex_);
  if (stopping_) return false;
  connections_.insert(connection);
  return true;
}

void ConnectionRegistry::Remove(HttpConnection* connection) {
  std::unique_lock lock(mutex_);
  connections_.erase(connection);
  if (stopping_ && connections_.empty()) NotifyDrainedLocked(lock);
}

void ConnectionRegistry::StopAll() {
  std::vector<std::shared_ptr<HttpConnection>> live;
  {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    // A connection whose destructor is waiting for this lock yields an empty pointer.
    for (HttpConnection* connection : connections_) {
      if (auto alive = connection->weak_from_this().lock()) live.push_back(std::move(alive));
    }
    if (connections_.empty()) NotifyDrainedLocked(lock);
  }
  for (const auto& connection : live) connection->RequestClose();
}

bool ConnectionRegistry::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void ConnectionRegistry::Detach() {
  std::lock_guard lock(mutex_);
  on_drained_ = nullptr;
}

void ConnectionRegistry::NotifyDrainedLocked(std::unique_lock<std::mutex>& lock) {
  if (drained_ || !on_drained_) return;
  drained_ = true;
  std::function<void()> notify = on_drained_;
  lock.unlock();
  notify();
}

HttpConnection::HttpConnection(asio::ip::tcp::socket&& socket, ConnectionContext& context)
    : stream_(std::move(socket)), context_(context) {
  boost::system::error_code ec;
  const asio::ip::tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
  if (!ec) client_ip_ = peer.address().to_string();
}

HttpConnection::~HttpConnection() {
  if (registered_) context_.registry.Remove(this);
}

void HttpConnection::Start() {
  registered_ = context_.registry.Add(this);
  if (!registered_) return Close();
  ReadRequest();
}

void HttpConnection::RequestClose() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    self->close_requested_ = true;
    if (self->phase_ == Phase::kReading) self->Close();
  });
}

void HttpConnection::Post(std::function<void()> task) { asio::post(stream_.get_executor(), std::move(task)); }

void HttpConnection::Finish() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->WriteResponse(); });
}

void HttpConnection::ReadRequest() {
  if (close_requested_) return Close();
  phase_ = Phase::kReading;
  parser_.emplace();
  parser_->body_limit(context_.options.max_body_bytes);  // also refuses a larger Content-Length up front
  parser_->header_limit(kMaxHeaderBytes);
  stream_.expires_after(context_.options.idle_timeout);
  http::async_read(stream_, read_buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
}

void HttpConnection::OnRead(beast::error_code ec) {
  if (phase_ == Phase::kClosed) return;
  if (ec == http::error::body_limit) {
    return AnswerUnreadable(413, core::ErrorCode::kTooLarge, "the request body exceeds the 1 MiB limit");
  }
  if (ec && &ec.category() == &http::make_error_code(http::error::bad_method).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message) {
    return AnswerUnreadable(400, core::ErrorCode::kMalformed, "the request is not valid HTTP/1.1");
  }
  if (ec) return Close();  // the client left, timed out, or shutdown closed an idle connection
  phase_ = Phase::kHandling;
  started_ = std::chrono::steady_clock::now();
  stream_.expires_never();  // the store decides how long this takes; shutdown waits for it
  FillRequest();
  context_.router.Dispatch(shared_from_this());
}

void HttpConnection::FillRequest() {
  const auto& message = parser_->get();
  request = Request{};
  request.method = ToMethod(message.method());
  const std::string_view target = View(message.target());
  const std::size_t question = target.find('?');
  request.path = target.substr(0, question);
  request.query = question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  request.body = message.body();
  request.idempotency_key = View(message["Idempotency-Key"]);
  request.if_match = View(message[http::field::if_match]);
  request.authorization = View(message[http::field::authorization]);
  request.totp_code = View(message["X-Ordo-TOTP"]);
  request.shopify_hmac = View(message["X-Shopify-Hmac-Sha256"]);
  request.woo_signature = View(message["X-WC-Webhook-Signature"]);
  request.client_ip = client_ip_;
  const std::string_view client_id = View(message["X-Request-Id"]);
  if (UsableRequestId(client_id)) {
    request.request_id = client_id;
  } else {
    GenerateRequestId(generated_request_id_);
    request.request_id = generated_request_id_;
  }
  keep_alive_ = message.keep_alive();
  response.Reset();
  route_index = -1;
  principal.reset();
}

void HttpConnection::AnswerUnreadable(int status, core::ErrorCode code, std::string detail) {
  phase_ = Phase::kHandling;
  started_ = std::chrono::steady_clock::now();
  request = Request{};
  GenerateRequestId(generated_request_id_);
  request.request_id = generated_request_id_;
  response.Reset();
  route_index = -1;  // counted as "unmatched"
  principal.reset();
  WriteProblem(response, core::MakeError(code, std::move(detail)), request.request_id);
  response.close_connection = true;
  // The client may still be sending the body we refused: read and drop it after answering, so
  // that closing does not reset the connection before the client has read the 413.
  drain_after_write_ = status == 413;
  WriteResponse();
}

void HttpConnection::WriteResponse() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kWriting;
  keep_alive_ = keep_alive_ && !response.close_connection && !close_requested_ && !context_.registry.stopping();
  const int status = response.status;
  const bool has_body = status != 204 && status != 304;
  head_.clear();
  head_.append("HTTP/1.1 ").append(std::to_string(status)).push_back(' ');
  head_.append(View(http::obsolete_reason(http::int_to_status(static_cast<unsigned>(status))))).append("\r\n");
  head_.append("Date: ").append(HttpDate()).append("\r\n");
  if (has_body) {
    head_.append("Content-Type: ").append(response.content_type).append("\r\n");
    head_.append("Content-Length: ").append(std::to_string(response.body.GetSize())).append("\r\n");
  }
  head_.append("X-Request-Id: ").append(request.request_id).append("\r\n");
  // Security headers on every response; API answers (everything but the console's files) are
  // never cached: they carry personal data, tokens or permissions-dependent views.
  head_.append(
      "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\n"
      "Content-Security-Policy: default-src 'self'\r\n");
  if (route_index != static_cast<int>(context_.router.RouteCount())) head_.append("Cache-Control: no-store\r\n");
  head_.append(response.headers);
  if (!keep_alive_) head_.append("Connection: close\r\n");
  head_.append("\r\n");

  const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_);
  context_.metrics.Record(route_index, status, latency.count());
  if (spdlog::should_log(spdlog::level::debug)) {
    spdlog::debug("request id={} route=\"{}\" status={} latency_us={}", request.request_id,
                  context_.metrics.Label(route_index), status, latency.count());
  }

  const bool send_body = has_body && request.method != Method::kHead;
  const std::array<asio::const_buffer, 2> buffers = {
      asio::buffer(head_), asio::buffer(response.body.GetString(), send_body ? response.body.GetSize() : 0)};
  stream_.expires_after(kWriteTimeout);
  asio::async_write(stream_, buffers,
                    [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnWrite(ec); });
}

void HttpConnection::OnWrite(beast::error_code ec) {
  if (ec) return Close();
  if (!keep_alive_) return drain_after_write_ ? DrainThenClose() : Close();
  ReadRequest();
}

void HttpConnection::DrainThenClose() {
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  if (drain_buffer_.empty()) drain_buffer_.resize(16 * 1024);
  stream_.expires_after(kDrainTimeout);
  auto self = shared_from_this();
  struct DrainStep {
    std::shared_ptr<HttpConnection> connection;
    std::size_t drained = 0;
    void operator()(beast::error_code step_ec, std::size_t bytes) {
      drained += bytes;
      if (step_ec || drained > kMaxDrainBytes) return connection->Close();
      HttpConnection& target = *connection;
      target.stream_.async_read_some(asio::buffer(target.drain_buffer_), std::move(*this));
    }
  };
  stream_.async_read_some(asio::buffer(drain_buffer_), DrainStep{std::move(self)});
}

void HttpConnection::Close() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.close();
}

}  // namespace ordo::api::detail
