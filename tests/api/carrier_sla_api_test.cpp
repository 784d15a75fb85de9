// GET /api/v1/carriers/sla over real HTTP on SQLite (issue 7): orders are sourced by the worker,
// shipped and delivered through the transition API; their promised days are then moved into the
// past in the database (the server runs on the real clock, so a parcel promised for tomorrow
// cannot be judged today), which makes every delivery late: three missed days running.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "api_fixture.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kWarehouse = R"({"id":"WH-HZ","name":"杭州余杭仓","kind":"warehouse",
  "province_code":"330000","city_code":"330100","district_code":"330110","daily_capacity":100000,
  "cutoff":"23:59","fulfilment":["ship"]})";
// zto is the cheaper; sf has rates but gets no parcel.
constexpr const char* kRates = R"({"rates":[
  {"carrier":"zto","service_level":"standard","origin_province":"330000","destination_province":"330000",
   "weight_grams":{"over":0,"up_to":20000},"transit_days":1,"cost":600},
  {"carrier":"sf","service_level":"standard","origin_province":"330000","destination_province":"330000",
   "weight_grams":{"over":0,"up_to":20000},"transit_days":1,"cost":900}]})";
constexpr int kParcelsPerDay = 20;  // the default minimum for a day to count

class CarrierSlaApiTest : public ApiTest {
 protected:
  void SetUp() override {
    server_args_ = {"--rate-limit-rps", "0", "--sourcing-idle-ms", "50"};
    ApiTest::SetUp();
  }

  void Expect(const HttpResponse& response, int status) { EXPECT_EQ(response.status, status) << response.body; }

  bool WaitUntilNonePaid() {
    for (int i = 0; i < 600; ++i) {
      const HttpResponse page = client().Get("/api/v1/orders?status=paid&limit=1");
      if (page.status == 200 && ParseBody(page.body)["items"].Size() == 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // Straight SQL on the server's SQLite file (it waits for the server's writer).
  void ExecuteSql(const std::string& sql) {
    const std::string path = database_.url.substr(std::string("sqlite:").size());
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    sqlite3_busy_timeout(db, 10'000);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }
};

TEST_F(CarrierSlaApiTest, ThreeLateDaysMakeAThreeDayStreak) {
  Expect(client().Post("/api/v1/locations", kWarehouse), 201);
  Expect(client().Send("PUT", "/api/v1/carrier-rates", kRates), 200);
  Expect(client().Send("PUT", "/api/v1/stock", R"({"changes":[{"sku":"SKU-1","location_id":"WH-HZ","on_hand":1000}]})",
                       {{"Idempotency-Key", "sla-stock"}}),
         200);

  // Nothing shipped yet: every carrier of the table, no streak, empty days.
  const HttpResponse empty = client().Get("/api/v1/carriers/sla?days=3");
  Expect(empty, 200);
  const rapidjson::Document before = ParseBody(empty.body);
  ASSERT_EQ(before["carriers"].Size(), 2u);
  EXPECT_STREQ(before["carriers"][0]["carrier"].GetString(), "sf");
  EXPECT_EQ(before["carriers"][1]["sla_miss_days"].GetInt(), 0);
  EXPECT_EQ(before["carriers"][1]["daily"].Size(), 3u);
  EXPECT_TRUE(before["carriers"][1]["daily"][0]["on_time_rate"].IsNull());

  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3 * kParcelsPerDay; ++i) {
    const HttpResponse created = client().Post("/api/v1/orders", OrderJson("sla-" + std::to_string(i)));
    Expect(created, 201);
    ids.push_back(ParseBody(created.body)["id"].GetInt64());
  }
  ASSERT_TRUE(WaitUntilNonePaid());
  for (const std::int64_t id : ids) {
    for (const char* to : {"released", "picking", "packed", "shipped", "delivered"}) {
      Expect(client().Post("/api/v1/orders/" + std::to_string(id) + "/transitions",
                           std::string(R"({"to":")") + to + R"("})"),
             200);
    }
  }
  // Promised tomorrow; moved to yesterday, the day before and the one before that, 20 each.
  for (int day = 0; day < 3; ++day) {
    ExecuteSql("UPDATE order_allocations SET promised_day = promised_day - " + std::to_string(day + 2) +
               " WHERE order_id BETWEEN " + std::to_string(ids[static_cast<std::size_t>(day * kParcelsPerDay)]) +
               " AND " + std::to_string(ids[static_cast<std::size_t>((day + 1) * kParcelsPerDay - 1)]));
  }

  const HttpResponse answered = client().Get("/api/v1/carriers/sla");
  Expect(answered, 200);
  const rapidjson::Document report = ParseBody(answered.body);
  EXPECT_EQ(report["days"].GetInt(), 14);
  EXPECT_EQ(report["policy"]["min_parcels"].GetInt64(), kParcelsPerDay);
  const auto& zto = report["carriers"][1];
  ASSERT_STREQ(zto["carrier"].GetString(), "zto");
  EXPECT_EQ(zto["sla_miss_days"].GetInt(), 3);
  EXPECT_THAT(zto["reason"].GetString(), HasSubstr("missed 3 counted days running"));
  const auto& daily = zto["daily"];
  ASSERT_EQ(daily.Size(), 14u);
  EXPECT_STREQ(daily[13]["date"].GetString(), report["last_complete_date"].GetString());
  for (rapidjson::SizeType day = 11; day < 14; ++day) {
    EXPECT_EQ(daily[day]["due"].GetInt64(), kParcelsPerDay);
    EXPECT_EQ(daily[day]["late"].GetInt64(), kParcelsPerDay);
    EXPECT_EQ(daily[day]["on_time_rate"].GetDouble(), 0.0);
    EXPECT_STREQ(daily[day]["verdict"].GetString(), "missed");
  }
  EXPECT_STREQ(daily[10]["verdict"].GetString(), "too_few_parcels");
  EXPECT_EQ(report["carriers"][0]["sla_miss_days"].GetInt(), 0);  // sf

  // Bad input names the parameter.
  const HttpResponse out_of_range = client().Get("/api/v1/carriers/sla?days=0");
  Expect(out_of_range, 422);
  EXPECT_THAT(out_of_range.body, HasSubstr(R"("field":"days")"));
  Expect(client().Get("/api/v1/carriers/sla?from=2026-11-01"), 400);
}

}  // namespace
}  // namespace ordo::api::testing
