#pragma once
// A delivery address reduced to what fuzzy matching compares: the area it is in, the words of
// its street part, and its unit numbers by what they number. Pure; thread-safe. Street words
// are kept as 32-bit hashes, not text.
//
//   {浙江省, 杭州市, 西湖区, "文三路100号华星小区3幢2单元201室"}
//     → area 330106; words {文三路, 华星小区}; house 100, building 3, entrance 2, flat 201
//   {"", "", "", "浙江杭州西湖区文三路100号3-2-201"}  → area 330106; words {文三路}; same four numbers
//   "华星小区3号楼2单元201"                           → words {华星小区}; building 3, entrance 2, flat 201
//   {country "US", postcode "94103", street "123 Main St Apt 4"}
//     → area hash("US|94103"); words {main, street}; house 123, flat 4
//
// Numbers are read with the unit word after them (号 house or building, 幢 栋 座 号楼 building,
// 单元 entrance, 室 户 flat, 层 楼 floor …), from a dashed group (3-2-201: building-entrance-
// flat; 3-201: building-flat), or by position (a last bare number after a building is the flat;
// the first after a road is the house). Chinese numerals before a unit word count (三幢 → 3); a
// single Latin letter is a building (A座). Han words end after a place suffix (路 街 巷 村 区 苑 …).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "order/order.hpp"

namespace ordo::customers {

// What a unit number numbers. Numbers whose role the text does not tell, or that say nothing
// about which dwelling it is (floors, phases, a fourth dashed number), are kept apart as
// "other numbers" and never compared.
enum class UnitPart : std::uint8_t { kHouse, kBuilding, kEntrance, kFlat };
inline constexpr std::size_t kUnitPartCount = 4;

struct AddressFeatures {
  static constexpr std::size_t kMaxWords = 6;

  // The GB/T 2260 district code (or the city's, for a city without districts such as 东莞) of a
  // Chinese address; for other countries a hash of country and postcode with the top bit set;
  // 0 when neither is known — such a buyer is never matched fuzzily.
  std::uint64_t area = 0;
  std::array<std::uint32_t, kMaxWords> words{};  // hashes of the street's words, sorted, unique
  std::uint8_t word_count = 0;
  std::array<std::uint32_t, kUnitPartCount> units{};  // by UnitPart; meaningful where unit_mask says
  std::uint8_t unit_mask = 0;                          // bit UnitPart: that number was written

  bool Has(UnitPart part) const { return (unit_mask >> static_cast<int>(part)) & 1; }
  std::uint32_t Unit(UnitPart part) const { return units[static_cast<std::size_t>(part)]; }
  bool operator==(const AddressFeatures&) const = default;
};

// The street split into its tokens, in clear: what AddressFeatures hashes. For tests and tools.
struct StreetTokens {
  std::vector<std::string> words;
  std::array<std::optional<std::uint32_t>, kUnitPartCount> units;  // by UnitPart
  std::vector<std::uint32_t> other_numbers;
  std::string DescribeUnits() const;  // "h100 b3 e2 f201 o12": house, building, entrance, flat, others
};
StreetTokens TokenizeStreet(std::string_view street);

// Chinese addresses (country empty or "CN") go through quality::ParseAddress; others use the
// postcode for the area and the street line for the tokens.
AddressFeatures MakeAddressFeatures(const order::Address& address);

// From an area and a street part that is already separated from the division names.
AddressFeatures MakeAddressFeatures(std::uint64_t area, std::string_view street);

}  // namespace ordo::customers
