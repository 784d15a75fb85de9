#pragma once
// Word lists for the generated population: names with rough real-world frequencies, nicknames,
// road, estate and street names. Sources: surname shares follow China's 2020 census ranking
// (公安部《二〇二〇年全国姓名报告》, rounded); given-name characters and English first and last
// names are common ones in rough rank order, weighted by a Zipf curve.
#include <string>
#include <string_view>
#include <vector>

#include "synthetic_random.hpp"

namespace ordo::bench::customers {

struct WordTable {
  std::vector<std::string> words;
  WeightedPick pick;
  const std::string& Draw(Rng& rng) const { return words[pick(rng)]; }
};

const WordTable& HanSurnames();
const WordTable& HanGivenCharacters();
const std::vector<std::string>& CommonHanFullNames();  // 张伟, 王芳, 李娜 … as surname + given
const WordTable& LatinFirstNames();
const WordTable& LatinLastNames();

// How people shorten a first name. Deliberately wider than the engine's nickname table: Jack,
// Liam, Eliza, Chris … are real short forms it does not map.
std::vector<std::string_view> NicknamesOf(std::string_view first_name);

std::string HanRoadName(std::uint32_t district, std::uint32_t road);  // 文三路, 中山东路 …
std::string HanEstateName(std::uint32_t estate);                      // 华星小区, 万科花园 …
inline constexpr std::uint32_t kRoadsPerDistrict = 40;
inline constexpr std::uint32_t kEstates = 400;

std::string LatinStreetName(std::uint32_t street);  // "Maple"
inline constexpr std::uint32_t kLatinStreets = 60;
std::string UsPostcode(std::uint32_t index);         // 5 digits, stable per index
inline constexpr std::uint32_t kUsPostcodes = 1500;

}  // namespace ordo::bench::customers
