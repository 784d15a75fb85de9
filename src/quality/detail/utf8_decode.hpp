#pragma once
// Decodes one UTF-8 code point. The callers check the whole input with core::IsValidUtf8 first,
// so this only has to be correct on valid input; on invalid bytes it still never reads past
// `text` and returns U+FFFD with a length of 1, so a caller that forgot cannot loop forever.
#include <cstddef>
#include <string_view>

namespace ordo::quality::detail {

struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;  // bytes; 0 only at the end of the text
};

inline CodePoint DecodeAt(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return {};
  const auto byte = [&](std::size_t index) { return static_cast<unsigned char>(text[offset + index]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || offset + length > text.size()) return {0xFFFD, 1};
  char32_t value = lead & (0x7F >> length);
  for (std::size_t index = 1; index < length; ++index) {
    if ((byte(index) & 0xC0) != 0x80) return {0xFFFD, 1};
    value = (value << 6) | (byte(index) & 0x3F);
  }
  return {value, length};
}

}  // namespace ordo::quality::detail
