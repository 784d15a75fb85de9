#include "customers/address_features.hpp"

#include <algorithm>
#include <array>

#include "customers/detail/hash.hpp"
#include "quality/address.hpp"

namespace ordo::customers {
namespace {

std::uint64_t ForeignArea(const order::Address& address) {
  std::string key;
  for (const char c : address.country) key.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
  key.push_back('|');
  bool any = false;
  for (const char c : address.postcode) {
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
      key.push_back(c);
      any = true;
    } else if (c >= 'a' && c <= 'z') {
      key.push_back(static_cast<char>(c - 'a' + 'A'));
      any = true;
    }
  }
  if (!any) return 0;
  return detail::Hash64(key) | (std::uint64_t{1} << 63);
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return !prefix.empty() && text.substr(0, prefix.size()) == prefix;
}

std::string_view SkipSeparators(std::string_view text) {
  static constexpr std::array<std::string_view, 6> kSeparators = {" ", ",", "/", "，", "　", "、"};
  for (bool again = true; again;) {
    again = false;
    for (const std::string_view separator : kSeparators) {
      if (StartsWith(text, separator)) {
        text.remove_prefix(separator.size());
        again = true;
      }
    }
  }
  return text;
}

// The street without the division names in front of it. For a one-line address the parser knows
// where they end. For structured input the street field is taken as written, minus the divisions
// the parser resolved if the field repeats them: the parser would also read a leading estate name
// that happens to be a division name elsewhere as one (龙湖家园 → 汕头's 龙湖区, leaving 家园),
// and then the same home written as one line and as fields would not compare equal. Districts
// are stripped by their full name only (西湖家园 stays whole).
std::string_view StreetPart(const order::Address& address, const quality::ParsedAddress& parsed) {
  if (address.province.empty() && address.city.empty() && address.district.empty()) return parsed.street;
  std::string_view street = SkipSeparators(address.street);
  if (StartsWith(street, "中国")) street = SkipSeparators(street.substr(std::string_view("中国").size()));
  const quality::Division* const levels[] = {parsed.province, parsed.city, parsed.district};
  for (const quality::Division* division : levels) {
    if (division == nullptr) continue;
    if (StartsWith(street, division->name)) {
      street = SkipSeparators(street.substr(division->name.size()));
    } else if (division != parsed.district && StartsWith(street, division->short_name)) {
      street = SkipSeparators(street.substr(division->short_name.size()));
    }
  }
  return street;
}

}  // namespace

AddressFeatures MakeAddressFeatures(std::uint64_t area, std::string_view street) {
  AddressFeatures features;
  features.area = area;
  const StreetTokens tokens = TokenizeStreet(street);
  for (const std::string& word : tokens.words) {
    if (features.word_count == AddressFeatures::kMaxWords) break;
    features.words[features.word_count++] = static_cast<std::uint32_t>(detail::Hash64(word) >> 32);
  }
  std::sort(features.words.begin(), features.words.begin() + features.word_count);
  const auto unique_end = std::unique(features.words.begin(), features.words.begin() + features.word_count);
  features.word_count = static_cast<std::uint8_t>(unique_end - features.words.begin());
  std::fill(unique_end, features.words.end(), 0);
  for (std::size_t part = 0; part < kUnitPartCount; ++part) {
    if (!tokens.units[part]) continue;
    features.units[part] = *tokens.units[part];
    features.unit_mask = static_cast<std::uint8_t>(features.unit_mask | (1u << part));
  }
  return features;
}

AddressFeatures MakeAddressFeatures(const order::Address& address) {
  if (!address.country.empty() && address.country != "CN" && address.country != "cn") {
    return MakeAddressFeatures(ForeignArea(address), address.street);
  }
  quality::AddressInput input;
  input.province = address.province;
  input.city = address.city;
  input.district = address.district;
  input.street = address.street;
  const quality::ParsedAddress parsed = quality::ParseAddress(input);
  std::uint64_t area = 0;
  if (parsed.district != nullptr) {
    area = parsed.district->code;
  } else if (parsed.city != nullptr && !parsed.city->placeholder) {
    area = parsed.city->code;
  }
  return MakeAddressFeatures(area, StreetPart(address, parsed));
}

}  // namespace ordo::customers
