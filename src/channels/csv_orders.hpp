#pragma once
// POS / ERP CSV exports → canonical orders, through a column-mapping profile (csv_profile.hpp).
//
// One row is one line; rows with the same order number (external_id) are one order, in the
// order they first appear. Order-level values (time, status, shipping, discounts, grand total,
// buyer, address) may be repeated on every row of an order or given on one of them; two
// different non-empty values are a conflict. A row is rejected with its row number (the
// spreadsheet row: the header is row 1), the column's header as written and the rule; an order
// with a rejected row is not produced at all and its other rows are rejected with
// "order_has_rejected_row" — nothing is half-imported.
//
// Money: decimal amounts in major units ("199.00", "¥1,299.00" and "1 299.00" are read too) or,
// with "amounts": "minor", integer minor units. A line needs a unit price or a line total (or
// both, which must agree with qty and the line discount); qty defaults to 1 when the file has
// no quantity column. The grand total, when given, must equal items + shipping + tax − order
// discount; without an order-discount column the discount is what is left (never negative).
// Times: "2024-06-01 10:00:00", "2024/6/1 10:00", "2024-06-01" or RFC 3339; without a zone
// they are in the profile's utc_offset_minutes (Beijing by default); no time column → `now`.
// Addresses: the row's, else the profile's default_address (a store's carry-out sales).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "channels/channel_order.hpp"
#include "channels/csv_profile.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::channels {

struct CsvRejection {
  std::size_t row = 0;       // spreadsheet row (header = 1)
  std::string column;        // the header as written in the file ("" for the whole row)
  std::string code;          // "required", "decimal", "unknown_status", "conflicting_order_value", …
  std::string message;       // names the rule, never the value
  std::string external_id;   // the row's order number, when it has one
};

struct CsvImport {
  std::vector<ChannelOrder> orders;
  std::vector<CsvRejection> rejections;
  std::size_t rows = 0;      // data rows read (blank rows not counted)
};

// The whole file. The error cases are about the file, not a row:
//   kMalformed        — not decodable in the profile's encoding, or an unterminated quote
//   kInvalidArgument  — no header row, or a required column missing (field "columns/<name>")
core::Result<CsvImport> MapCsvOrders(std::string_view file_bytes, const CsvProfile& profile, core::UnixMillis now);

// A CSV date-time as above, or nullopt. Exposed for tests.
std::optional<core::UnixMillis> ParseCsvTime(std::string_view text, std::int64_t utc_offset_minutes);

}  // namespace ordo::channels
