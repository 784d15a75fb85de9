#pragma once
// A delivery address reduced to what fuzzy matching compares: the area it is in and the tokens
// of its street part. Pure; thread-safe. Street tokens are kept as 32-bit hashes, not text.
//
//   {浙江省, 杭州市, 西湖区, "文三路100号华星小区3幢2单元201室"}
//     → area 330106; words {文三路, 华星小区}; numbers [100, 3, 2, 201]
//   {"", "", "", "浙江杭州西湖区文三路100号3-2-201"}      → area 330106; words {文三路}; numbers [100, 3, 2, 201]
//   {country "US", postcode "94103", street "123 Main St Apt 4"}
//     → area hash("US|94103"); words {main, street}; numbers [123, 4]
//
// Numbers are the unit (building, entrance, flat): written in digits, full-width digits or Chinese
// numerals before a unit word (三幢 → 3); unit words (号 栋 幢 单元 室 …) themselves are dropped,
// so "3幢201室", "3栋201" and "3-201" give the same numbers. A single Latin letter (A座) counts as
// a number. Han words end after a place suffix (路 街 巷 村 区 苑 园 …).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "order/order.hpp"

namespace ordo::customers {

struct AddressFeatures {
  static constexpr std::size_t kMaxWords = 6;
  static constexpr std::size_t kMaxNumbers = 4;

  // The GB/T 2260 district code (or the city's, for a city without districts such as 东莞) of a
  // Chinese address; for other countries a hash of country and postcode with the top bit set;
  // 0 when neither is known — such a buyer is never matched fuzzily.
  std::uint64_t area = 0;
  std::array<std::uint32_t, kMaxWords> words{};      // hashes of the street's words, sorted, unique
  std::array<std::uint32_t, kMaxNumbers> numbers{};  // the street's numbers in written order
  std::uint8_t word_count = 0;
  std::uint8_t number_count = 0;
  bool operator==(const AddressFeatures&) const = default;
};

// The street split into its tokens, in clear: what AddressFeatures hashes. For tests and tools.
struct StreetTokens {
  std::vector<std::string> words;
  std::vector<std::uint32_t> numbers;
};
StreetTokens TokenizeStreet(std::string_view street);

// Chinese addresses (country empty or "CN") go through quality::ParseAddress; others use the
// postcode for the area and the street line for the tokens.
AddressFeatures MakeAddressFeatures(const order::Address& address);

// From an area and a street part that is already separated from the division names.
AddressFeatures MakeAddressFeatures(std::uint64_t area, std::string_view street);

}  // namespace ordo::customers
