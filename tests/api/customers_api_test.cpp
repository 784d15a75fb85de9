// The single customer view over HTTP: orders from any path are resolved by the server's
// resolver thread into customers; the view, the lookup by phone or email, the audited unmerge
// with its step-up, region scopes, masking (responses and logs), and a restart that restores
// the same customers from the store.
#include <gmock/gmock.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "api_fixture.hpp"
#include "core/time.hpp"
#include "security/encoding.hpp"
#include "security/totp.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Str(const rapidjson::Value& value) { return {value.GetString(), value.GetStringLength()}; }

std::string TotpCode(const std::string& secret_base32, std::int64_t step) {
  const std::optional<std::string> raw = security::FromBase32(secret_base32);
  if (!raw) return {};
  core::Result<std::string> code = security::TotpCodeForStep(*raw, step);
  return code ? *code : std::string();
}

std::string Encode(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

class CustomersApiTest : public ApiTest {
 protected:
  std::int64_t CreateOrder(const std::string& external_id, OrderSpec spec, const std::string& name = "张三") {
    std::string body = OrderJson(external_id, spec);
    body.replace(body.find("\"张三\""), 8, "\"" + name + "\"");
    const HttpResponse created = client().Post("/api/v1/orders", body);
    EXPECT_EQ(created.status, 201) << created.body;
    const rapidjson::Document doc = ParseBody(created.body);
    return doc.IsObject() && doc.HasMember("id") ? doc["id"].GetInt64() : -1;
  }

  // The customer found by `q` once the resolver has seen `order_count` of its orders (polls:
  // the resolver runs about every 200 ms).
  rapidjson::Document WaitForCustomer(const std::string& q, std::int64_t order_count, HttpClient* caller = nullptr) {
    HttpClient& http = caller ? *caller : client();
    rapidjson::Document doc;
    for (int attempt = 0; attempt < 100; ++attempt) {
      const HttpResponse found = http.Get("/api/v1/customers?q=" + Encode(q));
      if (found.status == 200) {
        doc = ParseBody(found.body);
        if (doc["order_count"].GetInt64() >= order_count) return doc;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "no customer with " << order_count << " orders for the query";
    return doc;
  }

  std::string ServerLogs() {
    std::string logs;
    for (const auto& entry : std::filesystem::directory_iterator(temp_dir_)) {
      if (entry.path().filename().string().rfind("server-", 0) == 0) logs += ReadFile(entry.path().string());
    }
    return logs;
  }

  std::unique_ptr<HttpClient> SignIn(const std::string& username, const std::string& role,
                                     const std::vector<std::string>& scopes = {}) {
    EXPECT_EQ(CreateUser(username, username + "-password-1", role, scopes), 0);
    return ClientWithToken(Login(username, username + "-password-1"));
  }

  // Enrols TOTP for `username` in its own session, then steps `agent` up with the next code.
  void StepUp(const std::string& username, HttpClient& agent) {
    auto setup = ClientWithToken(Login(username, username + "-password-1"));
    const rapidjson::Document enrolled = ParseBody(setup->Post("/api/v1/me/totp/enroll", "").body);
    ASSERT_TRUE(enrolled.IsObject() && enrolled.HasMember("secret"));
    const std::string secret = Str(enrolled["secret"]);
    const std::int64_t step = security::TotpStepAt(core::SystemClock().Now());
    ASSERT_EQ(setup->Post("/api/v1/me/totp/activate", R"({"code":")" + TotpCode(secret, step) + R"("})").status, 200);
    ASSERT_EQ(agent.Post("/api/v1/auth/step-up", R"({"code":")" + TotpCode(secret, step + 1) + R"("})").status, 200);
  }

  static std::vector<std::string> Channels(const rapidjson::Document& customer) {
    std::vector<std::string> channels;
    for (const auto& identity : customer["identities"].GetArray()) channels.push_back(Str(identity["channel"]));
    std::sort(channels.begin(), channels.end());
    channels.erase(std::unique(channels.begin(), channels.end()), channels.end());
    return channels;
  }
};

TEST_F(CustomersApiTest, TwoChannelsWithOnePhoneAreOneCustomerWithBothIdentitiesAndOrders) {
  OrderSpec tmall{.channel = "tmall", .phone = "13812345678", .customer_ref = "tb-buyer-1"};
  OrderSpec jd{.channel = "jd", .phone = "+86 138-1234-5678", .customer_ref = "jd-pin-1"};
  const std::int64_t first = CreateOrder("T-1", tmall);
  const std::int64_t second = CreateOrder("J-1", jd);

  const rapidjson::Document customer = WaitForCustomer("138 1234 5678", 2);
  ASSERT_TRUE(customer.IsObject());
  EXPECT_EQ(customer["order_count"].GetInt64(), 2);
  EXPECT_THAT(Channels(customer), ::testing::ElementsAre("jd", "tmall"));
  std::vector<std::int64_t> order_ids;
  for (const auto& order : customer["orders"].GetArray()) order_ids.push_back(order["id"].GetInt64());
  EXPECT_THAT(order_ids, ::testing::ElementsAre(second, first));  // newest first
  ASSERT_EQ(customer["lifetime_value"].Size(), 1u);
  EXPECT_EQ(Str(customer["lifetime_value"][0]["currency"]), "CNY");

  const HttpResponse by_id = client().Get("/api/v1/customers/" + std::to_string(customer["id"].GetInt64()));
  ASSERT_EQ(by_id.status, 200) << by_id.body;
  // Masked everywhere: no phone, buyer id or name in the answers, nor in the server's logs.
  for (const std::string& body : {by_id.body, client().Get("/api/v1/customers?q=13812345678").body}) {
    EXPECT_THAT(body, Not(HasSubstr("13812345678")));
    EXPECT_THAT(body, Not(HasSubstr("tb-buyer-1")));
    EXPECT_THAT(body, Not(HasSubstr("张三")));
    EXPECT_THAT(body, HasSubstr("138****5678"));
  }
  const std::string logs = ServerLogs();
  EXPECT_THAT(logs, Not(HasSubstr("13812345678")));
  EXPECT_THAT(logs, Not(HasSubstr("1234 5678")));
}

TEST_F(CustomersApiTest, AHouseholdAtOneAddressStaysTwoCustomers) {
  CreateOrder("H-1", OrderSpec{.channel = "tmall", .phone = "13812345678", .customer_ref = "tb-a"});
  CreateOrder("H-2", OrderSpec{.channel = "tmall", .phone = "13900001111", .customer_ref = "tb-b"}, "李四");
  const rapidjson::Document first = WaitForCustomer("13812345678", 1);
  const rapidjson::Document second = WaitForCustomer("13900001111", 1);
  ASSERT_TRUE(first.IsObject() && second.IsObject());
  EXPECT_NE(first["id"].GetInt64(), second["id"].GetInt64());
  EXPECT_EQ(first["merges"].Size(), 0u);
}

TEST_F(CustomersApiTest, AnUnmergeRestoresBothSidesIsAuditedAndNeedsAStepUp) {
  // Same name, same flat, another phone on another channel: a fuzzy merge.
  CreateOrder("M-1", OrderSpec{.channel = "tmall", .phone = "13812345678", .customer_ref = "tb-m"});
  CreateOrder("M-2", OrderSpec{.channel = "pos", .phone = "13700002222", .customer_ref = ""});
  const rapidjson::Document merged = WaitForCustomer("13700002222", 2);
  ASSERT_TRUE(merged.IsObject());
  ASSERT_EQ(merged["merges"].Size(), 1u);
  EXPECT_EQ(Str(merged["merges"][0]["rule"]), "fuzzy");
  EXPECT_TRUE(merged["merges"][0]["evidence"].IsObject());
  const std::int64_t id = merged["id"].GetInt64();
  const std::int64_t merge_id = merged["merges"][0]["id"].GetInt64();
  const std::string unmerge = "/api/v1/customers/" + std::to_string(id) + "/unmerge";
  const std::string body = R"({"merge_id":)" + std::to_string(merge_id) + R"(,"reason":"two people, confirmed by phone"})";

  auto agent = SignIn("cs-unmerge", "customer_service");
  const HttpResponse without_step_up = agent->Post(unmerge, body);
  EXPECT_EQ(without_step_up.status, 403) << without_step_up.body;
  StepUp("cs-unmerge", *agent);
  EXPECT_EQ(agent->Post(unmerge, R"({"merge_id":1})").status, 422);  // a reason is required
  const HttpResponse undone = agent->Post(unmerge, body);
  ASSERT_EQ(undone.status, 200) << undone.body;
  const rapidjson::Document outcome = ParseBody(undone.body);
  EXPECT_EQ(outcome["merge_id"].GetInt64(), merge_id);
  EXPECT_NE(outcome["kept"].GetInt64(), outcome["restored"].GetInt64());

  const rapidjson::Document tmall = WaitForCustomer("13812345678", 1);
  const rapidjson::Document pos = WaitForCustomer("13700002222", 1);
  EXPECT_NE(tmall["id"].GetInt64(), pos["id"].GetInt64());
  EXPECT_EQ(tmall["order_count"].GetInt64(), 1);
  EXPECT_EQ(pos["order_count"].GetInt64(), 1);

  EXPECT_EQ(agent->Post(unmerge, body).status, 409);  // undone already
  EXPECT_EQ(agent->Post("/api/v1/customers/999999/unmerge", R"({"reason":"x"})").status, 404);

  const HttpResponse audit = client().Get("/api/v1/audit?action=customer.unmerge");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_THAT(audit.body, HasSubstr("cs-unmerge"));
  EXPECT_THAT(audit.body, HasSubstr("two people, confirmed by phone"));
}

TEST_F(CustomersApiTest, QueryFindsByAMessyPhoneOrEmailAndRefusesAnythingElse) {
  CreateOrder("Q-1", OrderSpec{.channel = "tmall", .phone = "13812345678", .customer_ref = "tb-q"});
  const rapidjson::Document found = WaitForCustomer("+86 (138) 1234-5678", 1);
  ASSERT_TRUE(found.IsObject());
  EXPECT_EQ(found["order_count"].GetInt64(), 1);

  const HttpResponse nonsense = client().Get("/api/v1/customers?q=" + Encode("hello-secret-words"));
  EXPECT_EQ(nonsense.status, 422) << nonsense.body;
  EXPECT_THAT(nonsense.body, HasSubstr("/q"));
  EXPECT_THAT(nonsense.body, Not(HasSubstr("hello-secret-words")));
  EXPECT_EQ(client().Get("/api/v1/customers?q=nobody%40example.com").status, 404);
  EXPECT_EQ(client().Get("/api/v1/customers").status, 422);
  EXPECT_THAT(ServerLogs(), Not(HasSubstr("hello-secret-words")));
}

TEST_F(CustomersApiTest, ARegionManagerSeesOnlyOrdersInTheirProvinces) {
  CreateOrder("R-1", OrderSpec{.channel = "tmall", .province = "浙江省", .phone = "13812345678", .customer_ref = "tb-r"});
  CreateOrder("R-2", OrderSpec{.channel = "jd", .province = "广东省", .phone = "13812345678", .customer_ref = "jd-r"});
  // Another person (another name: the same name at the same flat would be merged by the fuzzy rule).
  CreateOrder("R-3", OrderSpec{.channel = "jd", .province = "广东省", .phone = "13900003333", .customer_ref = "jd-s"},
              "李四");
  const rapidjson::Document both = WaitForCustomer("13812345678", 2);
  WaitForCustomer("13900003333", 1);
  auto manager = SignIn("zj-rm", "region_manager", {"province:330000"});
  const HttpResponse scoped = manager->Get("/api/v1/customers/" + std::to_string(both["id"].GetInt64()));
  ASSERT_EQ(scoped.status, 200) << scoped.body;
  const rapidjson::Document view = ParseBody(scoped.body);
  EXPECT_EQ(view["order_count"].GetInt64(), 1);
  ASSERT_EQ(view["orders"].Size(), 1u);
  EXPECT_EQ(Str(view["orders"][0]["channel"]), "tmall");
  EXPECT_EQ(manager->Get("/api/v1/customers?q=13900003333").status, 404);  // only Guangdong orders
}

TEST_F(CustomersApiTest, ARestartRestoresTheSameCustomers) {
  CreateOrder("S-1", OrderSpec{.channel = "tmall", .phone = "13812345678", .customer_ref = "tb-s"});
  CreateOrder("S-2", OrderSpec{.channel = "pos", .phone = "13700002222", .customer_ref = ""});
  CreateOrder("S-3", OrderSpec{.channel = "jd", .phone = "13900001111", .customer_ref = "jd-s"}, "李四");
  const rapidjson::Document before = WaitForCustomer("13700002222", 2);
  const rapidjson::Document other = WaitForCustomer("13900001111", 1);
  RestartServer();
  const HttpResponse after = client().Get("/api/v1/customers/" + std::to_string(before["id"].GetInt64()));
  ASSERT_EQ(after.status, 200) << after.body;
  const rapidjson::Document restored = ParseBody(after.body);
  EXPECT_EQ(restored["order_count"].GetInt64(), 2);
  EXPECT_EQ(restored["merged_ids"].Size(), before["merged_ids"].Size());
  EXPECT_EQ(restored["merges"].Size(), 1u);
  const rapidjson::Document other_after = WaitForCustomer("13900001111", 1);
  EXPECT_EQ(other_after["id"].GetInt64(), other["id"].GetInt64());
  // A new order after the restart joins the restored customer by its phone.
  CreateOrder("S-4", OrderSpec{.channel = "jd", .phone = "13812345678", .customer_ref = "jd-s4"});
  const rapidjson::Document grown = WaitForCustomer("13812345678", 3);
  EXPECT_EQ(grown["id"].GetInt64(), before["id"].GetInt64());
}

}  // namespace
}  // namespace ordo::api::testing
