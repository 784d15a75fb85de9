#pragma once
// The 34 provincial-level divisions of China (GB/T 2260 codes, full and short names), used to
// normalise province scopes and order provinces to one canonical form: the full name
// ("浙江省"). Constant data; thread-safe.
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ordo::security {

struct Province {
  std::string_view code;        // GB/T 2260, six digits: "330000"
  std::string_view full_name;   // "浙江省", "内蒙古自治区", "北京市", "香港特别行政区"
  std::string_view short_name;  // "浙江", "内蒙古", "北京", "香港"
};

// All 34, ordered by code (71 台湾, 81 香港, 82 澳门 last).
std::span<const Province> AllProvinces();

// Finds by code, full name or short name (surrounding ASCII spaces ignored). A code may also be
// given with the city/county part ("330100" → 浙江省) — the first two digits decide, when the
// code is six digits. nullptr when nothing matches.
const Province* FindProvince(std::string_view code_or_name);

// The canonical full name, or kInvalidArgument "unknown province" (field "province", the input
// is not echoed).
core::Result<std::string> CanonicalProvinceName(std::string_view code_or_name);

}  // namespace ordo::security
