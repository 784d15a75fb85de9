// Data scopes on the demo data: a region manager's list, count and dashboard summary are exactly
// the admin's filtered to that region (issue 3: "equal the admin's numbers filtered to that
// region"). Uses `ordo demo`'s own users (region_manager is scoped to 浙江省).
#include <gtest/gtest.h>

#include <iostream>
#include <set>

#include "api_fixture.hpp"

namespace ordo::api::testing {
namespace {

constexpr const char* kRegion = "浙江省";
constexpr const char* kRegionQuery = "province=%E6%B5%99%E6%B1%9F%E7%9C%81";

std::set<std::int64_t> AllIds(HttpClient& client, const std::string& query) {
  std::set<std::int64_t> ids;
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    std::string target = "/api/v1/orders?limit=500";
    if (!query.empty()) target += "&" + query;
    if (!cursor.empty()) target += "&cursor=" + cursor;
    const HttpResponse response = client.Get(target);
    EXPECT_EQ(response.status, 200) << response.body;
    const rapidjson::Document doc = ParseBody(response.body);
    if (!doc.IsObject()) break;
    for (const auto& item : doc["items"].GetArray()) ids.insert(item["id"].GetInt64());
    if (!doc["next_cursor"].IsString()) break;
    cursor = doc["next_cursor"].GetString();
  }
  return ids;
}

rapidjson::Document Summary(HttpClient& client, const std::string& query) {
  const HttpResponse response = client.Get("/api/v1/orders/summary" + (query.empty() ? "" : "?" + query));
  EXPECT_EQ(response.status, 200) << response.body;
  return ParseBody(response.body);
}

class DemoScopeTest : public ApiTest {
 protected:
  void LoadDemo() {
    DropServer();
    ASSERT_EQ(RunOrdo({"demo", "--db", database_.url, "--orders", "600", "--seed", "11", "--dev-insecure-key"},
                      temp_dir_ + "/demo.log"),
              0)
        << ReadFile(temp_dir_ + "/demo.log");
    StartServer();
  }
};

TEST_F(DemoScopeTest, RegionManagerSeesExactlyTheAdminsNumbersFilteredToTheRegion) {
  LoadDemo();
  const std::string manager_token = Login("region_manager", "region_manager-demo-2026");
  ASSERT_FALSE(manager_token.empty());
  auto manager = ClientWithToken(manager_token);

  // List: the same orders, every page.
  const std::set<std::int64_t> manager_ids = AllIds(*manager, "");
  const std::set<std::int64_t> admin_region_ids = AllIds(client(), kRegionQuery);
  const std::set<std::int64_t> admin_all_ids = AllIds(client(), "");
  ASSERT_FALSE(manager_ids.empty()) << "the demo data has no order in " << kRegion;
  EXPECT_LT(manager_ids.size(), admin_all_ids.size()) << "the demo data should span several provinces";
  EXPECT_EQ(manager_ids, admin_region_ids);

  // Count and dashboard: the summary documents are identical, field by field.
  const rapidjson::Document manager_summary = Summary(*manager, "");
  const rapidjson::Document admin_summary = Summary(client(), kRegionQuery);
  ASSERT_TRUE(manager_summary.IsObject() && admin_summary.IsObject());
  EXPECT_EQ(manager_summary["orders"].GetInt64(), static_cast<std::int64_t>(manager_ids.size()));
  EXPECT_TRUE(manager_summary == admin_summary) << "the manager's summary differs from the admin's filtered one";
  ASSERT_EQ(manager_summary["by_province"].Size(), 1u);
  EXPECT_STREQ(manager_summary["by_province"][0]["key"].GetString(), kRegion);

  // The same with a second filter on top of the scope.
  const rapidjson::Document manager_paid = Summary(*manager, "status=paid");
  const rapidjson::Document admin_paid = Summary(client(), std::string(kRegionQuery) + "&status=paid");
  EXPECT_TRUE(manager_paid == admin_paid);

  // Asking for another province inside a 浙江省 scope gives nothing, not someone else's orders.
  const rapidjson::Document elsewhere = Summary(*manager, "province=%E5%B9%BF%E4%B8%9C%E7%9C%81");  // 广东省
  EXPECT_EQ(elsewhere["orders"].GetInt64(), 0);
  EXPECT_TRUE(AllIds(*manager, "province=%E5%B9%BF%E4%B8%9C%E7%9C%81").empty());

  // An out-of-scope order is 404 for the manager, not 403.
  std::int64_t outside = 0;
  for (std::int64_t id : admin_all_ids) {
    if (!admin_region_ids.contains(id)) {
      outside = id;
      break;
    }
  }
  ASSERT_NE(outside, 0);
  EXPECT_EQ(manager->Get("/api/v1/orders/" + std::to_string(outside)).status, 404);
  EXPECT_EQ(manager->Get("/api/v1/orders/" + std::to_string(outside) + "/timeline").status, 404);

  // For the closing note: the figures this test compared.
  std::cout << "[scope] demo orders " << admin_all_ids.size() << "; " << kRegion << ": admin filtered "
            << admin_region_ids.size() << ", region manager " << manager_ids.size() << "; summary orders "
            << manager_summary["orders"].GetInt64() << " = " << admin_summary["orders"].GetInt64() << "\n";
}

TEST_F(ApiTest, SummaryRefusesPaginationAndNeedsTheDashboardPermission) {
  const HttpResponse paged = client().Get("/api/v1/orders/summary?limit=5");
  EXPECT_EQ(paged.status, 400) << paged.body;
  EXPECT_NE(paged.body.find("limit"), std::string::npos);
  ASSERT_EQ(CreateUser("cs1", "customer-service-pw-1", "customer_service"), 0);
  auto agent = ClientWithToken(Login("cs1", "customer-service-pw-1"));
  EXPECT_EQ(agent->Get("/api/v1/orders/summary").status, 403);  // customer_service lacks dashboards.read
}

}  // namespace
}  // namespace ordo::api::testing
