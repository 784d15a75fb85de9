#include "service/cursor.hpp"

#include <charconv>

namespace ordo::service {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kTokenPrefix = "o1:";

int SextetOf(char c) {
  const std::size_t pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

}  // namespace

std::string EncodeCursor(std::int64_t before_id) {
  const std::string token = std::string(kTokenPrefix) + std::to_string(before_id);
  std::string out;
  std::uint32_t bits = 0;
  int bit_count = 0;
  for (unsigned char byte : token) {
    bits = (bits << 8) | byte;
    bit_count += 8;
    while (bit_count >= 6) {
      bit_count -= 6;
      out.push_back(kAlphabet[(bits >> bit_count) & 0x3F]);
    }
  }
  if (bit_count > 0) out.push_back(kAlphabet[(bits << (6 - bit_count)) & 0x3F]);
  return out;
}

std::optional<std::int64_t> DecodeCursor(std::string_view cursor) {
  if (cursor.empty() || cursor.size() > 64) return std::nullopt;
  std::string token;
  std::uint32_t bits = 0;
  int bit_count = 0;
  for (char c : cursor) {
    const int sextet = SextetOf(c);
    if (sextet < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(sextet);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      token.push_back(static_cast<char>((bits >> bit_count) & 0xFF));
    }
  }
  if (!token.starts_with(kTokenPrefix)) return std::nullopt;
  const std::string_view digits = std::string_view(token).substr(kTokenPrefix.size());
  std::int64_t before_id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), before_id);
  if (ec != std::errc() || end != digits.data() + digits.size() || before_id <= 0) return std::nullopt;
  // Only canonical encodings: rejects trailing garbage bits that decode to the same token.
  if (EncodeCursor(before_id) != cursor) return std::nullopt;
  return before_id;
}

}  // namespace ordo::service
