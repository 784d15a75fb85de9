#include "service/order_export.hpp"

#include <memory>
#include <span>
#include <vector>

#include "core/json.hpp"
#include "order/status.hpp"
#include "security/masking_policy.hpp"
#include "service/export_format.hpp"
#include "service/identity.hpp"

namespace ordo::service {
namespace {

constexpr std::string_view kContentCsv = "text/csv; charset=utf-8";
constexpr std::string_view kContentXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr std::array<std::string_view, 6> kFilterParams = {"status", "channel", "province",
                                                           "created_from", "created_to", "q"};

bool IsFilterParam(std::string_view name) {
  for (const std::string_view known : kFilterParams) {
    if (known == name) return true;
  }
  return false;
}

// "20261128T083000Z" for the file name.
std::string CompactTimestamp(core::UnixMillis now) {
  std::string text = core::FormatRfc3339(now);  // 2026-11-28T08:30:00.123Z or …:00Z
  std::string compact;
  for (const char c : text) {
    if (c == '.') break;
    if (c != '-' && c != ':') compact.push_back(c);
  }
  if (compact.empty() || compact.back() != 'Z') compact.push_back('Z');
  return compact;
}

core::Error TooManyRows(std::int64_t max_rows) {
  return core::Error{core::ErrorCode::kInvalidArgument, "the export would have more than " + std::to_string(max_rows) + " rows",
                     {{"", "too_many_rows",
                       "at most " + std::to_string(max_rows) +
                           " orders per export: narrow the filter (created_from/created_to, status, channel, province)"}}};
}

}  // namespace

std::string_view ExportFormatName(ExportFormat format) { return format == ExportFormat::kXlsx ? "xlsx" : "csv"; }

core::Result<ExportQuery> ParseExportQuery(const QueryParams& params) {
  ExportQuery query;
  std::vector<core::FieldError> fields;
  bool malformed = false;
  bool format_seen = false;
  QueryParams filter_params;
  for (const auto& [name, value] : params) {
    if (name == "format") {
      if (format_seen) {
        malformed = true;
        fields.push_back({"format", "repeated", "may appear only once"});
      } else if (value == "csv" || value.empty()) {
        query.format = ExportFormat::kCsv;
      } else if (value == "xlsx") {
        query.format = ExportFormat::kXlsx;
      } else {
        fields.push_back({"format", "enum", "must be csv or xlsx"});
      }
      format_seen = true;
    } else if (IsFilterParam(name)) {
      filter_params.emplace_back(name, value);
    } else {
      // cursor and limit belong to the paged list; clear (personal data in clear) arrives with
      // the unmask grants. Both are unknown here.
      malformed = true;
      fields.push_back({std::string(std::string_view(name).substr(0, 64)), "unknown_parameter", "not a parameter of this export"});
    }
  }
  core::Result<store::OrderFilter> filter = BuildOrderFilter(filter_params);
  if (!filter) {
    if (filter.error().code == core::ErrorCode::kMalformed) malformed = true;
    for (const core::FieldError& field : filter.error().fields) fields.push_back(field);
  }
  if (!fields.empty()) {
    if (malformed) return core::Error{core::ErrorCode::kMalformed, "the query string cannot be used", std::move(fields)};
    return core::Error{core::ErrorCode::kInvalidArgument, "query parameters break the rules listed in errors", std::move(fields)};
  }
  query.filter = std::move(filter).value();
  query.filter.limit = kExportPageSize;
  query.filter.before_id.reset();
  return query;
}

std::string ExportAuditDetail(const ExportQuery& query, std::int64_t rows) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  const store::OrderFilter& filter = query.filter;
  writer.StartObject();
  core::WriteKey(writer, "format");
  core::WriteString(writer, ExportFormatName(query.format));
  core::WriteKey(writer, "filter");
  writer.StartObject();
  if (filter.status) {
    core::WriteKey(writer, "status");
    core::WriteString(writer, order::StatusName(*filter.status));
  }
  if (!filter.channel.empty()) {
    core::WriteKey(writer, "channel");
    core::WriteString(writer, filter.channel);
  }
  if (!filter.province.empty()) {
    core::WriteKey(writer, "province");
    core::WriteString(writer, filter.province);
  }
  if (filter.created_from) {
    core::WriteKey(writer, "created_from");
    core::WriteString(writer, core::FormatRfc3339(*filter.created_from));
  }
  if (filter.created_to) {
    core::WriteKey(writer, "created_to");
    core::WriteString(writer, core::FormatRfc3339(*filter.created_to));
  }
  if (!filter.q.empty()) {
    core::WriteKey(writer, "q_given");
    writer.Bool(true);
  }
  writer.EndObject();
  core::WriteKey(writer, "rows");
  writer.Int64(rows);
  core::WriteKey(writer, "masked");
  writer.Bool(true);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

core::Result<ExportFile> OrderExport::ExportNow(const ExportQuery& query, const security::Principal& principal,
                                                const std::string& ip) {
  const core::UnixMillis now = clock_.Now();
  // Nothing is requested in clear, so every personal field is masked ("not_requested"); a clear
  // export would pass the requested fields and the caller's grants here.
  const security::MaskingDecision masking = security::DecideMasking(principal, {}, {}, {}, now);

  std::unique_ptr<ExportSink> sink;
  if (query.format == ExportFormat::kXlsx) {
    core::Result<std::unique_ptr<ExportSink>> xlsx = MakeXlsxSink(options_.temp_dir);
    if (!xlsx) return std::move(xlsx).error();
    sink = std::move(xlsx).value();
  } else {
    sink = MakeCsvSink();
  }

  store::OrderFilter filter = query.filter;
  filter.scope = OrderScopeOf(principal);  // the caller's scope, in SQL, on every page
  filter.limit = kExportPageSize;
  filter.before_id.reset();
  std::int64_t rows = 0;
  for (;;) {
    core::Result<store::OrderPage> page = store_.ListOrdersSync(filter);
    if (!page) return std::move(page).error();
    if (rows + static_cast<std::int64_t>(page->items.size()) > options_.max_rows) return TooManyRows(options_.max_rows);
    for (const order::Order& order : page->items) {
      if (core::Status added = sink->AddRow(ExportRowOf(order, masking)); !added) return std::move(added).error();
    }
    rows += static_cast<std::int64_t>(page->items.size());
    if (!page->next_cursor) break;
    filter.before_id = page->next_cursor;
  }

  core::Result<std::string> body = sink->Finish();
  if (!body) return std::move(body).error();

  // No audit row, no file.
  core::Result<store::AuditRecord> audited =
      store_.AppendAudit(MakeAudit(principal.ToActor(), ip, "orders.export", "orders", ExportAuditDetail(query, rows)));
  if (!audited) return std::move(audited).error();

  ExportFile file;
  file.format = query.format;
  file.content_type = std::string(query.format == ExportFormat::kXlsx ? kContentXlsx : kContentCsv);
  file.filename = "orders-" + CompactTimestamp(now) + "." + std::string(ExportFormatName(query.format));
  file.body = std::move(body).value();
  file.rows = rows;
  return file;
}

void OrderExport::Export(ExportQuery query, security::Principal principal, std::string ip,
                         std::function<void(core::Result<ExportFile>)> done) {
  pool_.Post([this, query = std::move(query), principal = std::move(principal), ip = std::move(ip),
              done = std::move(done)]() mutable { done(ExportNow(query, principal, ip)); });
}

}  // namespace ordo::service
