#include "webhook_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>

#include "events/signature.hpp"

namespace ordo::events::testing {
namespace {

std::string Lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

void SendAll(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

// Reads one request (headers, then Content-Length bytes of body); false on a broken one.
bool ReadRequest(int fd, ReceivedRequest& request) {
  std::string data;
  char buffer[4096];
  std::size_t header_end = std::string::npos;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  std::size_t line_start = 0;
  std::size_t line_end = data.find("\r\n");
  const std::string request_line = data.substr(0, line_end);
  const std::size_t first_space = request_line.find(' ');
  const std::size_t second_space = request_line.find(' ', first_space + 1);
  request.method = request_line.substr(0, first_space);
  request.target = request_line.substr(first_space + 1, second_space - first_space - 1);
  while (line_end < header_end) {
    line_start = line_end + 2;
    line_end = data.find("\r\n", line_start);
    const std::string line = data.substr(line_start, line_end - line_start);
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    request.headers[Lowercase(line.substr(0, colon))] = value;
  }
  const std::size_t length = std::strtoul(request.Header("content-length").c_str(), nullptr, 10);
  request.body = data.substr(header_end + 4);
  while (request.body.size() < length) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    request.body.append(buffer, static_cast<std::size_t>(n));
  }
  return true;
}

std::string Response(Reply reply) {
  switch (reply) {
    case Reply::kOk:
      return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    case Reply::kFail:
      return "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    case Reply::kRedirect:
      return "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n"
             "Connection: close\r\n\r\n";
    case Reply::kHang:
      break;
  }
  return {};
}

}  // namespace

std::string ReceivedRequest::Header(const std::string& lowercase_name) const {
  const auto it = headers.find(lowercase_name);
  return it == headers.end() ? std::string() : it->second;
}

WebhookReceiver::WebhookReceiver(std::string secret) : secret_(std::move(secret)) {}

WebhookReceiver::~WebhookReceiver() { Stop(); }

bool WebhookReceiver::Start() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return false;
  if (::listen(listen_fd_, 64) != 0) return false;
  socklen_t length = sizeof address;
  if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) return false;
  port_ = ntohs(address.sin_port);
  accept_thread_ = std::thread([this] { AcceptLoop(); });
  return true;
}

void WebhookReceiver::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_.store(true);
  }
  stopped_.notify_all();
  if (accept_thread_.joinable()) accept_thread_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(connection_threads_);
  }
  for (std::thread& thread : threads) thread.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
}

std::string WebhookReceiver::Url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/hooks";
}

void WebhookReceiver::Script(std::vector<Reply> replies, Reply fallback) {
  std::lock_guard lock(mutex_);
  script_.assign(replies.begin(), replies.end());
  fallback_ = fallback;
}

void WebhookReceiver::SetFallback(Reply fallback) {
  std::lock_guard lock(mutex_);
  fallback_ = fallback;
}

std::vector<ReceivedRequest> WebhookReceiver::Requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t WebhookReceiver::Count() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

void WebhookReceiver::AcceptLoop() {
  // poll() with a short timeout rather than a blocking accept(), so Stop() needs no tricks.
  while (!stopping_.load()) {
    pollfd waiting{listen_fd_, POLLIN, 0};
    if (::poll(&waiting, 1, 20) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard lock(mutex_);
    connection_threads_.emplace_back([this, fd] { Serve(fd); });
  }
}

Reply WebhookReceiver::NextReply() {
  if (script_.empty()) return fallback_;
  const Reply reply = script_.front();
  script_.pop_front();
  return reply;
}

void WebhookReceiver::Serve(int fd) {
  timeval read_timeout{5, 0};  // a test must never hang on a half-sent request
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &read_timeout, sizeof read_timeout);
  ReceivedRequest request;
  if (ReadRequest(fd, request)) {
    request.signature_ok =
        VerifySignature(request.Header("x-ordo-signature"), secret_, request.body,
                        static_cast<std::int64_t>(std::time(nullptr)))
            .has_value();
    Reply reply;
    {
      // Recorded before answering: once the dispatcher has its answer, the test can see it.
      std::lock_guard lock(mutex_);
      reply = NextReply();
      request.reply = reply;
      requests_.push_back(request);
    }
    if (reply == Reply::kHang) {
      std::unique_lock lock(mutex_);
      stopped_.wait(lock, [this] { return stopping_.load(); });
    } else {
      SendAll(fd, Response(reply));
    }
  }
  ::close(fd);
}

}  // namespace ordo::events::testing
