// Entry rules over HTTP (issue 4 item 3): normalisation at the door, quarantine on hold with
// reason data_review, rejection listing every violated rule, and GET/PUT /api/v1/quality/rules
// (versioned, audited, in force for the next order — also after a restart).
#include <gmock/gmock.h>

#include <filesystem>

#include "api_fixture.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Str(const rapidjson::Value& value) { return {value.GetString(), value.GetStringLength()}; }

constexpr const char* kRules = "/api/v1/quality/rules";

// "rule:field:code:action" of every error of a problem.
std::vector<std::string> RuleErrors(const rapidjson::Value& problem) {
  std::vector<std::string> out;
  for (const auto& error : problem["errors"].GetArray()) {
    std::string text = error.HasMember("rule") ? Str(error["rule"]) : std::string("-");
    text += ":" + Str(error["field"]) + ":" + Str(error["code"]);
    if (error.HasMember("action")) text += ":" + Str(error["action"]);
    out.push_back(text);
  }
  return out;
}

class QualityRulesApiTest : public ApiTest {
 protected:
  HttpResponse Put(const std::string& body, const std::string& if_match) {
    HeaderList headers;
    if (!if_match.empty()) headers.emplace_back("If-Match", if_match);
    return client().Send("PUT", kRules, body, headers);
  }

  // The result of one SQL query straight on the database (sqlite3 or psql output).
  std::string Sql(const std::string& query) {
    const std::string log = temp_dir_ + "/sql.log";
    std::filesystem::remove(log);
    EXPECT_EQ(ExecuteSql(query), 0) << ReadFile(log);
    return ReadFile(log);
  }

  std::vector<std::string> Nodes(std::int64_t id) {
    const rapidjson::Document timeline = ParseBody(client().Get("/api/v1/orders/" + std::to_string(id) + "/timeline").body);
    std::vector<std::string> nodes;
    for (const auto& event : timeline["items"].GetArray()) nodes.push_back(Str(event["node"]));
    return nodes;
  }
};

TEST_F(QualityRulesApiTest, ADirtyPhoneAndAShortProvinceAreStoredNormalisedWithTheOriginalsKept) {
  OrderSpec spec;
  spec.phone = "＋86 138-1234-5678";
  spec.province = "浙江";
  const HttpResponse created = client().Post("/api/v1/orders", OrderJson("N-1", spec));
  ASSERT_EQ(created.status, 201) << created.body;
  const rapidjson::Document order = ParseBody(created.body);
  EXPECT_EQ(Str(order["status"]), "paid");
  EXPECT_EQ(Str(order["shipping_address"]["phone"]), "138****5678");
  EXPECT_EQ(Str(order["shipping_address"]["province"]), "浙江省");
  // The originals: the province as sent, the phone masked like the phone itself.
  EXPECT_EQ(Str(order["original_fields"]["shipping_address.province"]), "浙江");
  EXPECT_EQ(Str(order["original_fields"]["shipping_address.phone"]), "861****5678");
  EXPECT_DOUBLE_EQ(order["address_confidence"].GetDouble(), 0.95);
  // Scopes and filters see the canonical province.
  EXPECT_EQ(ParseBody(client().Get("/api/v1/orders?province=%E6%B5%99%E6%B1%9F%E7%9C%81").body)["items"].Size(), 1u);

  // At rest: the canonical phone and the original are encrypted (pii), the province original is not.
  const std::string stored = Sql("SELECT body, pii FROM orders");
  EXPECT_THAT(stored, HasSubstr(R"("shipping_address.province":"浙江")"));
  EXPECT_THAT(stored, Not(HasSubstr("1234-5678")));
  EXPECT_THAT(stored, Not(HasSubstr("13812345678")));

  // The same order spelled differently again is a repeat, not an update.
  spec.phone = "13812345678";
  const HttpResponse again = client().Post("/api/v1/orders", OrderJson("N-1", spec));
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Header("ordo-ingest-result"), "unchanged");
}

TEST_F(QualityRulesApiTest, AMissingProvinceIsFilledFromTheCity) {
  OrderSpec spec;
  spec.province = "";
  const HttpResponse created = client().Post("/api/v1/orders", OrderJson("N-2", spec));
  ASSERT_EQ(created.status, 201) << created.body;
  const rapidjson::Document order = ParseBody(created.body);
  EXPECT_EQ(Str(order["shipping_address"]["province"]), "浙江省");
  EXPECT_EQ(Str(order["original_fields"]["shipping_address.province"]), "");
}

TEST_F(QualityRulesApiTest, AnUnresolvableAddressIsHeldForDataReviewAndReleasedToItsChannelStatus) {
  OrderSpec spec;
  spec.province = "广东省";
  spec.city = "杭州市";  // and 西湖区: a city of another province
  spec.district = "西湖区";
  const HttpResponse created = client().Post("/api/v1/orders", OrderJson("Q-1", spec));
  ASSERT_EQ(created.status, 201) << created.body;
  const rapidjson::Document order = ParseBody(created.body);
  EXPECT_EQ(Str(order["status"]), "on_hold");
  EXPECT_EQ(Str(order["held_from"]), "paid");
  EXPECT_EQ(Str(order["hold_reason"]), "data_review");
  EXPECT_EQ(Str(order["shipping_address"]["province"]), "广东省");  // a contradiction is not guessed at
  const std::int64_t id = order["id"].GetInt64();

  EXPECT_EQ(Nodes(id), (std::vector<std::string>{"created", "on_hold"}));
  const rapidjson::Document timeline = ParseBody(client().Get("/api/v1/orders/" + std::to_string(id) + "/timeline").body);
  const auto& held = timeline["items"][1]["data"];
  EXPECT_EQ(Str(held["reason"]), "data_review");
  EXPECT_EQ(held["rule_set_version"].GetInt64(), 0);
  ASSERT_EQ(held["violations"].Size(), 1u);
  EXPECT_EQ(Str(held["violations"][0]["rule"]), "address-resolved");
  EXPECT_EQ(Str(held["violations"][0]["code"]), "address_resolved");
  EXPECT_EQ(Str(held["violations"][0]["reason"]), "contradiction");
  EXPECT_EQ(ParseBody(client().Get("/api/v1/orders?status=on_hold").body)["items"].Size(), 1u);

  // An operator checked it: release goes back to the status the channel sent.
  const HttpResponse released =
      client().Post("/api/v1/orders/" + std::to_string(id) + "/transitions", R"({"to":"paid","reason":"address checked"})");
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(Str(ParseBody(released.body)["status"]), "paid");
}

TEST_F(QualityRulesApiTest, AMissingProvinceIs422ListingEveryViolatedRuleAndWritesNothing) {
  OrderSpec spec;
  spec.province = "";
  spec.city = "某某市";   // nothing to infer it from
  spec.district = "某某区";
  spec.phone = "12012345678";
  const HttpResponse refused = client().Post("/api/v1/orders", OrderJson("R-1", spec));
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.Header("content-type"), "application/problem+json");
  const rapidjson::Document problem = ParseBody(refused.body);
  EXPECT_EQ(Str(problem["type"]), "urn:ordo:problem:rejected");
  EXPECT_THAT(Str(problem["detail"]), HasSubstr("rule set version 0"));
  EXPECT_THAT(RuleErrors(problem),
              ::testing::ElementsAre("province-required:shipping_address/province:required:reject",
                                     "phone-valid:shipping_address/phone:phone_valid:quarantine",
                                     "address-resolved:shipping_address:address_resolved:quarantine"));
  EXPECT_THAT(refused.body, Not(HasSubstr("12012345678")));
  EXPECT_EQ(CountOrders(), 0u);
  EXPECT_THAT(Sql("SELECT COUNT(*) FROM order_events"), HasSubstr("0"));
}

TEST_F(QualityRulesApiTest, ABatchJudgesEveryItemOnItsOwn) {
  OrderSpec bad_phone;
  bad_phone.phone = "12012345678";
  OrderSpec no_street_city;
  no_street_city.province = "";
  no_street_city.city = "某某市";
  const std::string body = R"({"orders":[)" + OrderJson("B-1") + "," + OrderJson("B-2", bad_phone) + "," +
                           OrderJson("B-3", no_street_city) + "]}";
  const HttpResponse answered = client().Post("/api/v1/orders:batch", body);
  ASSERT_EQ(answered.status, 200) << answered.body;
  const rapidjson::Document doc = ParseBody(answered.body);
  const auto& results = doc["results"];
  EXPECT_EQ(results[0]["status"].GetInt(), 201);
  EXPECT_EQ(Str(results[0]["order"]["status"]), "paid");
  EXPECT_EQ(results[1]["status"].GetInt(), 201);
  EXPECT_EQ(Str(results[1]["order"]["status"]), "on_hold");
  EXPECT_EQ(results[2]["status"].GetInt(), 422);
  EXPECT_EQ(Str(results[2]["error"]["errors"][0]["field"]), "orders/2/shipping_address/province");
  EXPECT_EQ(Str(results[2]["error"]["errors"][0]["rule"]), "province-required");
  EXPECT_EQ(CountOrders(), 2u);
}

TEST_F(QualityRulesApiTest, TheDefaultSetIsVersionZeroUntilOneIsStored) {
  const HttpResponse got = client().Get(kRules);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Header("etag"), "\"0\"");
  const rapidjson::Document doc = ParseBody(got.body);
  EXPECT_EQ(doc["version"].GetInt64(), 0);
  EXPECT_TRUE(doc["default"].GetBool());
  EXPECT_TRUE(doc["created_at"].IsNull());
  EXPECT_EQ(doc["rules"].Size(), 7u);
  EXPECT_EQ(Str(doc["rules"][0]["id"]), "name-required");
}

TEST_F(QualityRulesApiTest, AnInvalidRuleSetIs422WithAPointerToEveryBadNode) {
  const HttpResponse refused = Put(R"({"rules": [
      {"id": "ok", "field": "customer_ref", "check": "required", "on_violation": "reject"},
      {"id": "bad", "field": "shipping_address.name", "check": "phone_valid", "on_violation": "warn"}]})",
                                   "\"0\"");
  ASSERT_EQ(refused.status, 422) << refused.body;
  const rapidjson::Document problem = ParseBody(refused.body);
  EXPECT_THAT(RuleErrors(problem), ::testing::UnorderedElementsAre("-:/rules/1/check:check_not_applicable",
                                                                   "-:/rules/1/on_violation:enum"));
  EXPECT_EQ(Put("{\"rules\": [", "0").status, 400);
  // Without If-Match nobody knows what the change replaces.
  const HttpResponse blind = Put(R"({"rules": []})", "");
  EXPECT_EQ(blind.status, 400) << blind.body;
  EXPECT_THAT(blind.body, HasSubstr("If-Match"));
  EXPECT_EQ(ParseBody(client().Get(kRules).body)["version"].GetInt64(), 0);
}

TEST_F(QualityRulesApiTest, AValidSetBecomesTheNextVersionAuditedAndRulesTheNextIngest) {
  OrderSpec bad_phone;
  bad_phone.phone = "12012345678";
  ASSERT_EQ(Str(ParseBody(client().Post("/api/v1/orders", OrderJson("V-1", bad_phone)).body)["status"]), "on_hold");

  // The default, with the phone rule turned to reject and a rule for one channel added.
  rapidjson::Document current = ParseBody(client().Get(kRules).body);
  std::string rules = R"({"rules": [
      {"id": "province-required", "field": "shipping_address.province", "check": "required", "on_violation": "reject"},
      {"id": "phone-valid", "field": "shipping_address.phone", "check": "phone_valid", "on_violation": "reject"},
      {"id": "tmall-sku", "channel": "tmall", "field": "lines[*].sku", "check": "prefix", "prefixes": ["TM-"],
       "on_violation": "quarantine"}]})";
  const HttpResponse stored = Put(rules, "\"0\"");
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_EQ(stored.Header("etag"), "\"1\"");
  const rapidjson::Document doc = ParseBody(stored.body);
  EXPECT_EQ(doc["version"].GetInt64(), 1);
  EXPECT_FALSE(doc["default"].GetBool());
  EXPECT_EQ(doc["rules"].Size(), 3u);
  EXPECT_EQ(Str(doc["created_by"]).substr(0, 5), "user:");
  EXPECT_EQ(ParseBody(client().Get(kRules).body)["version"].GetInt64(), 1);

  // Someone still holding version 0 cannot overwrite it.
  EXPECT_EQ(Put(rules, "0").status, 409);

  // Audited: who, which version, how many rules.
  const rapidjson::Document audit = ParseBody(client().Get("/api/v1/audit?action=quality.rules.update").body);
  ASSERT_EQ(audit["items"].Size(), 1u);
  EXPECT_EQ(Str(audit["items"][0]["actor_id"]), Str(doc["created_by"]).substr(5));
  EXPECT_EQ(Str(audit["items"][0]["subject"]), "quality_rules:v1");
  EXPECT_EQ(audit["items"][0]["detail"]["version"].GetInt64(), 1);
  EXPECT_EQ(audit["items"][0]["detail"]["rules"].GetInt64(), 3);

  // The next order with that phone is refused; its channel rule holds tmall orders.
  const HttpResponse refused = client().Post("/api/v1/orders", OrderJson("V-2", bad_phone));
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_THAT(RuleErrors(ParseBody(refused.body)),
              ::testing::ElementsAre("phone-valid:shipping_address/phone:phone_valid:reject"));
  OrderSpec tmall;
  tmall.channel = "tmall";
  EXPECT_EQ(Str(ParseBody(client().Post("/api/v1/orders", OrderJson("V-3", tmall)).body)["status"]), "on_hold");
  EXPECT_EQ(Str(ParseBody(client().Post("/api/v1/orders", OrderJson("V-4")).body)["status"]), "paid");

  // A restarted server judges by the stored set from its first order on.
  RestartServer();
  EXPECT_EQ(client().Post("/api/v1/orders", OrderJson("V-5", bad_phone)).status, 422);
  EXPECT_EQ(ParseBody(client().Get(kRules).body)["version"].GetInt64(), 1);
  (void)current;
}

TEST_F(QualityRulesApiTest, ReadingNeedsDashboardsReadAndChangingNeedsQualityManage) {
  ASSERT_EQ(CreateUser("ops-reader", "ops-reader-password-1", "operator"), 0);
  HttpClient operator_client(port(), Login("ops-reader", "ops-reader-password-1"));
  EXPECT_EQ(operator_client.Get(kRules).status, 200);
  const HttpResponse refused =
      operator_client.Send("PUT", kRules, R"({"rules": []})", {{"If-Match", "0"}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(ParseBody(client().Get(kRules).body)["version"].GetInt64(), 0);
}

}  // namespace
}  // namespace ordo::api::testing
