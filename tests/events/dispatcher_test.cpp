// The dispatcher end to end: a real SQLite store in a temp dir, orders ingested to make outbox
// rows, and a real HTTP receiver on 127.0.0.1 that succeeds, fails, redirects or hangs.
// Intervals are tens of milliseconds; every wait polls a condition with a deadline, and no
// assertion is about how long something took.
#include "events/dispatcher.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json.hpp"
#include "events/signature.hpp"
#include "order/order_json.hpp"
#include "webhook_receiver.hpp"

namespace ordo::events {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Reply;
using testing::WebhookReceiver;

constexpr const char* kSecret = "whsec_dispatcher_test";

// Always the longest jitter, so the delays are known; records the ceilings it was asked for.
class RecordingRandom final : public RandomSource {
 public:
  std::int64_t UniformInclusive(std::int64_t /*low*/, std::int64_t high) override {
    std::lock_guard lock(mutex_);
    ceilings_.push_back(high);
    return high;
  }
  std::vector<std::int64_t> ceilings() const {
    std::lock_guard lock(mutex_);
    return ceilings_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::int64_t> ceilings_;
};

bool WaitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds limit = std::chrono::seconds(15)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

std::string OrderJson(const std::string& external_id) {
  return R"({"channel": "api", "external_id": ")" + external_id + R"(", "currency": "CNY",
    "status": "paid", "customer_ref": "c-1", "created_at": "2026-11-20T10:00:00+08:00",
    "lines": [{"sku": "TEA-001", "title": "龙井茶 250g", "qty": 2, "unit_price": 12800, "line_total": 25600}],
    "shipping_address": {"name": "测试", "phone": "13800000000", "province": "浙江省", "city": "杭州市",
                         "district": "西湖区", "street": "测试路 1 号", "postcode": "310000"},
    "totals": {"items": 25600, "shipping": 0, "discount": 0, "tax": 0, "grand_total": 25600}})";
}

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/ordo-events-XXXXXX";
    ASSERT_NE(::mkdtemp(dir_template), nullptr);
    dir_ = dir_template;
    auto store = store::Store::Open({.url = "sqlite:" + dir_ + "/t.db"});
    ASSERT_TRUE(store.has_value()) << store.error().detail;
    store_ = std::move(store).value();
    receiver_ = std::make_unique<WebhookReceiver>(kSecret);
    ASSERT_TRUE(receiver_->Start());
  }

  void TearDown() override {
    dispatcher_.reset();
    receiver_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Fast enough for tests, slow enough that a 2-core machine under load keeps up.
  DispatcherOptions FastOptions() {
    DispatcherOptions options;
    options.poll_interval = std::chrono::milliseconds(20);
    options.batch_size = 16;
    options.connect_timeout = std::chrono::milliseconds(1'000);
    options.request_timeout = std::chrono::milliseconds(1'000);
    options.max_attempts = 5;
    options.backoff_base = std::chrono::milliseconds(20);
    options.backoff_cap = std::chrono::milliseconds(80);
    options.lease = std::chrono::milliseconds(3'000);
    options.stop_grace = std::chrono::milliseconds(2'000);
    options.random = &random_;
    return options;
  }

  void StartDispatcher(const DispatcherOptions& options) {
    dispatcher_ = std::make_unique<Dispatcher>(*store_, options);
    const core::Status started = dispatcher_->Start();
    ASSERT_TRUE(started.has_value()) << started.error().detail;
  }

  store::WebhookSubscription Subscribe(const std::string& url, const std::string& secret = kSecret) {
    store::WebhookSubscription subscription;
    subscription.url = url;
    subscription.event_types = {"*"};
    subscription.secret = secret;
    auto created = store_->CreateWebhookSync(subscription);
    EXPECT_TRUE(created.has_value()) << created.error().detail;
    return created.has_value() ? created.value() : subscription;
  }

  void IngestOrder(const std::string& external_id) {
    auto parsed = order::ParseOrder(OrderJson(external_id), {}, 1'795'000'000'000);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().detail;
    std::vector<store::IngestItem> items;
    items.push_back({std::move(parsed).value(), "", core::SystemActor()});
    const auto results = store_->IngestSync(std::move(items));
    ASSERT_EQ(results.size(), 1u);
    ASSERT_TRUE(results[0].has_value()) << results[0].error().detail;
  }

  std::vector<store::Delivery> Deliveries(store::DeliveryState state) {
    auto listed = store_->ListDeliveries(state, 500);
    EXPECT_TRUE(listed.has_value()) << listed.error().detail;
    return listed.has_value() ? listed.value() : std::vector<store::Delivery>{};
  }

  bool WaitForDeliveries(store::DeliveryState state, std::size_t count) {
    return WaitUntil([&] { return Deliveries(state).size() >= count; });
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<WebhookReceiver> receiver_;
  RecordingRandom random_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherTest, DeliversExactlyOnceWhenTheReceiverSucceeds) {
  Subscribe(receiver_->Url());
  StartDispatcher(FastOptions());
  IngestOrder("E-1");

  ASSERT_TRUE(WaitForDeliveries(store::DeliveryState::kDelivered, 1));
  dispatcher_->Stop();  // nothing is in flight after Stop: the counts below are final

  EXPECT_EQ(receiver_->Count(), 1u);
  EXPECT_TRUE(Deliveries(store::DeliveryState::kPending).empty());
  const DispatcherStats stats = dispatcher_->Stats();
  EXPECT_EQ(stats.delivered, 1u);
  EXPECT_EQ(stats.failed, 0u);
  EXPECT_EQ(stats.in_flight, 0);
}

TEST_F(DispatcherTest, DeliversEachEventToEachSubscriptionOnceWhenManyAreDue) {
  WebhookReceiver second("whsec_second");
  ASSERT_TRUE(second.Start());
  Subscribe(receiver_->Url());
  Subscribe(second.Url(), "whsec_second");
  for (int order_idx = 0; order_idx < 10; ++order_idx) IngestOrder("M-" + std::to_string(order_idx));
  StartDispatcher(FastOptions());

  ASSERT_TRUE(WaitForDeliveries(store::DeliveryState::kDelivered, 20));
  dispatcher_->Stop();

  std::set<std::string> delivery_ids;
  for (WebhookReceiver* receiver : {receiver_.get(), &second}) {
    for (const auto& request : receiver->Requests()) {
      EXPECT_TRUE(request.signature_ok);
      EXPECT_TRUE(delivery_ids.insert(request.Header("x-ordo-delivery")).second)
          << "delivery " << request.Header("x-ordo-delivery") << " arrived twice";
    }
  }
  EXPECT_EQ(delivery_ids.size(), Deliveries(store::DeliveryState::kDelivered).size());
  EXPECT_EQ(dispatcher_->Stats().delivered, delivery_ids.size());
}

TEST_F(DispatcherTest, SignsWithTheSubscriptionSecretAndNamesEventAndDelivery) {
  Subscribe(receiver_->Url());
  StartDispatcher(FastOptions());
  IngestOrder("S-1");
  ASSERT_TRUE(WaitForDeliveries(store::DeliveryState::kDelivered, 1));
  dispatcher_->Stop();

  const auto requests = receiver_->Requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& request = requests[0];
  const store::Delivery delivery = Deliveries(store::DeliveryState::kDelivered).at(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/hooks");
  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_EQ(request.Header("x-ordo-event"), delivery.event_type);
  EXPECT_EQ(request.Header("x-ordo-delivery"), std::to_string(delivery.id));
  EXPECT_THAT(request.Header("user-agent"), HasSubstr("Ordo-Webhooks"));
  EXPECT_EQ(request.body, delivery.payload_json);
  EXPECT_TRUE(request.signature_ok);
  // The same header checked independently of the receiver, and refused with another secret.
  const std::int64_t now = std::time(nullptr);
  EXPECT_TRUE(VerifySignature(request.Header("x-ordo-signature"), kSecret, request.body, now).has_value());
  EXPECT_FALSE(VerifySignature(request.Header("x-ordo-signature"), "whsec_wrong", request.body, now).has_value());
}

TEST_F(DispatcherTest, PayloadIdentifiesTheOrderAndCarriesNoPersonalData) {
  Subscribe(receiver_->Url());
  StartDispatcher(FastOptions());
  IngestOrder("N-1");
  ASSERT_TRUE(WaitForDeliveries(store::DeliveryState::kDelivered, 1));
  dispatcher_->Stop();

  const auto requests = receiver_->Requests();
  ASSERT_EQ(requests.size(), 1u);
  rapidjson::Document payload;
  ASSERT_TRUE(core::ParseJson(requests[0].body, payload).has_value());
  ASSERT_TRUE(payload.IsObject());
  EXPECT_EQ(core::AsView(payload["type"]), "order.created");
  EXPECT_TRUE(payload["occurred_at"].IsString());
  const rapidjson::Value& order = payload["order"];
  EXPECT_TRUE(order["id"].IsInt64());
  EXPECT_EQ(core::AsView(order["channel"]), "api");
  EXPECT_EQ(core::AsView(order["external_id"]), "N-1");
  EXPECT_EQ(core::AsView(order["status"]), "paid");
  EXPECT_EQ(order["grand_total"].GetInt64(), 25600);
  for (const char* personal : {"13800000000", "测试", "测试路", "c-1"}) {
    EXPECT_THAT(requests[0].body, ::testing::Not(HasSubstr(personal))) << personal;
  }
}

TEST_F(DispatcherTest, RetriesWithBackoffAfterTransientFailuresThenDelivers) {
  receiver_->Script({Reply::kFail, Reply::kFail}, Reply::kOk);
  Subscribe(receiver_->Url());
  StartDispatcher(FastOptions());
  IngestOrder("R-1");

  ASSERT_TRUE(WaitForDeliveries(store::DeliveryState::kDelivered, 1));
  dispatcher_->Stop();

  const auto requests = receiver_->Requests();
  ASSERT_EQ(requests.size(), 3u);
  for (const auto& request : requests) {
    EXPECT_EQ(request.Header("x-ordo-delivery"), requests[0].Header("x-ordo-delivery"));
    EXPECT_TRUE(request.signature_ok);
  }
  // The retry delays came from the backoff: ceilings base, 2 × base.
  EXPECT_THAT(random_.ceilings(), ElementsAre(20, 40));
  const DispatcherStats stats = dispatcher_->Stats();
  EXPECT_EQ(stats.failed, 2u);
  EXPECT_EQ(stats.delivered, 1u);
  EXPECT_EQ(stats.dead, 0u);
}

TEST_F(DispatcherTest, ParksADeadLetterAfterMaxAttemptsAndDeliversItOnReplay) {
  receiver_->Script({}, Reply::kFail);
  Subscribe(receiver_->Url());
  DispatcherOptions options = FastOptions();
  options.max_attempts = 3;
  StartDispatcher(options);
  IngestOrder("D-1");

  ASSERT_TRUE(WaitForDeliveries(store::DeliveryState::kDead, 1));
  const store::Delivery dead = Deliveries(store::DeliveryState::kDead).at(0);
  EXPECT_EQ(dead.attempts, 3);
  EXPECT_THAT(dead.last_error, HasSubstr("500"));
  EXPECT_EQ(receiver_->Count(), 3u);
  EXPECT_EQ(dispatcher_->Stats().dead, 1u);

  receiver_->SetFallback(Reply::kOk);
  ASSERT_TRUE(store_->ReplayDelivery(dead.id).has_value());
  ASSERT_TRUE(WaitForDeliveries(store::DeliveryState::kDelivered, 1));
  dispatcher_->Stop();

  EXPECT_EQ(receiver_->Count(), 4u);
  EXPECT_EQ(receiver_->Requests().back().Header("x-ordo-delivery"), std::to_string(dead.id));
  EXPECT_TRUE(Deliveries(store::DeliveryState::kDead).empty());
}

TEST_F(DispatcherTest, ReplayOfADeliveryThatIsNotDeadIsNotFound) {
  const core::Status replayed = store_->ReplayDelivery(424242);
  ASSERT_FALSE(replayed.has_value());
  EXPECT_EQ(replayed.error().code, core::ErrorCode::kNotFound);
}

TEST_F(DispatcherTest, ATimeoutCountsAsAFailedAttempt) {
  receiver_->Script({}, Reply::kHang);
  Subscribe(receiver_->Url());
  DispatcherOptions options = FastOptions();
  options.request_timeout = std::chrono::milliseconds(200);
  options.max_attempts = 1;
  StartDispatcher(options);
  IngestOrder("T-1");

  ASSERT_TRUE(WaitForDeliveries(store::DeliveryState::kDead, 1));
  EXPECT_THAT(Deliveries(store::DeliveryState::kDead).at(0).last_error, HasSubstr("timeout"));
  const DispatcherStats stats = dispatcher_->Stats();
  EXPECT_EQ(stats.failed, 1u);
  EXPECT_EQ(stats.dead, 1u);
  EXPECT_EQ(stats.delivered, 0u);
}

TEST_F(DispatcherTest, KeepsGoingWhenEverySlotIsTakenByASlowReceiver) {
  receiver_->Script({Reply::kHang, Reply::kHang}, Reply::kOk);
  Subscribe(receiver_->Url());
  DispatcherOptions options = FastOptions();
  options.batch_size = 2;
  options.request_timeout = std::chrono::milliseconds(300);
  options.lease = std::chrono::milliseconds(1'000);
  for (int order_idx = 0; order_idx < 3; ++order_idx) IngestOrder("B-" + std::to_string(order_idx));
  StartDispatcher(options);

  ASSERT_TRUE(WaitForDeliveries(store::DeliveryState::kDelivered, 3));
  dispatcher_->Stop();
  const DispatcherStats stats = dispatcher_->Stats();
  EXPECT_EQ(stats.delivered, 3u);
  EXPECT_EQ(stats.failed, 2u);  // the two that hung timed out, then went through on retry
  EXPECT_EQ(receiver_->Count(), 5u);
}

TEST_F(DispatcherTest, DoesNotFollowRedirects) {
  receiver_->Script({}, Reply::kRedirect);
  Subscribe(receiver_->Url());
  DispatcherOptions options = FastOptions();
  options.max_attempts = 1;
  StartDispatcher(options);
  IngestOrder("X-1");

  ASSERT_TRUE(WaitForDeliveries(store::DeliveryState::kDead, 1));
  dispatcher_->Stop();
  EXPECT_THAT(Deliveries(store::DeliveryState::kDead).at(0).last_error, HasSubstr("302"));
  ASSERT_EQ(receiver_->Count(), 1u);  // /elsewhere was never asked
  EXPECT_EQ(receiver_->Requests()[0].target, "/hooks");
}

TEST_F(DispatcherTest, SendsOnlyOverHttpOrHttps) {
  Subscribe("file://" + dir_ + "/t.db");
  DispatcherOptions options = FastOptions();
  options.max_attempts = 1;
  StartDispatcher(options);
  IngestOrder("P-1");

  ASSERT_TRUE(WaitForDeliveries(store::DeliveryState::kDead, 1));
  EXPECT_FALSE(Deliveries(store::DeliveryState::kDead).at(0).last_error.empty());
  EXPECT_EQ(dispatcher_->Stats().delivered, 0u);
}

TEST_F(DispatcherTest, StopAbandonsAHangingRequestWhichIsResentAfterItsLease) {
  receiver_->Script({Reply::kHang}, Reply::kOk);
  Subscribe(receiver_->Url());
  DispatcherOptions options = FastOptions();
  options.request_timeout = std::chrono::milliseconds(1'000);
  options.lease = std::chrono::milliseconds(1'200);
  options.stop_grace = std::chrono::milliseconds(50);
  StartDispatcher(options);
  IngestOrder("H-1");

  ASSERT_TRUE(WaitUntil([&] { return receiver_->Count() == 1; }));
  dispatcher_->Stop();
  DispatcherStats stats = dispatcher_->Stats();
  EXPECT_EQ(stats.abandoned, 1u);
  EXPECT_EQ(stats.in_flight, 0);
  EXPECT_EQ(stats.failed, 0u);  // abandoned is not an attempt that failed
  ASSERT_EQ(Deliveries(store::DeliveryState::kPending).size(), 1u);

  // A new dispatcher (a restart, or another node) sends it again once the lease ran out.
  StartDispatcher(FastOptions());
  ASSERT_TRUE(WaitForDeliveries(store::DeliveryState::kDelivered, 1));
  dispatcher_->Stop();
  const auto requests = receiver_->Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].Header("x-ordo-delivery"), requests[1].Header("x-ordo-delivery"));
}

TEST_F(DispatcherTest, StopWaitsForInFlightRequestsWithinTheGrace) {
  Subscribe(receiver_->Url());
  StartDispatcher(FastOptions());
  IngestOrder("G-1");
  ASSERT_TRUE(WaitUntil([&] { return receiver_->Count() == 1; }));
  dispatcher_->Stop();
  // The request had reached the receiver; Stop let it finish and recorded it.
  EXPECT_EQ(dispatcher_->Stats().abandoned, 0u);
  EXPECT_EQ(Deliveries(store::DeliveryState::kDelivered).size(), 1u);
}

TEST_F(DispatcherTest, StartRefusesBadOptionsAndASecondStart) {
  DispatcherOptions bad = FastOptions();
  bad.lease = bad.request_timeout;
  Dispatcher refused(*store_, bad);
  const core::Status refused_start = refused.Start();
  ASSERT_FALSE(refused_start.has_value());
  EXPECT_EQ(refused_start.error().code, core::ErrorCode::kInvalidArgument);

  StartDispatcher(FastOptions());
  const core::Status second_start = dispatcher_->Start();
  ASSERT_FALSE(second_start.has_value());
  EXPECT_EQ(second_start.error().code, core::ErrorCode::kConflict);
  dispatcher_->Stop();
  dispatcher_->Stop();  // idempotent
}

}  // namespace
}  // namespace ordo::events
