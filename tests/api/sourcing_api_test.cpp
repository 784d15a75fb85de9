// Inventory and sourcing over real HTTP (issue 6): locations, carrier rates, stock with its
// ledger, the sourcing worker of `ordo serve`, reservations that never oversell (one process
// on SQLite; two processes on one PostgreSQL database in api_pgtest), failover when a
// warehouse closes, cancel/ship effects on stock, and the explanation of each decision.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "api_fixture.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;

// Shanghai and Hangzhou warehouses, a Guangzhou one as the far fallback.
constexpr const char* kWarehouseShanghai = R"({"id":"WH-SH","name":"上海嘉定仓","kind":"warehouse",
  "province_code":"310000","city_code":"310100","district_code":"310114","daily_capacity":100000,
  "cutoff":"23:59","backup_location_id":"WH-HZ","fulfilment":["ship"]})";
constexpr const char* kWarehouseHangzhou = R"({"id":"WH-HZ","name":"杭州余杭仓","kind":"warehouse",
  "province_code":"330000","city_code":"330100","district_code":"330110","daily_capacity":100000,
  "cutoff":"23:59","fulfilment":["ship"]})";
constexpr const char* kWarehouseGuangzhou = R"({"id":"WH-GZ","name":"广州白云仓","kind":"warehouse",
  "province_code":"440000","city_code":"440100","district_code":"440111","daily_capacity":100000,
  "cutoff":"23:59","fulfilment":["ship"]})";

// ZTO standard to Zhejiang (the orders' destination): cheapest from Hangzhou, then Shanghai,
// then Guangzhou.
constexpr const char* kRates = R"({"rates":[
  {"carrier":"zto","service_level":"standard","origin_province":"330000","destination_province":"330000",
   "weight_grams":{"over":0,"up_to":20000},"transit_days":1,"cost":600},
  {"carrier":"zto","service_level":"standard","origin_province":"310000","destination_province":"330000",
   "weight_grams":{"over":0,"up_to":20000},"transit_days":1,"cost":800},
  {"carrier":"zto","service_level":"standard","origin_province":"440000","destination_province":"330000",
   "weight_grams":{"over":0,"up_to":20000},"transit_days":3,"cost":1400}]})";

std::string WithSku(std::string order_json, const std::string& sku) {
  const std::string from = R"("sku":"SKU-1")";
  const std::size_t at = order_json.find(from);
  EXPECT_NE(at, std::string::npos);
  if (at != std::string::npos) order_json.replace(at, from.size(), R"("sku":")" + sku + R"(")");
  return order_json;
}

std::string OneUnitOrder(const std::string& external_id, const std::string& sku) {
  OrderSpec spec;
  spec.qty = 1;
  return WithSku(OrderJson(external_id, spec), sku);
}

class SourcingApiTest : public ApiTest {
 protected:
  void SetUp() override {
    // 1,000 orders from one principal in a second: no request limit for these tests.
    server_args_ = {"--rate-limit-rps", "0", "--sourcing-idle-ms", "50"};
    ApiTest::SetUp();
  }

  void Expect(const HttpResponse& response, int status) {
    EXPECT_EQ(response.status, status) << response.body;
  }

  void SetUpNetwork(HttpClient& http) {
    for (const char* location : {kWarehouseHangzhou, kWarehouseGuangzhou, kWarehouseShanghai}) {  // backup first
      Expect(http.Post("/api/v1/locations", location), 201);
    }
    Expect(http.Send("PUT", "/api/v1/carrier-rates", kRates), 200);
  }

  HttpResponse PutStock(HttpClient& http, const std::string& key, const std::string& body) {
    return http.Send("PUT", "/api/v1/stock", body, {{"Idempotency-Key", key}});
  }

  // The stock row of (sku, location) as the API shows it.
  rapidjson::Document StockRow(HttpClient& http, const std::string& sku, const std::string& location) {
    const HttpResponse got = http.Get("/api/v1/stock?sku=" + sku + "&location_id=" + location);
    EXPECT_EQ(got.status, 200) << got.body;
    rapidjson::Document doc = ParseBody(got.body);
    rapidjson::Document row;
    if (doc.IsObject() && doc.HasMember("items") && doc["items"].Size() == 1) {
      row.CopyFrom(doc["items"][0], row.GetAllocator());
    } else {
      ADD_FAILURE() << "no single stock row for " << sku << "@" << location << ": " << got.body;
    }
    return row;
  }

  std::map<std::string, int> StatusCounts() {
    std::map<std::string, int> counts;
    for (const rapidjson::Document& order : AllOrders()) ++counts[order["status"].GetString()];
    return counts;
  }

  // Waits (up to 120 s) until no order is `paid` any more: the worker has decided them all.
  bool WaitUntilNonePaid() {
    for (int i = 0; i < 1200; ++i) {
      const HttpResponse page = client().Get("/api/v1/orders?status=paid&limit=1");
      if (page.status == 200 && ParseBody(page.body)["items"].Size() == 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  rapidjson::Document LedgerCheck() {
    const HttpResponse check = client().Get("/api/v1/stock/check");
    EXPECT_EQ(check.status, 200) << check.body;
    return ParseBody(check.body);
  }

  // POSTs `count` one-unit orders of `sku`, from `threads` clients spread over `ports`.
  void PostOrders(int count, const std::string& sku, const std::string& prefix, const std::vector<std::uint16_t>& ports,
                  int threads = 8) {
    std::atomic<int> next{0};
    std::atomic<int> created{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        HttpClient http(ports[static_cast<std::size_t>(t) % ports.size()], admin_token_);
        for (int i; (i = next.fetch_add(1)) < count;) {
          const HttpResponse posted = http.Post("/api/v1/orders", OneUnitOrder(prefix + std::to_string(i), sku));
          if (posted.status == 201) ++created;
          else ADD_FAILURE() << posted.status << " " << posted.body;
        }
      });
    }
    for (std::thread& worker : workers) worker.join();
    EXPECT_EQ(created.load(), count);
  }
};

TEST_F(SourcingApiTest, LocationsCarriersAndStockAreValidatedVersionedAndLedgered) {
  SetUpNetwork(client());
  // Bad input: 422 naming the field, nothing written.
  const HttpResponse bad = client().Post("/api/v1/locations", R"({"id":"WH-X","name":"x","kind":"warehouse",
    "province_code":"999999","city_code":"310100","daily_capacity":10,"cutoff":"16:00","fulfilment":["ship"]})");
  Expect(bad, 422);
  EXPECT_THAT(bad.body, HasSubstr("/province_code"));
  Expect(client().Get("/api/v1/locations/WH-X"), 404);
  Expect(client().Post("/api/v1/locations", kWarehouseShanghai), 409);

  const HttpResponse listed = client().Get("/api/v1/locations");
  Expect(listed, 200);
  EXPECT_EQ(ParseBody(listed.body)["items"].Size(), 3u);
  const HttpResponse rates = client().Get("/api/v1/carrier-rates");
  Expect(rates, 200);
  EXPECT_EQ(ParseBody(rates.body)["rates"].Size(), 3u);

  // Absolute count, idempotent: the same key and body answer the first outcome again.
  const std::string count = R"({"changes":[{"sku":"MUG","location_id":"WH-HZ","on_hand":40,"safety_stock":5}]})";
  Expect(PutStock(client(), "count-1", count), 200);
  const HttpResponse replay = PutStock(client(), "count-1", count);
  Expect(replay, 200);
  EXPECT_TRUE(ParseBody(replay.body)["replayed"].GetBool());
  Expect(PutStock(client(), "count-1", R"({"changes":[{"sku":"MUG","location_id":"WH-HZ","on_hand":41}]})"), 409);
  Expect(client().Send("PUT", "/api/v1/stock", count), 400);  // no Idempotency-Key
  // Delta: a receipt of 10.
  Expect(client().Send("PATCH", "/api/v1/stock",
                       R"({"changes":[{"sku":"MUG","location_id":"WH-HZ","delta":10,"cause":"receipt"}]})",
                       {{"Idempotency-Key", "receipt-1"}}),
         200);
  // Shrinkage below zero is refused and changes nothing.
  const HttpResponse negative = client().Send(
      "PATCH", "/api/v1/stock", R"({"changes":[{"sku":"MUG","location_id":"WH-HZ","delta":-51}]})",
      {{"Idempotency-Key", "shrink-1"}});
  Expect(negative, 422);
  const rapidjson::Document row = StockRow(client(), "MUG", "WH-HZ");
  EXPECT_EQ(row["on_hand"].GetInt64(), 50);
  EXPECT_EQ(row["available"].GetInt64(), 45);
  // CSV upload with Chinese headers.
  Expect(client().Post("/api/v1/stock/upload", "库存编码,仓库编码,库存数量\nMUG,WH-SH,7\nCUP,WH-SH,3\n",
                       {{"Content-Type", "text/csv"}, {"Idempotency-Key", "csv-1"}}),
         200);
  EXPECT_EQ(StockRow(client(), "CUP", "WH-SH")["on_hand"].GetInt64(), 3);
  const HttpResponse ledger = client().Get("/api/v1/stock/ledger?sku=MUG");
  Expect(ledger, 200);
  EXPECT_EQ(ParseBody(ledger.body)["items"].Size(), 3u);  // count, receipt, csv
  EXPECT_EQ(LedgerCheck()["mismatches"].Size(), 0u);
}

TEST_F(SourcingApiTest, OrdersAreSourcedExplainedAndTheirStockFollowsCancelAndShipment) {
  SetUpNetwork(client());
  Expect(PutStock(client(), "s1", R"({"changes":[{"sku":"MUG","location_id":"WH-HZ","on_hand":10},
    {"sku":"MUG","location_id":"WH-SH","on_hand":10}]})"), 200);
  const HttpResponse created = client().Post("/api/v1/orders", WithSku(OrderJson("src-1"), "MUG"));
  Expect(created, 201);
  const std::int64_t id = ParseBody(created.body)["id"].GetInt64();
  ASSERT_TRUE(WaitUntilNonePaid());
  const HttpResponse sourcing = client().Get("/api/v1/orders/" + std::to_string(id) + "/sourcing");
  Expect(sourcing, 200);
  const rapidjson::Document explained = ParseBody(sourcing.body);
  EXPECT_STREQ(explained["state"].GetString(), "allocated");
  EXPECT_STREQ(explained["allocations"][0]["location_id"].GetString(), "WH-HZ");  // the cheapest lane
  EXPECT_THAT(sourcing.body, HasSubstr("runners_up"));
  EXPECT_EQ(StockRow(client(), "MUG", "WH-HZ")["reserved"].GetInt64(), 2);
  // The timeline names the decision.
  const HttpResponse timeline = client().Get("/api/v1/orders/" + std::to_string(id) + "/timeline");
  EXPECT_THAT(timeline.body, HasSubstr("allocated"));
  EXPECT_THAT(timeline.body, HasSubstr("new_order"));

  // Cancel releases.
  Expect(client().Post("/api/v1/orders/" + std::to_string(id) + "/transitions", R"({"to":"cancelled","reason":"buyer"})"), 200);
  EXPECT_EQ(StockRow(client(), "MUG", "WH-HZ")["reserved"].GetInt64(), 0);

  // Shipping consumes: on hand and reserved both fall.
  const HttpResponse second = client().Post("/api/v1/orders", WithSku(OrderJson("src-2"), "MUG"));
  const std::int64_t shipped = ParseBody(second.body)["id"].GetInt64();
  ASSERT_TRUE(WaitUntilNonePaid());
  for (const char* to : {"released", "picking", "packed", "shipped"}) {
    Expect(client().Post("/api/v1/orders/" + std::to_string(shipped) + "/transitions",
                         std::string(R"({"to":")") + to + R"("})"),
           200);
  }
  const rapidjson::Document after = StockRow(client(), "MUG", "WH-HZ");
  EXPECT_EQ(after["on_hand"].GetInt64(), 8);
  EXPECT_EQ(after["reserved"].GetInt64(), 0);

  // Partial cancel releases only its line.
  OrderSpec two_lines;
  two_lines.lines = 2;
  std::string body = OrderJson("src-3", two_lines);
  Expect(PutStock(client(), "s2", R"({"changes":[{"sku":"SKU-2","location_id":"WH-HZ","on_hand":10}]})"), 200);
  const HttpResponse third = client().Post("/api/v1/orders", WithSku(body, "MUG"));
  const std::int64_t partial = ParseBody(third.body)["id"].GetInt64();
  ASSERT_TRUE(WaitUntilNonePaid());
  EXPECT_EQ(StockRow(client(), "SKU-2", "WH-HZ")["reserved"].GetInt64(), 2);
  Expect(client().Post("/api/v1/orders/" + std::to_string(partial) + "/cancel-lines", R"({"lines":[1],"reason":"缺货退款"})"), 200);
  EXPECT_EQ(StockRow(client(), "SKU-2", "WH-HZ")["reserved"].GetInt64(), 0);
  EXPECT_EQ(StockRow(client(), "MUG", "WH-HZ")["reserved"].GetInt64(), 2);
  EXPECT_EQ(LedgerCheck()["mismatches"].Size(), 0u);

  // Preview: what would happen now, nothing written.
  const HttpResponse preview = client().Post("/api/v1/sourcing/preview",
                                             R"({"order":)" + WithSku(OrderJson("preview-1"), "MUG") + "}");
  Expect(preview, 200);
  EXPECT_STREQ(ParseBody(preview.body)["outcome"].GetString(), "allocated");
  Expect(client().Get("/api/v1/orders?q=preview-1"), 200);
  EXPECT_EQ(ParseBody(client().Get("/api/v1/orders?q=preview-1").body)["items"].Size(), 0u);
}

// The issue's concurrency test: 100 units, 1,000 concurrent one-unit orders. On PostgreSQL
// (api_pgtest) they arrive through two `ordo serve` processes on the same database, each with
// its sourcing worker; on SQLite (api_test) through one process.
TEST_F(SourcingApiTest, ConcurrentOrdersNeverOversell) {
  SetUpNetwork(client());
  Expect(PutStock(client(), "stock-100", R"({"changes":[{"sku":"HOT","location_id":"WH-SH","on_hand":100}]})"), 200);
  std::vector<std::uint16_t> ports{port()};
  std::unique_ptr<ServerProcess> second;
  if (database_.url.rfind("postgresql", 0) == 0) {
    std::string error;
    second = ServerProcess::Start(database_.url, temp_dir_, error, server_args_);
    ASSERT_NE(second, nullptr) << error;
    ports.push_back(second->port());
  }
  const auto started = std::chrono::steady_clock::now();
  PostOrders(1000, "HOT", "hot-", ports);
  ASSERT_TRUE(WaitUntilNonePaid());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("[ figures ] 1000 one-unit orders through %zu process(es): posted and sourced in %.2f s\n",
              ports.size(), seconds);

  const std::map<std::string, int> counts = StatusCounts();
  EXPECT_EQ(counts.count("allocated") ? counts.at("allocated") : 0, 100);
  EXPECT_EQ(counts.count("on_hold") ? counts.at("on_hold") : 0, 900);
  int held_for_stock = 0;
  for (const rapidjson::Document& order : AllOrders()) {
    if (std::string(order["status"].GetString()) == "on_hold" && order.HasMember("hold_reason") &&
        std::string(order["hold_reason"].GetString()) == "no_stock") {
      ++held_for_stock;
    }
  }
  EXPECT_EQ(held_for_stock, 900);
  const rapidjson::Document row = StockRow(client(), "HOT", "WH-SH");
  EXPECT_EQ(row["on_hand"].GetInt64(), 100);
  EXPECT_EQ(row["reserved"].GetInt64(), 100);
  EXPECT_EQ(row["available"].GetInt64(), 0);
  const rapidjson::Document check = LedgerCheck();
  EXPECT_EQ(check["mismatches"].Size(), 0u) << check["mismatches"][0].GetString();
  const HttpResponse reserves = client().Get("/api/v1/stock/ledger?sku=HOT&limit=1000");
  int reserve_rows = 0;
  for (const auto& entry : ParseBody(reserves.body)["items"].GetArray()) {
    if (std::string(entry["cause"].GetString()) == "reserve") ++reserve_rows;
  }
  EXPECT_EQ(reserve_rows, 100);

  // Stock arrives: the oldest waiting orders are served first.
  Expect(client().Send("PATCH", "/api/v1/stock",
                       R"({"changes":[{"sku":"HOT","location_id":"WH-SH","delta":5,"cause":"receipt"}]})",
                       {{"Idempotency-Key", "receipt-hot"}}),
         200);
  for (int i = 0; i < 600 && StockRow(client(), "HOT", "WH-SH")["reserved"].GetInt64() < 105; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(StockRow(client(), "HOT", "WH-SH")["reserved"].GetInt64(), 105);
  EXPECT_EQ(StatusCounts()["allocated"], 105);
  EXPECT_EQ(LedgerCheck()["mismatches"].Size(), 0u);
}

// The issue's failover test: a warehouse holding 1,000 allocated orders closes (暴雨); every
// one is re-sourced (its backup first) or held with a reason, and the report says how long.
TEST_F(SourcingApiTest, ClosingAWarehouseResourcesEveryAllocatedOrder) {
  SetUpNetwork(client());
  // Shanghai is the only holder at first, so every order goes there.
  Expect(PutStock(client(), "sh", R"({"changes":[{"sku":"FAN","location_id":"WH-SH","on_hand":1000}]})"), 200);
  PostOrders(1000, "FAN", "fan-", {port()});
  ASSERT_TRUE(WaitUntilNonePaid());
  ASSERT_EQ(StockRow(client(), "FAN", "WH-SH")["reserved"].GetInt64(), 1000);
  // The backup (Hangzhou) can take 700, Guangzhou 200: 100 must wait.
  Expect(PutStock(client(), "backup", R"({"changes":[{"sku":"FAN","location_id":"WH-HZ","on_hand":700},
    {"sku":"FAN","location_id":"WH-GZ","on_hand":200}]})"), 200);

  const HttpResponse closed = client().Post("/api/v1/locations/WH-SH/status", R"({"status":"closed","reason":"暴雨"})");
  Expect(closed, 200);
  const rapidjson::Document report = ParseBody(closed.body);
  const auto& failover = report["failover"];
  EXPECT_EQ(failover["orders_considered"].GetInt64(), 1000);
  EXPECT_EQ(failover["reallocated"].GetInt64(), 900);
  EXPECT_EQ(failover["to_backup"].GetInt64(), 700);
  EXPECT_EQ(failover["waiting"].GetInt64(), 100);
  EXPECT_EQ(failover["failed"].GetInt64(), 0);
  std::printf("[ figures ] failover of 1000 allocated orders: %.0f ms\n", failover["elapsed_ms"].GetDouble());

  EXPECT_EQ(StockRow(client(), "FAN", "WH-SH")["reserved"].GetInt64(), 0);
  EXPECT_EQ(StockRow(client(), "FAN", "WH-HZ")["reserved"].GetInt64(), 700);
  EXPECT_EQ(StockRow(client(), "FAN", "WH-GZ")["reserved"].GetInt64(), 200);
  const std::map<std::string, int> counts = StatusCounts();
  EXPECT_EQ(counts.at("allocated"), 900);
  EXPECT_EQ(counts.at("on_hold"), 100);
  EXPECT_EQ(LedgerCheck()["mismatches"].Size(), 0u);
  // Each moved order's timeline names the cause.
  const rapidjson::Document newest = ParseBody(client().Get("/api/v1/orders?status=allocated&limit=1").body);
  const std::int64_t moved = newest["items"][0]["id"].GetInt64();
  const HttpResponse timeline = client().Get("/api/v1/orders/" + std::to_string(moved) + "/timeline");
  EXPECT_THAT(timeline.body, HasSubstr("location_closed:WH-SH"));
  EXPECT_THAT(timeline.body, HasSubstr("暴雨"));
  // Reopening affects new orders only: nothing moves back.
  Expect(client().Post("/api/v1/locations/WH-SH/status", R"({"status":"open"})"), 200);
  EXPECT_EQ(StockRow(client(), "FAN", "WH-SH")["reserved"].GetInt64(), 0);
}

}  // namespace
}  // namespace ordo::api::testing
