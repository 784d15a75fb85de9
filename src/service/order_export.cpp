#include "service/order_export.hpp"

#include <algorithm>
#include <iterator>
#include <memory>
#include <span>
#include <vector>

#include "core/json.hpp"
#include "order/status.hpp"
#include "security/authorize.hpp"
#include "security/masking_policy.hpp"
#include "security/permissions.hpp"
#include "service/export_format.hpp"
#include "service/identity.hpp"
#include "service/unmask_admin.hpp"
#include "service/unmask_records.hpp"

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

// ?clear= as for one order (ParseClearFields), limited to the fields the file has columns for.
core::Result<std::vector<security::PiiField>> ParseExportClear(std::string_view list) {
  core::Result<std::vector<security::PiiField>> fields = ParseClearFields(list);
  if (!fields) return fields;
  for (const security::PiiField field : *fields) {
    if (field == security::PiiField::kEmail) {
      return core::Error{core::ErrorCode::kInvalidArgument, "invalid clear fields",
                         {{"clear", "not_exported", "an export has name, phone and street columns, no email"}}};
    }
  }
  return fields;
}

void WriteFieldNames(core::JsonWriter& writer, std::string_view key, std::span<const security::PiiField> fields) {
  core::WriteKey(writer, key);
  writer.StartArray();
  for (const security::PiiField field : fields) core::WriteString(writer, security::PiiFieldName(field));
  writer.EndArray();
}

void WriteClearTally(core::JsonWriter& writer, std::span<const security::PiiField> asked,
                     const ClearExportTally& tally) {
  core::WriteKey(writer, "clear");
  writer.StartObject();
  WriteFieldNames(writer, "fields", asked);
  core::WriteKey(writer, "rows");
  writer.Int64(tally.rows_clear());
  core::WriteKey(writer, "grants");
  writer.StartArray();
  for (const ClearExportTally::GrantUse& use : tally.grants()) {
    writer.StartObject();
    core::WriteKey(writer, "request_id");
    core::WriteString(writer, use.request_id);
    core::WriteKey(writer, "purpose");
    core::WriteString(writer, use.purpose);
    WriteFieldNames(writer, "fields", use.fields);
    core::WriteKey(writer, "rows");
    writer.Int64(use.rows);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

}  // namespace

void ClearExportTally::Count(const security::MaskingDecision& row, std::span<const security::UnmaskGrant> grants) {
  std::vector<std::string_view> used_in_row;
  for (const security::FieldVisibility& visibility : row.fields) {
    if (!visibility.clear) continue;
    auto use = std::find_if(grants_.begin(), grants_.end(),
                            [&](const GrantUse& candidate) { return candidate.request_id == visibility.grant_id; });
    if (use == grants_.end()) {
      const auto grant = std::find_if(grants.begin(), grants.end(), [&](const security::UnmaskGrant& candidate) {
        return candidate.request_id == visibility.grant_id;
      });
      grants_.push_back({visibility.grant_id, grant == grants.end() ? std::string() : grant->purpose, {}, 0});
      use = std::prev(grants_.end());
    }
    if (std::find(use->fields.begin(), use->fields.end(), visibility.field) == use->fields.end()) {
      use->fields.insert(std::upper_bound(use->fields.begin(), use->fields.end(), visibility.field), visibility.field);
    }
    if (std::find(used_in_row.begin(), used_in_row.end(), use->request_id) == used_in_row.end()) {
      used_in_row.push_back(use->request_id);
      ++use->rows;
    }
  }
  if (!used_in_row.empty()) ++rows_clear_;
}

std::string_view ExportFormatName(ExportFormat format) { return format == ExportFormat::kXlsx ? "xlsx" : "csv"; }

core::Result<ExportQuery> ParseExportQuery(const QueryParams& params) {
  ExportQuery query;
  std::vector<core::FieldError> fields;
  bool malformed = false;
  bool format_seen = false;
  bool clear_seen = false;
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
    } else if (name == "clear") {
      if (clear_seen) {
        malformed = true;
        fields.push_back({"clear", "repeated", "may appear only once"});
      } else if (core::Result<std::vector<security::PiiField>> clear = ParseExportClear(value); clear) {
        query.clear = std::move(clear).value();
      } else {
        for (const core::FieldError& field : clear.error().fields) fields.push_back(field);
      }
      clear_seen = true;
    } else if (IsFilterParam(name)) {
      filter_params.emplace_back(name, value);
    } else {
      // cursor and limit belong to the paged list: an export is every matching order.
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

std::string ExportAuditDetail(const ExportQuery& query, std::int64_t rows, const ClearExportTally& tally) {
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
  writer.Bool(query.clear.empty() || tally.rows_clear() == 0);
  if (!query.clear.empty()) WriteClearTally(writer, query.clear, tally);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

core::Status OrderExport::CheckClearAllowed(const ExportQuery& query, const security::Principal& principal,
                                            const std::string& ip, core::UnixMillis now) {
  // Both sensitive: a user (API keys never) whose TOTP step-up is at most 5 minutes old. The
  // grant is checked row by row afterwards; without one every row simply stays masked.
  for (const std::string_view permission : {security::perm::kOrdersExportClear, security::perm::kPiiReadClear}) {
    const security::Decision decision = security::Authorize(principal, permission, now);
    if (decision.allowed()) continue;
    core::Error refusal = decision.ToError();
    if (decision.kind == security::DecisionKind::kStepUpRequired) {
      refusal.fields.front().message += ": POST /api/v1/auth/step-up first";
    }
    // Refused attempts at clear data are audited like refused clear reads; no entry, no answer.
    core::Result<store::AuditRecord> audited =
        store_.AppendAudit(MakeAudit(principal.ToActor(), ip, "pii.view_clear_refused", "orders",
                                     ClearRefusedAuditDetail(refusal, query.clear)));
    if (!audited) return std::move(audited).error();
    return refusal;
  }
  return core::Ok();
}

core::Result<ExportFile> OrderExport::ExportNow(const ExportQuery& query, const security::Principal& principal,
                                                const std::string& ip) {
  const core::UnixMillis now = clock_.Now();
  // A masked export decides nothing per row: every personal field is "not_requested".
  const security::MaskingDecision masked = security::DecideMasking(principal, {}, {}, {}, now);
  std::vector<security::UnmaskGrant> grants;
  if (!query.clear.empty()) {
    ORDO_TRY(CheckClearAllowed(query, principal, ip, now));
    core::Result<std::vector<security::UnmaskGrant>> live = LoadOwnUnmaskGrants(store_, principal, now);
    if (!live) return std::move(live).error();
    grants = std::move(live).value();
  }
  ClearExportTally tally;

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
      const security::MaskingDecision* decision = &masked;
      security::MaskingDecision row;
      if (!query.clear.empty()) {
        // Row by row: a cell is clear only under a live grant of this principal for this order
        // (or its customer) and this field.
        const std::vector<security::Subject> subjects = security::SubjectsOfOrder(order);
        row = security::DecideMasking(principal, subjects, query.clear, grants, now);
        tally.Count(row, grants);
        decision = &row;
      }
      if (core::Status added = sink->AddRow(ExportRowOf(order, *decision)); !added) return std::move(added).error();
    }
    rows += static_cast<std::int64_t>(page->items.size());
    if (!page->next_cursor) break;
    filter.before_id = page->next_cursor;
  }

  core::Result<std::string> body = sink->Finish();
  if (!body) return std::move(body).error();

  // No audit row, no file.
  core::Result<store::AuditRecord> audited =
      store_.AppendAudit(MakeAudit(principal.ToActor(), ip, "orders.export", "orders",
                                   ExportAuditDetail(query, rows, tally)));
  if (!audited) return std::move(audited).error();

  ExportFile file;
  file.format = query.format;
  file.content_type = std::string(query.format == ExportFormat::kXlsx ? kContentXlsx : kContentCsv);
  file.filename = "orders-" + CompactTimestamp(now) + "." + std::string(ExportFormatName(query.format));
  file.body = std::move(body).value();
  file.rows = rows;
  if (!query.clear.empty()) file.clear_rows = tally.rows_clear();
  return file;
}

void OrderExport::Export(ExportQuery query, security::Principal principal, std::string ip,
                         std::function<void(core::Result<ExportFile>)> done) {
  pool_.Post([this, query = std::move(query), principal = std::move(principal), ip = std::move(ip),
              done = std::move(done)]() mutable { done(ExportNow(query, principal, ip)); });
}

}  // namespace ordo::service
