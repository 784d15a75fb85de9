#include "quality/divisions.hpp"

#include <algorithm>
#include <vector>

#include "core/assert.hpp"
#include "quality/detail/division_records.hpp"

namespace ordo::quality {
namespace {

constexpr std::uint8_t kFlagPlaceholder = 1;
constexpr std::uint8_t kFlagNotIndexed = 2;
constexpr std::uint8_t kFlagFunctionalZone = 4;

struct DivisionTable {
  std::vector<Division> rows;  // never resized after construction: parents point into it

  DivisionTable() {
    rows.reserve(detail::kDivisionRecordCount);
    for (std::size_t index = 0; index < detail::kDivisionRecordCount; ++index) {
      const detail::DivisionRecord& record = detail::kDivisionRecords[index];
      Division division;
      division.code = record.code;
      division.level = static_cast<DivisionLevel>(record.level);
      division.name = record.name;
      division.short_name = record.short_name;
      division.centroid = GeoPoint{record.lat_e6 / 1e6, record.lon_e6 / 1e6,
                                   static_cast<CentroidPrecision>(record.centroid_precision)};
      division.placeholder = (record.flags & kFlagPlaceholder) != 0;
      division.functional_zone = (record.flags & kFlagFunctionalZone) != 0;
      division.named_in_text = (record.flags & kFlagNotIndexed) == 0;
      rows.push_back(division);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Division& a, const Division& b) {
      return a.level != b.level ? a.level < b.level : a.code < b.code;
    });
    for (std::size_t index = 0; index < detail::kDivisionRecordCount; ++index) {
      const detail::DivisionRecord& record = detail::kDivisionRecords[index];
      if (record.parent_code == 0) continue;
      Division* child = Find(record.code);
      child->parent = Find(record.parent_code);
      ORDO_CHECK(child->parent != nullptr);
    }
  }

  Division* Find(std::uint32_t code) {
    // Rows are sorted by (level, code); codes are unique across levels, so try each level.
    for (const DivisionLevel level : {DivisionLevel::kProvince, DivisionLevel::kCity, DivisionLevel::kDistrict}) {
      auto it = std::lower_bound(rows.begin(), rows.end(), std::pair{level, code},
                                 [](const Division& row, const std::pair<DivisionLevel, std::uint32_t>& key) {
                                   return row.level != key.first ? row.level < key.first : row.code < key.second;
                                 });
      if (it != rows.end() && it->level == level && it->code == code) return &*it;
    }
    return nullptr;
  }
};

DivisionTable& Table() {
  static DivisionTable table;  // built once, on first use (thread-safe static initialisation)
  return table;
}

}  // namespace

const Division& Division::Province() const {
  const Division* division = this;
  while (division->parent != nullptr) division = division->parent;
  return *division;
}

const Division* Division::City() const {
  if (level == DivisionLevel::kCity) return this;
  if (level == DivisionLevel::kDistrict) return parent;
  return nullptr;
}

bool Division::IsWithin(const Division& ancestor) const {
  for (const Division* division = this; division != nullptr; division = division->parent) {
    if (division == &ancestor) return true;
  }
  return false;
}

std::span<const Division> AllDivisions() { return Table().rows; }

const Division* FindDivision(std::uint32_t code) { return Table().Find(code); }

std::string_view DivisionDataSource() { return detail::kDivisionDataSource; }

}  // namespace ordo::quality
