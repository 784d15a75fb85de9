#pragma once
// One generated order: what a channel would send about person p's k-th order, written the way
// people write (typos, nicknames, swapped name order, address notations, privacy-relay numbers),
// with tags saying which variations it carries. Deterministic for (seed, person, k).
#include <cstdint>

#include "customers/identity_builder.hpp"
#include "synthetic_population.hpp"

namespace ordo::bench::customers {

enum OrderTag : std::uint16_t {
  kTagTypo = 1 << 0,        // one character of the name mistyped
  kTagNickname = 1 << 1,    // Latin first name as a nickname
  kTagNameOrder = 1 << 2,   // Latin "Smith John" / "Smith, John"; Han "王 小明"
  kTagNewPhone = 1 << 3,    // the person's second phone
  kTagMoved = 1 << 4,       // the person's second address
  kTagNoPhoneKey = 1 << 5,  // a privacy relay, or no phone at all
  kTagEmailCase = 1 << 6,   // the email in another letter case
  kTagNoName = 1 << 7,      // POS sale without a name
  kTagNoAddress = 1 << 8,   // POS sale without an address
};
inline constexpr int kTagCount = 9;
const char* TagName(int bit);

struct GeneratedOrder {
  ordo::customers::BuyerFacts facts;
  std::uint16_t tags = 0;
};

GeneratedOrder MakeOrder(const Population& population, std::uint32_t person, std::uint32_t order_index,
                         std::int64_t order_id, std::uint64_t seed);

}  // namespace ordo::bench::customers
