#include "customers/detail/candidate_index.hpp"

#include <string>

#include "customers/detail/code_points.hpp"
#include "customers/detail/hash.hpp"

namespace ordo::customers::detail {
namespace {

std::uint64_t BlockKey(std::uint64_t area, char kind, std::string_view piece) {
  return NonZero(HashCombine(area, Hash64(piece, static_cast<std::uint64_t>(kind))));
}

void Add(BlockingKeys& result, std::uint64_t key) {
  for (std::size_t index = 0; index < result.count; ++index) {
    if (result.keys[index] == key) return;
  }
  if (result.count < kMaxBlockingKeys) result.keys[result.count++] = key;
}

std::string Utf8(std::u32string_view code_points) {
  std::string text;
  for (const char32_t c : code_points) AppendUtf8(text, c);
  return text;
}

}  // namespace

BlockingKeys MakeBlockingKeys(const NameFeatures& name, const AddressFeatures& address) {
  BlockingKeys result;
  if (address.area == 0 || name.canonical.empty()) return result;
  if (name.script == NameScript::kHan) {
    const std::u32string characters = ToCodePoints(name.canonical);
    const std::size_t surname = std::min<std::size_t>(name.surname_length, characters.size());
    if (characters.size() <= surname) {
      Add(result, BlockKey(address.area, 'F', name.canonical));
      return result;
    }
    const std::u32string_view all(characters);
    const std::u32string_view given = all.substr(surname);
    std::u32string first = std::u32string(all.substr(0, surname)) + given.front();
    std::u32string last = std::u32string(all.substr(0, surname)) + given.back();
    Add(result, BlockKey(address.area, 'S', Utf8(first)));
    Add(result, BlockKey(address.area, 'S', Utf8(last)));
    Add(result, BlockKey(address.area, 'G', Utf8(given)));
    return result;
  }
  if (name.script == NameScript::kLatin) {
    std::size_t start = 0;
    while (start < name.canonical.size()) {
      std::size_t end = name.canonical.find(' ', start);
      if (end == std::string::npos) end = name.canonical.size();
      Add(result, BlockKey(address.area, 'T', std::string_view(name.canonical).substr(start, end - start)));
      start = end + 1;
    }
  }
  return result;
}

}  // namespace ordo::customers::detail
