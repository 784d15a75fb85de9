#pragma once
// The inventory API's bodies (issue 6; docs/sourcing.md), both ways: pure functions, no store,
// no HTTP. Every parser answers kMalformed for a body that is not JSON (or not decodable text)
// and kInvalidArgument listing each broken rule as {field: JSON pointer, code: rule} (at most
// kMaxListedProblems of them), the convention of quality/entry_rules.hpp. With `strict_json`
// unknown members are "unknown_field"; read-only members the writers emit (version, status,
// created_at, …) are accepted and ignored, so what a GET answers can be sent back.
//
// Location (POST /locations, PUT /locations/{id}):
//   {"id": "WH-SH", "name": "上海嘉定仓", "kind": "warehouse", "province_code": "310000",
//    "city_code": "310100", "district_code": "310114", "latitude": 31.38, "longitude": 121.25,
//    "daily_capacity": 20000, "cutoff": "16:00", "backup_location_id": "WH-HZ",
//    "fulfilment": ["ship"]}
//   id            required*, format          [A-Za-z0-9_.-]{1,64}; *the path's id when given
//                 mismatch                   the body's id differs from the path's
//   name          required, too_long         1..100 characters
//   kind          enum                       warehouse | store | dark_store (default warehouse)
//   province_code required, format, unknown_division   a GB/T 2260 province (six digits)
//   city_code     required, format, unknown_division, not_in_province
//   district_code format, unknown_division, not_in_city  (optional)
//   latitude, longitude  out_of_range (−90..90, −180..180), pair (one without the other),
//                 required (absent and the divisions know no centre point for the place);
//                 absent: the district's centre point, else the city's; rounded to 1e-6°
//   daily_capacity required, negative, too_large   parcels per local day, 0..10,000,000
//   cutoff        format                     "HH:MM", 00:00..23:59 (default 16:00)
//   backup_location_id  format, self         another location's id (existence: the store)
//   fulfilment    type, empty, enum, duplicate, not_for_kind   ["ship"], ["ship","pickup"] …;
//                 pickup only for store and dark_store (default ["ship"])
//
// Location status (POST /locations/{id}/status): {"status": "closed", "reason": "暴雨"}
//   status enum (open | degraded | closed); reason required for degraded and closed, at most
//   200 characters, not_for_open when given with open.
//
// Carrier table (PUT /carrier-rates), replaced whole:
//   {"rates": [{"carrier": "sf", "service_level": "express", "origin_province": "310000",
//     "destination_province": "440000", "weight_grams": {"over": 0, "up_to": 1000},
//     "transit_days": 2, "cost": 1800}]}
//   carrier, service_level  format   [a-z0-9_-]{1,32}
//   origin_province, destination_province  format, unknown_division (province level)
//   weight_grams  {over, up_to} or {min, max}: 0 ≤ over < up_to ≤ 1,000,000 (empty_band,
//                 mixed_names); overlap: two bands of one (carrier, service_level, origin,
//                 destination) share weights — the pointer is the later band's
//   transit_days 0..30; cost integer fen 0..100,000,000; rates at most 200,000 (too_many).
//
// Stock changes (PUT /stock: absolute counts; POST /stock/adjustments: deltas), one change or
//   {"changes": [{"sku": "SKU-1", "location_id": "WH-SH", "on_hand": 120, "safety_stock": 5,
//     "cause": "count"}]}
//   sku 1..64 characters, no control characters; location_id as a location's id;
//   absolute: on_hand 0..1e9 and/or safety_stock 0..1e9 (required: one of them); delta:
//   delta ≠ 0 (zero), |delta| ≤ 1e9, safety_stock optional; the other mode's member is
//   not_for_mode; cause [a-z_]{1,40} (default count, or receipt / shrinkage by the delta's sign);
//   at most 10,000 changes (too_many), none empty, (sku, location_id) once (duplicate: the
//   later one's pointer).
//
// Stock CSV (absolute counts; cause csv_upload): UTF-8 with or without BOM, UTF-16 with BOM,
// or GBK/GB18030 (channels/text_encoding.hpp); ',' ';' or tab (the header line decides) or a
// "sep=" line; RFC 4180 quoting (channels/csv_reader.hpp). The header is the first row naming
// the sku column among the first five non-blank rows (a title line above it is skipped); it
// names the columns (ASCII case and surrounding blanks ignored; other columns are ignored):
//   sku           sku, sku_code, 库存编码, SKU编码, 商品编码
//   location_id   location_id, location, warehouse, 仓库, 仓库编码
//   on_hand       on_hand, qty, quantity, 在库数量, 库存数量
//   safety_stock  safety_stock, 安全库存 (optional column; an empty cell leaves it as it is)
// Problems name "/columns/<column>" (required, duplicate) or "/rows/<n>/<column>" where n is
// the spreadsheet row (the header is row 1): required, format (digits only), too_large,
// duplicate, unterminated_quote (at "/rows/<n>"). Blank rows are skipped; at most 100,000 rows.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/result.hpp"
#include "store/inventory_store.hpp"

namespace ordo::service {

// A refusal lists at most this many problems, then one "too_many_problems" entry at "".
inline constexpr std::size_t kMaxListedProblems = 100;
inline constexpr std::size_t kMaxLocationIdBytes = 64;
inline constexpr std::size_t kMaxLocationNameChars = 100;
inline constexpr std::int64_t kMaxDailyCapacity = 10'000'000;
inline constexpr std::size_t kMaxStatusReasonChars = 200;
inline constexpr std::size_t kMaxCarrierRates = 200'000;
inline constexpr std::int64_t kMaxWeightGrams = 1'000'000;
inline constexpr int kMaxTransitDays = 30;
inline constexpr std::int64_t kMaxRateCost = 100'000'000;  // ¥1,000,000: a typo guard
inline constexpr std::size_t kMaxStockChanges = 10'000;
inline constexpr std::size_t kMaxStockCsvRows = 100'000;
inline constexpr std::int64_t kMaxStockQuantity = 1'000'000'000;
inline constexpr std::size_t kMaxSkuChars = 64;
inline constexpr std::size_t kMaxCauseBytes = 40;

enum class StockChangeMode { kAbsolute, kDelta };

struct LocationStatusChange {
  std::string status;  // open | degraded | closed
  std::string reason;  // "" for open
};

// ---- parsers ----

// The location; store-assigned fields (version, status, times) are left at their defaults.
// `id_from_path`: PUT /locations/{id} — the body may leave id out or must repeat it.
core::Result<store::LocationRecord> ParseLocationJson(std::string_view body, bool strict_json,
                                                      std::optional<std::string_view> id_from_path = std::nullopt);
core::Result<LocationStatusChange> ParseLocationStatusJson(std::string_view body, bool strict_json);
// The rates in input order.
core::Result<std::vector<store::CarrierRateRecord>> ParseCarrierRatesJson(std::string_view body, bool strict_json);
// The changes in input order (StockChangeRequest::changes).
core::Result<std::vector<store::StockChange>> ParseStockChangesJson(std::string_view body, StockChangeMode mode,
                                                                    bool strict_json);
// `bytes`: the uploaded file as it is. Every change is absolute with cause "csv_upload".
core::Result<std::vector<store::StockChange>> ParseStockCsv(std::string_view bytes);

// True for [A-Za-z0-9_.-]{1,64}.
bool IsLocationId(std::string_view id);
// "16:00" ↔ 960; nullopt for anything but HH:MM in 00:00..23:59.
std::optional<int> ParseCutoff(std::string_view text);
std::string FormatCutoff(int minute_of_day);
// "2026-11-28" for local days since 1970-01-01.
std::string FormatLocalDay(std::int64_t days);

// ---- writers ----
// Each Write* writes one JSON value into an open writer (lists); *ToJson returns it as text.

// {"id", "name", "kind", "province_code", "city_code", "district_code" (null when none),
//  "latitude", "longitude", "status": {"state", "reason" (null when none), "changed_at" (RFC 3339,
//  null when never)}, "daily_capacity", "cutoff", "backup_location_id" (null when none),
//  "fulfilment": ["ship", "pickup"], "version", "created_at", "updated_at"}
void WriteLocation(core::JsonWriter& writer, const store::LocationRecord& location);
std::string LocationToJson(const store::LocationRecord& location);

// {"version": N, "rates": [{… as parsed, weight_grams: {"over", "up_to"}}]}
void WriteCarrierRates(core::JsonWriter& writer, const store::CarrierTableRecord& table);
std::string CarrierRatesToJson(const store::CarrierTableRecord& table);

// {"sku", "location_id", "on_hand", "reserved", "safety_stock", "available", "updated_at"}
void WriteStockRecord(core::JsonWriter& writer, const store::StockRecord& stock);
std::string StockRecordToJson(const store::StockRecord& stock);

// {"seq", "at", "sku", "location_id", "on_hand_delta", "reserved_delta", "on_hand_after",
//  "reserved_after", "safety_after", "cause", "order_id" (null when none), "reference", "actor"}
void WriteStockLedgerRow(core::JsonWriter& writer, const store::StockLedgerRow& row);
std::string StockLedgerRowToJson(const store::StockLedgerRow& row);

// {"order_id", "state", "priority", "cause", "decided_at", "attempts", "decision": <decision_json
//  as JSON; null when empty or unreadable>, "allocations": [{"line_index", "sku", "qty",
//  "location_id", "carrier" (null when picked up), "service_level", "promised_date" "YYYY-MM-DD",
//  "state", "created_at", "closed_at" (null while reserved)}]}
void WriteSourcingRecord(core::JsonWriter& writer, const store::SourcingRecord& record);
std::string SourcingRecordToJson(const store::SourcingRecord& record);

}  // namespace ordo::service
