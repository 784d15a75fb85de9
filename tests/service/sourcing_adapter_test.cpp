// The bridge from inventory records to the pure decision and back (service/sourcing_adapter.hpp).
#include "service/sourcing_adapter.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace ordo::service {
namespace {

store::LocationRecord Warehouse(std::string id, std::string province, std::string status = "open") {
  store::LocationRecord location;
  location.id = std::move(id);
  location.name = location.id;
  location.province_code = std::move(province);
  location.status = std::move(status);
  location.daily_capacity = 1000;
  return location;
}

store::CarrierRateRecord Rate(std::string origin, std::string destination, std::int64_t cost) {
  return store::CarrierRateRecord{"zto", "standard", std::move(origin), std::move(destination), 0, 20000, 2, cost};
}

store::AllocationContext Context() {
  store::AllocationContext context;
  context.order.id = 7;
  context.order.created_at = 1'764'300'000'000;  // 2025-11-28
  context.order.shipping_address.province = "上海市";
  context.order.lines = {order::OrderLine{"SKU-1", "t", 2, 100, 0, 200}, order::OrderLine{"SKU-2", "t", 1, 50, 0, 50}};
  context.locations = {Warehouse("WH-HZ", "330000"), Warehouse("WH-SH", "310000"), Warehouse("WH-X", "310000", "closed")};
  context.locations[2].status_reason = "暴雨";
  context.stock = {store::StockRecord{"SKU-1", "WH-SH", 10, 0, 0, 0}, store::StockRecord{"SKU-2", "WH-SH", 10, 10, 0, 0},
                   store::StockRecord{"SKU-1", "WH-HZ", 10, 0, 0, 0}, store::StockRecord{"SKU-2", "WH-HZ", 5, 0, 0, 0}};
  context.now = context.order.created_at;
  return context;
}

sourcing::CarrierTable Carriers() {
  return sourcing::CarrierTable(ToCarrierRates({Rate("310000", "310000", 600), Rate("330000", "310000", 900)}));
}

TEST(SourcingAdapter, ProvinceCodeAcceptsFullAndShortNamesAndCodes) {
  EXPECT_EQ(ProvinceCode("上海市"), "310000");
  EXPECT_EQ(ProvinceCode("浙江省"), "330000");
  EXPECT_EQ(ProvinceCode("330000"), "330000");
  EXPECT_EQ(ProvinceCode("Atlantis"), "");
}

TEST(SourcingAdapter, LocalDateFormatsDayNumbers) {
  EXPECT_EQ(LocalDate(0), "1970-01-01");
  EXPECT_EQ(LocalDate(20'420), "2025-11-28");
}

TEST(SourcingAdapter, OrderBecomesWeightedLinesWithPromiseDay) {
  const store::AllocationContext context = Context();
  const sourcing::SourcingOrder order = ToSourcingOrder(context.order, SourcingDefaults{});
  ASSERT_EQ(order.lines.size(), 2u);
  EXPECT_EQ(order.lines[0].weight_grams, 1000);
  EXPECT_EQ(order.destination_province, "310000");
  EXPECT_EQ(order.promise_day, sourcing::LocalDay(context.order.created_at) + 3);
}

TEST(SourcingAdapter, AllocatesFromTheOneLocationHoldingEverythingAndExplainsExclusions) {
  const store::AllocationContext context = Context();
  const SourcingRun run = DecideForContext(context, Carriers(), {}, SourcingDefaults{});
  ASSERT_TRUE(run.decision) << run.decision.error().detail;
  const store::AllocationVerdict verdict = ToVerdict(context.order, run, "new_order");
  ASSERT_EQ(verdict.kind, store::AllocationVerdict::Kind::kAllocate);
  ASSERT_EQ(verdict.lines.size(), 2u);
  // WH-SH is cheaper but has no SKU-2 free; splitting would cost a second parcel.
  EXPECT_EQ(verdict.lines[0].location_id, "WH-HZ");
  EXPECT_EQ(verdict.lines[1].location_id, "WH-HZ");
  EXPECT_EQ(verdict.lines[0].qty, 2);
  EXPECT_EQ(verdict.parcels, 1);
  rapidjson::Document decision;
  decision.Parse(verdict.decision_json.c_str());
  ASSERT_FALSE(decision.HasParseError());
  EXPECT_STREQ(decision["outcome"].GetString(), "allocated");
  EXPECT_STREQ(decision["chosen"]["lines"][0]["location_id"].GetString(), "WH-HZ");
  bool closed_listed = false;
  for (const auto& exclusion : decision["exclusions"].GetArray()) {
    if (std::string(exclusion["location_id"].GetString()) == "WH-X") {
      EXPECT_STREQ(exclusion["reason"].GetString(), "closed");
      EXPECT_STREQ(exclusion["detail"].GetString(), "暴雨");
      closed_listed = true;
    }
  }
  EXPECT_TRUE(closed_listed);
  rapidjson::Document event;
  event.Parse(verdict.event_json.c_str());
  EXPECT_STREQ(event["cause"].GetString(), "new_order");
}

TEST(SourcingAdapter, WaitsForStockWhenALineCannotBeFilled) {
  store::AllocationContext context = Context();
  context.order.lines[1].qty = 50;
  const SourcingRun run = DecideForContext(context, Carriers(), {}, SourcingDefaults{});
  const store::AllocationVerdict verdict = ToVerdict(context.order, run, "new_order");
  EXPECT_EQ(verdict.kind, store::AllocationVerdict::Kind::kWait);
  EXPECT_TRUE(verdict.lines.empty());
  EXPECT_NE(verdict.event_json.find("\"unfilled_skus\":[\"SKU-2\"]"), std::string::npos) << verdict.event_json;
}

TEST(SourcingAdapter, LeavesOrdersWithoutLines) {
  store::AllocationContext context = Context();
  context.order.lines.clear();
  const SourcingRun run = DecideForContext(context, Carriers(), {}, SourcingDefaults{});
  EXPECT_EQ(ToVerdict(context.order, run, "new_order").kind, store::AllocationVerdict::Kind::kLeave);
}

}  // namespace
}  // namespace ordo::service
