#pragma once
// Money is int64 minor units plus an ISO 4217 currency; never floating point.
#include <cstdint>
#include <optional>
#include <string_view>

namespace ordo::core {

struct CurrencyInfo {
  std::string_view code;   // "CNY"
  int minor_digits;        // 2 for CNY, 0 for JPY
};

// The currency if `code` is an active ISO 4217 code (upper case), else nullopt.
std::optional<CurrencyInfo> FindCurrency(std::string_view code);

// a + b and a * b without signed overflow (nullopt on overflow).
std::optional<std::int64_t> CheckedAdd(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> CheckedSub(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> CheckedMul(std::int64_t a, std::int64_t b);

}  // namespace ordo::core

namespace ordo::core {

// A decimal amount as channels write it ("199.00", "0.5", "-10.00", "1299") → integer minor
// units with `minor_digits` decimals (2 for CNY: "199.00" → 19900), exactly, without floating
// point. More decimals than the currency has are accepted only when they are zeros
// ("3.000" → 300, "3.005" → nullopt). Nothing else is accepted: no spaces, exponents, '+',
// thousands separators, a lone "." or a result beyond ±10^15 minor units.
std::optional<std::int64_t> ParseDecimalMinor(std::string_view text, int minor_digits);

}  // namespace ordo::core
