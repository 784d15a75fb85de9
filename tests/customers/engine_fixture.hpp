#pragma once
// Shared helpers for the engine tests: buyers written the way channels send them, turned into
// identities with a readable stand-in for the blind index.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/time.hpp"
#include "customers/identity_builder.hpp"
#include "customers/resolution_engine.hpp"

namespace ordo::customers::testing {

// Tests see which value was "hashed"; the engine treats it as opaque like a real blind index.
inline std::string FakeBlindIndex(std::string_view value) { return "bi:" + std::string(value); }

struct Buyer {
  std::string name;
  std::string phone;
  std::string email;
  std::string buyer_id;
  std::string street = "文三路100号3幢201室";  // in 浙江省杭州市西湖区 unless `district` says otherwise
  std::string district = "西湖区";
};

inline BuyerIdentity IdentityOf(std::int64_t order_id, std::string_view channel, const Buyer& buyer,
                                std::int64_t amount = 10000) {
  BuyerFacts facts;
  facts.order_id = order_id;
  facts.channel = std::string(channel);
  facts.channel_buyer_id = buyer.buyer_id;
  facts.name = buyer.name;
  facts.phone = buyer.phone;
  facts.email = buyer.email;
  facts.address.name = buyer.name;
  facts.address.province = "浙江省";
  facts.address.city = "杭州市";
  facts.address.district = buyer.district;
  facts.address.street = buyer.street;
  facts.amount = amount;
  facts.ordered_at = 1'700'000'000'000 + order_id * 60'000;
  return BuildBuyerIdentity(facts, FakeBlindIndex);
}

class EngineTest : public ::testing::Test {
 protected:
  ResolveResult Resolve(std::int64_t order_id, std::string_view channel, const Buyer& buyer) {
    auto result = engine_.Resolve(IdentityOf(order_id, channel, buyer));
    EXPECT_TRUE(result.has_value());
    return std::move(result).value();
  }
  CustomerView View(CustomerId id) {
    auto view = engine_.Get(id);
    EXPECT_TRUE(view.has_value());
    return std::move(view).value();
  }

  core::ManualClock clock_{1'700'000'000'000};
  ResolutionEngine engine_{clock_};
};

}  // namespace ordo::customers::testing
