#include "quality/detail/division_names.hpp"

#include "core/assert.hpp"
#include "quality/detail/division_records.hpp"

namespace ordo::quality::detail {
namespace {

constexpr std::uint8_t kFlagNotIndexed = 2;  // generic names (开发区, 其它区): see generate.js

NameTrie<NamedDivision> BuildNames() {
  const std::span<const Division> all = AllDivisions();
  ORDO_CHECK(all.size() < 0xFFFF);
  const auto index_of = [&](const Division& division) {
    return static_cast<std::uint16_t>(&division - all.data());
  };
  NameTrie<NamedDivision> names;
  for (std::size_t record_index = 0; record_index < kDivisionRecordCount; ++record_index) {
    const DivisionRecord& record = kDivisionRecords[record_index];
    if ((record.flags & kFlagNotIndexed) != 0) continue;
    const Division* division = FindDivision(record.code);
    ORDO_CHECK(division != nullptr);
    names.Add(division->name, {index_of(*division), NameKind::kFull});
    if (!division->short_name.empty()) names.Add(division->short_name, {index_of(*division), NameKind::kShort});
  }
  for (std::size_t alias_index = 0; alias_index < kDivisionAliasRecordCount; ++alias_index) {
    const DivisionAliasRecord& alias = kDivisionAliasRecords[alias_index];
    const Division* division = FindDivision(alias.code);
    ORDO_CHECK(division != nullptr);
    names.Add(alias.text, {index_of(*division),
                           alias.kind == AliasKind::kHistorical ? NameKind::kHistorical : NameKind::kShort});
  }
  names.Freeze();
  return names;
}

}  // namespace

const NameTrie<NamedDivision>& DivisionNames() {
  static const NameTrie<NamedDivision> names = BuildNames();
  return names;
}

}  // namespace ordo::quality::detail
