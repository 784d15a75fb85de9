// The inventory API's bodies (service/inventory_json.hpp): every rule refuses with its JSON
// pointer and code, the happy paths read what was sent, the writers' output parses back.
#include "service/inventory_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "core/time.hpp"

namespace ordo::service {
namespace {

using ::testing::HasSubstr;

constexpr const char* kWarehouse = R"({"id": "WH-SH", "name": "上海嘉定仓", "kind": "warehouse",
  "province_code": "310000", "city_code": "310100", "district_code": "310114",
  "latitude": 31.383, "longitude": 121.25, "daily_capacity": 20000, "cutoff": "16:30",
  "backup_location_id": "WH-HZ", "fulfilment": ["ship"]})";

// "pointer code" of every problem, for compact assertions.
template <class T>
std::vector<std::string> Problems(const core::Result<T>& result) {
  std::vector<std::string> out;
  if (result.has_value()) return out;
  for (const core::FieldError& field : result.error().fields) out.push_back(field.field + " " + field.code);
  return out;
}

// The body with one member replaced (or removed when `value` is empty).
std::string WithMember(std::string_view body, const std::string& name, const std::string& value) {
  rapidjson::Document doc;
  EXPECT_TRUE(core::ParseJson(body, doc).has_value());
  doc.RemoveMember(name.c_str());
  if (!value.empty()) {
    rapidjson::Document member;
    EXPECT_TRUE(core::ParseJson(value, member).has_value()) << value;
    rapidjson::Value key(name.c_str(), doc.GetAllocator());
    rapidjson::Value copy(member, doc.GetAllocator());
    doc.AddMember(key, copy, doc.GetAllocator());
  }
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  doc.Accept(writer);
  return buffer.GetString();
}

// ---- locations ----

TEST(LocationJson, AWarehouseReadsEveryMember) {
  const auto parsed = ParseLocationJson(kWarehouse, true);
  ASSERT_TRUE(parsed.has_value()) << ::testing::PrintToString(Problems(parsed));
  EXPECT_EQ(parsed->id, "WH-SH");
  EXPECT_EQ(parsed->name, "上海嘉定仓");
  EXPECT_EQ(parsed->kind, "warehouse");
  EXPECT_EQ(parsed->province_code, "310000");
  EXPECT_EQ(parsed->city_code, "310100");
  EXPECT_EQ(parsed->district_code, "310114");
  EXPECT_DOUBLE_EQ(parsed->latitude, 31.383);
  EXPECT_DOUBLE_EQ(parsed->longitude, 121.25);
  EXPECT_EQ(parsed->daily_capacity, 20000);
  EXPECT_EQ(parsed->cutoff_minute, 16 * 60 + 30);
  EXPECT_EQ(parsed->backup_location_id, "WH-HZ");
  EXPECT_TRUE(parsed->ships);
  EXPECT_FALSE(parsed->pickup);
}

TEST(LocationJson, DefaultsAreWarehouseShippingWithCutoffFourPm) {
  const auto parsed = ParseLocationJson(
      R"({"id": "W1", "name": "n", "province_code": "440000", "city_code": "440100", "daily_capacity": 0})", true);
  ASSERT_TRUE(parsed.has_value()) << ::testing::PrintToString(Problems(parsed));
  EXPECT_EQ(parsed->kind, "warehouse");
  EXPECT_EQ(parsed->cutoff_minute, 16 * 60);
  EXPECT_TRUE(parsed->ships);
  EXPECT_FALSE(parsed->pickup);
  EXPECT_EQ(parsed->district_code, "");
  EXPECT_EQ(parsed->backup_location_id, "");
}

TEST(LocationJson, MissingCoordinatesComeFromTheDistrictThenTheCity) {
  const std::string no_point = WithMember(WithMember(kWarehouse, "latitude", ""), "longitude", "");
  const auto with_district = ParseLocationJson(no_point, true);
  ASSERT_TRUE(with_district.has_value()) << ::testing::PrintToString(Problems(with_district));
  // 嘉定区 lies north-west of central Shanghai.
  EXPECT_NEAR(with_district->latitude, 31.38, 0.1);
  EXPECT_NEAR(with_district->longitude, 121.25, 0.1);

  const auto city_only = ParseLocationJson(WithMember(no_point, "district_code", ""), true);
  ASSERT_TRUE(city_only.has_value()) << ::testing::PrintToString(Problems(city_only));
  EXPECT_NEAR(city_only->latitude, 31.2, 0.3);
  EXPECT_NEAR(city_only->longitude, 121.47, 0.3);
  EXPECT_NE(city_only->latitude, with_district->latitude);
}

TEST(LocationJson, CoordinatesAreRoundedToMicroDegreesAsStored) {
  const auto parsed = ParseLocationJson(WithMember(kWarehouse, "latitude", "31.12345678"), true);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_DOUBLE_EQ(parsed->latitude, 31.123457);
}

TEST(LocationJson, APathIdFillsAMissingIdAndMustMatchAGivenOne) {
  const auto filled = ParseLocationJson(WithMember(kWarehouse, "id", ""), true, "WH-SH");
  ASSERT_TRUE(filled.has_value());
  EXPECT_EQ(filled->id, "WH-SH");
  EXPECT_THAT(Problems(ParseLocationJson(kWarehouse, true, "WH-BJ")), ::testing::ElementsAre("/id mismatch"));
  EXPECT_THAT(Problems(ParseLocationJson(WithMember(kWarehouse, "id", ""), true, "bad id")),
              ::testing::ElementsAre("/id format"));
}

struct LocationCase {
  const char* member;
  const char* value;  // JSON; "" removes the member
  const char* problem;
};

class LocationRule : public ::testing::TestWithParam<LocationCase> {};

TEST_P(LocationRule, IsRefusedWithItsPointerAndCode) {
  const LocationCase& c = GetParam();
  const auto parsed = ParseLocationJson(WithMember(kWarehouse, c.member, c.value), true);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(Problems(parsed), ::testing::Contains(std::string(c.problem)));
}

INSTANTIATE_TEST_SUITE_P(
    EveryRule, LocationRule,
    ::testing::Values(
        LocationCase{"id", "", "/id required"}, LocationCase{"id", R"("WH SH")", "/id format"},
        LocationCase{"id", R"("仓库")", "/id format"}, LocationCase{"id", "7", "/id type"},
        LocationCase{"id", R"("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")", "/id too_long"},
        LocationCase{"name", "", "/name required"}, LocationCase{"name", R"("")", "/name required"},
        LocationCase{"name", R"("a\u0001b")", "/name control_character"},
        LocationCase{"kind", R"("depot")", "/kind enum"},
        LocationCase{"province_code", "", "/province_code required"},
        LocationCase{"province_code", R"("31000")", "/province_code format"},
        LocationCase{"province_code", R"("990000")", "/province_code unknown_division"},
        LocationCase{"province_code", R"("310100")", "/province_code unknown_division"},
        LocationCase{"province_code", R"("440000")", "/city_code not_in_province"},
        LocationCase{"city_code", "", "/city_code required"},
        LocationCase{"city_code", "310100", "/city_code type"},
        LocationCase{"city_code", R"("440100")", "/city_code not_in_province"},
        LocationCase{"district_code", R"("310100")", "/district_code unknown_division"},
        LocationCase{"district_code", R"("440106")", "/district_code not_in_city"},
        LocationCase{"latitude", R"(91)", "/latitude out_of_range"},
        LocationCase{"latitude", R"("31.2")", "/latitude type"}, LocationCase{"latitude", "", "/latitude pair"},
        LocationCase{"longitude", R"(-180.5)", "/longitude out_of_range"},
        LocationCase{"longitude", "", "/longitude pair"},
        LocationCase{"daily_capacity", "", "/daily_capacity required"},
        LocationCase{"daily_capacity", "-1", "/daily_capacity negative"},
        LocationCase{"daily_capacity", "10000001", "/daily_capacity too_large"},
        LocationCase{"daily_capacity", "12.5", "/daily_capacity type"},
        LocationCase{"daily_capacity", "18446744073709551615", "/daily_capacity too_large"},
        LocationCase{"cutoff", R"("24:00")", "/cutoff format"}, LocationCase{"cutoff", R"("9:30")", "/cutoff format"},
        LocationCase{"cutoff", R"("16:60")", "/cutoff format"},
        LocationCase{"cutoff", R"("16:00:00")", "/cutoff format"},
        LocationCase{"backup_location_id", R"("WH-SH")", "/backup_location_id self"},
        LocationCase{"backup_location_id", R"("a/b")", "/backup_location_id format"},
        LocationCase{"fulfilment", "[]", "/fulfilment empty"},
        LocationCase{"fulfilment", R"("ship")", "/fulfilment type"},
        LocationCase{"fulfilment", R"(["ship", "fly"])", "/fulfilment/1 enum"},
        LocationCase{"fulfilment", R"(["ship", "ship"])", "/fulfilment/1 duplicate"},
        LocationCase{"fulfilment", R"(["ship", "pickup"])", "/fulfilment/1 not_for_kind"},
        LocationCase{"colour", R"("red")", "/colour unknown_field"},
        LocationCase{"a/b~c", "1", "/a~1b~0c unknown_field"}));

TEST(LocationJson, PickupIsForStoresAndDarkStores) {
  for (const char* kind : {R"("store")", R"("dark_store")"}) {
    const auto parsed = ParseLocationJson(
        WithMember(WithMember(kWarehouse, "kind", kind), "fulfilment", R"(["pickup", "ship"])"), true);
    ASSERT_TRUE(parsed.has_value()) << kind;
    EXPECT_TRUE(parsed->pickup);
    EXPECT_TRUE(parsed->ships);
  }
}

TEST(LocationJson, AMunicipalitysProvinceCodeAsItsCityGetsAHint) {
  const auto parsed = ParseLocationJson(WithMember(kWarehouse, "city_code", R"("310000")"), true);
  ASSERT_THAT(Problems(parsed), ::testing::Contains("/city_code unknown_division"));
  EXPECT_THAT(parsed.error().fields[0].message, HasSubstr("310100"));
}

TEST(LocationJson, UnknownMembersPassWhenNotStrict) {
  EXPECT_TRUE(ParseLocationJson(WithMember(kWarehouse, "colour", R"("red")"), false).has_value());
}

TEST(LocationJson, NotJsonIsMalformedAndNotAnObjectIsInvalid) {
  const auto broken = ParseLocationJson("{\"id\": ", true);
  ASSERT_FALSE(broken.has_value());
  EXPECT_EQ(broken.error().code, core::ErrorCode::kMalformed);
  EXPECT_THAT(Problems(ParseLocationJson("[1]", true)), ::testing::ElementsAre(" type"));
}

TEST(LocationJson, EveryBrokenRuleIsListedAtOnce) {
  const auto parsed = ParseLocationJson(R"({"id": "", "name": "", "daily_capacity": -5, "cutoff": "x"})", true);
  EXPECT_THAT(Problems(parsed), ::testing::UnorderedElementsAre("/id required", "/name required",
                                                                "/province_code required", "/city_code required",
                                                                "/daily_capacity negative", "/cutoff format"));
}

TEST(LocationJson, WhatTheWriterAnswersParsesBackToTheSameLocation) {
  store::LocationRecord location = ParseLocationJson(kWarehouse, true).value();
  location.kind = "store";
  location.pickup = true;
  location.status = "closed";
  location.status_reason = "暴雨";
  location.status_changed_at = 1'795'000'000'000;
  location.version = 4;
  location.created_at = 1'794'000'000'000;
  location.updated_at = 1'795'000'000'000;
  const std::string json = LocationToJson(location);
  EXPECT_THAT(json, HasSubstr(R"("status":{"state":"closed","reason":"暴雨","changed_at":"2026-11-18T)"));
  EXPECT_THAT(json, HasSubstr(R"("cutoff":"16:30")"));
  EXPECT_THAT(json, HasSubstr(R"("fulfilment":["ship","pickup"])"));
  EXPECT_THAT(json, HasSubstr(R"("version":4)"));
  const auto again = ParseLocationJson(json, true);
  ASSERT_TRUE(again.has_value()) << ::testing::PrintToString(Problems(again));
  EXPECT_EQ(again->id, location.id);
  EXPECT_EQ(again->kind, "store");
  EXPECT_EQ(again->district_code, location.district_code);
  EXPECT_DOUBLE_EQ(again->latitude, location.latitude);
  EXPECT_DOUBLE_EQ(again->longitude, location.longitude);
  EXPECT_EQ(again->cutoff_minute, location.cutoff_minute);
  EXPECT_TRUE(again->pickup);
  EXPECT_EQ(again->status, "open");  // read-only members are ignored, not taken over
  EXPECT_EQ(again->version, 0);
}

TEST(LocationJson, AnOpenNeverChangedLocationWritesNulls) {
  store::LocationRecord location;
  location.id = "S1";
  const std::string json = LocationToJson(location);
  EXPECT_THAT(json, HasSubstr(R"("district_code":null)"));
  EXPECT_THAT(json, HasSubstr(R"("status":{"state":"open","reason":null,"changed_at":null})"));
  EXPECT_THAT(json, HasSubstr(R"("backup_location_id":null)"));
}

TEST(Cutoff, FormatsAndParsesEveryMinuteOfTheDay) {
  for (int minute = 0; minute < 24 * 60; ++minute) {
    const std::string text = FormatCutoff(minute);
    ASSERT_EQ(ParseCutoff(text), minute) << text;
  }
  EXPECT_EQ(FormatCutoff(0), "00:00");
  EXPECT_EQ(FormatCutoff(23 * 60 + 59), "23:59");
}

// ---- location status ----

TEST(LocationStatusJson, ClosedAndDegradedNeedAReasonOpenTakesNone) {
  const auto closed = ParseLocationStatusJson(R"({"status": "closed", "reason": "暴雨"})", true);
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->status, "closed");
  EXPECT_EQ(closed->reason, "暴雨");
  const auto open = ParseLocationStatusJson(R"({"status": "open"})", true);
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->reason, "");
  EXPECT_THAT(Problems(ParseLocationStatusJson(R"({"status": "degraded"})", true)),
              ::testing::ElementsAre("/reason required"));
  EXPECT_THAT(Problems(ParseLocationStatusJson(R"({"status": "closed", "reason": ""})", true)),
              ::testing::ElementsAre("/reason required"));
  EXPECT_THAT(Problems(ParseLocationStatusJson(R"({"status": "open", "reason": "ok"})", true)),
              ::testing::ElementsAre("/reason not_for_open"));
  EXPECT_THAT(Problems(ParseLocationStatusJson(R"({"status": "shut", "reason": "x"})", true)),
              ::testing::ElementsAre("/status enum"));
  EXPECT_THAT(Problems(ParseLocationStatusJson(R"({"reason": "x"})", true)), ::testing::ElementsAre("/status required"));
  EXPECT_THAT(Problems(ParseLocationStatusJson(R"({"status": "open", "why": 1})", true)),
              ::testing::ElementsAre("/why unknown_field"));
}

TEST(LocationStatusJson, AReasonIsAtMostTwoHundredCharacters) {
  std::string reason;
  for (int i = 0; i < 200; ++i) reason += "雨";
  EXPECT_TRUE(ParseLocationStatusJson(R"({"status": "closed", "reason": ")" + reason + "\"}", true).has_value());
  EXPECT_THAT(Problems(ParseLocationStatusJson(R"({"status": "closed", "reason": ")" + reason + "雨\"}", true)),
              ::testing::ElementsAre("/reason too_long"));
}

// ---- carrier rates ----

std::string Rate(const std::string& carrier, const std::string& band, const std::string& extra = "") {
  return R"({"carrier": ")" + carrier +
         R"(", "service_level": "standard", "origin_province": "310000", "destination_province": "440000",
           "weight_grams": )" +
         band + R"(, "transit_days": 2, "cost": 1200)" + extra + "}";
}

std::string Rates(const std::vector<std::string>& rates) {
  std::string body = R"({"rates": [)";
  for (std::size_t i = 0; i < rates.size(); ++i) body += (i ? "," : "") + rates[i];
  return body + "]}";
}

TEST(CarrierRatesJson, ReadsBandsInEitherSpelling) {
  const auto parsed = ParseCarrierRatesJson(
      Rates({Rate("sf", R"({"over": 0, "up_to": 1000})"), Rate("sf", R"({"min": 1000, "max": 3000})")}), true);
  ASSERT_TRUE(parsed.has_value()) << ::testing::PrintToString(Problems(parsed));
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].carrier, "sf");
  EXPECT_EQ((*parsed)[0].service_level, "standard");
  EXPECT_EQ((*parsed)[0].origin_province, "310000");
  EXPECT_EQ((*parsed)[0].destination_province, "440000");
  EXPECT_EQ((*parsed)[0].min_weight_grams, 0);
  EXPECT_EQ((*parsed)[0].max_weight_grams, 1000);
  EXPECT_EQ((*parsed)[1].min_weight_grams, 1000);
  EXPECT_EQ((*parsed)[1].max_weight_grams, 3000);
  EXPECT_EQ((*parsed)[1].transit_days, 2);
  EXPECT_EQ((*parsed)[1].cost, 1200);
}

TEST(CarrierRatesJson, AnEmptyTableIsAllowedAMissingOneIsNot) {
  EXPECT_TRUE(ParseCarrierRatesJson(R"({"rates": []})", true).has_value());
  EXPECT_THAT(Problems(ParseCarrierRatesJson(R"({})", true)), ::testing::ElementsAre("/rates required"));
  EXPECT_THAT(Problems(ParseCarrierRatesJson(R"({"rates": {}})", true)), ::testing::ElementsAre("/rates type"));
}

TEST(CarrierRatesJson, OverlappingBandsNameTheLaterOne) {
  const auto parsed = ParseCarrierRatesJson(Rates({Rate("sf", R"({"over": 1000, "up_to": 3000})"),
                                                   Rate("zto", R"({"over": 0, "up_to": 5000})"),
                                                   Rate("sf", R"({"over": 0, "up_to": 1500})")}),
                                            true);
  ASSERT_THAT(Problems(parsed), ::testing::ElementsAre("/rates/2/weight_grams overlap"));
  EXPECT_THAT(parsed.error().fields[0].message, HasSubstr("/rates/0"));
}

TEST(CarrierRatesJson, AWideBandOverlapsEveryBandItSwallows) {
  const auto parsed = ParseCarrierRatesJson(Rates({Rate("sf", R"({"over": 0, "up_to": 10000})"),
                                                   Rate("sf", R"({"over": 1000, "up_to": 2000})"),
                                                   Rate("sf", R"({"over": 3000, "up_to": 4000})")}),
                                            true);
  EXPECT_THAT(Problems(parsed),
              ::testing::ElementsAre("/rates/1/weight_grams overlap", "/rates/2/weight_grams overlap"));
}

TEST(CarrierRatesJson, TouchingBandsAndOtherRoutesDoNotOverlap) {
  const std::string other_route = R"({"carrier": "sf", "service_level": "standard", "origin_province": "310000",
      "destination_province": "110000", "weight_grams": {"over": 0, "up_to": 1000}, "transit_days": 2, "cost": 1})";
  const std::string express = R"({"carrier": "sf", "service_level": "express", "origin_province": "310000",
      "destination_province": "440000", "weight_grams": {"over": 0, "up_to": 1000}, "transit_days": 1, "cost": 1})";
  EXPECT_TRUE(ParseCarrierRatesJson(Rates({Rate("sf", R"({"over": 0, "up_to": 1000})"),
                                           Rate("sf", R"({"over": 1000, "up_to": 2000})"), other_route, express}),
                                    true)
                  .has_value());
}

struct RateCase {
  std::string rate;
  const char* problem;
};

class RateRule : public ::testing::TestWithParam<RateCase> {};

TEST_P(RateRule, IsRefusedWithItsPointerAndCode) {
  const auto parsed = ParseCarrierRatesJson(Rates({Rate("sf", R"({"over": 0, "up_to": 1})"), GetParam().rate}), true);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_THAT(Problems(parsed), ::testing::Contains(std::string(GetParam().problem)));
}

std::string RateWith(const std::string& member, const std::string& value) {
  return WithMember(Rate("zto", R"({"over": 0, "up_to": 1000})"), member, value);
}

INSTANTIATE_TEST_SUITE_P(
    EveryRule, RateRule,
    ::testing::Values(RateCase{"7", "/rates/1 type"}, RateCase{RateWith("carrier", ""), "/rates/1/carrier required"},
                      RateCase{RateWith("carrier", R"("SF")"), "/rates/1/carrier format"},
                      RateCase{RateWith("service_level", R"("next day")"), "/rates/1/service_level format"},
                      RateCase{RateWith("origin_province", R"("310100")"), "/rates/1/origin_province unknown_division"},
                      RateCase{RateWith("destination_province", R"("44")"), "/rates/1/destination_province format"},
                      RateCase{RateWith("destination_province", ""), "/rates/1/destination_province required"},
                      RateCase{RateWith("weight_grams", ""), "/rates/1/weight_grams required"},
                      RateCase{RateWith("weight_grams", "[0, 1]"), "/rates/1/weight_grams type"},
                      RateCase{RateWith("weight_grams", R"({"over": 5, "up_to": 5})"),
                               "/rates/1/weight_grams/up_to empty_band"},
                      RateCase{RateWith("weight_grams", R"({"over": -1, "up_to": 5})"),
                               "/rates/1/weight_grams/over negative"},
                      RateCase{RateWith("weight_grams", R"({"over": 0, "up_to": 1000001})"),
                               "/rates/1/weight_grams/up_to too_large"},
                      RateCase{RateWith("weight_grams", R"({"over": 0})"), "/rates/1/weight_grams/up_to required"},
                      RateCase{RateWith("weight_grams", R"({"over": 0, "max": 5})"),
                               "/rates/1/weight_grams mixed_names"},
                      RateCase{RateWith("weight_grams", R"({"over": 0, "up_to": 5, "unit": "g"})"),
                               "/rates/1/weight_grams/unit unknown_field"},
                      RateCase{RateWith("transit_days", "31"), "/rates/1/transit_days too_large"},
                      RateCase{RateWith("transit_days", "-1"), "/rates/1/transit_days negative"},
                      RateCase{RateWith("transit_days", ""), "/rates/1/transit_days required"},
                      RateCase{RateWith("cost", "12.5"), "/rates/1/cost type"},
                      RateCase{RateWith("cost", "-1"), "/rates/1/cost negative"},
                      RateCase{RateWith("cost", "100000001"), "/rates/1/cost too_large"},
                      RateCase{RateWith("currency", R"("CNY")"), "/rates/1/currency unknown_field"}));

TEST(CarrierRatesJson, AtMostTwoHundredThousandRates) {
  std::string body = R"({"rates": [)";
  for (std::size_t i = 0; i <= kMaxCarrierRates; ++i) body += i ? ",{}" : "{}";
  body += "]}";
  EXPECT_THAT(Problems(ParseCarrierRatesJson(body, true)), ::testing::ElementsAre("/rates too_many"));
}

TEST(CarrierRatesJson, AListOfProblemsIsCutAtOneHundred) {
  std::vector<std::string> rates(150, "7");
  const auto parsed = ParseCarrierRatesJson(Rates(rates), true);
  ASSERT_FALSE(parsed.has_value());
  ASSERT_EQ(parsed.error().fields.size(), 101u);
  EXPECT_EQ(parsed.error().fields.back().code, "too_many_problems");
}

TEST(CarrierRatesJson, WhatTheWriterAnswersParsesBackToTheSameRates) {
  store::CarrierTableRecord table;
  table.version = 7;
  table.rates = ParseCarrierRatesJson(
                    Rates({Rate("sf", R"({"over": 0, "up_to": 1000})"), Rate("jd", R"({"min": 1000, "max": 3000})")}),
                    true)
                    .value();
  const std::string json = CarrierRatesToJson(table);
  EXPECT_THAT(json, HasSubstr(R"("version":7)"));
  EXPECT_THAT(json, HasSubstr(R"("weight_grams":{"over":1000,"up_to":3000})"));
  const auto again = ParseCarrierRatesJson(json, true);
  ASSERT_TRUE(again.has_value()) << ::testing::PrintToString(Problems(again));
  ASSERT_EQ(again->size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ((*again)[i].carrier, table.rates[i].carrier);
    EXPECT_EQ((*again)[i].min_weight_grams, table.rates[i].min_weight_grams);
    EXPECT_EQ((*again)[i].max_weight_grams, table.rates[i].max_weight_grams);
    EXPECT_EQ((*again)[i].cost, table.rates[i].cost);
  }
}

// ---- stock changes (JSON) ----

TEST(StockChangesJson, AbsoluteCountsInAList) {
  const auto parsed = ParseStockChangesJson(
      R"({"changes": [{"sku": "SKU-1", "location_id": "WH-SH", "on_hand": 120, "safety_stock": 5},
                      {"sku": "保温杯-白", "location_id": "WH-SH", "safety_stock": 0, "cause": "cycle_count"}]})",
      StockChangeMode::kAbsolute, true);
  ASSERT_TRUE(parsed.has_value()) << ::testing::PrintToString(Problems(parsed));
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].sku, "SKU-1");
  EXPECT_EQ((*parsed)[0].location_id, "WH-SH");
  EXPECT_EQ((*parsed)[0].mode, store::StockChange::Mode::kAbsolute);
  EXPECT_EQ((*parsed)[0].on_hand, 120);
  EXPECT_EQ((*parsed)[0].safety_stock, 5);
  EXPECT_EQ((*parsed)[0].cause, "count");
  EXPECT_FALSE((*parsed)[1].on_hand.has_value());
  EXPECT_EQ((*parsed)[1].safety_stock, 0);
  EXPECT_EQ((*parsed)[1].cause, "cycle_count");
}

TEST(StockChangesJson, OneDeltaAsTheWholeBodyWithCauseByItsSign) {
  const auto receipt =
      ParseStockChangesJson(R"({"sku": "SKU-1", "location_id": "WH-SH", "delta": 40})", StockChangeMode::kDelta, true);
  ASSERT_TRUE(receipt.has_value()) << ::testing::PrintToString(Problems(receipt));
  ASSERT_EQ(receipt->size(), 1u);
  EXPECT_EQ((*receipt)[0].mode, store::StockChange::Mode::kDelta);
  EXPECT_EQ((*receipt)[0].on_hand, 40);
  EXPECT_EQ((*receipt)[0].cause, "receipt");
  const auto loss =
      ParseStockChangesJson(R"({"sku": "SKU-1", "location_id": "WH-SH", "delta": -3})", StockChangeMode::kDelta, true);
  ASSERT_TRUE(loss.has_value());
  EXPECT_EQ((*loss)[0].on_hand, -3);
  EXPECT_EQ((*loss)[0].cause, "shrinkage");
}

struct StockCase {
  StockChangeMode mode;
  const char* change;
  const char* problem;
};

class StockRule : public ::testing::TestWithParam<StockCase> {};

TEST_P(StockRule, IsRefusedWithItsPointerAndCode) {
  const std::string first = GetParam().mode == StockChangeMode::kAbsolute
                                ? R"({"sku": "OK", "location_id": "WH-SH", "on_hand": 1})"
                                : R"({"sku": "OK", "location_id": "WH-SH", "delta": 1})";
  const std::string body = R"({"changes": [)" + first + ", " + GetParam().change + "]}";
  const auto parsed = ParseStockChangesJson(body, GetParam().mode, true);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_THAT(Problems(parsed), ::testing::Contains(std::string(GetParam().problem)));
}

constexpr auto kAbs = StockChangeMode::kAbsolute;
constexpr auto kDelta = StockChangeMode::kDelta;

INSTANTIATE_TEST_SUITE_P(
    EveryRule, StockRule,
    ::testing::Values(
        StockCase{kAbs, R"({"location_id": "W", "on_hand": 1})", "/changes/1/sku required"},
        StockCase{kAbs, R"({"sku": "a\tb", "location_id": "W", "on_hand": 1})", "/changes/1/sku control_character"},
        StockCase{kAbs,
                  R"({"sku": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "location_id": "W", "on_hand": 1})",
                  "/changes/1/sku too_long"},
        StockCase{kAbs, R"({"sku": "S", "on_hand": 1})", "/changes/1/location_id required"},
        StockCase{kAbs, R"({"sku": "S", "location_id": "W H", "on_hand": 1})", "/changes/1/location_id format"},
        StockCase{kAbs, R"({"sku": "S", "location_id": "W"})", "/changes/1/on_hand required"},
        StockCase{kAbs, R"({"sku": "S", "location_id": "W", "on_hand": -1})", "/changes/1/on_hand negative"},
        StockCase{kAbs, R"({"sku": "S", "location_id": "W", "on_hand": 1000000001})", "/changes/1/on_hand too_large"},
        StockCase{kAbs, R"({"sku": "S", "location_id": "W", "on_hand": "5"})", "/changes/1/on_hand type"},
        StockCase{kAbs, R"({"sku": "S", "location_id": "W", "delta": 5})", "/changes/1/delta not_for_mode"},
        StockCase{kAbs, R"({"sku": "S", "location_id": "W", "safety_stock": -2})", "/changes/1/safety_stock negative"},
        StockCase{kAbs, R"({"sku": "S", "location_id": "W", "on_hand": 1, "cause": "Count"})", "/changes/1/cause format"},
        StockCase{kAbs, R"({"sku": "S", "location_id": "W", "on_hand": 1, "cause": ""})", "/changes/1/cause format"},
        StockCase{kAbs, R"({"sku": "S", "location_id": "W", "on_hand": 1, "cause": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})",
                  "/changes/1/cause too_long"},
        StockCase{kAbs, R"({"sku": "S", "location_id": "W", "on_hand": 1, "note": "x"})", "/changes/1/note unknown_field"},
        StockCase{kAbs, R"({"sku": "OK", "location_id": "WH-SH", "on_hand": 2})", "/changes/1/sku duplicate"},
        StockCase{kAbs, R"("S")", "/changes/1 type"},
        StockCase{kDelta, R"({"sku": "S", "location_id": "W"})", "/changes/1/delta required"},
        StockCase{kDelta, R"({"sku": "S", "location_id": "W", "delta": 0})", "/changes/1/delta zero"},
        StockCase{kDelta, R"({"sku": "S", "location_id": "W", "delta": -1000000001})", "/changes/1/delta too_small"},
        StockCase{kDelta, R"({"sku": "S", "location_id": "W", "delta": 1000000001})", "/changes/1/delta too_large"},
        StockCase{kDelta, R"({"sku": "S", "location_id": "W", "delta": 1.5})", "/changes/1/delta type"},
        StockCase{kDelta, R"({"sku": "S", "location_id": "W", "on_hand": 3, "delta": 1})", "/changes/1/on_hand not_for_mode"}));

TEST(StockChangesJson, TheOtherModesMemberIsRefusedEvenWhenNotStrict) {
  EXPECT_THAT(Problems(ParseStockChangesJson(R"({"sku": "S", "location_id": "W", "on_hand": 1, "delta": 2})",
                                             StockChangeMode::kAbsolute, false)),
              ::testing::ElementsAre("/delta not_for_mode"));
}

TEST(StockChangesJson, TheListIsNonEmptyAndAtMostTenThousand) {
  EXPECT_THAT(Problems(ParseStockChangesJson(R"({"changes": []})", kAbs, true)), ::testing::ElementsAre("/changes empty"));
  EXPECT_THAT(Problems(ParseStockChangesJson(R"({"changes": 3})", kAbs, true)), ::testing::ElementsAre("/changes type"));
  EXPECT_THAT(Problems(ParseStockChangesJson(R"({"changes": [], "key": 1})", kAbs, true)),
              ::testing::Contains("/key unknown_field"));
  std::string body = R"({"changes": [)";
  for (std::size_t i = 0; i <= kMaxStockChanges; ++i) {
    body += (i ? "," : "") + std::string(R"({"sku": "S)") + std::to_string(i) + R"(", "location_id": "W", "on_hand": 1})";
  }
  body += "]}";
  EXPECT_THAT(Problems(ParseStockChangesJson(body, kAbs, true)), ::testing::ElementsAre("/changes too_many"));
}

TEST(StockChangesJson, ASingleChangesProblemsPointIntoTheDocumentItself) {
  EXPECT_THAT(Problems(ParseStockChangesJson(R"({"location_id": "W", "on_hand": -4, "x": 1})", kAbs, true)),
              ::testing::UnorderedElementsAre("/x unknown_field", "/sku required", "/on_hand negative"));
}

TEST(StockChangesJson, NotJsonIsMalformed) {
  const auto parsed = ParseStockChangesJson(R"({"changes": [)", kAbs, true);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kMalformed);
}

TEST(StockChangesJson, TheSameSkuAtAnotherLocationIsNoDuplicate) {
  const auto parsed = ParseStockChangesJson(
      R"({"changes": [{"sku": "S", "location_id": "A", "on_hand": 1}, {"sku": "S", "location_id": "B", "on_hand": 2}]})",
      kAbs, true);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->size(), 2u);
}

// ---- stock CSV ----

TEST(StockCsv, EnglishHeaderWithSafetyStock) {
  const auto parsed = ParseStockCsv("sku,location_id,on_hand,safety_stock\nSKU-1,WH-SH,120,5\nSKU-2,WH-BJ,0,\n");
  ASSERT_TRUE(parsed.has_value()) << ::testing::PrintToString(Problems(parsed));
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].sku, "SKU-1");
  EXPECT_EQ((*parsed)[0].location_id, "WH-SH");
  EXPECT_EQ((*parsed)[0].on_hand, 120);
  EXPECT_EQ((*parsed)[0].safety_stock, 5);
  EXPECT_EQ((*parsed)[0].mode, store::StockChange::Mode::kAbsolute);
  EXPECT_EQ((*parsed)[0].cause, "csv_upload");
  EXPECT_EQ((*parsed)[1].on_hand, 0);
  EXPECT_FALSE((*parsed)[1].safety_stock.has_value());
}

TEST(StockCsv, ChineseHeadersBomCrlfQuotedFieldsAndExtraColumns) {
  const std::string text = "\xEF\xBB\xBF商品名称,SKU编码,仓库编码,在库数量,安全库存\r\n"
                           "\"保温杯, 白色\",\"SKU-1\",WH-SH,\"1200\",10\r\n"
                           "\"说明\"\"引号\"\"\",SKU-2, WH-GZ ,7,\r\n"
                           ",,,,\r\n";
  const auto parsed = ParseStockCsv(text);
  ASSERT_TRUE(parsed.has_value()) << ::testing::PrintToString(Problems(parsed));
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].sku, "SKU-1");
  EXPECT_EQ((*parsed)[0].on_hand, 1200);
  EXPECT_EQ((*parsed)[0].safety_stock, 10);
  EXPECT_EQ((*parsed)[1].location_id, "WH-GZ");
  EXPECT_EQ((*parsed)[1].on_hand, 7);
}

TEST(StockCsv, OtherAliasesSemicolonsAndGbk) {
  // "库存编码;仓库;库存数量" and one row, in GBK as a Chinese Excel saves it.
  const std::string gbk = "\xBF\xE2\xB4\xE6\xB1\xE0\xC2\xEB;\xB2\xD6\xBF\xE2;\xBF\xE2\xB4\xE6\xCA\xFD\xC1\xBF\n"
                          "SKU-9;WH-CD;33\n";
  const auto parsed = ParseStockCsv(gbk);
  ASSERT_TRUE(parsed.has_value()) << ::testing::PrintToString(Problems(parsed));
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].sku, "SKU-9");
  EXPECT_EQ((*parsed)[0].location_id, "WH-CD");
  EXPECT_EQ((*parsed)[0].on_hand, 33);
  const auto tabs = ParseStockCsv("SKU\tLocation\tQty\nA\tW\t1\n");
  ASSERT_TRUE(tabs.has_value()) << ::testing::PrintToString(Problems(tabs));
  EXPECT_EQ((*tabs)[0].location_id, "W");
}

TEST(StockCsv, AnExcelSepLineAndUtf16WithBom) {
  const auto sep = ParseStockCsv("sep=;\nsku;location;qty\nA;W;4\n");
  ASSERT_TRUE(sep.has_value()) << ::testing::PrintToString(Problems(sep));
  EXPECT_EQ((*sep)[0].on_hand, 4);
  // Excel's "Unicode text": UTF-16LE with a BOM, tab-separated.
  std::string utf16 = "\xFF\xFE";
  for (const char c : std::string("sku\tlocation\tqty\r\nA\tW\t9\r\n")) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  const auto excel = ParseStockCsv(utf16);
  ASSERT_TRUE(excel.has_value()) << ::testing::PrintToString(Problems(excel));
  EXPECT_EQ((*excel)[0].sku, "A");
  EXPECT_EQ((*excel)[0].on_hand, 9);
}

TEST(StockCsv, ATitleLineAboveTheHeaderIsSkippedRowsKeepTheirNumbers) {
  const auto parsed = ParseStockCsv("库存盘点表 2026-11-28,,\n\nSKU编码,仓库,库存数量\nA,W,1\nB,W,x\n");
  EXPECT_THAT(Problems(parsed), ::testing::ElementsAre("/rows/5/on_hand format"));
  const auto fine = ParseStockCsv("库存盘点表\nSKU编码,仓库,库存数量\nA,W,1\n");
  ASSERT_TRUE(fine.has_value()) << ::testing::PrintToString(Problems(fine));
  EXPECT_EQ((*fine)[0].sku, "A");
}

TEST(StockCsv, WithoutAHeaderTheFirstLineIsDescribed) {
  EXPECT_THAT(Problems(ParseStockCsv("A,W,1\nB,W,2\n")),
              ::testing::ElementsAre("/columns/sku required", "/columns/location_id required",
                                     "/columns/on_hand required"));
}

TEST(StockCsv, ShortRowsMissTheirCells) {
  EXPECT_THAT(Problems(ParseStockCsv("sku,location,qty\nA,W\n")), ::testing::ElementsAre("/rows/2/on_hand required"));
}

TEST(StockCsv, BadRowsNameTheirSpreadsheetRowAndColumn) {
  const auto parsed = ParseStockCsv(
      "sku,location_id,on_hand,safety_stock\n"
      "A,W,1,\n"   // row 2
      "B,W,x1,\n"  // row 3
      ",W,1,\n"    // row 4
      "C,W W,1,\n"  // row 5
      "D,W,,\n"    // row 6
      "E,W,1,-1\n"  // row 7
      "F,W,1000000001,\n"  // row 8
      "A,W,5,\n");  // row 9
  EXPECT_THAT(Problems(parsed),
              ::testing::ElementsAre("/rows/3/on_hand format", "/rows/4/sku required", "/rows/5/location_id format",
                                     "/rows/6/on_hand required", "/rows/7/safety_stock format",
                                     "/rows/8/on_hand too_large", "/rows/9/sku duplicate"));
}

TEST(StockCsv, HeaderProblems) {
  EXPECT_THAT(Problems(ParseStockCsv("sku,qty\nA,1\n")), ::testing::ElementsAre("/columns/location_id required"));
  EXPECT_THAT(Problems(ParseStockCsv("sku,库存编码,location,qty\nA,B,W,1\n")),
              ::testing::ElementsAre("/columns/sku duplicate"));
  EXPECT_THAT(Problems(ParseStockCsv("")), ::testing::ElementsAre(" empty"));
  EXPECT_THAT(Problems(ParseStockCsv("sku,location,qty\n")), ::testing::ElementsAre("/rows empty"));
}

TEST(StockCsv, AnUnterminatedQuoteNamesItsRow) {
  EXPECT_THAT(Problems(ParseStockCsv("sku,location,qty\nA,W,1\n\"B,W,2\nC,W,3\n")),
              ::testing::ElementsAre("/rows/3 unterminated_quote"));
}

TEST(StockCsv, AtMostOneHundredThousandRows) {
  std::string text = "sku,location,qty\n";
  for (std::size_t i = 0; i <= kMaxStockCsvRows; ++i) text += "S" + std::to_string(i) + ",W,1\n";
  EXPECT_THAT(Problems(ParseStockCsv(text)), ::testing::ElementsAre("/rows too_many"));
}

TEST(StockCsv, BytesThatAreNoTextAreMalformed) {
  const auto parsed = ParseStockCsv("sku,location,qty\nA\xFF,W,1\n");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kMalformed);
}

// ---- records ----

TEST(StockRecordJson, AvailableIsOnHandLessReservedAndSafetyNeverBelowZero) {
  store::StockRecord stock{.sku = "S", .location_id = "W", .on_hand = 10, .reserved = 4, .safety_stock = 3,
                           .updated_at = 1'795'000'000'000};
  EXPECT_EQ(StockRecordToJson(stock),
            R"({"sku":"S","location_id":"W","on_hand":10,"reserved":4,"safety_stock":3,"available":3,)"
            R"("updated_at":")" + core::FormatRfc3339(1'795'000'000'000) + R"("})");
  stock.reserved = 9;
  EXPECT_THAT(StockRecordToJson(stock), HasSubstr(R"("available":0)"));
}

TEST(StockLedgerRowJson, WritesEveryFigureAndNullForNoOrder) {
  store::StockLedgerRow row{.seq = 12, .at = 1'795'000'000'000, .sku = "S", .location_id = "W", .on_hand_delta = -2,
                            .reserved_delta = 0, .on_hand_after = 8, .reserved_after = 1, .safety_after = 3,
                            .cause = "shrinkage", .order_id = 0, .reference = "key-1", .actor = "user:alice"};
  const std::string json = StockLedgerRowToJson(row);
  EXPECT_THAT(json, HasSubstr(R"("seq":12,"at":")" + core::FormatRfc3339(1'795'000'000'000) + "\""));
  EXPECT_THAT(json, HasSubstr(R"("on_hand_delta":-2,"reserved_delta":0,"on_hand_after":8,"reserved_after":1,"safety_after":3)"));
  EXPECT_THAT(json, HasSubstr(R"("order_id":null,"reference":"key-1","actor":"user:alice")"));
  row.order_id = 42;
  EXPECT_THAT(StockLedgerRowToJson(row), HasSubstr(R"("order_id":42)"));
}

TEST(SourcingRecordJson, EmbedsTheDecisionAndWritesPromisedDates) {
  store::SourcingRecord record;
  record.order_id = 42;
  record.state = "allocated";
  record.decision_json = R"({"plan":[{"location":"WH-SH"}],"score":1.5})";
  record.cause = "new_order";
  record.decided_at = 1'795'000'000'000;
  record.attempts = 1;
  record.allocations.push_back({.order_id = 42, .line_index = 0, .sku = "S", .qty = 2, .location_id = "WH-SH",
                                .carrier = "sf", .service_level = "express",
                                .promised_day = core::DaysFromCivil(2026, 11, 30), .state = "reserved",
                                .created_at = 1'795'000'000'000, .closed_at = 0});
  record.allocations.push_back({.order_id = 42, .line_index = 1, .sku = "T", .qty = 1, .location_id = "ST-1",
                                .carrier = "", .service_level = "", .promised_day = core::DaysFromCivil(2024, 2, 29),
                                .state = "consumed", .created_at = 1, .closed_at = 2});
  const std::string json = SourcingRecordToJson(record);
  EXPECT_THAT(json, HasSubstr(R"("decision":{"plan":[{"location":"WH-SH"}],"score":1.5})"));
  EXPECT_THAT(json, HasSubstr(R"("carrier":"sf","service_level":"express","promised_date":"2026-11-30","state":"reserved")"));
  EXPECT_THAT(json, HasSubstr(R"("carrier":null,"service_level":null,"promised_date":"2024-02-29","state":"consumed")"));
  EXPECT_THAT(json, HasSubstr(R"("closed_at":null)"));
  rapidjson::Document doc;
  EXPECT_TRUE(core::ParseJson(json, doc).has_value());

  record.decision_json = "{broken";
  EXPECT_THAT(SourcingRecordToJson(record), HasSubstr(R"("decision":null)"));
  record.decision_json.clear();
  EXPECT_THAT(SourcingRecordToJson(record), HasSubstr(R"("decision":null)"));
}

TEST(LocalDay, FormatsTheInverseOfDaysFromCivil) {
  EXPECT_EQ(FormatLocalDay(0), "1970-01-01");
  EXPECT_EQ(FormatLocalDay(-1), "1969-12-31");
  for (const auto& [year, month, day] : std::vector<std::tuple<int, unsigned, unsigned>>{
           {2000, 2, 29}, {2026, 12, 31}, {2100, 3, 1}, {1999, 1, 1}}) {
    char expected[16];
    std::snprintf(expected, sizeof expected, "%04d-%02u-%02u", year, month, day);
    EXPECT_EQ(FormatLocalDay(core::DaysFromCivil(year, month, day)), expected);
  }
}

}  // namespace
}  // namespace ordo::service
