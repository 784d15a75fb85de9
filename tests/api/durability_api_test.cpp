// Graceful and crash-safe (issue #2, item 8): under load, SIGTERM drains and exits 0, SIGKILL
// loses nothing that was acknowledged; after a restart every order that got a 2xx is there,
// exactly once.
#include <gmock/gmock.h>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "api_fixture.hpp"

namespace ordo::api::testing {
namespace {

// Posts orders from `clients` threads until the server goes away; returns the external ids
// that were acknowledged with a 2xx.
class IngestLoad {
 public:
  IngestLoad(std::uint16_t port, const std::string& token, int clients) {
    for (int client_idx = 0; client_idx < clients; ++client_idx) {
      threads_.emplace_back([this, port, token, client_idx] {
        HttpClient client(port, token);
        for (int order_idx = 0; !stop_; ++order_idx) {
          const std::string external_id = "LOAD-" + std::to_string(client_idx) + "-" + std::to_string(order_idx);
          const HttpResponse response = client.Post("/api/v1/orders", OrderJson(external_id));
          if (response.status == 0) break;  // the server is gone
          if (response.status / 100 == 2) {
            std::lock_guard lock(mutex_);
            acknowledged_.push_back(external_id);
          }
        }
      });
    }
  }
  std::size_t AcknowledgedSoFar() {
    std::lock_guard lock(mutex_);
    return acknowledged_.size();
  }
  std::vector<std::string> Join() {
    for (std::thread& thread : threads_) thread.join();
    return acknowledged_;
  }
  void Stop() { stop_ = true; }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<std::string> acknowledged_;
  std::vector<std::thread> threads_;
};

void WaitForAcknowledged(IngestLoad& load, std::size_t count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (load.AcknowledgedSoFar() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void ExpectEachExactlyOnce(const std::vector<std::string>& acknowledged, const std::vector<rapidjson::Document>& orders) {
  std::map<std::string, int> stored;
  for (const rapidjson::Document& order : orders) ++stored[order["external_id"].GetString()];
  std::size_t missing = 0;
  for (const std::string& external_id : acknowledged) {
    if (stored[external_id] != 1) ++missing;
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged orders";
  for (const auto& [external_id, count] : stored) EXPECT_EQ(count, 1) << external_id;
}

TEST_F(ApiTest, SigtermUnderLoadExitsZeroAndKeepsEveryAcknowledgedOrder) {
  IngestLoad load(port(), client().bearer(), 8);
  WaitForAcknowledged(load, 300);
  EXPECT_EQ(server().StopWith(SIGTERM), 0);
  load.Stop();
  const std::vector<std::string> acknowledged = load.Join();
  ASSERT_GT(acknowledged.size(), 0u);
  RestartServer();
  ExpectEachExactlyOnce(acknowledged, AllOrders());
}

TEST_F(ApiTest, SigkillUnderLoadLosesNoAcknowledgedOrder) {
  IngestLoad load(port(), client().bearer(), 8);
  WaitForAcknowledged(load, 300);
  EXPECT_EQ(server().StopWith(SIGKILL), 128 + SIGKILL);
  load.Stop();
  const std::vector<std::string> acknowledged = load.Join();
  ASSERT_GT(acknowledged.size(), 0u);
  RestartServer();
  ExpectEachExactlyOnce(acknowledged, AllOrders());
}

}  // namespace
}  // namespace ordo::api::testing
