#include "store/postgres/pg_listener.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <utility>

namespace ordo::store::postgres {
namespace {

constexpr int kPollMillis = 200;
constexpr int kFirstBackoffMillis = 200;
constexpr int kMaxBackoffMillis = 10'000;

// Opens the connection and LISTENs; nullptr on any failure (libpq's message may echo the
// password of the URI, so it is not reported).
PGconn* Connect(const std::string& url, const std::string& channel) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    PQfinish(conn);
    return nullptr;
  }
  const std::string listen = "LISTEN " + channel;
  PGresult* result = PQexec(conn, listen.c_str());
  const bool ok = result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK;
  PQclear(result);
  if (!ok) {
    PQfinish(conn);
    return nullptr;
  }
  return conn;
}

}  // namespace

PgListener::PgListener(std::string url, std::string channel, std::function<void()> notified)
    : url_(std::move(url)), channel_(std::move(channel)), notified_(std::move(notified)) {
  thread_ = std::thread([this] { Run(); });
}

PgListener::~PgListener() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool PgListener::Pause(int millis) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, std::chrono::milliseconds(millis), [this] { return stop_; });
}

void PgListener::Run() {
  int backoff = kFirstBackoffMillis;
  bool connected_before = false;
  while (true) {
    PGconn* conn = Connect(url_, channel_);
    if (conn == nullptr) {
      if (!Pause(backoff)) return;
      backoff = std::min(backoff * 2, kMaxBackoffMillis);
      continue;
    }
    backoff = kFirstBackoffMillis;
    if (connected_before) notified_();  // whatever was published while we were away
    connected_before = true;
    bool lost = false;
    while (!lost) {
      {
        std::lock_guard lock(mutex_);
        if (stop_) break;
      }
      pollfd socket{PQsocket(conn), POLLIN, 0};
      const int ready = ::poll(&socket, 1, kPollMillis);
      if (ready < 0) continue;  // EINTR
      if (ready == 0) continue;
      if (PQconsumeInput(conn) == 0 || PQstatus(conn) == CONNECTION_BAD) {
        lost = true;
        break;
      }
      bool any = false;
      while (PGnotify* notify = PQnotifies(conn)) {
        any = true;
        PQfreemem(notify);
      }
      if (any) notified_();
    }
    PQfinish(conn);
    if (!lost) return;  // stopped
    if (!Pause(backoff)) return;
  }
}

}  // namespace ordo::store::postgres
