#pragma once
// The people behind the generated orders of bench/customers/resolution_benchmark.cpp: who they
// are (names), where they live (households share an address), how many orders they place, on
// which channels, and the life events that make resolution hard (a new phone, a move).
// Deterministic for a seed; docs/customers.md lists every rate.
#include <cstdint>
#include <string>
#include <vector>

#include "quality/divisions.hpp"

namespace ordo::bench::customers {

inline constexpr std::uint8_t kNever = 0xFF;

enum class Channel : std::uint8_t { kTmall, kJd, kDouyin, kMiniApp, kPos, kShopify, kWooCommerce };
inline constexpr int kChannelCount = 7;
const char* ChannelName(Channel channel);

// Where a household lives. Chinese: district (index into Districts()), road, house number,
// estate, building, entrance (0: the estate has none), flat. Abroad: postcode, street, number, apartment.
struct AddressSpec {
  bool abroad = false;
  std::uint16_t area = 0;      // district index, or postcode index abroad
  std::uint16_t road = 0;
  std::uint16_t number = 0;
  std::uint16_t estate = 0;
  std::uint8_t building = 0;
  std::uint8_t entrance = 0;
  std::uint16_t flat = 0;      // 0 abroad: no apartment
};

struct Person {
  std::uint32_t household = 0;
  bool latin = false;          // a Latin-script name, living abroad, buying on Shopify/WooCommerce
  std::string family_name;     // 王 / Smith
  std::string given_name;      // 小明 / Robert (the full form; nicknames are chosen per order)
  std::uint8_t order_count = 1;
  std::uint8_t phone_switch_at = kNever;  // orders from this index on carry the person's new phone
  std::uint8_t move_at = kNever;          // orders from this index on go to `moved`
  Channel primary_channel = Channel::kTmall;
  AddressSpec home;
  AddressSpec moved;
};

struct Population {
  std::vector<Person> persons;
  std::size_t households = 0;
  std::size_t sibling_pairs_sharing_a_character = 0;  // 王小明 / 王小红 under one roof
  std::size_t common_name_persons = 0;                 // given one of the most common full names
};

Population MakePopulation(std::size_t person_count, std::uint64_t seed);

// The districts generated addresses use (every GB/T 2260 district with a name used in text).
const std::vector<const quality::Division*>& Districts();

}  // namespace ordo::bench::customers
