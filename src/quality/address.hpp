#pragma once
// Chinese postal addresses → province / city / district with GB/T 2260 codes, the street part,
// a confidence in [0, 1] and the reasons behind it. Pure functions over the built-in division
// table (quality/divisions.hpp); thread-safe; no allocation per call.
//
//   ParseAddress("浙江杭州西湖区文三路100号")
//     → 浙江省 330000 / 杭州市 330100 / 西湖区 330106, street "文三路100号", confidence 0.95,
//       reasons {short_name}
//   ParseAddress("朝阳区建国路1号")        → no district (北京 and 长春 both have one):
//                                            reasons {ambiguous_district, …}, confidence 0
//   ParseAddress({.province = "浙江省", .city = "南京市", .district = "鼓楼区"})
//     → 江苏省 / 南京市 / 鼓楼区, reasons {contradiction, …}: the province loses to two names
//       that agree with each other
#include <cstdint>
#include <string_view>

#include "quality/divisions.hpp"

namespace ordo::quality {

// Why an address got the confidence it got. Informational reasons (short_name, …) lower it a
// little; problems (contradiction, ambiguous_*, *_missing) lower it a lot.
enum class AddressReason : std::uint8_t {
  kEmpty,              // no text at all
  kInvalidUtf8,        // the input is not UTF-8; nothing was parsed
  kNotFound,           // no division name was recognised
  kProvinceInferred,   // the province was filled in from the city or district
  kCityInferred,       // the city was filled in from the district
  kShortName,          // a short or colloquial form was used (浙江, 内蒙, 恩施州)
  kHistoricalName,     // a former name was used (襄樊 → 襄阳市, 莱芜市 → 济南市)
  kSuffixMismatch,     // the name carried the wrong level suffix (蓬莱市 for 蓬莱区, 广西省)
  kAmbiguousCity,      // a city name that fits several cities, nothing to choose between them
  kAmbiguousDistrict,  // a district name that fits several districts (朝阳区, 鼓楼区)
  kContradiction,      // a name that does not fit the others (a city not in the province)
  kCityMissing,        // resolved to a province only
  kDistrictMissing,    // resolved to a city (or province) only
  kStreetMissing,      // nothing after the division names
  kUnrecognisedField,  // a province/city/district field whose text matched no division
};
inline constexpr int kAddressReasonCount = 15;

std::string_view AddressReasonName(AddressReason reason);  // "ambiguous_district"

class AddressReasons {
 public:
  void Add(AddressReason reason) { bits_ |= Bit(reason); }
  bool Has(AddressReason reason) const { return (bits_ & Bit(reason)) != 0; }
  bool Empty() const { return bits_ == 0; }
  bool operator==(const AddressReasons&) const = default;

 private:
  static std::uint32_t Bit(AddressReason reason) { return std::uint32_t{1} << static_cast<int>(reason); }
  std::uint32_t bits_ = 0;
};

// Any field may be empty, hold the wrong level (a district in `city`), or hold a whole address
// (a street field that starts with the province): each is scanned for division names.
// `free_text` is a one-line address. A six-digit field is taken as a GB/T 2260 code.
struct AddressInput {
  std::string_view free_text;
  std::string_view province;
  std::string_view city;
  std::string_view district;
  std::string_view street;
};

struct ParsedAddress {
  const Division* province = nullptr;  // into AllDivisions(); nullptr when not resolved
  const Division* city = nullptr;      // may be a placeholder (省直辖县级行政区划)
  const Division* district = nullptr;
  // What follows the division names: from `street` if given, else from `free_text`. A view into
  // the caller's input: valid as long as that is.
  std::string_view street;
  double confidence = 0;               // 0–1
  AddressReasons reasons;
  GeoPoint centroid;                   // of the deepest resolved division; precision kNone if none
};

ParsedAddress ParseAddress(const AddressInput& input);
inline ParsedAddress ParseAddress(std::string_view free_text) {
  AddressInput input;
  input.free_text = free_text;
  return ParseAddress(input);
}

}  // namespace ordo::quality
