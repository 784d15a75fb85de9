// Issue 7's four business examples end to end over real HTTP: a business lead saves a rule set,
// simulates it on past orders, publishes it (rules.publish with a TOTP step-up), and the rules
// act through the owning modules of a real `ordo serve` — the state machine, sourcing, the
// outbox delivered to a real webhook receiver — explainably; then rolls it back.
//   1. when stock ≤ 10, alert purchasing and hide the SKU on Douyin
//   2. close ordering in a region under lockdown (and reopen it by rolling back)
//   3. when a carrier misses its SLA three days running, switch to the backup carrier
//   4. limit each buyer to N units per city while stock is low
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "api_fixture.hpp"
#include "core/time.hpp"
#include "security/encoding.hpp"
#include "security/totp.hpp"
#include "webhook_receiver.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kWarehouseHangzhou = R"({"id":"WH-HZ","name":"杭州余杭仓","kind":"warehouse",
  "province_code":"330000","city_code":"330100","district_code":"330110","daily_capacity":100000,
  "cutoff":"23:59","fulfilment":["ship"]})";

// Hangzhou ships to Zhejiang, Shanghai and Guangdong; ZTO is cheaper than YTO everywhere.
std::string Rates() {
  std::string rates = R"({"rates":[)";
  bool first = true;
  for (const char* destination : {"330000", "310000", "440000"}) {
    for (const auto& [carrier, cost] : {std::pair{"zto", 600}, std::pair{"yto", 700}}) {
      if (!first) rates += ",";
      first = false;
      rates += R"({"carrier":")" + std::string(carrier) + R"(","service_level":"standard","origin_province":"330000",)" +
               R"("destination_province":")" + destination + R"(","weight_grams":{"over":0,"up_to":20000},)" +
               R"("transit_days":1,"cost":)" + std::to_string(cost) + "}";
    }
  }
  return rates + "]}";
}

std::string Str(const rapidjson::Value& value) { return value.IsString() ? value.GetString() : std::string(); }

std::string TotpCode(const std::string& secret_base32, std::int64_t step) {
  const std::optional<std::string> raw = security::FromBase32(secret_base32);
  if (!raw) return {};
  core::Result<std::string> code = security::TotpCodeForStep(*raw, step);
  return code ? *code : std::string();
}

class RuleExamplesApiTest : public ApiTest {
 protected:
  void SetUp() override {
    server_args_ = {"--rate-limit-rps", "0", "--sourcing-idle-ms", "50", "--rules-idle-ms", "50"};
    ApiTest::SetUp();
    if (HasFailure() || IsSkipped()) return;
    // The admin's TOTP activation counts as a step-up for five minutes: enough to publish.
    const HttpResponse enrolled = client().Post("/api/v1/me/totp/enroll", "");
    ASSERT_EQ(enrolled.status, 200) << enrolled.body;
    const std::string secret = Str(ParseBody(enrolled.body)["secret"]);
    const std::int64_t step = security::TotpStepAt(core::SystemClock().Now());
    ASSERT_EQ(client().Post("/api/v1/me/totp/activate", R"({"code":")" + TotpCode(secret, step) + R"("})").status, 200);
    Expect(client().Post("/api/v1/locations", kWarehouseHangzhou), 201);
    Expect(client().Send("PUT", "/api/v1/carrier-rates", Rates()), 200);
  }

  void Expect(const HttpResponse& response, int status) { EXPECT_EQ(response.status, status) << response.body; }

  void SetStock(const std::string& sku, std::int64_t on_hand) {
    Expect(client().Send("PUT", "/api/v1/stock",
                         R"({"changes":[{"sku":")" + sku + R"(","location_id":"WH-HZ","on_hand":)" +
                             std::to_string(on_hand) + "}]}",
                         {{"Idempotency-Key", "stock-" + sku + "-" + std::to_string(++stock_changes_)}}),
           200);
  }

  // Saves `ruleset` as the next version of `id`, simulates it over every order so far, publishes
  // it; the simulation report.
  rapidjson::Document SaveSimulatePublish(const std::string& id, std::int64_t version, const std::string& ruleset) {
    const HttpResponse saved = client().Post("/api/v1/rulesets/" + id + "/versions",
                                             R"({"based_on":)" + std::to_string(version - 1) +
                                                 R"(,"comment":"test","ruleset":)" + ruleset + "}");
    EXPECT_EQ(saved.status, 201) << saved.body;
    // The window: the last 30 days (the orders' default creation time is a week back).
    const core::UnixMillis now = core::SystemClock().Now();
    const std::string from = core::FormatRfc3339(now - 30LL * 24 * 3600 * 1000);
    const std::string to = core::FormatRfc3339(now + 60'000);
    const HttpResponse simulated = client().Post("/api/v1/rulesets/" + id + "/simulate",
                                                 R"({"version":)" + std::to_string(version) + R"(,"from":")" + from +
                                                     R"(","to":")" + to + R"("})");
    EXPECT_EQ(simulated.status, 200) << simulated.body;
    const HttpResponse published = client().Post("/api/v1/rulesets/" + id + "/publish",
                                                 R"({"version":)" + std::to_string(version) +
                                                     R"(,"expected_published":)" + std::to_string(published_[id]) + "}");
    EXPECT_EQ(published.status, 200) << published.body;
    published_[id] = version;
    return ParseBody(simulated.body);
  }

  std::int64_t PostOrder(const std::string& external_id, const std::string& sku, OrderSpec spec) {
    std::string body = OrderJson(external_id, spec);
    const std::string from = R"("sku":"SKU-1")";
    body.replace(body.find(from), from.size(), R"("sku":")" + sku + R"(")");
    const HttpResponse created = client().Post("/api/v1/orders", body);
    EXPECT_EQ(created.status, 201) << created.body;
    const rapidjson::Document doc = ParseBody(created.body);
    return doc.IsObject() && doc.HasMember("id") ? doc["id"].GetInt64() : 0;
  }

  rapidjson::Document Order(std::int64_t id) { return ParseBody(client().Get("/api/v1/orders/" + std::to_string(id)).body); }

  // Waits (up to 30 s) until the order left `paid`: the sourcing worker (and the rules before it)
  // decided it.
  std::string WaitDecided(std::int64_t id) {
    for (int i = 0; i < 300; ++i) {
      const std::string status = Str(Order(id)["status"]);
      if (status != "paid") return status;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return "paid";
  }

  // Waits (up to 30 s) until GET /rules/effects?kind=… lists (or no longer lists) `key`.
  bool WaitEffect(const std::string& kind, const std::string& key, bool present) {
    for (int i = 0; i < 300; ++i) {
      const rapidjson::Document effects = ParseBody(client().Get("/api/v1/rules/effects?kind=" + kind).body);
      bool found = false;
      for (const auto& effect : effects["items"].GetArray()) found = found || Str(effect["key"]) == key;
      if (found == present) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // Waits (up to 30 s) for the receiver to hold `count` requests of `event_type`.
  std::vector<events::testing::ReceivedRequest> WaitEvents(events::testing::WebhookReceiver& receiver,
                                                           const std::string& event_type, std::size_t count) {
    std::vector<events::testing::ReceivedRequest> matching;
    for (int i = 0; i < 300; ++i) {
      matching.clear();
      for (const auto& request : receiver.Requests()) {
        if (request.Header("x-ordo-event") == event_type) matching.push_back(request);
      }
      if (matching.size() >= count) return matching;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return matching;
  }

  void Subscribe(events::testing::WebhookReceiver& receiver, const std::string& events_json) {
    ASSERT_TRUE(receiver.Start());
    Expect(client().Post("/api/v1/webhooks", R"({"url":")" + receiver.Url() + R"(","secret":"whsec-rules-test",)" +
                                                 R"("event_types":)" + events_json + "}"),
           201);
  }

  int stock_changes_ = 0;
  std::map<std::string, std::int64_t> published_;
};

// 1. "when stock ≤ 10, alert purchasing and hide the SKU on Douyin"
TEST_F(RuleExamplesApiTest, LowStockAlertsPurchasingAndHidesTheSkuOnDouyin) {
  events::testing::WebhookReceiver receiver("whsec-rules-test");
  Subscribe(receiver, R"(["rule.notify","channel.sku_hidden","channel.sku_shown"])");
  SetStock("MUG", 12);
  SaveSimulatePublish("stock", 1, R"({"rules":[{"id":"low-stock-douyin","trigger":"stock.changed",
    "when":{"fact":"stock.available","op":"<=","value":10},
    "then":[{"action":"notify","webhook":"purchasing","template":"low-stock"},{"action":"hide_sku","channel":"douyin"}]}]})");

  SetStock("MUG", 9);
  ASSERT_TRUE(WaitEffect("hide_sku", "douyin:MUG", true));
  const auto notified = WaitEvents(receiver, "rule.notify", 1);
  ASSERT_EQ(notified.size(), 1U);
  EXPECT_THAT(notified[0].body, HasSubstr("low-stock"));
  EXPECT_THAT(notified[0].body, HasSubstr("stock:MUG"));
  EXPECT_TRUE(notified[0].signature_ok);
  EXPECT_EQ(WaitEvents(receiver, "channel.sku_hidden", 1).size(), 1U);

  // Still low: the rule keeps firing but acts once per dip (no second alert).
  SetStock("MUG", 8);
  SetStock("MUG", 30);  // restocked: the SKU shows again
  ASSERT_TRUE(WaitEffect("hide_sku", "douyin:MUG", false));
  EXPECT_EQ(WaitEvents(receiver, "channel.sku_shown", 1).size(), 1U);
  EXPECT_EQ(WaitEvents(receiver, "rule.notify", 1).size(), 1U);

  // Orders consume stock too: 21 units sold leaves 9 → hidden again, alerted again.
  OrderSpec spec;
  spec.qty = 21;
  const std::int64_t order = PostOrder("big-mug-order", "MUG", spec);
  EXPECT_EQ(WaitDecided(order), "allocated");
  ASSERT_TRUE(WaitEffect("hide_sku", "douyin:MUG", true));
  EXPECT_EQ(WaitEvents(receiver, "rule.notify", 2).size(), 2U);
}

// 2. "close ordering in a region under lockdown" — simulated on last orders, published, explained,
// then reopened by rolling back in one call.
TEST_F(RuleExamplesApiTest, LockdownClosesOrderingInARegionUntilRolledBack) {
  SetStock("TEA", 100);
  const std::string tag_rule = R"({"id":"api-orders","trigger":"order.created",
    "when":{"fact":"order.channel","op":"==","value":"api"},
    "then":[{"action":"tag","tag":"own-shop"},{"action":"set_priority","level":"high"}]})";
  SaveSimulatePublish("orders", 1, R"({"rules":[)" + tag_rule + "]}");
  OrderSpec shanghai;
  shanghai.province = "上海市";
  shanghai.city = "上海市";
  shanghai.district = "浦东新区";
  shanghai.qty = 1;
  OrderSpec zhejiang;
  zhejiang.qty = 1;
  const std::int64_t before_sh = PostOrder("before-sh", "TEA", shanghai);
  const std::int64_t before_zj = PostOrder("before-zj", "TEA", zhejiang);
  EXPECT_EQ(WaitDecided(before_sh), "allocated");
  EXPECT_EQ(WaitDecided(before_zj), "allocated");
  // set_priority reached the sourcing record (high = 2).
  const rapidjson::Document sourced = ParseBody(client().Get("/api/v1/orders/" + std::to_string(before_zj) + "/sourcing").body);
  ASSERT_TRUE(sourced.IsObject() && sourced.HasMember("priority"));
  EXPECT_EQ(sourced["priority"].GetInt64(), 2);

  const std::string lockdown = R"({"id":"lockdown-shanghai","trigger":"order.created","priority":100,
    "when":{"fact":"order.address.province_code","op":"==","value":"310000"},
    "then":[{"action":"block_ordering","region":"310000"}]})";
  const rapidjson::Document report = SaveSimulatePublish("orders", 2, R"({"rules":[)" + tag_rule + "," + lockdown + "]}");
  // The simulation replayed the two past orders: only the Shanghai one would change.
  ASSERT_TRUE(report.IsObject());
  EXPECT_EQ(report["orders"].GetInt64(), 2);
  EXPECT_EQ(report["differing"].GetInt64(), 1);
  ASSERT_GE(report["sample"].Size(), 1U);
  EXPECT_EQ(report["sample"][0]["order_id"].GetInt64(), before_sh);

  const std::int64_t during_sh = PostOrder("during-sh", "TEA", shanghai);
  const std::int64_t during_zj = PostOrder("during-zj", "TEA", zhejiang);
  EXPECT_EQ(WaitDecided(during_sh), "on_hold");
  EXPECT_EQ(Str(Order(during_sh)["hold_reason"]), "ordering_blocked: 310000");
  EXPECT_EQ(WaitDecided(during_zj), "allocated");
  EXPECT_TRUE(WaitEffect("block_ordering", "310000", true));

  // Why was it held? The firing names the rule, its version and the fact that matched.
  const HttpResponse why = client().Get("/api/v1/orders/" + std::to_string(during_sh) + "/rules");
  ASSERT_EQ(why.status, 200) << why.body;
  const rapidjson::Document explained = ParseBody(why.body);
  ASSERT_EQ(explained["firings"].Size(), 2U);  // the lockdown (priority 100) and the api rule
  const auto& firing = explained["firings"][0];
  EXPECT_EQ(Str(firing["rule_id"]), "lockdown-shanghai");
  EXPECT_EQ(firing["version"].GetInt64(), 2);
  EXPECT_EQ(Str(firing["matched"][0]["fact"]), "order.address.province_code");
  EXPECT_EQ(Str(firing["matched"][0]["actual"]), "310000");
  EXPECT_EQ(Str(firing["actions"][0]["action"]), "block_ordering");
  EXPECT_EQ(Str(explained["facts"]["order.address.province_code"]), "310000");
  EXPECT_THAT(client().Get("/api/v1/orders/" + std::to_string(during_sh) + "/timeline").body, HasSubstr("\"rules\""));

  // The lockdown ends: roll back to version 1 and lift the standing block.
  Expect(client().Post("/api/v1/rulesets/orders/rollback", R"({"version":1,"expected_published":2})"), 200);
  Expect(client().Send("DELETE", "/api/v1/rules/effects/block_ordering/310000", ""), 204);
  const std::int64_t after_sh = PostOrder("after-sh", "TEA", shanghai);
  EXPECT_EQ(WaitDecided(after_sh), "allocated");
  EXPECT_TRUE(WaitEffect("block_ordering", "310000", false));
  const rapidjson::Document after = ParseBody(client().Get("/api/v1/orders/" + std::to_string(after_sh) + "/rules").body);
  ASSERT_EQ(after["firings"].Size(), 1U);  // only version 1's rule
  EXPECT_STREQ(after["firings"][0]["rule_id"].GetString(), "api-orders");
  EXPECT_EQ(after["firings"][0]["version"].GetInt64(), 1);
}

// 3. "when a carrier misses its SLA three days running, switch to the backup carrier"
TEST_F(RuleExamplesApiTest, CarrierMissingItsSlaThreeDaysRunningIsSwitchedToTheBackup) {
  SetStock("LAMP", 1000);
  OrderSpec spec;
  spec.qty = 1;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 66; ++i) ids.push_back(PostOrder("lamp-" + std::to_string(i), "LAMP", spec));
  for (const std::int64_t id : ids) ASSERT_EQ(WaitDecided(id), "allocated");
  // History: these parcels were promised on each of the last three days and none arrived. (The
  // server's clock is real, so the promise dates are moved back rather than the clock forward.)
  const core::UnixMillis now = core::SystemClock().Now();
  const std::int64_t today = (now + 8 * 3600 * 1000) / (24 * 3600 * 1000);
  ASSERT_EQ(ExecuteSql("UPDATE order_allocations SET promised_day = " + std::to_string(today - 1) + " - (order_id % 3)"), 0);

  SaveSimulatePublish("carriers", 1, R"({"rules":[{"id":"sla-switch","trigger":"carrier.sla_daily",
    "when":{"all":[{"fact":"carrier.code","op":"==","value":"zto"},{"fact":"carrier.sla_miss_days","op":">=","value":3}]},
    "then":[{"action":"switch_carrier","from":"zto","to":"yto"}]}]})");
  const HttpResponse sla = client().Get("/api/v1/carriers/sla");
  ASSERT_EQ(sla.status, 200) << sla.body;
  EXPECT_THAT(sla.body, HasSubstr("zto"));
  const HttpResponse ran = client().Post("/api/v1/rules/run", R"({"trigger":"carrier.sla_daily"})");
  ASSERT_EQ(ran.status, 200) << ran.body;
  EXPECT_EQ(ParseBody(ran.body)["firings"].GetInt64(), 1);
  ASSERT_TRUE(WaitEffect("switch_carrier", "zto", true));

  const std::int64_t next = PostOrder("lamp-after-switch", "LAMP", spec);
  ASSERT_EQ(WaitDecided(next), "allocated");
  const HttpResponse sourced = client().Get("/api/v1/orders/" + std::to_string(next) + "/sourcing");
  ASSERT_EQ(sourced.status, 200) << sourced.body;
  EXPECT_THAT(sourced.body, HasSubstr("\"yto\""));
  EXPECT_THAT(sourced.body, ::testing::Not(HasSubstr("\"carrier\":\"zto\"")));
}

// 4. "limit each buyer to N units per city while stock is low"
TEST_F(RuleExamplesApiTest, LowStockLimitsEachBuyerPerCity) {
  SetStock("LENS", 40);
  SaveSimulatePublish("orders", 1, R"({"rules":[{"id":"scarce-limit","trigger":"order.created",
    "when":{"fact":"order.stock.min_available","op":"<=","value":50},
    "then":[{"action":"limit_quantity","max":2,"per":["buyer","city"],"window_hours":24}]}]})");
  OrderSpec hangzhou;
  hangzhou.qty = 2;
  const std::int64_t first = PostOrder("lens-1", "LENS", hangzhou);
  EXPECT_EQ(WaitDecided(first), "allocated");
  hangzhou.qty = 1;
  const std::int64_t second = PostOrder("lens-2", "LENS", hangzhou);
  EXPECT_EQ(WaitDecided(second), "on_hold");
  EXPECT_THAT(Str(Order(second)["hold_reason"]), HasSubstr("quantity_limit"));
  OrderSpec guangzhou;
  guangzhou.province = "广东省";
  guangzhou.qty = 1;
  EXPECT_EQ(WaitDecided(PostOrder("lens-3", "LENS", guangzhou)), "allocated");  // another city
  OrderSpec other_buyer;
  other_buyer.customer_ref = "cust-2";
  other_buyer.qty = 2;
  EXPECT_EQ(WaitDecided(PostOrder("lens-4", "LENS", other_buyer)), "allocated");  // another buyer

  // Plenty of stock: the rule does not fire, the same buyer buys freely.
  SetStock("LENS", 500);
  hangzhou.qty = 5;
  EXPECT_EQ(WaitDecided(PostOrder("lens-5", "LENS", hangzhou)), "allocated");
}

}  // namespace
}  // namespace ordo::api::testing
