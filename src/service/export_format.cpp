#include "service/export_format.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "core/money.hpp"
#include "core/time.hpp"
#include "order/status.hpp"

namespace ordo::service {

const std::array<std::string_view, kExportColumnCount> kExportColumns = {
    "id",     "channel",  "external_id", "status",   "created_at", "customer_ref", "recipient_name", "phone",
    "province", "city", "district",    "street",   "currency",   "grand_total",  "line_count"};

namespace {

constexpr std::size_t kIdColumn = 0;
constexpr std::size_t kLineCountColumn = 14;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

ExportRow HeaderRow() {
  ExportRow header;
  for (std::size_t column_idx = 0; column_idx < kExportColumnCount; ++column_idx) {
    header[column_idx] = std::string(kExportColumns[column_idx]);
  }
  return header;
}

class CsvSink final : public ExportSink {
 public:
  CsvSink() {
    out_.append(kUtf8Bom);
    AppendRow(HeaderRow());
  }
  core::Status AddRow(const ExportRow& row) override {
    AppendRow(row);
    return core::Ok();
  }
  core::Result<std::string> Finish() override { return std::move(out_); }

 private:
  void AppendRow(const ExportRow& row) {
    for (std::size_t column_idx = 0; column_idx < row.size(); ++column_idx) {
      if (column_idx) out_.push_back(',');
      out_.append(CsvField(row[column_idx]));
    }
    out_.append("\r\n");
  }
  std::string out_;
};

// libxlsxwriter in constant-memory mode: each row goes to its temporary file as it is added,
// so memory stays flat however many rows; the finished workbook is read back once.
class XlsxSink final : public ExportSink {
 public:
  XlsxSink(std::string path, std::string temp_dir) : path_(std::move(path)), temp_dir_(std::move(temp_dir)) {}
  ~XlsxSink() override {
    if (workbook_) lxw_workbook_free(workbook_);  // abandoned before Finish: nothing is written
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }

  core::Status Open() {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = temp_dir_.empty() ? nullptr : temp_dir_.data();
    workbook_ = workbook_new_opt(path_.c_str(), &options);
    if (!workbook_) return core::MakeError(core::ErrorCode::kInternal, "xlsx: cannot create the workbook");
    sheet_ = workbook_add_worksheet(workbook_, "orders");
    header_format_ = workbook_add_format(workbook_);
    if (!sheet_ || !header_format_) return core::MakeError(core::ErrorCode::kInternal, "xlsx: cannot add the sheet");
    format_set_bold(header_format_);
    return WriteRow(HeaderRow(), header_format_, /*typed=*/false);
  }

  core::Status AddRow(const ExportRow& row) override { return WriteRow(row, nullptr, /*typed=*/true); }

  core::Result<std::string> Finish() override {
    const lxw_error closed = workbook_close(workbook_);
    workbook_ = nullptr;
    if (closed != LXW_NO_ERROR) {
      return core::MakeError(core::ErrorCode::kInternal, std::string("xlsx: ") + lxw_strerror(closed));
    }
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    if (!in) return core::MakeError(core::ErrorCode::kInternal, "xlsx: cannot read the finished workbook");
    return std::move(contents).str();
  }

 private:
  core::Status WriteRow(const ExportRow& row, lxw_format* format, bool typed) {
    for (std::size_t column_idx = 0; column_idx < row.size(); ++column_idx) {
      const auto column = static_cast<lxw_col_t>(column_idx);
      lxw_error written = LXW_NO_ERROR;
      if (typed && (column_idx == kIdColumn || column_idx == kLineCountColumn)) {
        written = worksheet_write_number(sheet_, row_, column, std::strtod(row[column_idx].c_str(), nullptr), format);
      } else if (!row[column_idx].empty()) {
        // A string cell is never evaluated as a formula, whatever it starts with.
        written = worksheet_write_string(sheet_, row_, column, row[column_idx].c_str(), format);
      }
      if (written != LXW_NO_ERROR) {
        return core::MakeError(core::ErrorCode::kInternal, std::string("xlsx: ") + lxw_strerror(written));
      }
    }
    ++row_;
    return core::Ok();
  }

  std::string path_;
  std::string temp_dir_;
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format* header_format_ = nullptr;
  lxw_row_t row_ = 0;
};

}  // namespace

std::string DecimalAmount(std::int64_t minor_units, std::string_view currency) {
  const std::optional<core::CurrencyInfo> info = core::FindCurrency(currency);
  const int digits = info ? info->minor_digits : 2;
  const bool negative = minor_units < 0;
  // Unsigned so that INT64_MIN has a magnitude.
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(minor_units) : static_cast<std::uint64_t>(minor_units);
  std::string digits_text = std::to_string(magnitude);
  if (digits > 0 && digits_text.size() <= static_cast<std::size_t>(digits)) {
    digits_text.insert(0, static_cast<std::size_t>(digits) + 1 - digits_text.size(), '0');
  }
  std::string out = negative ? "-" : "";
  if (digits <= 0) return out + digits_text;
  const std::size_t point = digits_text.size() - static_cast<std::size_t>(digits);
  out.append(digits_text, 0, point).append(".").append(digits_text, point, std::string::npos);
  return out;
}

std::string NeutraliseFormula(std::string_view cell) {
  if (!cell.empty()) {
    switch (cell.front()) {
      case '=':
      case '+':
      case '-':
      case '@':
      case '\t':
      case '\r':
        return "'" + std::string(cell);
      default: break;
    }
  }
  return std::string(cell);
}

std::string CsvField(std::string_view cell) {
  const std::string value = NeutraliseFormula(cell);
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

ExportRow ExportRowOf(const order::Order& order, const security::MaskingDecision& masking) {
  using security::PiiField;
  const order::Address& address = order.shipping_address;
  return ExportRow{std::to_string(order.id),
                   order.channel,
                   order.external_id,
                   std::string(order::StatusName(order.status)),
                   core::FormatRfc3339(order.created_at),
                   order.customer_ref,
                   security::MaskedOrClear(PiiField::kName, address.name, masking),
                   security::MaskedOrClear(PiiField::kPhone, address.phone, masking),
                   address.province,
                   address.city,
                   address.district,
                   security::MaskedOrClear(PiiField::kStreet, address.street, masking),
                   order.currency,
                   DecimalAmount(order.totals.grand_total, order.currency),
                   std::to_string(order.lines.size())};
}

std::unique_ptr<ExportSink> MakeCsvSink() { return std::make_unique<CsvSink>(); }

core::Result<std::unique_ptr<ExportSink>> MakeXlsxSink(const std::string& temp_dir) {
  const std::filesystem::path dir = temp_dir.empty() ? std::filesystem::temp_directory_path() : std::filesystem::path(temp_dir);
  std::string path = (dir / "ordo-export-XXXXXX.xlsx").string();
  // mkstemps creates the file 0600, so the workbook is never readable by others while written.
  const int fd = mkstemps(path.data(), 5);
  if (fd < 0) return core::MakeError(core::ErrorCode::kInternal, "xlsx: cannot create a temporary file in " + dir.string());
  close(fd);
  auto sink = std::make_unique<XlsxSink>(path, dir.string());
  if (core::Status opened = sink->Open(); !opened) return std::move(opened).error();
  return std::unique_ptr<ExportSink>(std::move(sink));
}

}  // namespace ordo::service
