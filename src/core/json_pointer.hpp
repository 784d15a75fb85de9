#pragma once
// JSON pointer tokens for error reports (RFC 6901).
#include <string>
#include <string_view>

namespace ordo::core {

// A member name from the input as one JSON pointer token: RFC 6901 escapes (~0, ~1), capped at
// 64 bytes on a character boundary, control characters replaced. Names, not values, are echoed in
// errors: never personal data, but an attacker must not be able to echo a wall of text.
std::string JsonPointerToken(std::string_view name);

}  // namespace ordo::core
