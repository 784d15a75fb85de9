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
