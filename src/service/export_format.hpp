#pragma once
// The files an order export produces: the columns, one masked row per order, and the CSV and
// XLSX encoders. Pure except the XLSX sink, which writes a temporary file (libxlsxwriter has no
// in-memory output in Debian 12's 1.1.4) and reads it back on Finish.
//
// Columns (kExportColumns): id, channel, external_id, status, created_at, customer_ref,
// recipient_name, phone, province, city, district, street, currency, grand_total, line_count.
// Name, phone and street are masked with the same rules as the JSON answers (core/masking.hpp
// through security::MaskedOrClear); grand_total is a decimal string ("47.98" for 4798 fen).
//
// CSV (RFC 4180): UTF-8 with a BOM (Excel in zh-CN reads BOM-less files as GBK), CRLF line
// ends, a field quoted when it holds , " CR or LF (quotes doubled). Spreadsheet formula
// injection is neutralised: a cell beginning with = + - @ TAB or CR gets a leading apostrophe
// ("=HYPERLINK(…)" → "'=HYPERLINK(…)"). XLSX cells are written as strings (never formulas), and
// id and line_count as numbers.
//
// Not thread-safe: one sink per export.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "order/order.hpp"
#include "security/masking_policy.hpp"

namespace ordo::service {

inline constexpr std::size_t kExportColumnCount = 15;
extern const std::array<std::string_view, kExportColumnCount> kExportColumns;

using ExportRow = std::array<std::string, kExportColumnCount>;

// One order as a row; personal fields through `masking` (masked unless it clears them).
ExportRow ExportRowOf(const order::Order& order, const security::MaskingDecision& masking);

// 4798 minor units of CNY → "47.98"; JPY 500 → "500"; -5 → "-0.05". Unknown currencies: 2 digits.
std::string DecimalAmount(std::int64_t minor_units, std::string_view currency);

// "'=1+1" for "=1+1"; other values unchanged.
std::string NeutraliseFormula(std::string_view cell);
// One CSV field: neutralised, then quoted when needed.
std::string CsvField(std::string_view cell);

class ExportSink {
 public:
  virtual ~ExportSink() = default;
  // Rows in order, the header first (WriteHeader).
  virtual core::Status AddRow(const ExportRow& row) = 0;
  // The whole file. The sink is spent afterwards.
  virtual core::Result<std::string> Finish() = 0;
};

std::unique_ptr<ExportSink> MakeCsvSink();
// `temp_dir`: where the workbook and libxlsxwriter's own temporary files go ("" = the system's).
// kInternal when the temporary file cannot be created.
core::Result<std::unique_ptr<ExportSink>> MakeXlsxSink(const std::string& temp_dir);

}  // namespace ordo::service
