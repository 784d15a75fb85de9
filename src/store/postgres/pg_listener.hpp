#pragma once
// LISTEN on one PostgreSQL channel over a dedicated libpq connection, on its own thread.
// The thread polls the socket with a short timeout so that the destructor can stop it promptly;
// a lost connection is re-opened with exponential backoff (0.2 s doubling to 10 s), and
// `notified` runs once after every re-connection, because notifications sent while the
// connection was down are lost.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/detail/publication_watch.hpp"

namespace ordo::store::postgres {

class PgListener final : public detail::PublicationWatch {
 public:
  // `channel` must be a plain SQL identifier (it is put into the LISTEN statement as is).
  PgListener(std::string url, std::string channel, std::function<void()> notified);
  ~PgListener() override;
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;

 private:
  void Run();
  // Sleeps up to `millis` or until stopped; false when stopped.
  bool Pause(int millis);

  std::string url_;
  std::string channel_;
  std::function<void()> notified_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace ordo::store::postgres
