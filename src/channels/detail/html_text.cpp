#include "channels/detail/html_text.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <utility>

namespace ordo::channels::detail {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kNamed = {{
    {"amp", "&"},
    {"lt", "<"},
    {"gt", ">"},
    {"quot", "\""},
    {"apos", "'"},
    {"nbsp", " "},
    {"ndash", "\u2013"},
    {"mdash", "\u2014"},
    {"hellip", "\u2026"},
}};

void AppendUtf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// The decoded text of the reference `name` (between & and ;), or false to keep it as written.
bool DecodeReference(std::string_view name, std::string& out) {
  if (name.size() >= 2 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    std::uint32_t code = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
    if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size()) return false;
    const bool usable = code >= 0x20 && code != 0x7F && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
    if (!usable) return false;
    AppendUtf8(out, code);
    return true;
  }
  for (const auto& [entity, text] : kNamed) {
    if (entity == name) {
      out += text;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string DecodeHtmlEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t amp = text.find('&', pos);
    if (amp == std::string_view::npos) break;
    out.append(text.substr(pos, amp - pos));
    const std::size_t semi = text.find(';', amp + 1);
    if (semi != std::string_view::npos && semi - amp <= 10 && DecodeReference(text.substr(amp + 1, semi - amp - 1), out)) {
      pos = semi + 1;
    } else {
      out += '&';
      pos = amp + 1;
    }
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace ordo::channels::detail
