#pragma once
// A small blocking HTTP/1.1 client for the API tests: one keep-alive connection to 127.0.0.1,
// reopened when the server closed it. Failures come back as status 0 with `error` set.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ordo::api::testing {

struct HttpResponse {
  int status = 0;
  std::string error;                          // transport failure, when status == 0
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string Header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  // `bearer_token`: sent as "Authorization: Bearer <token>" unless a request sets its own
  // Authorization header ("" = none).
  explicit HttpClient(std::uint16_t port, std::string bearer_token = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  void SetBearer(std::string token) { bearer_token_ = std::move(token); }
  const std::string& bearer() const { return bearer_token_; }

  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body = {},
                    const HeaderList& headers = {});
  HttpResponse Get(const std::string& target) { return Send("GET", target); }
  HttpResponse Post(const std::string& target, const std::string& body, const HeaderList& headers = {}) {
    return Send("POST", target, body, headers);
  }

 private:
  struct Connection;
  std::uint16_t port_;
  std::string bearer_token_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace ordo::api::testing
