// The bad-input table (issue #2, item 7): each kind of bad order gets its 4xx problem naming
// the field and rule, and nothing is written.
#include <gmock/gmock.h>

#include "api_fixture.hpp"

namespace ordo::api::testing {
namespace {

using ::testing::HasSubstr;

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

struct BadInput {
  std::string name;
  std::string body;
  int status;
  std::string field;  // "" when the problem names no field (unreadable input)
  std::string code;
};

std::vector<BadInput> BadInputTable() {
  const std::string good = OrderJson("BAD-1");
  return {
      {"malformed JSON", good.substr(0, good.size() - 5), 400, "", ""},
      {"wrong type", Replace(good, "\"qty\":2", "\"qty\":\"2\""), 422, "lines/0/qty", "type"},
      {"missing field", Replace(good, "\"currency\":\"CNY\",", ""), 422, "currency", "required"},
      {"zero qty", Replace(Replace(good, "\"qty\":2", "\"qty\":0"), "\"line_total\":3998", "\"line_total\":0"), 422,
       "lines/0/qty", "not_positive"},
      {"negative qty", Replace(good, "\"qty\":2", "\"qty\":-2"), 422, "lines/0/qty", "not_positive"},
      {"unknown currency", Replace(good, "\"CNY\"", "\"XYZ\""), 422, "currency", "unknown_currency"},
      {"grand total off", Replace(good, "\"grand_total\":4798", "\"grand_total\":4799"), 422, "totals/grand_total",
       "grand_total_mismatch"},
      {"items total off", Replace(good, "\"items\":3998", "\"items\":3999"), 422, "totals/items", "items_mismatch"},
      {"unknown field (strict)", Replace(good, "\"channel\":", "\"colour\":\"red\",\"channel\":"), 422, "colour",
       "unknown_field"},
      {"body over 1 MiB", Replace(good, "\"buyer_note\":\"\"", "\"buyer_note\":\"" + std::string(1100 * 1024, 'x') + "\""),
       413, "", ""},
  };
}

TEST_F(ApiTest, EveryBadInputIsAProblemAndWritesNothing) {
  for (const BadInput& bad : BadInputTable()) {
    SCOPED_TRACE(bad.name);
    HttpClient fresh(port(), client().bearer());  // a 413 closes its connection
    const HttpResponse response = fresh.Post("/api/v1/orders", bad.body);
    EXPECT_EQ(response.status, bad.status) << response.error << response.body;
    EXPECT_EQ(response.Header("content-type"), "application/problem+json");
    const rapidjson::Document problem = ParseBody(response.body);
    ASSERT_TRUE(problem.IsObject()) << response.body;
    EXPECT_EQ(problem["status"].GetInt(), bad.status);
    EXPECT_THAT(problem["type"].GetString(), HasSubstr("urn:ordo:problem:"));
    if (!bad.field.empty()) {
      bool found = false;
      for (const auto& error : problem["errors"].GetArray()) {
        found = found || (error["field"].GetString() == bad.field && error["code"].GetString() == bad.code);
      }
      EXPECT_TRUE(found) << "expected {" << bad.field << ", " << bad.code << "} in " << response.body;
    }
  }
  EXPECT_EQ(CountOrders(), 0u) << "bad input must not write anything";
  // The server is still fine after all of it.
  EXPECT_EQ(client().Post("/api/v1/orders", OrderJson("GOOD-1")).status, 201);
  EXPECT_EQ(CountOrders(), 1u);
}

TEST_F(ApiTest, TransitionWithBadInputIsRefusedBeforeTheStore) {
  const HttpResponse created = client().Post("/api/v1/orders", OrderJson("BT-1"));
  ASSERT_EQ(created.status, 201);
  const std::string path = "/api/v1/orders/" + std::to_string(ParseBody(created.body)["id"].GetInt64()) + "/transitions";
  EXPECT_EQ(client().Post(path, R"({"to":"flying"})").status, 422);
  EXPECT_EQ(client().Post(path, R"({"reason":"no target"})").status, 422);
  EXPECT_EQ(client().Post(path, R"({"to":"allocated"})", {{"If-Match", "banana"}}).status, 400);
  EXPECT_EQ(client().Post(path, "{not json").status, 400);
  EXPECT_EQ(client().Post("/api/v1/orders/abc/transitions", R"({"to":"allocated"})").status, 400);
  const HttpResponse order = client().Get(path.substr(0, path.size() - std::string("/transitions").size()));
  EXPECT_STREQ(ParseBody(order.body)["status"].GetString(), "paid");
}

}  // namespace
}  // namespace ordo::api::testing
