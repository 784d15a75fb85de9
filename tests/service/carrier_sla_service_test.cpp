// Carrier switches in SourcingService (the switched table and the explanation) and the carrier
// SLA service, over a real SQLite store.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <memory>

#include "security/pii_cipher.hpp"
#include "security/store_field_cipher.hpp"
#include "service/carrier_sla_service.hpp"
#include "service/sourcing_service.hpp"
#include "store_fixture.hpp"

namespace ordo::service {
namespace {

using store::testing::Backend;
using store::testing::MakeOrder;
using store::testing::ScratchDatabase;

constexpr core::UnixMillis kDay = 86'400'000;

class CarrierSwitchAndSlaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::Open(store::StoreOptions{
        .url = database_.url(), .clock = &clock_,
        .audit_sealer = [](store::AuditRecord& record) { record.hash = "h" + std::to_string(record.seq); },
        .pii_cipher = &field_cipher_});
    ASSERT_TRUE(opened.has_value()) << opened.error().detail;
    store_ = std::move(opened).value();
    store::LocationRecord location;
    location.id = "WH-SH";
    location.name = "上海仓";
    location.province_code = "310000";
    location.daily_capacity = 500;
    location.cutoff_minute = 24 * 60;  // never past the cut-off: promised days do not move with the hour
    ASSERT_TRUE(store_->Inventory().CreateLocation(location, Audit()).has_value());
    const std::vector<store::CarrierRateRecord> rates = {
        {"zto", "standard", "310000", "330000", 0, 30'000, 1, 600},
        {"sf", "standard", "310000", "330000", 0, 30'000, 1, 900},
        {"zto", "standard", "310000", "650000", 0, 30'000, 4, 1500},  // only zto reaches Xinjiang
    };
    ASSERT_TRUE(store_->Inventory().ReplaceCarrierRates(rates, Audit()).has_value());
    store::StockChangeRequest stock;
    stock.changes = {{"TEA-001", "WH-SH", store::StockChange::Mode::kAbsolute, 100, std::nullopt, "count"},
                     {"CUP-002", "WH-SH", store::StockChange::Mode::kAbsolute, 100, std::nullopt, "count"}};
    stock.actor = {"user", "alice"};
    ASSERT_TRUE(store_->Inventory().ApplyStockChanges(stock).has_value());
    sourcing_ = std::make_unique<SourcingService>(*store_, clock_);
  }

  static store::AuditRecord Audit() {
    store::AuditRecord audit;
    audit.actor_kind = "user";
    audit.actor_id = "alice";
    audit.action = "test";
    return audit;
  }

  rapidjson::Document PreviewJson() {
    auto preview = sourcing_->Preview(MakeOrder("preview"), "");
    EXPECT_TRUE(preview.has_value()) << preview.error().detail;
    rapidjson::Document doc;
    doc.Parse(preview ? preview->c_str() : "{}");
    return doc;
  }

  static std::string ChosenCarrier(const rapidjson::Document& doc) {
    if (!doc.HasMember("chosen")) return "";
    return doc["chosen"]["lines"][0]["carrier"].GetString();
  }

  void Move(std::int64_t order_id, order::OrderStatus to) {
    store::TransitionCommand command;
    command.order_id = order_id;
    command.to = to;
    command.actor = {"user", "alice"};
    ASSERT_TRUE(store_->TransitionSync(command).has_value());
  }

  core::ManualClock clock_{1'795'000'000'000};  // 2026-11-19 ~ 11:46 China time
  security::PiiCipher cipher_ = security::PiiCipher::DevInsecureKey();
  security::StoreFieldCipher field_cipher_{cipher_};
  ScratchDatabase database_{Backend::kSqlite};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<SourcingService> sourcing_;
};

TEST_F(CarrierSwitchAndSlaTest, ASwitchTakesTheCarrierOffTheLanesItsBackupServesAndSaysSo) {
  rapidjson::Document before = PreviewJson();
  EXPECT_EQ(ChosenCarrier(before), "zto");  // the cheaper one
  EXPECT_FALSE(before.HasMember("carrier_switches"));

  sourcing_->SetCarrierSwitches({{"zto", "sf"}});
  EXPECT_EQ(sourcing_->CarrierSwitches().at("zto"), "sf");
  rapidjson::Document switched = PreviewJson();
  EXPECT_EQ(ChosenCarrier(switched), "sf");
  ASSERT_TRUE(switched.HasMember("carrier_switches"));
  const auto& applied = switched["carrier_switches"][0];
  EXPECT_STREQ(applied["from"].GetString(), "zto");
  EXPECT_STREQ(applied["to"].GetString(), "sf");
  EXPECT_EQ(applied["lanes_switched"].GetInt64(), 1);
  EXPECT_EQ(applied["lanes_kept"].GetInt64(), 1);  // Xinjiang: only zto ships there

  // A real decision stores the switched carrier and the explanation.
  auto ingested = store_->IngestSync({store::IngestItem{MakeOrder("real"), "", core::Actor{"api", "test"}}});
  ASSERT_TRUE(ingested.front().has_value());
  const std::int64_t order_id = ingested.front()->order.id;
  auto outcome = sourcing_->SourceOrder(order_id, store::AllocateMode::kNew, "new_order");
  ASSERT_TRUE(outcome.has_value()) << outcome.error().detail;
  ASSERT_EQ(outcome->result, "allocated");
  EXPECT_EQ(outcome->lines.at(0).carrier, "sf");
  auto record = store_->Inventory().GetOrderSourcing(order_id);
  ASSERT_TRUE(record.has_value());
  EXPECT_NE(record->decision_json.find(R"("carrier_switches":[{"from":"zto","to":"sf")"), std::string::npos)
      << record->decision_json;

  sourcing_->SetCarrierSwitches({});  // lifted: the cached switched table is not used again
  rapidjson::Document lifted = PreviewJson();
  EXPECT_EQ(ChosenCarrier(lifted), "zto");
  EXPECT_FALSE(lifted.HasMember("carrier_switches"));
}

TEST_F(CarrierSwitchAndSlaTest, SlaStatusCountsMissedCompleteDaysPerCarrier) {
  sourcing::CarrierSlaPolicy policy;
  policy.min_parcels = 1;
  BlockingPool pool(1);
  CarrierSla sla(*store_, clock_, pool, policy);
  // Day D: two zto parcels (promised D + 1: transit 1 day), one delivered on time, one late.
  const std::int64_t today = sourcing::LocalDay(clock_.Now());
  std::vector<std::int64_t> ids;
  for (const char* name : {"a", "b"}) {
    auto ingested = store_->IngestSync({store::IngestItem{MakeOrder(name), "", core::Actor{"api", "test"}}});
    ASSERT_TRUE(ingested.front().has_value());
    ids.push_back(ingested.front()->order.id);
    auto outcome = sourcing_->SourceOrder(ids.back(), store::AllocateMode::kNew, "new_order");
    ASSERT_TRUE(outcome.has_value() && outcome->result == "allocated");
    EXPECT_EQ(outcome->lines.at(0).promised_day, today + 1);
    for (auto to : {order::OrderStatus::kReleased, order::OrderStatus::kPicking, order::OrderStatus::kPacked,
                    order::OrderStatus::kShipped}) {
      Move(ids.back(), to);
    }
  }
  const core::UnixMillis promised_day_ends = (today + 2) * kDay - 8 * 3'600'000;
  clock_.Set(promised_day_ends - 3'600'000);
  Move(ids[0], order::OrderStatus::kDelivered);
  clock_.Set(promised_day_ends + 3'600'000);
  Move(ids[1], order::OrderStatus::kDelivered);

  // While the promised day runs it is not judged.
  auto during = sla.Status(promised_day_ends - 1, 7);
  ASSERT_TRUE(during.has_value()) << during.error().detail;
  ASSERT_EQ(during->size(), 2u);  // sf has rates, no parcels
  EXPECT_EQ(during->at(1).carrier, "zto");
  EXPECT_EQ(during->at(1).sla_miss_days, 0);

  auto after = sla.Status(promised_day_ends + 1, 7);
  ASSERT_TRUE(after.has_value());
  const sourcing::CarrierSlaStatus& zto = after->at(1);
  EXPECT_EQ(zto.sla_miss_days, 1);
  ASSERT_EQ(zto.days.size(), 7u);
  EXPECT_EQ(zto.days.back().local_day, today + 1);
  EXPECT_EQ(zto.days.back().due, 2);
  EXPECT_EQ(zto.days.back().on_time, 1);
  EXPECT_EQ(zto.days.back().late, 1);
  EXPECT_EQ(after->at(0).carrier, "sf");
  EXPECT_EQ(after->at(0).sla_miss_days, 0);
}

TEST(CarrierSlaParams, DaysIsOptionalBoundedAndAlone) {
  EXPECT_EQ(ParseCarrierSlaDays({}).value(), 14);
  EXPECT_EQ(ParseCarrierSlaDays({{"days", "3"}}).value(), 3);
  for (const char* bad : {"0", "61", "x", "3.5", "-1"}) {
    auto parsed = ParseCarrierSlaDays({{"days", bad}});
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.error().fields.at(0).field, "days");
  }
  EXPECT_EQ(ParseCarrierSlaDays({{"limit", "3"}}).error().code, core::ErrorCode::kMalformed);
  EXPECT_EQ(ParseCarrierSlaDays({{"days", "3"}, {"days", "4"}}).error().code, core::ErrorCode::kMalformed);
}

}  // namespace
}  // namespace ordo::service
