#pragma once
// Shared by the channel tests: reading fixtures and checking what every accepted ChannelOrder
// must satisfy (channels/channel_order.hpp "Invariant").
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "channels/channel_order.hpp"
#include "order/order_json.hpp"

namespace ordo::channels::testing {

inline std::string FixturePath(std::string_view relative) {
  return std::string(ORDO_CHANNEL_FIXTURES) + "/" + std::string(relative);
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

inline std::string ReadFixture(std::string_view relative) { return ReadFile(FixturePath(relative)); }

// The time every adapter test maps at ("now" for payloads without their own times).
inline constexpr core::UnixMillis kFixtureNow = 1'717'300'000'000;

// A fixture that `map` must accept; a refusal fails the test and yields an empty order.
template <class Mapper>
ChannelOrder MapFixtureOk(Mapper map, std::string_view file) {
  auto result = map(ReadFixture(file), kFixtureNow);
  EXPECT_TRUE(result.has_value()) << (result.has_value() ? "" : result.error().detail);
  return result.has_value() ? std::move(result).value() : ChannelOrder{};
}

// The canonical equations, the bounds, and the storage round trip the store relies on.
inline void ExpectCanonical(const ChannelOrder& channel_order) {
  const order::Order& order = channel_order.order;
  EXPECT_FALSE(order.channel.empty());
  EXPECT_FALSE(order.external_id.empty());
  EXPECT_NE(order.status, order::OrderStatus::kOnHold) << "orders never arrive on hold";
  ASSERT_FALSE(order.lines.empty());
  std::int64_t items = 0;
  for (const order::OrderLine& line : order.lines) {
    EXPECT_FALSE(line.sku.empty());
    EXPECT_GE(line.qty, 1);
    EXPECT_GE(line.unit_price, 0);
    EXPECT_GE(line.discount, 0);
    EXPECT_GE(line.line_total, 0);
    EXPECT_EQ(line.qty * line.unit_price - line.discount, line.line_total) << line.sku;
    items += line.line_total;
  }
  EXPECT_EQ(order.totals.items, items);
  EXPECT_GE(order.totals.discount, 0);
  EXPECT_EQ(order.totals.items + order.totals.shipping + order.totals.tax - order.totals.discount,
            order.totals.grand_total);
  if (channel_order.contact_form != ContactForm::kClear && channel_order.contact_form != ContactForm::kPrivacyRelay) {
    EXPECT_TRUE(order.shipping_address.phone.empty()) << "a masked or encrypted value is never stored as a phone";
  }
  std::uint64_t fingerprint = 0;
  const std::string stored = order::OrderToStorageJson(order, &fingerprint);
  const auto reread = order::OrderFromStorageJson(stored);
  ASSERT_TRUE(reread.has_value()) << stored;
  EXPECT_EQ(order::ContentFingerprint(*reread), fingerprint);
}

}  // namespace ordo::channels::testing
