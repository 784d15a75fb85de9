#include "customers/detail/candidate_index.hpp"

#include "customers/detail/code_points.hpp"
#include "customers/detail/hash.hpp"

namespace ordo::customers::detail {
namespace {

std::uint64_t BlockKey(std::uint64_t area, char kind, std::uint64_t piece) {
  return NonZero(HashCombine(HashCombine(area, static_cast<std::uint64_t>(kind)), piece));
}

void Add(BlockingKeys& result, std::uint64_t key) {
  for (std::size_t index = 0; index < result.count; ++index) {
    if (result.keys[index] == key) return;
  }
  if (result.count < kMaxBlockingKeys) result.keys[result.count++] = key;
}

// Byte offset of the code point after the first `count` code points of `text`.
std::size_t OffsetAfter(std::string_view text, std::size_t count) {
  std::size_t offset = 0;
  for (std::size_t index = 0; index < count && offset < text.size(); ++index) offset += DecodeAt(text, offset).length;
  return offset;
}

}  // namespace

// Pieces are hashed as byte slices (surname, then one given character) so that no key needs a
// string built for it: this runs for every order.
BlockingKeys MakeBlockingKeys(const NameFeatures& name, const AddressFeatures& address) {
  BlockingKeys result;
  if (address.area == 0 || name.canonical.empty() || name.script == NameScript::kNone) return result;
  const std::string_view canonical = name.canonical;
  Add(result, BlockKey(address.area, 'E', Hash64(canonical)));
  if (name.script == NameScript::kHan) {
    const std::size_t given_start = OffsetAfter(canonical, name.surname_length);
    if (given_start >= canonical.size()) return result;
    const std::uint64_t surname = Hash64(canonical.substr(0, given_start));
    const std::string_view given = canonical.substr(given_start);
    const std::size_t first_length = DecodeAt(given, 0).length;
    if (first_length < given.size()) {  // surname + one given character, when that is not the name
      std::size_t last_start = 0;
      for (std::size_t offset = 0; offset < given.size(); offset += DecodeAt(given, offset).length) last_start = offset;
      Add(result, BlockKey(address.area, 'S', HashCombine(surname, Hash64(given.substr(0, first_length)))));
      Add(result, BlockKey(address.area, 'S', HashCombine(surname, Hash64(given.substr(last_start)))));
    }
    Add(result, BlockKey(address.area, 'G', Hash64(given)));
    return result;
  }
  std::size_t start = 0;
  while (start < canonical.size()) {
    std::size_t end = canonical.find(' ', start);
    if (end == std::string_view::npos) end = canonical.size();
    Add(result, BlockKey(address.area, 'T', Hash64(canonical.substr(start, end - start))));
    start = end + 1;
  }
  return result;
}

}  // namespace ordo::customers::detail
