#include "http_client.hpp"

#include <utility>  // before Asio (g++ 12 + Boost 1.74)

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <cctype>

namespace ordo::api::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

struct HttpClient::Connection {
  asio::io_context io;
  asio::ip::tcp::socket socket{io};
  beast::flat_buffer buffer;
};

HttpClient::HttpClient(std::uint16_t port, std::string bearer_token)
    : port_(port), bearer_token_(std::move(bearer_token)) {}
HttpClient::~HttpClient() = default;

HttpResponse HttpClient::Send(const std::string& method, const std::string& target, const std::string& body,
                              const HeaderList& headers) {
  HttpResponse result;
  // A kept-alive connection the server has since closed fails on first use: retry once anew.
  for (int attempt = 0; attempt < 2; ++attempt) {
    beast::error_code ec;
    const bool reused = connection_ != nullptr;
    if (!connection_) {
      connection_ = std::make_unique<Connection>();
      connection_->socket.connect({asio::ip::make_address("127.0.0.1"), port_}, ec);
      if (ec) {
        connection_.reset();
        result.error = "connect: " + ec.message();
        return result;
      }
    }
    http::request<http::string_body> request{http::string_to_verb(method), target, 11};
    request.set(http::field::host, "127.0.0.1");
    if (!bearer_token_.empty()) request.set(http::field::authorization, "Bearer " + bearer_token_);
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty() || method == "POST") {
      if (request[http::field::content_type].empty()) request.set(http::field::content_type, "application/json");
      request.body() = body;
    }
    request.prepare_payload();
    http::write(connection_->socket, request, ec);
    http::response_parser<http::string_body> parser;
    parser.body_limit(64u << 20);
    if (!ec || ec == asio::error::broken_pipe || ec == asio::error::connection_reset) {
      // Even when our write was cut short the server may have answered (413 before the body).
      beast::error_code read_ec;
      if (method == "HEAD") parser.skip(true);
      http::read(connection_->socket, connection_->buffer, parser, read_ec);
      if (!read_ec) ec = {};
      else if (!ec) ec = read_ec;
    }
    if (ec) {
      connection_.reset();
      result.error = "exchange: " + ec.message();
      if (reused && attempt == 0) continue;
      return result;
    }
    const auto& message = parser.get();
    result.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      result.headers[name] = std::string(field.value());
    }
    result.body = message.body();
    if (!message.keep_alive()) connection_.reset();
    return result;
  }
  return result;
}

}  // namespace ordo::api::testing
