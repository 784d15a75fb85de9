// Every documented status of every channel maps to exactly one unified status or is refused with
// a reason, and docs/channels.md shows exactly these tables (the page cannot drift from the code).
#include "channels/status_mapping.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "channel_test_support.hpp"

namespace ordo::channels {
namespace {

struct ChannelTable {
  const char* name;  // the marker in docs/channels.md: <!-- status-table: NAME -->
  std::function<std::vector<StatusCase>()> cases;
};

const std::vector<ChannelTable>& Tables() {
  static const std::vector<ChannelTable> tables = {
      {"shopify", ShopifyStatusCases}, {"woocommerce", WooStatusCases}, {"taobao", TaobaoStatusCases},
      {"jd", JdStatusCases},           {"douyin", DouyinStatusCases},
  };
  return tables;
}

std::string RenderTable(const std::vector<StatusCase>& cases) {
  std::string out = "| channel status | unified status | why |\n|---|---|---|\n";
  for (const StatusCase& status_case : cases) {
    const StatusDecision& decision = status_case.decision;
    std::string unified;
    if (decision.unified) {
      unified = "`" + std::string(order::StatusName(*decision.unified)) + "`";
      if (!decision.hold_reason.empty()) unified += ", then held";
    } else {
      unified = "refused: `" + std::string(decision.code) + "`";
    }
    out += "| " + status_case.label + " | " + unified + " | " + std::string(decision.reason) + " |\n";
  }
  return out;
}

TEST(StatusMapping, EveryDocumentedStatusMapsToExactlyOneUnifiedStatusOrIsRefusedWithAReason) {
  for (const ChannelTable& table : Tables()) {
    const auto cases = table.cases();
    ASSERT_FALSE(cases.empty()) << table.name;
    for (const StatusCase& status_case : cases) {
      SCOPED_TRACE(std::string(table.name) + ": " + status_case.label);
      const StatusDecision& decision = status_case.decision;
      EXPECT_FALSE(decision.reason.empty());
      if (decision.unified) {
        EXPECT_TRUE(decision.code.empty()) << "mapped and refused at once";
        EXPECT_NE(*decision.unified, order::OrderStatus::kOnHold) << "orders arrive in a state; holds come after";
      } else {
        EXPECT_FALSE(decision.code.empty());
        EXPECT_NE(decision.code, "unknown_status") << "a documented status must not fall through";
        EXPECT_TRUE(decision.hold_reason.empty());
      }
    }
  }
}

TEST(StatusMapping, LabelsAreUniqueWithinAChannel) {
  for (const ChannelTable& table : Tables()) {
    std::set<std::string> seen;
    for (const StatusCase& status_case : table.cases()) {
      EXPECT_TRUE(seen.insert(status_case.label).second) << table.name << ": " << status_case.label;
    }
  }
}

TEST(StatusMapping, UndocumentedStatusesAreRefusedNotGuessed) {
  EXPECT_EQ(MapShopifyStatus("chargeback", "", false).code, "unknown_status");
  EXPECT_EQ(MapShopifyStatus("paid", "shipped", false).code, "unknown_status");
  EXPECT_EQ(MapWooStatus("wc-custom-status", false).code, "unknown_status");
  EXPECT_EQ(MapTaobaoStatus("WAIT_SELLER_AGREE", false).code, "unknown_status");
  EXPECT_EQ(MapJdStatus("wait_seller_stock_out").code, "unknown_status");  // case matters
  EXPECT_EQ(MapDouyinStatus(999).code, "unknown_status");
}

TEST(StatusMapping, ChannelWordsThatLookAlikeMeanDifferentThings) {
  // The example: "completed" is shipped on WooCommerce, signed for and settled on Taobao.
  EXPECT_EQ(MapWooStatus("completed", false).unified, order::OrderStatus::kShipped);
  EXPECT_EQ(MapTaobaoStatus("TRADE_FINISHED", true).unified, order::OrderStatus::kCompleted);
  EXPECT_EQ(MapDouyinStatus(5).unified, order::OrderStatus::kCompleted);
  // A refund before shipment is a cancellation everywhere; after shipment it is a refund.
  EXPECT_EQ(MapTaobaoStatus("TRADE_CLOSED", false).unified, order::OrderStatus::kCancelled);
  EXPECT_EQ(MapTaobaoStatus("TRADE_CLOSED", true).unified, order::OrderStatus::kRefunded);
  EXPECT_EQ(MapWooStatus("refunded", false).unified, order::OrderStatus::kCancelled);
  EXPECT_EQ(MapShopifyStatus("refunded", "", false).unified, order::OrderStatus::kCancelled);
  EXPECT_EQ(MapShopifyStatus("refunded", "fulfilled", false).unified, order::OrderStatus::kRefunded);
  EXPECT_EQ(MapDouyinStatus(21).unified, order::OrderStatus::kCancelled);
  EXPECT_EQ(MapDouyinStatus(22).unified, order::OrderStatus::kRefunded);
}

TEST(StatusMapping, ChannelLocksBecomeHoldsAfterIngest) {
  const StatusDecision locked = MapJdStatus("LOCKED");
  EXPECT_EQ(locked.unified, order::OrderStatus::kPaid);
  EXPECT_FALSE(locked.hold_reason.empty());
  EXPECT_FALSE(MapTaobaoStatus("PAID_FORBID_CONSIGN", false).hold_reason.empty());
  EXPECT_TRUE(MapJdStatus("WAIT_SELLER_STOCK_OUT").hold_reason.empty());
}

TEST(StatusMapping, DocsShowExactlyTheseTables) {
  const std::string docs = testing::ReadFile(std::string(ORDO_DOCS_DIR) + "/channels.md");
  for (const ChannelTable& table : Tables()) {
    const std::string begin = std::string("<!-- status-table: ") + table.name + " -->\n";
    const std::string end = "<!-- /status-table -->";
    const std::size_t start = docs.find(begin);
    ASSERT_NE(start, std::string::npos) << "docs/channels.md lacks the marker " << begin;
    const std::size_t stop = docs.find(end, start);
    ASSERT_NE(stop, std::string::npos);
    const std::string shown = docs.substr(start + begin.size(), stop - start - begin.size());
    EXPECT_EQ(shown, RenderTable(table.cases())) << "docs/channels.md " << table.name
                                                  << " table differs; it should read:\n"
                                                  << RenderTable(table.cases());
  }
}

}  // namespace
}  // namespace ordo::channels
