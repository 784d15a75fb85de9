#include "events/detail/curl_multi_sender.hpp"

#include <mutex>

#include <curl/curl.h>

namespace ordo::events::detail {
namespace {

// curl_global_init is not guaranteed thread-safe on every build, so it runs once, before the
// first handle, and is never undone: the process keeps libcurl for its lifetime.
bool EnsureCurlInitialised() {
  static const bool ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  return ok;
}

// Receivers' answers are not read; they are only counted so that a large body cannot pile up.
size_t DiscardBody(char* /*data*/, size_t size, size_t count, void* /*user*/) { return size * count; }

CURLM* Multi(void* multi) { return static_cast<CURLM*>(multi); }

}  // namespace

struct CurlMultiSender::Transfer {
  std::int64_t delivery_id = 0;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string url;
  std::string body;  // libcurl reads it in place (CURLOPT_POSTFIELDS does not copy)
  char error_buffer[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (headers != nullptr) curl_slist_free_all(headers);
    if (easy != nullptr) curl_easy_cleanup(easy);
  }
};

core::Result<std::unique_ptr<CurlMultiSender>> CurlMultiSender::Create(SenderLimits limits) {
  if (!EnsureCurlInitialised()) {
    return core::MakeError(core::ErrorCode::kInternal, "libcurl global initialisation failed");
  }
  CURLM* multi = curl_multi_init();
  if (multi == nullptr) return core::MakeError(core::ErrorCode::kInternal, "curl_multi_init failed");
  return std::unique_ptr<CurlMultiSender>(new CurlMultiSender(multi, std::move(limits)));
}

CurlMultiSender::CurlMultiSender(void* multi, SenderLimits limits)
    : multi_(multi), limits_(std::move(limits)) {}

CurlMultiSender::~CurlMultiSender() {
  AbandonAll();
  curl_multi_cleanup(Multi(multi_));
}

void CurlMultiSender::Send(OutgoingRequest request) {
  auto transfer = std::make_unique<Transfer>();
  transfer->delivery_id = request.delivery_id;
  transfer->url = std::move(request.url);
  transfer->body = std::move(request.body);
  transfer->easy = curl_easy_init();
  if (transfer->easy == nullptr) {
    failed_setup_.push_back({transfer->delivery_id, false, "curl_easy_init failed"});
    return;
  }
  request.headers.push_back("Content-Type: application/json");
  // Without this libcurl asks for "100 Continue" on bodies over 1 KiB and waits a second for
  // receivers that never answer it.
  request.headers.push_back("Expect:");
  for (const std::string& header : request.headers) {
    curl_slist* appended = curl_slist_append(transfer->headers, header.c_str());
    if (appended == nullptr) {
      failed_setup_.push_back({transfer->delivery_id, false, "out of memory for headers"});
      return;
    }
    transfer->headers = appended;
  }

  CURL* easy = transfer->easy;
  CURLcode setup = CURLE_OK;
  const auto set = [&](CURLoption option, auto value) {
    if (setup == CURLE_OK) setup = curl_easy_setopt(easy, option, value);
  };
  set(CURLOPT_URL, transfer->url.c_str());
  // Webhooks go to http(s) only and never follow redirects: a 3xx is a failed attempt, so a
  // receiver cannot bounce our signed requests to somewhere the subscriber did not name.
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 0L);
  set(CURLOPT_POST, 1L);
  set(CURLOPT_POSTFIELDS, transfer->body.data());
  set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(transfer->body.size()));
  set(CURLOPT_HTTPHEADER, transfer->headers);
  set(CURLOPT_USERAGENT, limits_.user_agent.c_str());
  set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(limits_.connect_timeout.count()));
  set(CURLOPT_TIMEOUT_MS, static_cast<long>(limits_.request_timeout.count()));
  set(CURLOPT_NOSIGNAL, 1L);  // signals and threads do not mix; timeouts work without them
  set(CURLOPT_WRITEFUNCTION, &DiscardBody);
  set(CURLOPT_ERRORBUFFER, transfer->error_buffer);
  set(CURLOPT_PRIVATE, static_cast<void*>(transfer.get()));
  if (setup != CURLE_OK) {
    failed_setup_.push_back({transfer->delivery_id, false, curl_easy_strerror(setup)});
    return;
  }
  if (const CURLMcode added = curl_multi_add_handle(Multi(multi_), easy); added != CURLM_OK) {
    failed_setup_.push_back({transfer->delivery_id, false, curl_multi_strerror(added)});
    return;
  }
  transfers_.emplace(easy, std::move(transfer));
}

std::vector<RequestOutcome> CurlMultiSender::Perform(std::chrono::milliseconds wait) {
  std::vector<RequestOutcome> finished = std::move(failed_setup_);
  failed_setup_.clear();
  int running = 0;
  curl_multi_perform(Multi(multi_), &running);
  if (finished.empty() && running == static_cast<int>(transfers_.size())) {
    // Nothing finished yet: sleep until a socket is ready, a libcurl timer is due, `wait`
    // passes or Wakeup() is called, whichever is first.
    curl_multi_poll(Multi(multi_), nullptr, 0, static_cast<int>(wait.count()), nullptr);
    curl_multi_perform(Multi(multi_), &running);
  }
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(Multi(multi_), &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const auto it = transfers_.find(easy);
    if (it == transfers_.end()) continue;
    Transfer& transfer = *it->second;
    RequestOutcome outcome{transfer.delivery_id, false, {}};
    const CURLcode code = message->data.result;
    if (code == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      outcome.delivered = status >= 200 && status < 300;
      if (!outcome.delivered) outcome.error = "http " + std::to_string(status);
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
      outcome.error = "timeout";
    } else {
      // libcurl's messages name the host and the reason, never the body or the URL's query.
      outcome.error = transfer.error_buffer[0] != '\0' ? transfer.error_buffer : curl_easy_strerror(code);
    }
    finished.push_back(std::move(outcome));
    Remove(easy);
  }
  return finished;
}

std::vector<std::int64_t> CurlMultiSender::AbandonAll() {
  std::vector<std::int64_t> abandoned;
  for (const RequestOutcome& outcome : failed_setup_) abandoned.push_back(outcome.delivery_id);
  failed_setup_.clear();
  while (!transfers_.empty()) {
    abandoned.push_back(transfers_.begin()->second->delivery_id);
    Remove(transfers_.begin()->first);
  }
  return abandoned;
}

void CurlMultiSender::Remove(void* easy) {
  curl_multi_remove_handle(Multi(multi_), static_cast<CURL*>(easy));
  transfers_.erase(easy);  // ~Transfer cleans up the easy handle after it left the multi
}

void CurlMultiSender::Wakeup() { curl_multi_wakeup(Multi(multi_)); }

}  // namespace ordo::events::detail
