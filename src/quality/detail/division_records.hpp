#pragma once
// The raw rows that data/divisions/generate.js writes into <build>/generated/division_data.cpp.
// Only divisions.cpp reads them; everything else sees quality::Division.
#include <cstddef>
#include <cstdint>

namespace ordo::quality::detail {

struct DivisionRecord {
  std::uint32_t code;         // GB/T 2260 (or statistics-bureau x7x/x9x zone) code, six digits
  std::uint32_t parent_code;  // 0 for a province
  std::uint8_t level;         // 1 province, 2 city, 3 district/county
  std::uint8_t flags;         // DivisionFlag bits
  const char* name;           // UTF-8, NUL-terminated
  const char* short_name;     // "" when the name has no safe short form
  std::int32_t lat_e6;        // centre point, degrees × 1e6 (0 when unknown)
  std::int32_t lon_e6;
  std::uint8_t centroid_precision;  // CentroidPrecision value
};

enum class AliasKind : std::uint8_t { kShort, kHistorical };

struct DivisionAliasRecord {
  const char* text;
  std::uint32_t code;
  AliasKind kind;
};

extern const DivisionRecord kDivisionRecords[];
extern const std::size_t kDivisionRecordCount;
extern const DivisionAliasRecord kDivisionAliasRecords[];
extern const std::size_t kDivisionAliasRecordCount;
extern const char kDivisionDataSource[];

}  // namespace ordo::quality::detail
