// The order → facts binder (service/order_facts.hpp): every fact it fills, absent values stay
// absent, no personal data reaches the snapshot, and a smaller catalogue is fine.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "rules/fact_snapshot.hpp"
#include "service/order_facts.hpp"

namespace ordo::service {
namespace {

order::Order SampleOrder() {
  order::Order order;
  order.id = 7;
  order.channel = "tmall";
  order.currency = "CNY";
  order.customer_ref = "cust-secret-ref";
  order.buyer_note = "leave at the door";
  order.lines = {order::OrderLine{"SKU-A", "Tea", 2, 5000, 0, 10000}, order::OrderLine{"SKU-B", "Cup", 1, 2990, 0, 2990},
                 order::OrderLine{"SKU-A", "Tea", 3, 5000, 0, 15000}};
  order.shipping_address = order::Address{"张三", "13800138000", "上海市", "上海市", "浦东新区", "世纪大道100号", "200120", "CN"};
  order.payments = {order::Payment{"", "t0", 0, {}}, order::Payment{"alipay", "t1", 27990, {}}};
  order.totals.grand_total = 27'990;  // 279.90
  order.address_confidence = 0.875;
  return order;
}

class OrderFactsTest : public ::testing::Test {
 protected:
  const rules::FactEntry* Fact(const rules::FactSnapshot& facts, const char* path) {
    return facts.Find(*catalogue_.Find(path));
  }
  rules::FactCatalogue catalogue_ = rules::FactCatalogue::Standard();
};

TEST_F(OrderFactsTest, FillsEveryOrderFact) {
  const rules::FactSnapshot facts =
      OrderFacts(SampleOrder(), OrderFactInputs{4, std::int64_t{12}, {"vip", "b2b"}}, catalogue_);
  EXPECT_EQ(Fact(facts, "order.grand_total")->number, 2'799'000);
  EXPECT_EQ(Fact(facts, "order.item_count")->number, 6);
  EXPECT_EQ(Fact(facts, "order.line_count")->number, 3);
  EXPECT_EQ(Fact(facts, "order.channel")->text, "tmall");
  EXPECT_EQ(Fact(facts, "order.payment_method")->text, "alipay");
  EXPECT_EQ(Fact(facts, "order.address.province")->text, "上海市");
  EXPECT_EQ(Fact(facts, "order.address.province_code")->text, "310000");
  EXPECT_EQ(Fact(facts, "order.address.city")->text, "上海市");
  EXPECT_EQ(Fact(facts, "order.address.district")->text, "浦东新区");
  EXPECT_EQ(Fact(facts, "order.lines[*].sku")->list, (std::vector<std::string>{"SKU-A", "SKU-B"}));
  EXPECT_EQ(Fact(facts, "order.tags")->list, (std::vector<std::string>{"vip", "b2b"}));
  EXPECT_EQ(Fact(facts, "order.stock.min_available")->number, 12);
  EXPECT_EQ(Fact(facts, "customer.orders_30d")->number, 4);
  EXPECT_EQ(Fact(facts, "quality.address_confidence")->number, 8'750);
  // Not order facts, or not known of an order.
  EXPECT_EQ(Fact(facts, "order.is_gift"), nullptr);
  EXPECT_EQ(Fact(facts, "stock.available"), nullptr);
  EXPECT_EQ(Fact(facts, "carrier.sla_miss_days"), nullptr);
}

TEST_F(OrderFactsTest, MissingValuesAreAbsentFacts) {
  order::Order order;
  order.currency = "CNY";
  const rules::FactSnapshot facts = OrderFacts(order, OrderFactInputs{}, catalogue_);
  for (const char* path : {"order.channel", "order.payment_method", "order.address.province",
                           "order.address.province_code", "order.address.city", "order.lines[*].sku", "order.tags",
                           "order.stock.min_available", "customer.orders_30d", "quality.address_confidence"}) {
    EXPECT_EQ(Fact(facts, path), nullptr) << path;
  }
  EXPECT_EQ(Fact(facts, "order.line_count")->number, 0);
  order.shipping_address.province = "Atlantis";
  EXPECT_EQ(Fact(OrderFacts(order, OrderFactInputs{}, catalogue_), "order.address.province_code"), nullptr);
}

TEST_F(OrderFactsTest, AmountsFollowTheCurrencyDigits) {
  order::Order order = SampleOrder();
  order.currency = "JPY";
  order.totals.grand_total = 1200;
  EXPECT_EQ(Fact(OrderFacts(order, {}, catalogue_), "order.grand_total")->number, 12'000'000);
  order.currency = "CNY";
  order.totals.grand_total = std::numeric_limits<std::int64_t>::max();  // overflows the fixed point: absent
  EXPECT_EQ(Fact(OrderFacts(order, {}, catalogue_), "order.grand_total"), nullptr);
}

TEST_F(OrderFactsTest, NoPersonalDataInTheEncodedSnapshot) {
  const std::string text = rules::EncodeFactSnapshot(OrderFacts(SampleOrder(), {}, catalogue_), catalogue_);
  for (const char* personal : {"张三", "13800138000", "世纪大道", "cust-secret-ref", "leave at the door", "200120"}) {
    EXPECT_EQ(text.find(personal), std::string::npos) << personal;
  }
}

TEST_F(OrderFactsTest, ASmallerCatalogueIsFine) {
  rules::FactCatalogue small;
  ASSERT_TRUE(small.Add("order.channel", rules::FactType::kString, "channel"));
  ASSERT_TRUE(small.Add("order.grand_total", rules::FactType::kInt, "registered with another type"));
  const rules::FactSnapshot facts = OrderFacts(SampleOrder(), {}, small);
  ASSERT_EQ(facts.entries.size(), 1U);
  EXPECT_EQ(facts.entries[0].text, "tmall");
}

}  // namespace
}  // namespace ordo::service
