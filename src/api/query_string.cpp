#include "api/query_string.hpp"

namespace ordo::api {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

core::Error BadQuery() {
  return core::Error{core::ErrorCode::kMalformed, "the query string cannot be decoded",
                     {{"query", "encoding", "must be URL-encoded UTF-8"}}};
}

}  // namespace

core::Result<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t char_idx = 0; char_idx < text.size(); ++char_idx) {
    const char c = text[char_idx];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (char_idx + 2 >= text.size()) return BadQuery();
      const int high = HexValue(text[char_idx + 1]);
      const int low = HexValue(text[char_idx + 2]);
      if (high < 0 || low < 0 || (high == 0 && low == 0)) return BadQuery();
      out.push_back(static_cast<char>(high * 16 + low));
      char_idx += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

core::Result<service::QueryParams> ParseQuery(std::string_view query) {
  service::QueryParams params;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    core::Result<std::string> name = PercentDecode(pair.substr(0, eq));
    if (!name) return std::move(name).error();
    core::Result<std::string> value =
        PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!value) return std::move(value).error();
    params.emplace_back(std::move(name).value(), std::move(value).value());
  }
  return params;
}

}  // namespace ordo::api
