#pragma once
// Exporting orders as CSV or XLSX: the same filters as the list, the caller's scope applied by
// the store in SQL, personal data masked, every export audited.
//
//   GET /api/v1/orders/export?format=csv&status=paid&province=浙江省
//     → ParseExportQuery → OrderExport::Export → the file, and an "orders.export" audit row
//       {"format":"csv","filter":{"status":"paid","province":"浙江省"},"rows":42,"masked":true}
//
// How: on the blocking pool (never an I/O thread), the store is paged through with the list's
// cursor, kExportPageSize orders at a time, each page turned into rows of the sink and dropped.
// More than `max_rows` orders → kInvalidArgument "too_many_rows" (nothing is returned or
// audited): the caller narrows the filter. The audit row is appended before the file is handed
// over; when it cannot be written the export fails with the store's error.
//
// Memory: one page of orders, plus the file itself (CSV in memory, ~150 bytes a row; XLSX rows
// go to libxlsxwriter's temporary file and the compressed workbook is read back at the end).
// Thread-safe (holds references only).
#include <cstdint>
#include <functional>
#include <string>

#include "core/result.hpp"
#include "core/time.hpp"
#include "security/principal.hpp"
#include "service/blocking_pool.hpp"
#include "service/order_queries.hpp"
#include "store/store.hpp"

namespace ordo::service {

inline constexpr std::int64_t kDefaultMaxExportRows = 100'000;
inline constexpr int kExportPageSize = 500;

enum class ExportFormat { kCsv, kXlsx };
std::string_view ExportFormatName(ExportFormat format);  // "csv", "xlsx"

struct ExportQuery {
  ExportFormat format = ExportFormat::kCsv;
  store::OrderFilter filter;  // without cursor or limit; the caller sets filter.scope
};

// format (csv | xlsx, default csv), status, channel, province, created_from, created_to, q.
// Anything else — cursor, limit, clear, … — is kMalformed "unknown_parameter" naming it; the rest
// as BuildOrderFilter. A bad format is kInvalidArgument (field "format", code "enum").
core::Result<ExportQuery> ParseExportQuery(const QueryParams& params);

struct ExportFile {
  ExportFormat format = ExportFormat::kCsv;
  std::string content_type;  // text/csv; charset=utf-8, or the XLSX media type
  std::string filename;      // orders-20261128T083000Z.csv
  std::string body;
  std::int64_t rows = 0;
};

struct ExportOptions {
  std::int64_t max_rows = kDefaultMaxExportRows;
  std::string temp_dir;  // XLSX temporary files ("" = the system's temp dir)
};

class OrderExport {
 public:
  // `store`, `clock` and `pool` outlive this.
  OrderExport(store::Store& store, const core::Clock& clock, BlockingPool& pool, ExportOptions options = {})
      : store_(store), clock_(clock), pool_(pool), options_(std::move(options)) {}

  // Builds the file on the pool and calls `done` there (once) with it or the error:
  //   kInvalidArgument "too_many_rows" (field "", code "too_many_rows") beyond max_rows;
  //   the store's error when a page or the audit row fails; kInternal when the file cannot be made.
  void Export(ExportQuery query, security::Principal principal, std::string ip,
              std::function<void(core::Result<ExportFile>)> done);

  // The same, on the calling thread (the pool task; tests).
  core::Result<ExportFile> ExportNow(const ExportQuery& query, const security::Principal& principal,
                                     const std::string& ip);

  const ExportOptions& options() const { return options_; }

 private:
  store::Store& store_;
  const core::Clock& clock_;
  BlockingPool& pool_;
  ExportOptions options_;
};

// The audit detail of one export: {"format","filter":{…},"rows","masked":true}. `q` is recorded
// only as given (it may be a customer reference), never its value.
std::string ExportAuditDetail(const ExportQuery& query, std::int64_t rows);

}  // namespace ordo::service
