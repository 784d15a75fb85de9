#pragma once
// First pass over a raw phone field: the digits (full-width folded to ASCII), a leading '+',
// an explicit extension, and where the last digit group began, so that "17012345678-1234" can
// later be read as number + extension. Pure; no allocation.
#include <array>
#include <cstdint>
#include <string_view>

#include "quality/phone.hpp"

namespace ordo::quality::detail {

inline constexpr std::size_t kMaxPhoneDigits = 20;      // longer is too_long, whatever it is
inline constexpr std::size_t kMaxExtensionDigits = 8;

struct PhoneText {
  PhoneProblem problem = PhoneProblem::kNone;
  bool plus = false;  // written with a leading '+' (or '＋')
  std::array<char, kMaxPhoneDigits> digits{};
  std::uint8_t digit_count = 0;
  std::array<char, kMaxExtensionDigits> extension{};
  std::uint8_t extension_length = 0;
  // Index into digits where the last group after a '-' or space began; 0 when there is one
  // group only.
  std::uint8_t last_group_start = 0;

  std::string_view Digits() const { return {digits.data(), digit_count}; }
  std::string_view Extension() const { return {extension.data(), extension_length}; }
};

PhoneText ReadPhoneText(std::string_view raw);

}  // namespace ordo::quality::detail
