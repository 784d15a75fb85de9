#include "customers/identity_builder.hpp"

#include <gtest/gtest.h>

namespace ordo::customers {
namespace {

std::string Hasher(std::string_view value) { return "bi:" + std::string(value); }

TEST(PhoneKeyValue, E164ForOwnNumbersAndNothingForRelays) {
  EXPECT_EQ(PhoneKeyValue("13812345678"), "+8613812345678");
  EXPECT_EQ(PhoneKeyValue("+86 138-1234-5678"), "+8613812345678");
  EXPECT_EQ(PhoneKeyValue("0571-88888888"), "+8657188888888");
  EXPECT_EQ(PhoneKeyValue("17012345678-1234"), std::nullopt) << "privacy relay";
  EXPECT_EQ(PhoneKeyValue("13812345678转1234"), std::nullopt) << "extension: a relay";
  EXPECT_EQ(PhoneKeyValue("12012345678"), std::nullopt) << "unassigned range";
  EXPECT_EQ(PhoneKeyValue("  "), std::nullopt);
}

TEST(EmailKeyValue, TrimmedLowerCasedAndShapeChecked) {
  EXPECT_EQ(EmailKeyValue("  Li.Na@Example.COM "), "li.na@example.com");
  EXPECT_EQ(EmailKeyValue("no-at-sign"), std::nullopt);
  EXPECT_EQ(EmailKeyValue("@example.com"), std::nullopt);
  EXPECT_EQ(EmailKeyValue("a@"), std::nullopt);
  EXPECT_EQ(EmailKeyValue("a@b@c"), std::nullopt);
}

TEST(ChannelBuyerKeyValue, ScopedToTheChannel) {
  EXPECT_EQ(ChannelBuyerKeyValue("tmall", " u123 "), "tmall:u123");
  EXPECT_EQ(ChannelBuyerKeyValue("tmall", ""), std::nullopt);
}

TEST(BuildBuyerIdentity, OnlyHashedKeysAndFeaturesFromAnOrder) {
  order::Order order;
  order.id = 42;
  order.channel = "jd";
  order.customer_ref = "jd_pin_1";
  order.shipping_address.name = "王 小明";
  order.shipping_address.phone = "138 1234 5678";
  order.shipping_address.province = "浙江省";
  order.shipping_address.city = "杭州市";
  order.shipping_address.district = "西湖区";
  order.shipping_address.street = "文三路100号";
  order.totals.grand_total = 12345;
  order.created_at = 1'700'000'000'000;

  const BuyerIdentity identity = BuildBuyerIdentity(BuyerFactsFromOrder(order, "WANG@EXAMPLE.COM"), Hasher);
  EXPECT_EQ(identity.order_id, 42);
  EXPECT_EQ(identity.channel, "jd");
  EXPECT_EQ(identity.channel_buyer_key, "bi:jd:jd_pin_1");
  EXPECT_EQ(identity.phone_key, "bi:+8613812345678");
  EXPECT_EQ(identity.email_key, "bi:wang@example.com");
  EXPECT_EQ(identity.name.canonical, "王小明");
  EXPECT_EQ(identity.address.area, 330106u);
  EXPECT_EQ(identity.amount, 12345);
  EXPECT_EQ(identity.ordered_at, 1'700'000'000'000);
}

}  // namespace
}  // namespace ordo::customers
