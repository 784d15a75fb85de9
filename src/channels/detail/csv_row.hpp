#pragma once
// One CSV data row read through a profile's header mapping: its line and everything it says
// about its order, or the first problem with it (column and rule). Internal to the channels
// module (csv_orders.cpp groups rows into orders).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/csv_profile.hpp"
#include "channels/csv_reader.hpp"
#include "core/time.hpp"
#include "order/order.hpp"

namespace ordo::channels::detail {

inline constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);

// Spaces and tabs around a cell are typing noise.
std::string_view TrimCell(std::string_view text);

// The header: which column holds which field, and each header as written (for rejections).
struct Header {
  std::array<std::size_t, kCsvFieldCount> index;
  std::vector<std::string> names;
  std::size_t Index(CsvField field) const { return index[static_cast<std::size_t>(field)]; }
  bool Has(CsvField field) const { return Index(field) != kNoColumn; }
  std::string ColumnName(CsvField field) const {
    return Has(field) ? names[Index(field)] : std::string(CsvFieldName(field));
  }
};

// Why a row cannot be used.
struct RowProblem {
  CsvField field = CsvField::kCount;  // kCount: the row as a whole
  std::string code;
  std::string message;
};

// Everything one row says about its order (order-level values are merged across the rows).
struct RowValues {
  std::size_t row = 0;
  order::OrderLine line;
  std::optional<core::UnixMillis> created_at;
  std::optional<core::UnixMillis> paid_at;
  std::optional<order::OrderStatus> status;
  std::string status_text;
  std::optional<std::int64_t> shipping, order_discount, tax, grand_total;
  std::array<std::string, kCsvFieldCount> text;  // the plain-text order-level fields
};

// The plain-text order-level fields of RowValues::text.
inline constexpr CsvField kTextFields[] = {
    CsvField::kCurrency, CsvField::kBuyerId,  CsvField::kName,     CsvField::kPhone,
    CsvField::kEmail,    CsvField::kProvince, CsvField::kCity,     CsvField::kDistrict,
    CsvField::kStreet,   CsvField::kPostcode, CsvField::kNote,     CsvField::kPaymentMethod};

// The canonical length of an order-level text field.
std::size_t TextLimit(CsvField field);

// Reads one record. Only the first problem of a row is kept: one row, one reason.
class RowReader {
 public:
  // All references must outlive the reader (it lives for one row).
  RowReader(const CsvRecord& record, const Header& header, const CsvProfile& profile, int digits)
      : record_(record), header_(header), profile_(profile), digits_(digits) {}

  // The row's values, or nullopt with problem() set.
  std::optional<RowValues> Read();
  const std::optional<RowProblem>& problem() const { return problem_; }

 private:
  std::string_view Get(CsvField field) const;
  // "¥1,299.00", "1 299.00", "-5.00" → minor units; "" → nullopt without a problem.
  std::optional<std::int64_t> Amount(CsvField field, bool allow_negative = false);
  std::optional<core::UnixMillis> Time(CsvField field);
  // `cut`: descriptive text, cut to length and cleaned; else refused when too long or dirty.
  std::string Text(CsvField field, std::size_t max_len, bool cut);
  void ReadLine(order::OrderLine& line);
  std::nullopt_t Fail(CsvField field, std::string code, std::string message);

  const CsvRecord& record_;
  const Header& header_;
  const CsvProfile& profile_;
  int digits_;
  std::optional<RowProblem> problem_;
};

}  // namespace ordo::channels::detail
