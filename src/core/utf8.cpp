#include "core/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace ordo::core {

bool IsValidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t pos = 0;
  while (pos < size) {
    // ASCII fast path: eight bytes at a time while no high bit is set.
    if (pos + 8 <= size) {
      std::uint64_t chunk;
      std::memcpy(&chunk, bytes + pos, 8);
      if ((chunk & 0x8080808080808080ULL) == 0) {
        pos += 8;
        continue;
      }
    }
    const unsigned char lead = bytes[pos];
    if (lead < 0x80) {
      ++pos;
      continue;
    }
    std::size_t length;
    unsigned char min_second = 0x80;
    unsigned char max_second = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) min_second = 0xA0;  // overlong
      if (lead == 0xED) max_second = 0x9F;  // UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) min_second = 0x90;  // overlong
      if (lead == 0xF4) max_second = 0x8F;  // above U+10FFFF
    } else {
      return false;  // continuation byte as lead, C0/C1, F5..FF
    }
    if (pos + length > size) return false;
    if (bytes[pos + 1] < min_second || bytes[pos + 1] > max_second) return false;
    for (std::size_t i = 2; i < length; ++i) {
      if ((bytes[pos + i] & 0xC0) != 0x80) return false;
    }
    pos += length;
  }
  return true;
}

}  // namespace ordo::core
