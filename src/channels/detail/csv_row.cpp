#include "channels/detail/csv_row.hpp"

#include <algorithm>

#include "channels/csv_orders.hpp"
#include "channels/detail/order_builder.hpp"
#include "core/money.hpp"
#include "core/utf8.hpp"

namespace ordo::channels::detail {

std::string_view TrimCell(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::size_t TextLimit(CsvField field) {
  switch (field) {
    case CsvField::kCurrency: return 3;
    case CsvField::kPhone: return 64;
    case CsvField::kProvince:
    case CsvField::kCity:
    case CsvField::kDistrict: return kMaxRegion;
    case CsvField::kStreet: return kMaxStreet;
    case CsvField::kPostcode: return kMaxPostcode;
    case CsvField::kNote: return kMaxNote;
    case CsvField::kPaymentMethod: return kMaxPaymentMethod;
    default: return kMaxShortText;
  }
}

std::string_view RowReader::Get(CsvField field) const {
  const std::size_t index = header_.Index(field);
  return index < record_.fields.size() ? TrimCell(record_.fields[index]) : std::string_view{};
}

std::optional<std::int64_t> RowReader::Amount(CsvField field, bool allow_negative) {
  std::string_view text = Get(field);
  if (text.empty()) return std::nullopt;
  for (std::string_view symbol : {"¥", "￥", "$"}) {
    if (text.starts_with(symbol)) text = TrimCell(text.substr(symbol.size()));
  }
  std::string plain;
  const std::size_t dot = text.find('.');
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == ',' || c == ' ') {
      // A thousands separator: exactly three digits follow before the next separator or '.'.
      const std::size_t group_end = std::min({text.find_first_of(", .", pos + 1), text.size(), dot});
      if (pos >= dot || group_end - pos - 1 != 3) return Fail(field, "decimal", "not a decimal amount");
      continue;
    }
    plain += c;
  }
  const auto value = core::ParseDecimalMinor(plain, profile_.amounts_in_minor_units ? 0 : digits_);
  if (!value) {
    return Fail(field, "decimal", profile_.amounts_in_minor_units ? "must be an integer amount in minor units"
                                                                  : "must be a decimal amount such as 199.00");
  }
  if (*value < 0 && !allow_negative) return Fail(field, "negative", "must not be negative");
  if (*value > kMaxAmount || *value < -kMaxAmount) return Fail(field, "too_large", "amount too large");
  return value;
}

std::optional<core::UnixMillis> RowReader::Time(CsvField field) {
  const std::string_view text = Get(field);
  if (text.empty()) return std::nullopt;
  const auto parsed = ParseCsvTime(text, profile_.utc_offset_minutes);
  if (!parsed) Fail(field, "format", "must be a date-time such as 2024-06-01 10:00:00");
  return parsed;
}

std::string RowReader::Text(CsvField field, std::size_t max_len, bool cut) {
  std::string_view text = Get(field);
  if (!core::IsValidUtf8(text)) {
    Fail(field, "encoding", "must be valid text");
    return {};
  }
  if (text.size() > max_len) {
    if (!cut) {
      Fail(field, "too_long", "must be at most " + std::to_string(max_len) + " bytes");
      return {};
    }
    std::size_t end = max_len;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
  }
  std::string out(text);
  for (char& c : out) {
    // Free text keeps its line breaks and tabs (the canonical order allows them).
    if ((static_cast<unsigned char>(c) < 0x20 && !(cut && (c == '\n' || c == '\t'))) || c == 0x7F) {
      if (!cut) {
        Fail(field, "control_character", "must not contain control characters");
        return {};
      }
      c = ' ';
    }
  }
  return out;
}

std::optional<RowValues> RowReader::Read() {
  RowValues values;
  values.row = record_.number;
  ReadLine(values.line);
  values.created_at = Time(CsvField::kCreatedAt);
  values.paid_at = Time(CsvField::kPaidAt);
  values.status_text = Text(CsvField::kStatus, 64, false);
  if (!values.status_text.empty()) {
    values.status = profile_.StatusFor(values.status_text);
    if (!values.status) Fail(CsvField::kStatus, "unknown_status", "not a status this profile knows");
  }
  values.shipping = Amount(CsvField::kShipping);
  values.order_discount = Amount(CsvField::kOrderDiscount);
  values.tax = Amount(CsvField::kTax);
  values.grand_total = Amount(CsvField::kGrandTotal);
  for (CsvField field : kTextFields) {
    // Notes and payment method names are descriptive: cut, not refused.
    const bool cut = field == CsvField::kNote || field == CsvField::kPaymentMethod;
    values.text[static_cast<std::size_t>(field)] = Text(field, TextLimit(field), cut);
  }
  if (problem_) return std::nullopt;
  return values;
}

std::nullopt_t RowReader::Fail(CsvField field, std::string code, std::string message) {
  if (!problem_) problem_ = RowProblem{field, std::move(code), std::move(message)};
  return std::nullopt;
}

void RowReader::ReadLine(order::OrderLine& line) {
  std::string sku = Text(CsvField::kSku, kMaxSku, false);
  std::string title = Text(CsvField::kTitle, kMaxTitle, true);
  if (sku.empty()) {
    // The title stands in for a missing sku: without the blanks a cleaned title may start with
    // (control characters became spaces), and on one line.
    std::string_view from_title = title;
    const std::size_t first = from_title.find_first_not_of(" \t\n");
    from_title = first == std::string_view::npos ? std::string_view{} : from_title.substr(first);
    sku = CutUtf8(from_title, kMaxSku);
    std::replace_if(sku.begin(), sku.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
  }
  if (sku.empty()) Fail(header_.Has(CsvField::kSku) ? CsvField::kSku : CsvField::kTitle, "required", "a line needs a sku or a title");
  std::int64_t qty = 1;
  if (header_.Has(CsvField::kQty)) {
    const auto parsed = core::ParseDecimalMinor(Get(CsvField::kQty), 0);
    if (!parsed || *parsed < 1 || *parsed > order::kMaxLineQty) {
      Fail(CsvField::kQty, "quantity", "must be a whole number from 1 to " + std::to_string(order::kMaxLineQty));
      return;
    }
    qty = *parsed;
  }
  const auto unit_price = Amount(CsvField::kUnitPrice);
  const auto discount = Amount(CsvField::kLineDiscount);
  const auto line_total = Amount(CsvField::kLineTotal);
  if (problem_) return;
  if (!unit_price && !line_total) {
    Fail(header_.Has(CsvField::kUnitPrice) ? CsvField::kUnitPrice : CsvField::kLineTotal, "required",
         "a line needs a unit price or a line total");
    return;
  }
  if (unit_price) {
    const auto gross = core::CheckedMul(qty, *unit_price);
    if (!gross || *gross > kMaxAmount) {
      Fail(CsvField::kUnitPrice, "too_large", "quantity × unit price is too large");
      return;
    }
    const std::int64_t total = line_total ? *line_total : *gross - discount.value_or(0);
    const bool consistent = total >= 0 && total <= *gross && (!discount || *gross - *discount == total);
    if (!consistent) {
      Fail(line_total ? CsvField::kLineTotal : CsvField::kLineDiscount, "line_total_mismatch",
           "must equal quantity × unit price − line discount");
      return;
    }
    line = MakeLine(std::move(sku), std::move(title), qty, *unit_price, total);
    return;
  }
  const std::int64_t gross = *line_total + discount.value_or(0);
  const auto rounded_gross = core::CheckedMul(qty, CeilDiv(gross, qty));
  if (!rounded_gross || *rounded_gross > kMaxAmount) {
    Fail(CsvField::kLineTotal, "too_large", "the line total with its discount is too large");
    return;
  }
  line = MakeLine(std::move(sku), std::move(title), qty, CeilDiv(gross, qty), *line_total);
}

}  // namespace ordo::channels::detail
