// Fuzzes the address parser (quality/address.hpp): free text and the four structured fields,
// split from one input at the first four '\x1f' bytes (unit separator).
//
// A low confidence is correct behaviour. A finding is a crash, a sanitizer report, or a broken
// invariant:
//   1. confidence in [0, 1]; invalid UTF-8 anywhere → invalid_utf8 and nothing resolved;
//   2. the divisions nest: district within city within province; a resolved division implies
//      its parents are resolved too;
//   3. the street is a view into one of the inputs (never dangling, never invented text) and
//      has no separator at either end;
//   4. the centroid is that of the deepest resolved division;
//   5. oracle: re-parsing the canonical text (province + city + district names + street) of a
//      fully resolved, contradiction-free address resolves the same district (unless a name is
//      one text never uses alone, such as a zone called 开发区, found by its code).
//
// Run: scripts/fuzz-smoke.sh, or by hand:
//   build-fuzz/fuzz/address_fuzz -dict=fuzz/address.dict build-fuzz/corpus/address fuzz/corpus/address
// ORDO_FUZZ_EXPECT_ACCEPT=1: every input must resolve to a district (the valid-* seeds).
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "quality/address.hpp"

namespace {

using ordo::quality::AddressInput;
using ordo::quality::AddressReason;
using ordo::quality::Division;
using ordo::quality::ParseAddress;
using ordo::quality::ParsedAddress;

[[noreturn]] void InvariantBroken(const char* what) {
  std::fprintf(stderr, "address_fuzz: invariant broken: %s\n", what);
  std::abort();
}

#define FUZZ_CHECK(condition)                     \
  do {                                            \
    if (!(condition)) InvariantBroken(#condition); \
  } while (false)

bool Within(std::string_view part, std::string_view whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::array<std::string_view, 5> fields{};  // free text, province, city, district, street
  for (std::size_t index = 0; index < fields.size(); ++index) {
    const std::size_t cut = index + 1 < fields.size() ? rest.find('\x1f') : std::string_view::npos;
    fields[index] = rest.substr(0, cut);
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + 1);
  }
  const AddressInput input{fields[0], fields[1], fields[2], fields[3], fields[4]};
  const ParsedAddress address = ParseAddress(input);

  FUZZ_CHECK(address.confidence >= 0.0 && address.confidence <= 1.0);
  if (address.reasons.Has(AddressReason::kInvalidUtf8)) {
    FUZZ_CHECK(address.province == nullptr && address.city == nullptr && address.district == nullptr);
  }
  if (address.district != nullptr) FUZZ_CHECK(address.city != nullptr && address.district->parent == address.city);
  if (address.city != nullptr) FUZZ_CHECK(address.province != nullptr && address.city->parent == address.province);
  bool street_in_input = false;
  for (const std::string_view field : fields) street_in_input = street_in_input || Within(address.street, field);
  FUZZ_CHECK(street_in_input);
  const Division* deepest = address.district != nullptr ? address.district : address.city != nullptr ? address.city : address.province;
  if (deepest != nullptr) FUZZ_CHECK(address.centroid.lat == deepest->centroid.lat && address.centroid.lon == deepest->centroid.lon);

  const bool resolved = address.district != nullptr && !address.reasons.Has(AddressReason::kContradiction);
  if (std::getenv("ORDO_FUZZ_EXPECT_ACCEPT") != nullptr && !resolved) InvariantBroken("a valid-* seed did not resolve");
  const auto named = [](const Division* division) { return division == nullptr || division->named_in_text; };
  if (resolved && named(address.province) && named(address.city) && named(address.district)) {
    std::string canonical;
    for (const Division* division : {address.province, address.city, address.district}) {
      if (!division->placeholder) canonical.append(division->name);
    }
    canonical.append(address.street);
    const ParsedAddress again = ParseAddress(canonical);
    FUZZ_CHECK(again.district == address.district);
  }
  return 0;
}
