#pragma once
// UTF-8 → code points for name and street features. The inputs were checked with
// core::IsValidUtf8 by the feature builders; on invalid bytes this still never reads past the
// text and yields U+FFFD, so a caller that forgot cannot loop forever.
#include <cstddef>
#include <string>
#include <string_view>

namespace ordo::customers::detail {

struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;  // bytes; 0 only at the end of the text
};

inline CodePoint DecodeAt(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return {};
  const auto byte = [&](std::size_t index) { return static_cast<unsigned char>(text[offset + index]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {lead, 1};
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || offset + length > text.size()) return {0xFFFD, 1};
  char32_t value = lead & (0x7F >> length);
  for (std::size_t index = 1; index < length; ++index) {
    if ((byte(index) & 0xC0) != 0x80) return {0xFFFD, 1};
    value = (value << 6) | (byte(index) & 0x3F);
  }
  return {value, length};
}

inline std::u32string ToCodePoints(std::string_view text) {
  std::u32string result;
  result.reserve(text.size());
  for (std::size_t offset = 0; offset < text.size();) {
    const CodePoint point = DecodeAt(text, offset);
    result.push_back(point.value);
    offset += point.length;
  }
  return result;
}

inline void AppendUtf8(std::string& out, char32_t value) {
  if (value < 0x80) {
    out.push_back(static_cast<char>(value));
  } else if (value < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (value >> 6)));
    out.push_back(static_cast<char>(0x80 | (value & 0x3F)));
  } else if (value < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (value >> 12)));
    out.push_back(static_cast<char>(0x80 | ((value >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (value & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (value >> 18)));
    out.push_back(static_cast<char>(0x80 | ((value >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((value >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (value & 0x3F)));
  }
}

// CJK Unified Ideographs, Extension A, and the supplementary-plane extensions (B…): the
// characters Chinese names and street names are written in.
inline bool IsHan(char32_t value) {
  return (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF) ||
         (value >= 0x20000 && value <= 0x3134F);
}

}  // namespace ordo::customers::detail
