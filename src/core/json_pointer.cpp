#include "core/json_pointer.hpp"

#include <algorithm>

#include "core/utf8.hpp"

namespace ordo::core {

std::string JsonPointerToken(std::string_view name) {
  if (!IsValidUtf8(name)) return "(not valid Unicode)";
  std::size_t cut = std::min<std::size_t>(name.size(), 64);
  while (cut > 0 && cut < name.size() && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
  std::string token;
  for (const char c : name.substr(0, cut)) {
    if (c == '~') {
      token += "~0";
    } else if (c == '/') {
      token += "~1";
    } else {
      token.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
    }
  }
  return token;
}

}  // namespace ordo::core
