// bare-beast-server: the reference ceiling for the load generator — a minimal Boost.Beast 1.74
// keep-alive server that answers every GET with 200 and every POST with 201 and a tiny JSON
// body, doing nothing else (no routing, no JSON parsing, no store). DESIGN.md's "bare Beast
// server" figures are of this kind. Pointing bench/load at it shows what the generator and the
// machine can do, so that `ordo serve`'s own healthz ceiling can be judged against it:
//   build/bare-beast-server --port-file /tmp/port --threads 2 &
//   build/ordo-load --target 127.0.0.1:$(cat /tmp/port) --scenario healthz
// Stops on SIGTERM/SIGINT.
#include <utility>  // before Asio: g++ 12 + Boost 1.74 under C++20 (std::exchange)

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : stream_(std::move(socket)) {}
  void Start() { Read(); }

 private:
  void Read() {
    request_ = {};
    http::async_read(stream_, buffer_, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->Close();
      self->Respond();
    });
  }

  void Respond() {
    const bool post = request_.method() == http::verb::post;
    response_ = http::response<http::string_body>(post ? http::status::created : http::status::ok, request_.version());
    response_.set(http::field::content_type, "application/json");
    response_.body() = post ? R"({"id":1,"result":"created"})" : R"({"status":"ok"})";
    response_.keep_alive(request_.keep_alive());
    response_.prepare_payload();
    http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec || !self->response_.keep_alive()) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

void Accept(tcp::acceptor& acceptor) {
  acceptor.async_accept([&acceptor](beast::error_code ec, tcp::socket socket) {
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket))->Start();
    }
    if (acceptor.is_open()) Accept(acceptor);
  });
}

}  // namespace

int main(int argc, char** argv) {
  std::string port_file;
  int threads = 2;
  unsigned short port = 0;
  for (int arg_idx = 1; arg_idx + 1 < argc; arg_idx += 2) {
    const std::string flag = argv[arg_idx];
    if (flag == "--port-file") port_file = argv[arg_idx + 1];
    else if (flag == "--threads") threads = std::atoi(argv[arg_idx + 1]);
    else if (flag == "--port") port = static_cast<unsigned short>(std::atoi(argv[arg_idx + 1]));
  }
  asio::io_context io(threads);
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  const unsigned short bound = acceptor.local_endpoint().port();
  if (!port_file.empty()) std::ofstream(port_file) << bound << "\n";
  std::printf("bare-beast-server listening on http://127.0.0.1:%u (%d threads)\n", bound, threads);
  std::fflush(stdout);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) {
    beast::error_code ignored;
    acceptor.close(ignored);
    io.stop();
  });
  Accept(acceptor);
  std::vector<std::thread> pool;
  for (int thread_idx = 1; thread_idx < threads; ++thread_idx) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : pool) thread.join();
  return 0;
}
