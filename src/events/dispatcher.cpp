#include "events/dispatcher.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "events/detail/curl_multi_sender.hpp"
#include "events/signature.hpp"

namespace ordo::events {
namespace {

using std::chrono::milliseconds;
using SteadyTime = std::chrono::steady_clock::time_point;

core::Status Invalid(const char* what) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, std::string("dispatcher: ") + what);
}

// Sleeps inside one Perform() are bounded by this while draining, so Stop() notices its
// deadline promptly.
constexpr milliseconds kDrainSlice{50};

}  // namespace

core::Status ValidateDispatcherOptions(const DispatcherOptions& options) {
  if (options.poll_interval <= milliseconds::zero()) return Invalid("poll_interval must be > 0");
  if (options.batch_size < 1) return Invalid("batch_size must be >= 1");
  if (options.connect_timeout <= milliseconds::zero()) return Invalid("connect_timeout must be > 0");
  if (options.request_timeout <= milliseconds::zero()) return Invalid("request_timeout must be > 0");
  if (options.lease <= options.request_timeout) return Invalid("lease must exceed request_timeout");
  if (options.stop_grace < milliseconds::zero()) return Invalid("stop_grace must be >= 0");
  ORDO_TRY(ValidateBackoffPolicy({options.backoff_base.count(), options.backoff_cap.count(),
                                  options.max_attempts}));
  return core::Ok();
}

Dispatcher::Dispatcher(store::Store& store, DispatcherOptions options)
    : store_(store),
      options_(std::move(options)),
      clock_(options_.clock != nullptr ? *options_.clock : system_clock_),
      random_(options_.random != nullptr ? *options_.random : default_random_),
      backoff_{options_.backoff_base.count(), options_.backoff_cap.count(), options_.max_attempts} {}

Dispatcher::~Dispatcher() { Stop(); }

core::Status Dispatcher::Start() {
  if (thread_.joinable()) return core::MakeError(core::ErrorCode::kConflict, "dispatcher already running");
  ORDO_TRY(ValidateDispatcherOptions(options_));
  auto sender = detail::CurlMultiSender::Create(
      {options_.connect_timeout, options_.request_timeout, options_.user_agent});
  if (!sender.has_value()) return std::move(sender).error();
  sender_ = std::move(sender).value();
  stop_requested_.store(false);
  thread_ = std::thread([this] { Run(); });
  return core::Ok();
}

void Dispatcher::Stop() {
  if (!thread_.joinable()) return;
  stop_requested_.store(true);
  sender_->Wakeup();
  thread_.join();
  sender_.reset();
}

DispatcherStats Dispatcher::Stats() const {
  DispatcherStats stats;
  stats.delivered = delivered_.load(std::memory_order_relaxed);
  stats.failed = failed_.load(std::memory_order_relaxed);
  stats.dead = dead_.load(std::memory_order_relaxed);
  stats.abandoned = abandoned_.load(std::memory_order_relaxed);
  stats.store_errors = store_errors_.load(std::memory_order_relaxed);
  stats.in_flight = in_flight_count_.load(std::memory_order_relaxed);
  return stats;
}

void Dispatcher::Run() {
  spdlog::info("webhook dispatcher started");
  SteadyTime next_claim = std::chrono::steady_clock::now();
  while (!stop_requested_.load()) {
    SteadyTime now = std::chrono::steady_clock::now();
    const auto has_free_slot = [&] {
      return sender_->InFlight() < static_cast<std::size_t>(options_.batch_size);
    };
    if (now >= next_claim && has_free_slot()) {
      const bool more = FanOutAndClaim();
      now = std::chrono::steady_clock::now();
      next_claim = more ? now : now + options_.poll_interval;
    }
    // Perform() returns early on network activity, a finished request or Stop(). With every
    // slot taken there is nothing to claim, so it may sleep a whole interval: a wait of zero
    // there would spin while the slots are busy.
    const auto until_claim = std::chrono::duration_cast<milliseconds>(next_claim - now);
    const milliseconds wait =
        has_free_slot() ? std::clamp(until_claim, milliseconds::zero(), options_.poll_interval)
                        : options_.poll_interval;
    RecordOutcomes(sender_->Perform(wait));
  }

  // Draining: no new claims; finish what is on the wire within the grace period.
  const SteadyTime deadline = std::chrono::steady_clock::now() + options_.stop_grace;
  while (sender_->InFlight() > 0) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= milliseconds::zero()) break;
    RecordOutcomes(sender_->Perform(std::min(left, kDrainSlice)));
  }
  const std::vector<std::int64_t> abandoned = sender_->AbandonAll();
  for (const std::int64_t delivery_id : abandoned) in_flight_.erase(delivery_id);
  abandoned_.fetch_add(abandoned.size(), std::memory_order_relaxed);
  PublishInFlight();
  if (!abandoned.empty()) {
    spdlog::warn("webhook dispatcher stopped with {} requests abandoned; they are retried when "
                 "their leases expire", abandoned.size());
  }
  spdlog::info("webhook dispatcher stopped");
}

bool Dispatcher::FanOutAndClaim() {
  bool more = false;
  const core::Result<int> fanned_out = store_.FanOutOutbox(options_.batch_size);
  if (!fanned_out.has_value()) {
    store_errors_.fetch_add(1, std::memory_order_relaxed);
    spdlog::warn("webhook fan-out failed: {}", fanned_out.error().detail);
  } else if (fanned_out.value() >= options_.batch_size) {
    more = true;
  }

  const int free_slots = options_.batch_size - static_cast<int>(sender_->InFlight());
  if (free_slots <= 0) return more;
  const core::UnixMillis now = clock_.Now();
  auto claimed = store_.ClaimDueDeliveries(free_slots, now, now + options_.lease.count());
  if (!claimed.has_value()) {
    store_errors_.fetch_add(1, std::memory_order_relaxed);
    spdlog::warn("claiming webhook deliveries failed: {}", claimed.error().detail);
    return more;
  }
  for (const store::Delivery& delivery : claimed.value()) SendDelivery(delivery);
  PublishInFlight();
  return more || static_cast<int>(claimed->size()) >= free_slots;
}

void Dispatcher::SendDelivery(const store::Delivery& delivery) {
  // Signed at send time, so the timestamp is fresh on every attempt, retries included.
  const std::int64_t unix_seconds = clock_.Now() / 1000;
  detail::OutgoingRequest request;
  request.delivery_id = delivery.id;
  request.url = delivery.url;
  request.body = delivery.payload_json;
  request.headers = {
      std::string(kSignatureHeader) + ": " +
          SignatureHeaderValue(delivery.secret, unix_seconds, delivery.payload_json),
      "X-Ordo-Event: " + delivery.event_type,
      "X-Ordo-Delivery: " + std::to_string(delivery.id),
  };
  in_flight_[delivery.id] = {delivery.subscription_id, delivery.attempts, delivery.event_type};
  sender_->Send(std::move(request));
}

void Dispatcher::RecordOutcomes(std::vector<detail::RequestOutcome> outcomes) {
  if (outcomes.empty()) return;
  const core::UnixMillis now = clock_.Now();
  std::vector<store::DeliveryResult> results;
  results.reserve(outcomes.size());
  for (detail::RequestOutcome& outcome : outcomes) {
    InFlight sent;
    if (const auto it = in_flight_.find(outcome.delivery_id); it != in_flight_.end()) {
      sent = std::move(it->second);
      in_flight_.erase(it);
    }
    store::DeliveryResult result;
    result.delivery_id = outcome.delivery_id;
    result.delivered = outcome.delivered;
    if (outcome.delivered) {
      delivered_.fetch_add(1, std::memory_order_relaxed);
    } else {
      failed_.fetch_add(1, std::memory_order_relaxed);
      const int attempts = sent.previous_attempts + 1;
      if (const auto delay = NextRetryDelay(backoff_, attempts, random_)) {
        result.retry_at = now + *delay;
        spdlog::debug("webhook delivery {} (subscription {}, {}) attempt {} failed: {}",
                      outcome.delivery_id, sent.subscription_id, sent.event_type, attempts,
                      outcome.error);
      } else {
        dead_.fetch_add(1, std::memory_order_relaxed);
        spdlog::warn("webhook delivery {} (subscription {}, {}) is a dead letter after {} "
                     "attempts: {}", outcome.delivery_id, sent.subscription_id, sent.event_type,
                     attempts, outcome.error);
      }
      result.error = std::move(outcome.error);
    }
    results.push_back(std::move(result));
  }
  PublishInFlight();
  if (const core::Status recorded = store_.RecordDeliveryResults(results); !recorded.has_value()) {
    // The leases run out and these deliveries are sent again: at least once still holds.
    store_errors_.fetch_add(1, std::memory_order_relaxed);
    spdlog::warn("recording {} webhook results failed: {}", results.size(), recorded.error().detail);
  }
}

void Dispatcher::PublishInFlight() {
  in_flight_count_.store(static_cast<std::int64_t>(sender_->InFlight()), std::memory_order_relaxed);
}

}  // namespace ordo::events
