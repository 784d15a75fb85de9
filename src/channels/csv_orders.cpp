#include "channels/csv_orders.hpp"

#include <algorithm>
#include <unordered_map>

#include "channels/csv_reader.hpp"
#include "channels/detail/csv_row.hpp"
#include "channels/detail/order_builder.hpp"
#include "core/money.hpp"
#include "core/utf8.hpp"

namespace ordo::channels {
namespace {

using detail::Header;
using detail::kNoColumn;
using detail::kTextFields;
using detail::RowReader;
using detail::RowValues;
using detail::TrimCell;
using order::OrderStatus;

bool ReadInt(std::string_view text, std::size_t& pos, std::size_t min_digits, std::size_t max_digits, int& out) {
  std::size_t digits = 0;
  int value = 0;
  while (pos < text.size() && digits < max_digits && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10 + (text[pos] - '0');
    ++pos;
    ++digits;
  }
  out = value;
  return digits >= min_digits;
}

// Collects rejections and knows the header names.
class Rejections {
 public:
  explicit Rejections(const Header& header, std::vector<CsvRejection>& out) : header_(header), out_(out) {}
  void Add(std::size_t row, CsvField field, std::string code, std::string message, const std::string& external_id) {
    out_.push_back(CsvRejection{row, field == CsvField::kCount ? std::string() : header_.ColumnName(field),
                                std::move(code), std::move(message), external_id});
  }

 private:
  const Header& header_;
  std::vector<CsvRejection>& out_;
};

// Merges an order-level value: the first non-empty one wins, a different later one conflicts.
template <class T>
bool Merge(std::optional<T>& slot, const std::optional<T>& value) {
  if (!value) return true;
  if (!slot) {
    slot = value;
    return true;
  }
  return *slot == *value;
}

struct OrderGroup {
  std::string external_id;
  std::vector<CsvRecord> records;
};

// Builds one order from its rows, or rejects every row of it.
void BuildOrder(const OrderGroup& group, const Header& header, const CsvProfile& profile, int digits,
                core::UnixMillis now, Rejections& rejections, std::vector<ChannelOrder>& orders) {
  std::vector<RowValues> rows;
  std::vector<std::size_t> rejected_rows;  // each row is rejected once, for its own reason first
  std::size_t bad_row = 0;
  for (const CsvRecord& record : group.records) {
    RowReader reader(record, header, profile, digits);
    auto values = reader.Read();
    if (!values) {
      rejections.Add(record.number, reader.problem()->field, reader.problem()->code, reader.problem()->message,
                     group.external_id);
      rejected_rows.push_back(record.number);
      if (bad_row == 0) bad_row = record.number;
      continue;
    }
    rows.push_back(std::move(*values));
  }
  // Order-level values, merged.
  RowValues merged;
  for (const RowValues& row : rows) {
    if (bad_row != 0) break;
    const auto conflict = [&](CsvField field) {
      rejections.Add(row.row, field, "conflicting_order_value", "differs from an earlier row of the same order",
                     group.external_id);
      bad_row = row.row;
    };
    if (!Merge(merged.created_at, row.created_at)) { conflict(CsvField::kCreatedAt); break; }
    if (!Merge(merged.paid_at, row.paid_at)) { conflict(CsvField::kPaidAt); break; }
    if (!Merge(merged.status, row.status)) { conflict(CsvField::kStatus); break; }
    if (!Merge(merged.shipping, row.shipping)) { conflict(CsvField::kShipping); break; }
    if (!Merge(merged.order_discount, row.order_discount)) { conflict(CsvField::kOrderDiscount); break; }
    if (!Merge(merged.tax, row.tax)) { conflict(CsvField::kTax); break; }
    if (!Merge(merged.grand_total, row.grand_total)) { conflict(CsvField::kGrandTotal); break; }
    if (merged.status_text.empty()) merged.status_text = row.status_text;
    for (CsvField field : kTextFields) {
      std::string& slot = merged.text[static_cast<std::size_t>(field)];
      const std::string& value = row.text[static_cast<std::size_t>(field)];
      if (value.empty()) continue;
      if (slot.empty()) {
        slot = value;
      } else if (slot != value) {
        conflict(field);
        break;
      }
    }
    if (bad_row != 0) break;
  }

  ChannelOrder out;
  order::Order& order = out.order;
  const auto text = [&](CsvField field) -> const std::string& { return merged.text[static_cast<std::size_t>(field)]; };
  const std::size_t first_row = group.records.front().number;
  const auto reject_order = [&](CsvField field, std::string code, std::string message) {
    rejections.Add(first_row, field, std::move(code), std::move(message), group.external_id);
    bad_row = first_row;
  };
  if (bad_row == 0) {
    order.channel = profile.channel;
    order.external_id = group.external_id;
    order.currency = text(CsvField::kCurrency).empty() ? profile.currency : text(CsvField::kCurrency);
    if (!core::FindCurrency(order.currency)) reject_order(CsvField::kCurrency, "unknown_currency", "not an ISO 4217 code");
  }
  if (bad_row == 0) {
    const auto status = merged.status ? merged.status : profile.default_status;
    if (!status) {
      reject_order(CsvField::kStatus, "required", "the profile has no default status");
    } else {
      order.status = *status;
      out.raw_status = merged.status_text;
    }
  }
  if (bad_row == 0) {
    order.created_at = merged.created_at.value_or(now);
    order.paid_at = merged.paid_at;
    order.buyer_note = text(CsvField::kNote);
    out.buyer_id = text(CsvField::kBuyerId);
    order.customer_ref = out.buyer_id;
    out.buyer_email = text(CsvField::kEmail);
    order::Address& to = order.shipping_address;
    to = profile.default_address;
    if (to.country.empty()) to.country = "CN";
    for (auto [field, target] : {std::pair{CsvField::kProvince, &to.province}, std::pair{CsvField::kCity, &to.city},
                                 std::pair{CsvField::kDistrict, &to.district}, std::pair{CsvField::kStreet, &to.street},
                                 std::pair{CsvField::kPostcode, &to.postcode}, std::pair{CsvField::kName, &to.name}}) {
      if (!text(field).empty()) *target = text(field);
    }
    if (to.city.empty()) to.city = to.province;
    detail::SetReceiverPhone(text(CsvField::kPhone), out);
    if (to.province.empty()) {
      reject_order(CsvField::kProvince, "required", "no province in the row nor in the profile's default_address");
    }
  }
  if (bad_row == 0) {
    for (RowValues& row : rows) order.lines.push_back(std::move(row.line));
    std::int64_t items = 0;
    for (const auto& line : order.lines) items += line.line_total;
    const std::int64_t shipping = merged.shipping.value_or(0);
    const std::int64_t tax = merged.tax.value_or(0);
    const std::int64_t charged = items + shipping + tax;
    const std::int64_t discount = merged.order_discount ? *merged.order_discount
                                  : merged.grand_total  ? charged - *merged.grand_total
                                                        : 0;
    const std::int64_t grand = merged.grand_total.value_or(charged - discount);
    if (order.lines.size() > order::kMaxLinesPerOrder) {
      reject_order(CsvField::kExternalId, "too_many", "an order has at most 500 lines");
    } else if (discount < 0 || grand < 0 || charged - discount != grand) {
      reject_order(merged.grand_total ? CsvField::kGrandTotal : CsvField::kOrderDiscount, "total_mismatch",
                   "the total is not lines + shipping + tax − order discount");
    } else if (items > detail::kMaxAmount || grand > detail::kMaxAmount || discount > detail::kMaxAmount) {
      reject_order(CsvField::kGrandTotal, "too_large", "the order's amounts exceed the bounds");
    } else {
      order.totals = order::Totals{items, shipping, discount, tax, grand};
    }
  }
  if (bad_row != 0) {
    // Every other row of the order goes with it, pointing at the row that failed.
    for (const CsvRecord& record : group.records) {
      if (record.number == bad_row ||
          std::find(rejected_rows.begin(), rejected_rows.end(), record.number) != rejected_rows.end()) {
        continue;
      }
      rejections.Add(record.number, CsvField::kCount, "order_has_rejected_row",
                     "row " + std::to_string(bad_row) + " of the same order was rejected", group.external_id);
    }
    return;
  }
  if (order.status != OrderStatus::kPendingPayment && order.status != OrderStatus::kCancelled) {
    order::Payment payment;
    payment.method = detail::PaymentMethodName(text(CsvField::kPaymentMethod));
    payment.amount = order.totals.grand_total;
    payment.paid_at = order.paid_at ? order.paid_at : order.created_at;
    order.payments.push_back(std::move(payment));
  }
  order.received_at = now;
  order.updated_at = now;
  orders.push_back(std::move(out));
}

core::Error MissingColumn(CsvField field, const CsvProfile& profile) {
  std::string tried;
  const auto& aliases = profile.aliases[static_cast<std::size_t>(field)];
  for (std::size_t idx = 0; idx < aliases.size() && idx < 6; ++idx) tried += (idx ? ", " : "") + aliases[idx];
  core::Error error{core::ErrorCode::kInvalidArgument,
                    "the CSV has no " + std::string(CsvFieldName(field)) + " column", {}};
  error.fields.push_back({"columns/" + std::string(CsvFieldName(field)), "required",
                          "no header names this field (tried " + tried + ", …)"});
  return error;
}

}  // namespace

std::optional<core::UnixMillis> ParseCsvTime(std::string_view text, std::int64_t utc_offset_minutes) {
  text = TrimCell(text);
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  if (!ReadInt(text, pos, 4, 4, year) || pos >= text.size() || (text[pos] != '-' && text[pos] != '/')) {
    return std::nullopt;
  }
  const char separator = text[pos++];
  if (!ReadInt(text, pos, 1, 2, month) || pos >= text.size() || text[pos++] != separator ||
      !ReadInt(text, pos, 1, 2, day)) {
    return std::nullopt;
  }
  if (pos < text.size() && (text[pos] == ' ' || text[pos] == 'T')) {
    ++pos;
    if (!ReadInt(text, pos, 1, 2, hour) || pos >= text.size() || text[pos++] != ':' || !ReadInt(text, pos, 2, 2, minute)) {
      return std::nullopt;
    }
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!ReadInt(text, pos, 2, 2, second)) return std::nullopt;
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        int fraction = 0;
        if (!ReadInt(text, pos, 1, 9, fraction)) return std::nullopt;
        const std::size_t digits = pos - start;
        millis = fraction;
        for (std::size_t d = digits; d < 3; ++d) millis *= 10;
        for (std::size_t d = 3; d < digits; ++d) millis /= 10;
      }
    }
  }
  std::int64_t offset = utc_offset_minutes;
  if (pos < text.size()) {
    if (text[pos] == 'Z' || text[pos] == 'z') {
      offset = 0;
      ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
      const int sign = text[pos] == '-' ? -1 : 1;
      ++pos;
      int off_hour = 0, off_minute = 0;
      if (!ReadInt(text, pos, 2, 2, off_hour)) return std::nullopt;
      if (pos < text.size() && text[pos] == ':') ++pos;
      if (!ReadInt(text, pos, 2, 2, off_minute) || off_hour > 14 || off_minute > 59) return std::nullopt;
      offset = sign * (off_hour * 60 + off_minute);
    }
  }
  if (pos != text.size()) return std::nullopt;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > kDays[month - 1] ||
      (month == 2 && day == 29 && !leap) || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  const std::int64_t days = core::DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const std::int64_t seconds_of_day = hour * 3600 + minute * 60 + second;
  const std::int64_t result = (days * 86400 + seconds_of_day - offset * 60) * 1000 + millis;
  // The canonical order writes RFC 3339 with a four-digit year from 1970: stay inside it.
  if (result < 0 || result > detail::kMaxTime) return std::nullopt;
  return result;
}

core::Result<CsvImport> MapCsvOrders(std::string_view file_bytes, const CsvProfile& profile, core::UnixMillis now) {
  auto text = DecodeToUtf8(file_bytes, profile.encoding);
  if (!text) return std::move(text).error();
  CsvReader reader(*text, profile.delimiter);
  CsvRecord record;
  // The header: the first record that is not blank.
  bool have_header = false;
  while (!have_header && reader.Next(record)) have_header = !record.blank();
  if (!have_header) {
    core::Error error{core::ErrorCode::kInvalidArgument, "the CSV has no header row", {}};
    error.fields.push_back({"columns", "required", "the first non-blank row must name the columns"});
    return error;
  }
  Header header;
  header.index.fill(kNoColumn);
  for (std::size_t column = 0; column < record.fields.size(); ++column) {
    header.names.push_back(std::string(TrimCell(record.fields[column])));
    const auto field = profile.FieldForHeader(record.fields[column]);
    if (field && header.index[static_cast<std::size_t>(*field)] == kNoColumn) {
      header.index[static_cast<std::size_t>(*field)] = column;
    }
  }
  if (!header.Has(CsvField::kExternalId)) return MissingColumn(CsvField::kExternalId, profile);
  if (!header.Has(CsvField::kSku) && !header.Has(CsvField::kTitle)) return MissingColumn(CsvField::kSku, profile);
  if (!header.Has(CsvField::kUnitPrice) && !header.Has(CsvField::kLineTotal)) {
    return MissingColumn(CsvField::kUnitPrice, profile);
  }
  const int digits = core::FindCurrency(profile.currency) ? core::FindCurrency(profile.currency)->minor_digits : 2;

  CsvImport result;
  Rejections rejections(header, result.rejections);
  std::vector<OrderGroup> groups;
  std::unordered_map<std::string, std::size_t> group_of;
  while (reader.Next(record)) {
    if (record.unterminated_quote) {
      return core::MakeError(core::ErrorCode::kMalformed,
                             "a quoted field starting on line " + std::to_string(record.line) + " is never closed");
    }
    if (record.blank()) continue;
    ++result.rows;
    const std::size_t id_column = header.Index(CsvField::kExternalId);
    const std::string_view id = id_column < record.fields.size() ? TrimCell(record.fields[id_column]) : std::string_view{};
    bool extra = false;
    for (std::size_t column = header.names.size(); column < record.fields.size(); ++column) {
      extra = extra || !TrimCell(record.fields[column]).empty();
    }
    if (extra) {
      rejections.Add(record.number, CsvField::kCount, "column_count",
                     "more values than the header has columns (an unquoted delimiter?)", std::string(id));
      continue;
    }
    const bool id_usable = !id.empty() && id.size() <= detail::kMaxShortText && core::IsValidUtf8(id) &&
                           std::none_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    if (!id_usable) {
      rejections.Add(record.number, CsvField::kExternalId, "required", "every row needs its order number (1–128 bytes)",
                     "");
      continue;
    }
    const auto [it, inserted] = group_of.try_emplace(std::string(id), groups.size());
    if (inserted) groups.push_back(OrderGroup{std::string(id), {}});
    groups[it->second].records.push_back(record);
  }
  for (const OrderGroup& group : groups) BuildOrder(group, header, profile, digits, now, rejections, result.orders);
  // A reject file reads top to bottom like the file it came from.
  std::stable_sort(result.rejections.begin(), result.rejections.end(),
                   [](const CsvRejection& a, const CsvRejection& b) { return a.row < b.row; });
  return result;
}

}  // namespace ordo::channels
