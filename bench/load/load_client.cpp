#include "load_client.hpp"

// g++ 12 + Boost 1.74 under C++20: asio/awaitable.hpp uses std::exchange without <utility>.
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <string_view>
#include <thread>

#include "app/demo_data.hpp"
#include "core/time.hpp"

namespace ordo::bench {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using ErrorCode = boost::system::error_code;

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr auto kGrace = std::chrono::seconds(5);
constexpr auto kReconnectDelay = std::chrono::milliseconds(20);

bool IEquals(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t idx = 0; idx < text.size(); ++idx) {
    char c = text[idx];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[idx]) return false;
  }
  return true;
}

bool IContains(std::string_view text, std::string_view lower) {
  if (lower.size() > text.size()) return false;
  for (std::size_t start = 0; start + lower.size() <= text.size(); ++start) {
    if (IEquals(text.substr(start, lower.size()), lower)) return true;
  }
  return false;
}

// A complete (or not yet complete) HTTP/1.1 response at the front of the read buffer.
struct Parsed {
  enum Kind { kIncomplete, kComplete, kMalformed } kind = kIncomplete;
  int status = 0;
  std::size_t total = 0;  // bytes of this response
  std::size_t body_start = 0;
  bool close = false;
};

Parsed ParseResponse(std::string_view data) {
  Parsed out;
  const std::size_t header_end = data.find("\r\n\r\n");
  if (header_end == std::string_view::npos) {
    if (data.size() > kMaxHeaderBytes) out.kind = Parsed::kMalformed;
    return out;
  }
  if (data.size() < 12 || data.substr(0, 5) != "HTTP/") {
    out.kind = Parsed::kMalformed;
    return out;
  }
  const std::string_view status_text = data.substr(9, 3);
  for (char c : status_text) {
    if (c < '0' || c > '9') {
      out.kind = Parsed::kMalformed;
      return out;
    }
    out.status = out.status * 10 + (c - '0');
  }
  out.close = data.substr(0, 8) == "HTTP/1.0";
  long long content_length = -1;
  bool chunked = false;
  std::size_t line_start = data.find("\r\n") + 2;
  while (line_start < header_end) {
    const std::size_t line_end = data.find("\r\n", line_start);
    const std::string_view line = data.substr(line_start, line_end - line_start);
    line_start = line_end + 2;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, colon);
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (IEquals(name, "content-length")) {
      content_length = 0;
      for (char c : value) {
        if (c < '0' || c > '9') break;
        content_length = content_length * 10 + (c - '0');
      }
    } else if (IEquals(name, "transfer-encoding")) {
      chunked = IContains(value, "chunked");
    } else if (IEquals(name, "connection")) {
      if (IContains(value, "close")) out.close = true;
      if (IContains(value, "keep-alive")) out.close = false;
    }
  }
  out.body_start = header_end + 4;
  if (chunked) {
    std::size_t pos = out.body_start;
    for (;;) {
      const std::size_t size_end = data.find("\r\n", pos);
      if (size_end == std::string_view::npos) return out;
      std::size_t size = 0;
      for (char c : data.substr(pos, size_end - pos)) {
        const int digit = c >= '0' && c <= '9' ? c - '0' : (c >= 'a' && c <= 'f' ? c - 'a' + 10 : (c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1));
        if (digit < 0) break;
        size = size * 16 + static_cast<std::size_t>(digit);
      }
      pos = size_end + 2;
      if (size == 0) {
        const std::size_t trailer_end = data.substr(pos, 2) == "\r\n" ? pos : data.find("\r\n\r\n", pos);
        if (trailer_end == std::string_view::npos) return out;
        out.total = trailer_end + (trailer_end == pos ? 2 : 4);
        out.kind = Parsed::kComplete;
        return out;
      }
      if (data.size() < pos + size + 2) return out;
      pos += size + 2;
    }
  }
  if (content_length < 0) {
    const bool no_body = out.status == 204 || out.status == 304 || out.status < 200;
    out.kind = no_body ? Parsed::kComplete : Parsed::kMalformed;  // read-until-close is not supported
    out.total = out.body_start;
    return out;
  }
  out.total = out.body_start + static_cast<std::size_t>(content_length);
  if (data.size() >= out.total) out.kind = Parsed::kComplete;
  return out;
}

// Per-item statuses of a batch answer: {"results":[{"index":0,"status":201,…},…]}.
struct ItemCounts {
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
};

ItemCounts CountBatchItems(std::string_view body) {
  static constexpr std::string_view kIndex = "{\"index\":";
  static constexpr std::string_view kStatus = ",\"status\":";
  ItemCounts counts;
  std::size_t pos = 0;
  while ((pos = body.find(kIndex, pos)) != std::string_view::npos) {
    pos += kIndex.size();
    while (pos < body.size() && body[pos] >= '0' && body[pos] <= '9') ++pos;
    if (body.substr(pos, kStatus.size()) != kStatus) continue;
    pos += kStatus.size();
    int status = 0;
    while (pos < body.size() && body[pos] >= '0' && body[pos] <= '9') status = status * 10 + (body[pos++] - '0');
    (status >= 200 && status < 300 ? counts.ok : counts.failed) += 1;
  }
  return counts;
}

struct Phase {
  Clock::time_point warmup_end;
  Clock::time_point measure_end;
};

class Worker;

// One keep-alive connection. Owned by its Worker; all callbacks run on the worker's thread.
class Connection {
 public:
  explicit Connection(Worker& worker);
  void Start() { Connect(); }
  void ForceClose() {
    ErrorCode ignored;
    socket_.close(ignored);
    timer_.cancel();
  }

 private:
  void Connect();
  void Send();
  void Read();
  void OnData();
  void Fail(const char* what, const ErrorCode& ec);
  void Finish();

  Worker& worker_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  std::string request_;
  int request_orders_ = 0;
  std::vector<char> buffer_;
  std::size_t used_ = 0;
  Clock::time_point started_;
  bool finished_ = false;
};

// One thread: an io_context, its share of the connections and its own result.
class Worker {
 public:
  Worker(const LoadOptions& options, const std::vector<RequestTemplate>& templates, Phase phase,
         tcp::endpoint endpoint, int connections, std::uint64_t counter_base)
      : templates_(templates), phase_(phase), endpoint_(endpoint), counter_(counter_base), grace_(io_) {
    (void)options;
    for (int conn_idx = 0; conn_idx < connections; ++conn_idx) connections_.push_back(std::make_unique<Connection>(*this));
    active_ = connections;
  }

  void Run() {
    for (auto& connection : connections_) connection->Start();
    grace_.expires_at(phase_.measure_end + kGrace);
    grace_.async_wait([this](const ErrorCode& ec) {
      if (ec) return;
      for (auto& connection : connections_) connection->ForceClose();
    });
    io_.run();
  }

  // Copies the next template into `request` with fresh external_id counters.
  void Fill(std::string& request, int& orders) {
    const RequestTemplate& tmpl = templates_[next_template_++ % templates_.size()];
    request.assign(tmpl.bytes);
    for (std::size_t offset : tmpl.counter_offsets) {
      std::uint64_t value = counter_++;
      for (std::size_t digit = kCounterDigits; digit-- > 0;) {
        request[offset + digit] = static_cast<char>('0' + value % 10);
        value /= 10;
      }
    }
    orders = tmpl.orders;
  }

  bool Stopping(Clock::time_point now) const { return now >= phase_.measure_end; }

  void Complete(Clock::time_point started, Clock::time_point now, int status, std::string_view body, int orders) {
    if (now < phase_.warmup_end || now >= phase_.measure_end) return;
    ++result_.responses;
    ++result_.status_counts[status];
    result_.latency.Record(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now - started).count()));
    if (status < 200 || status >= 300) {
      ++result_.http_errors;
      if (result_.first_error.empty()) {
        result_.first_error = "HTTP " + std::to_string(status) + ": " + std::string(body.substr(0, 300));
      }
      return;
    }
    ++result_.ok_responses;
    if (orders > 1) {
      const ItemCounts items = CountBatchItems(body);
      result_.orders_ok += items.ok;
      const std::uint64_t expected = static_cast<std::uint64_t>(orders);
      result_.item_errors += expected > items.ok ? expected - items.ok : 0;
      if (items.ok < expected && result_.first_error.empty()) {
        result_.first_error = "batch item errors: " + std::string(body.substr(0, 300));
      }
    } else {
      result_.orders_ok += static_cast<std::uint64_t>(orders);
    }
  }

  void SocketError(const std::string& what) {
    const Clock::time_point now = Clock::now();
    if (now < phase_.warmup_end || now >= phase_.measure_end) return;
    ++result_.socket_errors;
    if (result_.first_error.empty()) result_.first_error = what;
  }

  void ConnectionFinished() {
    if (--active_ == 0) grace_.cancel();
  }

  asio::io_context& io() { return io_; }
  const tcp::endpoint& endpoint() const { return endpoint_; }
  LoadResult& result() { return result_; }

 private:
  asio::io_context io_{1};
  const std::vector<RequestTemplate>& templates_;
  Phase phase_;
  tcp::endpoint endpoint_;
  std::uint64_t counter_;
  std::size_t next_template_ = 0;
  asio::steady_timer grace_;
  std::vector<std::unique_ptr<Connection>> connections_;
  int active_ = 0;
  LoadResult result_;
};

Connection::Connection(Worker& worker) : worker_(worker), socket_(worker.io()), timer_(worker.io()) {
  buffer_.resize(64 * 1024);
}

void Connection::Connect() {
  socket_.async_connect(worker_.endpoint(), [this](const ErrorCode& ec) {
    if (ec) return Fail("connect", ec);
    ErrorCode ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    Send();
  });
}

void Connection::Send() {
  started_ = Clock::now();
  if (worker_.Stopping(started_)) return Finish();
  worker_.Fill(request_, request_orders_);
  asio::async_write(socket_, asio::buffer(request_), [this](const ErrorCode& ec, std::size_t bytes) {
    if (ec) return Fail("write", ec);
    worker_.result().bytes_sent += bytes;
    Read();
  });
}

void Connection::Read() {
  if (used_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  socket_.async_read_some(asio::buffer(buffer_.data() + used_, buffer_.size() - used_),
                          [this](const ErrorCode& ec, std::size_t bytes) {
                            if (ec) return Fail("read", ec);
                            used_ += bytes;
                            worker_.result().bytes_received += bytes;
                            OnData();
                          });
}

void Connection::OnData() {
  const std::string_view data(buffer_.data(), used_);
  const Parsed parsed = ParseResponse(data);
  if (parsed.kind == Parsed::kIncomplete) return Read();
  if (parsed.kind == Parsed::kMalformed) return Fail("malformed response", ErrorCode{});
  const Clock::time_point now = Clock::now();
  worker_.Complete(started_, now, parsed.status, data.substr(parsed.body_start, parsed.total - parsed.body_start),
                   request_orders_);
  // One request in flight, so nothing should follow; keep whatever did for the next parse.
  std::memmove(buffer_.data(), buffer_.data() + parsed.total, used_ - parsed.total);
  used_ -= parsed.total;
  if (parsed.close) {
    ErrorCode ignored;
    socket_.close(ignored);
    socket_ = tcp::socket(worker_.io());
    used_ = 0;
    if (worker_.Stopping(now)) return Finish();
    return Connect();
  }
  Send();
}

void Connection::Fail(const char* what, const ErrorCode& ec) {
  const Clock::time_point now = Clock::now();
  if (ec != asio::error::operation_aborted) worker_.SocketError(std::string(what) + ": " + ec.message());
  ErrorCode ignored;
  socket_.close(ignored);
  if (worker_.Stopping(now) || ec == asio::error::operation_aborted) return Finish();
  socket_ = tcp::socket(worker_.io());
  used_ = 0;
  timer_.expires_after(kReconnectDelay);
  timer_.async_wait([this](const ErrorCode& timer_ec) {
    if (timer_ec) return Finish();
    Connect();
  });
}

void Connection::Finish() {
  if (finished_) return;
  finished_ = true;
  ErrorCode ignored;
  socket_.close(ignored);
  worker_.ConnectionFinished();
}

std::string RequestHead(std::string_view method, std::string_view target, const TemplateOptions& options,
                        std::size_t body_size) {
  std::string head;
  head.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: ").append(options.host_header);
  head.append("\r\nUser-Agent: ordo-load\r\n");
  if (body_size > 0 || method == "POST") {
    head.append("Content-Type: application/json\r\nContent-Length: ").append(std::to_string(body_size)).append("\r\n");
  }
  for (const std::string& header : options.extra_headers) head.append(header).append("\r\n");
  head.append("\r\n");
  return head;
}

}  // namespace

std::vector<RequestTemplate> BuildTemplates(const TemplateOptions& options) {
  std::vector<RequestTemplate> out;
  if (options.scenario == Scenario::kHealthz) {
    out.push_back(RequestTemplate{RequestHead("GET", "/healthz", options, 0), {}, 0});
    return out;
  }
  const int per_request = options.scenario == Scenario::kBatch ? options.batch_size : 1;
  app::DemoSpec spec;
  spec.orders = per_request * options.count;
  spec.seed = options.seed;
  spec.now = core::SystemClock().Now();
  spec.fixed_lines = 3;
  spec.external_id_prefix = options.run_prefix;
  spec.with_timeline = false;
  const std::vector<app::DemoOrder> demos = app::GenerateDemoOrders(spec);

  std::size_t demo_idx = 0;
  for (int template_idx = 0; template_idx < options.count; ++template_idx) {
    std::string body;
    if (options.scenario == Scenario::kBatch) body = "{\"orders\":[";
    for (int item_idx = 0; item_idx < per_request; ++item_idx) {
      if (item_idx > 0) body += ',';
      body += app::DemoOrderJson(demos[demo_idx++].order);
    }
    if (options.scenario == Scenario::kBatch) body += "]}";
    const char* target = options.scenario == Scenario::kBatch ? "/api/v1/orders:batch" : "/api/v1/orders";
    RequestTemplate tmpl;
    tmpl.bytes = RequestHead("POST", target, options, body.size());
    const std::size_t body_offset = tmpl.bytes.size();
    tmpl.bytes += body;
    for (std::size_t pos = 0; (pos = body.find(options.run_prefix, pos)) != std::string::npos;) {
      pos += options.run_prefix.size();
      tmpl.counter_offsets.push_back(body_offset + pos);
    }
    tmpl.orders = per_request;
    out.push_back(std::move(tmpl));
  }
  return out;
}

LoadResult RunLoad(const LoadOptions& options, const std::vector<RequestTemplate>& templates) {
  asio::io_context resolver_io;
  tcp::resolver resolver(resolver_io);
  const tcp::endpoint endpoint = *resolver.resolve(options.host, std::to_string(options.port)).begin();

  const auto start = Clock::now();
  Phase phase;
  phase.warmup_end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.warmup_seconds));
  phase.measure_end = phase.warmup_end + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.duration_seconds));

  const int threads = std::max(1, std::min(options.threads, options.connections));
  std::vector<std::unique_ptr<Worker>> workers;
  for (int thread_idx = 0; thread_idx < threads; ++thread_idx) {
    const int connections = options.connections / threads + (thread_idx < options.connections % threads ? 1 : 0);
    // 10-digit counters: each thread gets its own billion.
    workers.push_back(std::make_unique<Worker>(options, templates, phase, endpoint, connections,
                                               static_cast<std::uint64_t>(thread_idx) * 1'000'000'000ULL));
  }
  std::vector<std::thread> pool;
  for (auto& worker : workers) pool.emplace_back([&worker] { worker->Run(); });
  for (auto& thread : pool) thread.join();

  LoadResult total;
  total.seconds = options.duration_seconds;
  for (auto& worker : workers) {
    const LoadResult& part = worker->result();
    total.responses += part.responses;
    total.ok_responses += part.ok_responses;
    total.orders_ok += part.orders_ok;
    total.item_errors += part.item_errors;
    total.http_errors += part.http_errors;
    total.socket_errors += part.socket_errors;
    total.bytes_sent += part.bytes_sent;
    total.bytes_received += part.bytes_received;
    for (const auto& [status, count] : part.status_counts) total.status_counts[status] += count;
    total.latency.Merge(part.latency);
    if (total.first_error.empty()) total.first_error = part.first_error;
  }
  return total;
}

}  // namespace ordo::bench
