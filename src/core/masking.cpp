#include "core/masking.hpp"

#include <cstddef>

namespace ordo::core {
namespace {
// Length in bytes of the UTF-8 sequence starting with `lead` (1 for invalid bytes).
std::size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t'; }
}  // namespace

std::string MaskPhone(std::string_view phone) {
  std::string digits_only;
  std::string prefix;
  std::size_t start = 0;
  if (!phone.empty() && phone[0] == '+') {
    // Keep a country code of up to 3 digits visible ("+86").
    start = 1;
    prefix = "+";
    if (phone.size() > 3 && phone.substr(1, 2) == "86") {
      prefix += "86";
      start = 3;
    }
  }
  for (std::size_t i = start; i < phone.size(); ++i) {
    if (phone[i] >= '0' && phone[i] <= '9') digits_only.push_back(phone[i]);
  }
  if (digits_only.size() < 7) return "****";
  return prefix + digits_only.substr(0, 3) + "****" + digits_only.substr(digits_only.size() - 4);
}

std::string MaskName(std::string_view name) {
  std::string out;
  bool word_start = true;
  for (std::size_t i = 0; i < name.size();) {
    const std::size_t len = std::min(Utf8Length(static_cast<unsigned char>(name[i])), name.size() - i);
    if (IsAsciiSpace(name[i])) {
      out.push_back(' ');
      word_start = true;
    } else if (word_start) {
      out.append(name.substr(i, len));
      word_start = false;
    } else {
      out.push_back('*');
    }
    i += len;
  }
  // A one-character name ("张") shows as "张*" so that it reads as masked.
  if (!name.empty() && out == name) out += "*";
  return out;
}

std::string MaskEmail(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0) return "****";
  const std::size_t first = std::min(Utf8Length(static_cast<unsigned char>(email[0])), at);
  return std::string(email.substr(0, first)) + "***" + std::string(email.substr(at));
}

}  // namespace ordo::core
