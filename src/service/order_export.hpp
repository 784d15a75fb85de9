#pragma once
// Exporting orders as CSV or XLSX: the same filters as the list, the caller's scope applied by
// the store in SQL, personal data masked, every export audited.
//
//   GET /api/v1/orders/export?format=csv&status=paid&province=浙江省
//     → ParseExportQuery → OrderExport::Export → the file, and an "orders.export" audit row
//       {"format":"csv","filter":{"status":"paid","province":"浙江省"},"rows":42,"masked":true}
//
// Clear export (`clear=phone,name,street`, as GET /orders/{id}?clear=): the principal needs
// orders.export.clear ★ and pii.read.clear ★ (so a user with a TOTP step-up ≤ 5 minutes old),
// else kForbidden with Authorize's reason (missing_permission / step_up_required /
// step_up_unavailable), audited as pii.view_clear_refused and nothing exported. Then each row is
// decided on its own by security::DecideMasking with the principal's live grants: a cell is
// clear only when one of their approved, unexpired grants covers that order (order:<id> or
// customer:<customer_ref>) and that field; every other cell stays masked. The file is not
// refused for uncovered rows: the export is the list, and the audit row says how many rows
// carried clear data and under which grants:
//       {…,"rows":42,"masked":false,"clear":{"fields":["phone"],"rows":3,
//        "grants":[{"request_id":"umr_…","purpose":"…","fields":["phone"],"rows":3}]}}
// ("masked" is true when no cell ended up clear.)
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
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "security/masking_policy.hpp"
#include "security/pii_fields.hpp"
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
  std::vector<security::PiiField> clear;  // fields asked in clear, catalogue order; empty = masked
};

// format (csv | xlsx, default csv), status, channel, province, created_from, created_to, q,
// clear. Anything else — cursor, limit, … — is kMalformed "unknown_parameter" naming it, as is a
// repeated format or clear ("repeated"); the rest as BuildOrderFilter. A bad format is
// kInvalidArgument (field "format", code "enum"); a bad clear list too (field "clear": "empty",
// "unknown_field", "duplicate_field", or "not_exported" for email, which is no column).
core::Result<ExportQuery> ParseExportQuery(const QueryParams& params);

struct ExportFile {
  ExportFormat format = ExportFormat::kCsv;
  std::string content_type;  // text/csv; charset=utf-8, or the XLSX media type
  std::string filename;      // orders-20261128T083000Z.csv
  std::string body;
  std::int64_t rows = 0;
  std::optional<std::int64_t> clear_rows;  // clear exports: rows with at least one clear cell
};

// What a clear export showed, counted row by row for its audit row. Not thread-safe.
class ClearExportTally {
 public:
  struct GrantUse {
    std::string request_id;
    std::string purpose;
    std::vector<security::PiiField> fields;  // the fields it cleared in some row, catalogue order
    std::int64_t rows = 0;                   // rows in which it cleared something
  };

  // One row's decision; `grants` are those it was decided with (for their purposes).
  void Count(const security::MaskingDecision& row, std::span<const security::UnmaskGrant> grants);

  std::int64_t rows_clear() const { return rows_clear_; }
  const std::vector<GrantUse>& grants() const { return grants_; }  // in order of first use

 private:
  std::int64_t rows_clear_ = 0;
  std::vector<GrantUse> grants_;
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
  //   kForbidden (Authorize's reason) when a clear export is not allowed (audited as
  //     pii.view_clear_refused; the store's error instead if that entry cannot be written);
  //   kInvalidArgument "too_many_rows" (field "", code "too_many_rows") beyond max_rows;
  //   the store's error when a page or the audit row fails; kInternal when the file cannot be made.
  void Export(ExportQuery query, security::Principal principal, std::string ip,
              std::function<void(core::Result<ExportFile>)> done);

  // The same, on the calling thread (the pool task; tests).
  core::Result<ExportFile> ExportNow(const ExportQuery& query, const security::Principal& principal,
                                     const std::string& ip);

  const ExportOptions& options() const { return options_; }

 private:
  // OK, or the refusal of a clear export (audited before it is returned).
  core::Status CheckClearAllowed(const ExportQuery& query, const security::Principal& principal,
                                 const std::string& ip, core::UnixMillis now);

  store::Store& store_;
  const core::Clock& clock_;
  BlockingPool& pool_;
  ExportOptions options_;
};

// The audit detail of one export: {"format","filter":{…},"rows","masked":true}, and for a clear
// export (query.clear not empty) "masked" = no cell was clear, plus
// "clear":{"fields":[asked],"rows":N,"grants":[{"request_id","purpose","fields","rows"}]} from
// `tally`. `q` is recorded only as given (it may be a customer reference), never its value; no
// personal value is ever written.
std::string ExportAuditDetail(const ExportQuery& query, std::int64_t rows, const ClearExportTally& tally = {});

}  // namespace ordo::service
