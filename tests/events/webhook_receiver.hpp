#pragma once
// A webhook receiver for tests: a plain-socket HTTP/1.1 server on 127.0.0.1, port 0, that
// answers each POST as scripted — 200, 500, a redirect, or not at all (hang) — and records what
// it got, including whether X-Ordo-Signature verified with the subscription secret.
//
// One thread accepts; each connection gets its own thread so that a hanging answer does not
// hold up the others. Thread-safe; Stop() (or the destructor) unblocks hangs and joins all.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ordo::events::testing {

enum class Reply { kOk, kFail, kRedirect, kHang };

struct ReceivedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  bool signature_ok = false;
  Reply reply = Reply::kOk;

  std::string Header(const std::string& lowercase_name) const;
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(std::string secret);
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  // Binds 127.0.0.1:0 and starts accepting; false if the socket could not be set up.
  bool Start();
  void Stop();
  std::string Url() const;  // http://127.0.0.1:<port>/hooks

  // The next requests get `replies` in order; after those, every request gets `fallback`.
  void Script(std::vector<Reply> replies, Reply fallback);
  void SetFallback(Reply fallback);

  std::vector<ReceivedRequest> Requests() const;
  std::size_t Count() const;

 private:
  void AcceptLoop();
  void Serve(int fd);
  Reply NextReply();

  const std::string secret_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;

  mutable std::mutex mutex_;
  std::condition_variable stopped_;                 // wakes hanging connections
  std::deque<Reply> script_;                        // guarded by mutex_
  Reply fallback_ = Reply::kOk;                     // guarded by mutex_
  std::vector<ReceivedRequest> requests_;           // guarded by mutex_
  std::vector<std::thread> connection_threads_;     // guarded by mutex_
};

}  // namespace ordo::events::testing
