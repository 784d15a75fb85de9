#pragma once
// Internal: an unordered_map keyed by std::string that finds by std::string_view without
// building a std::string (C++20 heterogeneous lookup): lookups on the decision's hot path.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ordo::sourcing::detail {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

template <class Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

}  // namespace ordo::sourcing::detail
