#pragma once
// The webhook dispatcher: delivers outbox events to webhook subscriptions, at least once.
//
// One background thread loops: FanOutOutbox (new outbox rows → one pending delivery per
// matching subscription) → ClaimDueDeliveries (leased, so other nodes skip them) → POST each
// claimed delivery, all concurrently over one libcurl multi handle → RecordDeliveryResults:
// a 2xx is delivered; anything else (status, timeout, refused connection, redirect) is a failed
// attempt, retried after NextRetryDelay (backoff.hpp) or parked as a dead letter after
// max_attempts. Request threads never do any of this; they only write outbox rows.
//
// At least once, not exactly once: a request that reached the receiver but whose result was
// not recorded (crash, Stop abandoning it, store error) is sent again once its lease expires.
// Receivers deduplicate on the X-Ordo-Delivery header.
//
// Thread safety: Start(), Stop() and the destructor are called from one controlling thread
// (never concurrently with each other); Stats() is safe from any thread at any time.
// Lifetime: `store`, options.clock and options.random are not owned and must outlive the
// dispatcher (or at least the last Stop()).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "events/backoff.hpp"
#include "store/store.hpp"

namespace ordo::events {

namespace detail {
class CurlMultiSender;
struct RequestOutcome;
}  // namespace detail

struct DispatcherOptions {
  // How often the outbox and the due deliveries are looked at when there is nothing to do.
  std::chrono::milliseconds poll_interval{500};
  // Most deliveries in flight at once (and so claimed per poll).
  int batch_size = 64;
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds request_timeout{10'000};  // the whole request; a timeout is a failure
  // Defaults: 15 attempts, retry ceilings 5 s, 10 s, … capped at 1 h; the last attempt comes
  // about 2.7 h after the first on average, at most about 5.4 h (docs/webhooks.md).
  int max_attempts = 15;                               // then the delivery is a dead letter
  std::chrono::milliseconds backoff_base{5'000};
  std::chrono::milliseconds backoff_cap{3'600'000};
  // How long a claimed delivery stays invisible to other claims. Must exceed request_timeout,
  // or a slow request could be claimed and sent a second time while still in flight.
  std::chrono::milliseconds lease{60'000};
  // Stop() waits this long for in-flight requests, then abandons them to their lease.
  std::chrono::milliseconds stop_grace{10'000};
  // Wall time for leases, retry times and signature timestamps. Must be thread-safe (it is
  // read on the dispatcher's thread), so not a ManualClock. nullptr: the system clock.
  const core::Clock* clock = nullptr;
  RandomSource* random = nullptr;  // backoff jitter; nullptr: a DefaultRandomSource
  std::string user_agent = "Ordo-Webhooks/0.1";
};

// kInvalidArgument naming the first bad option.
core::Status ValidateDispatcherOptions(const DispatcherOptions& options);

// Counters since construction, for /metrics.
struct DispatcherStats {
  std::uint64_t delivered = 0;     // deliveries acknowledged with a 2xx
  std::uint64_t failed = 0;        // failed attempts (each non-2xx, timeout, connection error)
  std::uint64_t dead = 0;          // deliveries parked as dead letters
  std::uint64_t abandoned = 0;     // in flight when Stop() gave up; resent after the lease
  std::uint64_t store_errors = 0;  // store calls that failed (the loop carries on)
  std::int64_t in_flight = 0;      // requests on the wire now (a gauge)
};

class Dispatcher {
 public:
  Dispatcher(store::Store& store, DispatcherOptions options);
  ~Dispatcher();  // Stop()
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Starts the background thread. kInvalidArgument for bad options, kConflict when already
  // running, kInternal when libcurl cannot start. A stopped dispatcher may be started again.
  core::Status Start();
  // Stops claiming, waits up to options.stop_grace for in-flight requests and records their
  // results, abandons the rest (their leases expire, so they are retried: at least once) and
  // joins the thread. Idempotent; returns at once if not running.
  void Stop();

  DispatcherStats Stats() const;

 private:
  // What the loop remembers about a delivery while its request is in flight.
  struct InFlight {
    std::int64_t subscription_id = 0;
    int previous_attempts = 0;
    std::string event_type;
  };

  void Run();
  bool FanOutAndClaim();  // true: there may be more work right away
  void SendDelivery(const store::Delivery& delivery);
  void RecordOutcomes(std::vector<detail::RequestOutcome> outcomes);
  void PublishInFlight();

  store::Store& store_;
  const DispatcherOptions options_;
  const core::SystemClock system_clock_;
  const core::Clock& clock_;
  DefaultRandomSource default_random_;
  RandomSource& random_;
  const BackoffPolicy backoff_;

  std::thread thread_;
  std::atomic<bool> stop_requested_{false};
  std::unique_ptr<detail::CurlMultiSender> sender_;  // created by Start, used by the thread
  std::unordered_map<std::int64_t, InFlight> in_flight_;  // dispatcher thread only

  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> dead_{0};
  std::atomic<std::uint64_t> abandoned_{0};
  std::atomic<std::uint64_t> store_errors_{0};
  std::atomic<std::int64_t> in_flight_count_{0};
};

}  // namespace ordo::events
