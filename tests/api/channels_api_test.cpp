// Channel connections and POST /api/v1/channels/{channel}/orders over real HTTP (issue 5,
// items 2 and 3), with the channel fixtures of tests/fixtures/channels.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "api_fixture.hpp"
#include "channels/webhook_signature.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kShopSecret = "shpss-test-secret-4f9a1c";
constexpr const char* kWooSecret = "woo-test-secret-77e2b0";

std::string Fixture(const std::string& relative) {
  return ReadFile(std::string(ORDO_CHANNEL_FIXTURES) + "/" + relative);
}

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class ChannelsApiTest : public ApiTest {
 protected:
  // POST /channel-connections as the admin; the new id.
  std::int64_t Connect(const std::string& channel, const std::string& name, const std::string& secret) {
    const HttpResponse created = client().Post(
        "/api/v1/channel-connections",
        R"({"channel":")" + channel + R"(","name":")" + name + R"(","secret":")" + secret + R"("})");
    EXPECT_EQ(created.status, 201) << created.body;
    const rapidjson::Document doc = ParseBody(created.body);
    return doc.IsObject() && doc.HasMember("id") ? doc["id"].GetInt64() : 0;
  }

  rapidjson::Document Connection(std::int64_t id) {
    const HttpResponse got = client().Get("/api/v1/channel-connections/" + std::to_string(id));
    EXPECT_EQ(got.status, 200) << got.body;
    EXPECT_THAT(got.body, Not(HasSubstr(kShopSecret)));
    return ParseBody(got.body);
  }

  // A signed webhook, as Shopify sends it: no bearer token.
  HttpResponse PushShopify(const std::string& body, const std::string& connection = "main-shop",
                           const std::string& secret = kShopSecret) {
    HttpClient webhook(port());
    return webhook.Post("/api/v1/channels/shopify/orders?connection=" + connection, body,
                        {{"X-Shopify-Hmac-Sha256", channels::HmacSha256Base64(secret, body)}});
  }

  std::string ServerLogs() {
    std::string logs;
    for (const auto& entry : std::filesystem::directory_iterator(temp_dir_)) {
      if (entry.path().filename().string().rfind("server-", 0) == 0) logs += ReadFile(entry.path().string());
    }
    return logs;
  }
};

TEST_F(ChannelsApiTest, SignedShopifyWebhookIsStoredWithTheBuyerAsCustomerRef) {
  const std::int64_t id = Connect("shopify", "main-shop", kShopSecret);
  const HttpResponse pushed = PushShopify(Fixture("shopify/paid_line_level_discounts.json"));
  ASSERT_EQ(pushed.status, 201) << pushed.body;
  const rapidjson::Document doc = ParseBody(pushed.body);
  EXPECT_TRUE(doc["applied"].GetBool());
  EXPECT_STREQ(doc["result"].GetString(), "created");
  EXPECT_STREQ(doc["order"]["channel"].GetString(), "shopify");
  EXPECT_STREQ(doc["order"]["customer_ref"].GetString(), "207119551");
  EXPECT_EQ(CountOrders(), 1u);
  const rapidjson::Document connection = Connection(id);
  EXPECT_EQ(connection["orders_received"].GetInt64(), 1);
  EXPECT_TRUE(connection["has_secret"].GetBool());
  EXPECT_FALSE(connection.HasMember("secret"));
}

TEST_F(ChannelsApiTest, SignedWooCommerceWebhookIsAccepted) {
  Connect("woocommerce", "wp-store", kWooSecret);
  const std::string body = Fixture("woocommerce/sample_rest_v3_order_retrieve.json");
  HttpClient webhook(port());
  const HttpResponse pushed = webhook.Post("/api/v1/channels/woocommerce/orders?connection=wp-store", body,
                                           {{"X-WC-Webhook-Signature", channels::HmacSha256Base64(kWooSecret, body)}});
  ASSERT_EQ(pushed.status, 201) << pushed.body;
  EXPECT_STREQ(ParseBody(pushed.body)["order"]["channel"].GetString(), "woocommerce");
}

TEST_F(ChannelsApiTest, BadOrMissingSignatureIs401CountedAndWritesNothing) {
  const std::int64_t id = Connect("shopify", "main-shop", kShopSecret);
  const std::string body = Fixture("shopify/paid_line_level_discounts.json");
  EXPECT_EQ(PushShopify(body, "main-shop", "not-the-secret").status, 401);
  HttpClient webhook(port());
  const HttpResponse unsigned_push = webhook.Post("/api/v1/channels/shopify/orders?connection=main-shop", body);
  EXPECT_EQ(unsigned_push.status, 401);
  EXPECT_EQ(unsigned_push.Header("content-type"), "application/problem+json");
  // A bearer token is no substitute for the signature.
  EXPECT_EQ(client().Post("/api/v1/channels/shopify/orders?connection=main-shop", body).status, 401);
  EXPECT_EQ(CountOrders(), 0u);
  const rapidjson::Document connection = Connection(id);
  EXPECT_EQ(connection["signature_failures"].GetInt64(), 3);
  EXPECT_EQ(connection["orders_received"].GetInt64(), 0);
}

TEST_F(ChannelsApiTest, UnknownChannelOrConnectionIs404AndWritesNothing) {
  Connect("shopify", "main-shop", kShopSecret);
  const std::string body = Fixture("shopify/paid_line_level_discounts.json");
  const HttpResponse unknown_connection = PushShopify(body, "other-shop");
  EXPECT_EQ(unknown_connection.status, 404) << unknown_connection.body;
  EXPECT_THAT(unknown_connection.body, HasSubstr("unknown channel connection"));
  const HttpResponse unknown_channel = client().Post("/api/v1/channels/amazon/orders?connection=main-shop", body);
  EXPECT_EQ(unknown_channel.status, 404) << unknown_channel.body;
  EXPECT_THAT(unknown_channel.body, HasSubstr("unknown channel"));
  EXPECT_EQ(CountOrders(), 0u);
}

TEST_F(ChannelsApiTest, UnmappablePayloadIs422NamingTheJsonPointer) {
  Connect("shopify", "main-shop", kShopSecret);
  const HttpResponse refused = PushShopify(Fixture("shopify/bad_price_three_decimals.json"));
  ASSERT_EQ(refused.status, 422) << refused.body;
  const rapidjson::Document doc = ParseBody(refused.body);
  ASSERT_TRUE(doc.HasMember("errors") && doc["errors"].Size() == 1u);
  EXPECT_EQ(std::string(doc["errors"][0]["field"].GetString()).rfind("/line_items/", 0), 0u)
      << doc["errors"][0]["field"].GetString();
  EXPECT_EQ(CountOrders(), 0u);
}

TEST_F(ChannelsApiTest, OutOfOrderUpdateIsIgnoredAndCounted) {
  const std::int64_t id = Connect("shopify", "main-shop", kShopSecret);
  const std::string current = Fixture("shopify/paid_line_level_discounts.json");
  ASSERT_EQ(PushShopify(current).status, 201);
  const std::string older = Replaced(Replaced(current, "\"updated_at\": \"2024-03-01T10:05:00-05:00\"",
                                              "\"updated_at\": \"2024-03-01T09:00:00-05:00\""),
                                     "\"financial_status\": \"paid\"", "\"financial_status\": \"pending\"");
  for (const std::string& stale : {older, current}) {
    const HttpResponse ignored = PushShopify(stale);
    ASSERT_EQ(ignored.status, 200) << ignored.body;
    const rapidjson::Document doc = ParseBody(ignored.body);
    EXPECT_FALSE(doc["applied"].GetBool());
    EXPECT_STREQ(doc["reason"].GetString(), "stale_update");
    EXPECT_EQ(doc["order"]["version"].GetInt64(), 1);
  }
  const rapidjson::Document connection = Connection(id);
  EXPECT_EQ(connection["stale_updates_ignored"].GetInt64(), 2);
  EXPECT_EQ(connection["orders_received"].GetInt64(), 1);
}

TEST_F(ChannelsApiTest, UnsignedChannelNeedsABearerTokenWithOrdersWrite) {
  Connect("taobao", "tmall-flagship", "");
  const std::string body = Fixture("taobao/fullinfo_paid_privacy_number.json");
  HttpClient anonymous(port());
  EXPECT_EQ(anonymous.Post("/api/v1/channels/taobao/orders?connection=tmall-flagship", body).status, 401);
  ASSERT_EQ(CreateUser("auditor1", "auditor-password-1", "auditor"), 0);
  HttpClient auditor(port(), Login("auditor1", "auditor-password-1"));
  EXPECT_EQ(auditor.Post("/api/v1/channels/taobao/orders?connection=tmall-flagship", body).status, 403);
  EXPECT_EQ(CountOrders(), 0u);
  const HttpResponse pushed = client().Post("/api/v1/channels/taobao/orders?connection=tmall-flagship", body);
  ASSERT_EQ(pushed.status, 201) << pushed.body;
  EXPECT_STREQ(ParseBody(pushed.body)["order"]["channel"].GetString(), "taobao");
}

TEST_F(ChannelsApiTest, IllegalStatusJumpIs409NamingTheStatusesAndChangesNothing) {
  Connect("taobao", "tmall-flagship", "");
  const std::string paid = Fixture("taobao/fullinfo_paid_privacy_number.json");
  ASSERT_EQ(client().Post("/api/v1/channels/taobao/orders?connection=tmall-flagship", paid).status, 201);
  const std::string shipped =
      Replaced(Replaced(paid, "\"status\": \"WAIT_SELLER_SEND_GOODS\"", "\"status\": \"WAIT_BUYER_CONFIRM_GOODS\""),
               "\"modified\": \"2024-06-01 10:05:00\"", "\"modified\": \"2024-06-02 10:05:00\"");
  const HttpResponse jumped = client().Post("/api/v1/channels/taobao/orders?connection=tmall-flagship", shipped);
  ASSERT_EQ(jumped.status, 409) << jumped.body;
  EXPECT_THAT(jumped.body, HasSubstr("from paid to shipped"));
  const std::vector<rapidjson::Document> orders = AllOrders();
  ASSERT_EQ(orders.size(), 1u);
  EXPECT_STREQ(orders[0]["status"].GetString(), "paid");
  EXPECT_EQ(orders[0]["version"].GetInt64(), 1);
}

TEST_F(ChannelsApiTest, ConnectionsNeedChannelsManageAndNeverShowTheSecret) {
  ASSERT_EQ(CreateUser("operator1", "operator-password-1", "operator"), 0);
  HttpClient operator_client(port(), Login("operator1", "operator-password-1"));
  const std::string request = R"({"channel":"shopify","name":"main-shop","secret":")" + std::string(kShopSecret) + "\"}";
  EXPECT_EQ(operator_client.Post("/api/v1/channel-connections", request).status, 403);
  EXPECT_EQ(operator_client.Get("/api/v1/channel-connections").status, 403);
  const HttpResponse created = client().Post("/api/v1/channel-connections", request);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_THAT(created.body, Not(HasSubstr(kShopSecret)));
  const HttpResponse duplicate = client().Post("/api/v1/channel-connections", request);
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_THAT(duplicate.body, Not(HasSubstr(kShopSecret)));
  const HttpResponse listed = client().Get("/api/v1/channel-connections");
  ASSERT_EQ(listed.status, 200);
  EXPECT_THAT(listed.body, Not(HasSubstr(kShopSecret)));
  EXPECT_THAT(client().Get("/api/v1/audit?action=channel_connection.create").body, Not(HasSubstr(kShopSecret)));
  ASSERT_EQ(PushShopify(Fixture("shopify/paid_line_level_discounts.json")).status, 201);
  EXPECT_EQ(PushShopify("{}", "main-shop", "wrong").status, 401);
  EXPECT_THAT(ServerLogs(), Not(HasSubstr(kShopSecret)));
}

TEST_F(ChannelsApiTest, BadConnectionRequestsNameTheirFields) {
  const HttpResponse refused = client().Post(
      "/api/v1/channel-connections", R"({"channel":"amazon","name":"Main Shop","secret":"x","csv_profile":{}})");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_THAT(refused.body, HasSubstr("\"unknown_channel\""));
  EXPECT_THAT(refused.body, HasSubstr("\"name\""));
  EXPECT_THAT(refused.body, HasSubstr("\"not_for_channel\""));
  const HttpResponse no_secret = client().Post("/api/v1/channel-connections", R"({"channel":"shopify","name":"s"})");
  EXPECT_EQ(no_secret.status, 422);
  EXPECT_THAT(no_secret.body, HasSubstr("\"secret\""));
}

TEST_F(ChannelsApiTest, PosCsvFileIsABatchThroughTheEntryRules) {
  ASSERT_EQ(client().Post("/api/v1/channel-connections", R"({"channel":"pos_csv","name":"erp"})").status, 201);
  const HttpResponse pushed = client().Post("/api/v1/channels/pos_csv/orders?connection=erp",
                                            Fixture("csv/erp_english.csv"), {{"Content-Type", "text/csv"}});
  ASSERT_EQ(pushed.status, 200) << pushed.body;
  const rapidjson::Document doc = ParseBody(pushed.body);
  ASSERT_TRUE(doc.HasMember("results"));
  ASSERT_EQ(doc["results"].Size(), 2u) << pushed.body;
  for (const auto& result : doc["results"].GetArray()) EXPECT_EQ(result["status"].GetInt(), 201) << pushed.body;
  EXPECT_EQ(CountOrders(), 2u);
}

TEST_F(ChannelsApiTest, PosCsvIsReadWithTheConnectionsSavedProfile) {
  const std::string profile = Fixture("csv/store_pos_profile.json");
  const HttpResponse created = client().Post("/api/v1/channel-connections",
                                             R"({"channel":"pos_csv","name":"store-12","csv_profile":)" + profile + "}");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_TRUE(ParseBody(created.body)["csv_profile"].IsObject());
  // The file uses ';' (the profile says so): without the profile no order could be read. Its
  // carry-out sales have no receiver name, which the default entry rules require: both orders
  // are mapped and then refused by the rules, naming the field, like any other order.
  const HttpResponse pushed =
      client().Post("/api/v1/channels/pos_csv/orders?connection=store-12", Fixture("csv/store_semicolon.csv"),
                    {{"Content-Type", "text/csv"}});
  ASSERT_EQ(pushed.status, 200) << pushed.body;
  const rapidjson::Document doc = ParseBody(pushed.body);
  ASSERT_EQ(doc["results"].Size(), 2u) << pushed.body;
  for (const auto& result : doc["results"].GetArray()) {
    EXPECT_EQ(result["status"].GetInt(), 422);
    EXPECT_THAT(std::string(result["error"]["errors"][0]["field"].GetString()), HasSubstr("shipping_address/name"));
  }
  EXPECT_EQ(CountOrders(), 0u);
}

TEST_F(ChannelsApiTest, DisabledConnectionIsRefusedAs404) {
  const std::int64_t id = Connect("shopify", "main-shop", kShopSecret);
  const HttpResponse disabled = client().Send("DELETE", "/api/v1/channel-connections/" + std::to_string(id));
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(ParseBody(disabled.body)["disabled"].GetBool());
  EXPECT_EQ(PushShopify(Fixture("shopify/paid_line_level_discounts.json")).status, 404);
  EXPECT_EQ(CountOrders(), 0u);
}

}  // namespace
}  // namespace ordo::api::testing
