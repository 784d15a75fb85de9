#pragma once
// application/x-www-form-urlencoded query strings: "a=1&b=x%20y" → {{"a","1"},{"b","x y"}}.
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "service/order_queries.hpp"

namespace ordo::api {

// Percent-decodes `text` ('+' is a space). kMalformed on a broken escape or a NUL byte.
core::Result<std::string> PercentDecode(std::string_view text);
// Splits and decodes every pair; a pair without '=' has an empty value. kMalformed (field
// "query") when an escape is broken.
core::Result<service::QueryParams> ParseQuery(std::string_view query);

}  // namespace ordo::api
