#pragma once
// Internal to events: many webhook POSTs at once over one libcurl multi handle, driven by the
// dispatcher's thread. Kept apart so that libcurl's types stay out of dispatcher.hpp.
//
// Thread-compatible: every method except Wakeup() is called by one thread (the dispatcher's).
// Wakeup() is thread-safe and makes a current or the next Perform() return early.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace ordo::events::detail {

struct OutgoingRequest {
  std::int64_t delivery_id = 0;
  std::string url;
  std::string body;
  std::vector<std::string> headers;  // "Name: value", beside Content-Type and User-Agent
};

struct RequestOutcome {
  std::int64_t delivery_id = 0;
  bool delivered = false;  // a 2xx answer
  std::string error;       // when not delivered: "http 500", "timeout", libcurl's reason
};

struct SenderLimits {
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds request_timeout{10'000};  // the whole request, connect included
  std::string user_agent;
};

class CurlMultiSender {
 public:
  // kInternal when libcurl cannot be initialised.
  static core::Result<std::unique_ptr<CurlMultiSender>> Create(SenderLimits limits);
  ~CurlMultiSender();
  CurlMultiSender(const CurlMultiSender&) = delete;
  CurlMultiSender& operator=(const CurlMultiSender&) = delete;

  // Starts sending. A request that cannot even be set up finishes at the next Perform().
  void Send(OutgoingRequest request);
  // Moves every transfer along, waiting at most `wait` for network activity (less when
  // libcurl's own timers are due, or after Wakeup()), and returns the ones that finished.
  std::vector<RequestOutcome> Perform(std::chrono::milliseconds wait);
  std::size_t InFlight() const { return transfers_.size() + failed_setup_.size(); }
  // Drops every unfinished transfer without an outcome; returns their delivery ids.
  std::vector<std::int64_t> AbandonAll();
  void Wakeup();

 private:
  struct Transfer;
  CurlMultiSender(void* multi, SenderLimits limits);
  void Remove(void* easy);

  void* multi_;  // CURLM*, owned
  SenderLimits limits_;
  std::unordered_map<void*, std::unique_ptr<Transfer>> transfers_;  // keyed by CURL*
  std::vector<RequestOutcome> failed_setup_;
};

}  // namespace ordo::events::detail
