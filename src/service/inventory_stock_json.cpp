// Stock changes: the JSON bodies and the CSV upload (inventory_json.hpp has the rules).
#include <algorithm>
#include <array>
#include <functional>
#include <unordered_set>
#include <utility>

#include "channels/csv_reader.hpp"
#include "channels/text_encoding.hpp"
#include "core/utf8.hpp"
#include "service/detail/json_fields.hpp"
#include "service/inventory_json.hpp"

namespace ordo::service {
namespace {

using detail::ObjectReader;
using detail::Problems;
using store::StockChange;

constexpr std::string_view kBreaksRules = "the stock changes break the rules listed in errors";

bool IsCause(std::string_view cause) {
  if (cause.empty() || cause.size() > kMaxCauseBytes) return false;
  return std::all_of(cause.begin(), cause.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

// A SKU as order lines carry it: 1..64 characters, valid UTF-8, no control characters.
bool IsSkuText(std::string_view sku) {
  if (sku.empty() || !core::IsValidUtf8(sku) || detail::CountCodePoints(sku) > kMaxSkuChars) return false;
  return std::none_of(sku.begin(), sku.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

void ReadOneChange(ObjectReader& reader, StockChangeMode mode, bool strict_json, std::vector<StockChange>& out) {
  const std::size_t problems_before = reader.problems().added();
  if (strict_json) {
    reader.RejectUnknown({"sku", "location_id", "on_hand", "delta", "safety_stock", "cause"});
  }
  StockChange change;
  change.mode = mode == StockChangeMode::kAbsolute ? StockChange::Mode::kAbsolute : StockChange::Mode::kDelta;
  if (auto sku = reader.Text("sku", true, kMaxSkuChars)) change.sku = std::move(*sku);
  if (auto location = reader.Text("location_id", true, kMaxLocationIdBytes)) {
    if (IsLocationId(*location)) {
      change.location_id = std::move(*location);
    } else {
      reader.problems().Add(reader.At("location_id"), "format", "must be a location id: 1 to 64 of A-Z, a-z, 0-9, '_', '.', '-'");
    }
  }
  const std::string_view own = mode == StockChangeMode::kAbsolute ? "on_hand" : "delta";
  const std::string_view other = mode == StockChangeMode::kAbsolute ? "delta" : "on_hand";
  if (reader.Has(other)) {
    reader.problems().Add(reader.At(other), "not_for_mode",
                          mode == StockChangeMode::kAbsolute ? "this call sets counts: give on_hand, not delta"
                                                             : "this call moves stock: give delta, not on_hand");
  }
  const bool has_safety = reader.Has("safety_stock");
  if (mode == StockChangeMode::kAbsolute) {
    if (!reader.Has(own) && !has_safety) {
      reader.problems().Add(reader.At("on_hand"), "required", "give on_hand, safety_stock or both");
    } else if (reader.Has(own)) {
      change.on_hand = reader.Integer("on_hand", true, 0, kMaxStockQuantity);
    }
  } else {
    change.on_hand = reader.Integer("delta", true, -kMaxStockQuantity, kMaxStockQuantity);
    if (change.on_hand && *change.on_hand == 0) {
      reader.problems().Add(reader.At("delta"), "zero", "a delta of 0 changes nothing");
    }
  }
  if (has_safety) change.safety_stock = reader.Integer("safety_stock", true, 0, kMaxStockQuantity);
  const rapidjson::Value* cause_value = reader.Find("cause");
  if (cause_value != nullptr && cause_value->IsString() && cause_value->GetStringLength() == 0) {
    reader.problems().Add(reader.At("cause"), "format", "must be 1 to 40 of a-z and '_' (or be left out)");
  } else if (auto cause = reader.Text("cause", false, kMaxCauseBytes)) {
    if (IsCause(*cause)) {
      change.cause = std::move(*cause);
    } else {
      reader.problems().Add(reader.At("cause"), "format", "must be 1 to 40 of a-z and '_'");
    }
  }
  if (change.cause.empty()) {
    change.cause = mode == StockChangeMode::kAbsolute ? "count"
                   : change.on_hand.value_or(0) > 0   ? "receipt"
                                                      : "shrinkage";
  }
  if (reader.problems().added() == problems_before) out.push_back(std::move(change));
}

// (sku, location) once per request; the later one carries the problem.
void CheckDuplicates(const std::vector<StockChange>& changes, const std::vector<std::string>& pointers,
                     Problems& problems, std::string_view sku_member) {
  using SkuAtLocation = std::pair<std::string_view, std::string_view>;
  struct Hash {
    std::size_t operator()(const SkuAtLocation& key) const {
      const std::size_t sku = std::hash<std::string_view>{}(key.first);
      return sku ^ (std::hash<std::string_view>{}(key.second) + 0x9e3779b97f4a7c15ULL + (sku << 6) + (sku >> 2));
    }
  };
  std::unordered_set<SkuAtLocation, Hash> seen;
  seen.reserve(changes.size());
  for (std::size_t change_idx = 0; change_idx < changes.size(); ++change_idx) {
    const StockChange& change = changes[change_idx];
    if (!seen.emplace(change.sku, change.location_id).second) {
      problems.Add(pointers[change_idx] + "/" + std::string(sku_member), "duplicate",
                   "this sku and location_id appear earlier in the request: one change per pair");
    }
  }
}

// ---- CSV ----

enum class CsvColumn : std::size_t { kSku, kLocation, kOnHand, kSafetyStock, kCount };

struct ColumnNames {
  std::string_view canonical;
  std::array<std::string_view, 5> aliases;  // compared after trimming and ASCII lower-casing
};

constexpr std::array<ColumnNames, static_cast<std::size_t>(CsvColumn::kCount)> kColumns = {{
    {"sku", {"sku", "sku_code", "库存编码", "sku编码", "商品编码"}},
    {"location_id", {"location_id", "location", "warehouse", "仓库", "仓库编码"}},
    {"on_hand", {"on_hand", "qty", "quantity", "在库数量", "库存数量"}},
    {"safety_stock", {"safety_stock", "安全库存", "", "", ""}},
}};

constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string LowerAscii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return lower;
}

// The header line's most frequent of ',', ';', '\t' (',' when none): exports differ.
char SniffDelimiter(std::string_view text) {
  const std::string_view first_line = text.substr(0, text.find_first_of("\r\n"));
  if (first_line.starts_with("sep=")) return ',';  // the reader reads the line itself
  const auto count = [&](char c) { return std::count(first_line.begin(), first_line.end(), c); };
  const auto commas = count(',');
  const auto semicolons = count(';');
  const auto tabs = count('\t');
  if (tabs > commas && tabs >= semicolons) return '\t';
  if (semicolons > commas) return ';';
  return ',';
}

// A count cell: digits only (blanks around ignored), at most kMaxStockQuantity.
std::optional<std::int64_t> ReadCount(std::string_view cell, const std::string& pointer, Problems& problems) {
  if (cell.empty()) {
    problems.Add(pointer, "required", "the cell is empty");
    return std::nullopt;
  }
  std::int64_t value = 0;
  for (const char c : cell) {
    if (c < '0' || c > '9') {
      problems.Add(pointer, "format", "must be a whole number of units, digits only");
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
    if (value > kMaxStockQuantity) {
      problems.Add(pointer, "too_large", "must be at most " + std::to_string(kMaxStockQuantity));
      return std::nullopt;
    }
  }
  return value;
}

constexpr std::size_t kMaxTitleRows = 5;

using ColumnMap = std::array<std::size_t, static_cast<std::size_t>(CsvColumn::kCount)>;

// Which cell of the header holds which column; "duplicate" when two cells name one column.
ColumnMap MapColumns(const channels::CsvRecord& header, Problems& problems) {
  ColumnMap column_of;
  column_of.fill(kNoColumn);
  for (std::size_t field_idx = 0; field_idx < header.fields.size(); ++field_idx) {
    const std::string name = LowerAscii(Trim(header.fields[field_idx]));
    if (name.empty()) continue;
    for (std::size_t column_idx = 0; column_idx < kColumns.size(); ++column_idx) {
      const auto& aliases = kColumns[column_idx].aliases;
      if (std::find(aliases.begin(), aliases.end(), name) == aliases.end()) continue;
      if (column_of[column_idx] != kNoColumn) {
        problems.Add("/columns/" + std::string(kColumns[column_idx].canonical), "duplicate",
                     "two header cells name this column");
      }
      column_of[column_idx] = field_idx;
    }
  }
  return column_of;
}

}  // namespace

core::Result<std::vector<StockChange>> ParseStockChangesJson(std::string_view body, StockChangeMode mode,
                                                             bool strict_json) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParseObjectDocument(body, doc, "a stock change"));
  Problems problems;
  std::vector<StockChange> changes;
  std::vector<std::string> pointers;  // of each change that read cleanly
  if (!doc.HasMember("changes")) {  // one change, the document itself
    ObjectReader reader(doc, "", problems);
    ReadOneChange(reader, mode, strict_json, changes);
    if (!problems.ok()) return problems.Take(std::string(kBreaksRules));
    return changes;
  }
  ObjectReader top(doc, "", problems);
  if (strict_json) top.RejectUnknown({"changes"});
  const rapidjson::Value& list = doc["changes"];
  if (!list.IsArray()) {
    problems.Add("/changes", "type", "must be an array of changes");
  } else if (list.Empty()) {
    problems.Add("/changes", "empty", "give at least one change");
  } else if (list.Size() > kMaxStockChanges) {
    problems.Add("/changes", "too_many", "at most " + std::to_string(kMaxStockChanges) + " changes per request");
  }
  if (!problems.ok()) return problems.Take(std::string(kBreaksRules));
  changes.reserve(list.Size());
  for (rapidjson::SizeType change_idx = 0; change_idx < list.Size() && !problems.StopHere(); ++change_idx) {
    const std::string pointer = "/changes/" + std::to_string(change_idx);
    const rapidjson::Value& item = list[change_idx];
    if (!item.IsObject()) {
      problems.Add(pointer, "type", "must be an object");
      continue;
    }
    ObjectReader reader(item, pointer, problems);
    const std::size_t before = changes.size();
    ReadOneChange(reader, mode, strict_json, changes);
    if (changes.size() > before) pointers.push_back(pointer);
  }
  CheckDuplicates(changes, pointers, problems, "sku");
  if (!problems.ok()) return problems.Take(std::string(kBreaksRules));
  return changes;
}

core::Result<std::vector<StockChange>> ParseStockCsv(std::string_view bytes) {
  core::Result<std::string> decoded = channels::DecodeToUtf8(bytes, channels::TextEncoding::kAuto);
  if (!decoded) return std::move(decoded).error();
  const std::string& text = *decoded;
  channels::CsvReader reader(text, SniffDelimiter(text));
  channels::CsvRecord record;
  Problems problems;

  // The header: the first record naming the sku column among the first kMaxTitleRows
  // non-blank ones (exports often start with a title line such as "库存盘点表 2026-11-28");
  // the first non-blank record when none does, so that the problems describe it.
  ColumnMap column_of;
  ColumnMap first_columns;
  std::vector<core::FieldError> first_problems;
  bool have_header = false;
  std::size_t non_blank = 0;
  while (!have_header && non_blank < kMaxTitleRows && reader.Next(record)) {
    if (record.blank()) continue;
    Problems header_problems;
    column_of = MapColumns(record, header_problems);
    std::vector<core::FieldError> found = header_problems.Take("").fields;
    if (non_blank++ == 0) {
      first_columns = column_of;
      first_problems = found;
    }
    have_header = column_of[static_cast<std::size_t>(CsvColumn::kSku)] != kNoColumn;
    if (have_header) {
      for (core::FieldError& field : found) {
        problems.Add(std::move(field.field), std::move(field.code), std::move(field.message));
      }
    }
  }
  if (non_blank == 0) {
    problems.Add("", "empty", "the file has no header row");
    return problems.Take("the stock file has no rows");
  }
  if (!have_header) {
    column_of = first_columns;
    for (core::FieldError& field : first_problems) {
      problems.Add(std::move(field.field), std::move(field.code), std::move(field.message));
    }
  }
  for (std::size_t column_idx = 0; column_idx < kColumns.size(); ++column_idx) {
    if (column_of[column_idx] != kNoColumn || static_cast<CsvColumn>(column_idx) == CsvColumn::kSafetyStock) continue;
    problems.Add("/columns/" + std::string(kColumns[column_idx].canonical), "required",
                 "the header has no such column (see the accepted names in the documentation)");
  }
  if (!problems.ok()) return problems.Take("the stock file's header breaks the rules listed in errors");

  std::vector<StockChange> changes;
  std::vector<std::string> pointers;
  std::size_t rows = 0;
  const auto cell = [&](CsvColumn column) -> std::string_view {
    const std::size_t field_idx = column_of[static_cast<std::size_t>(column)];
    if (field_idx == kNoColumn || field_idx >= record.fields.size()) return {};
    return Trim(record.fields[field_idx]);
  };
  while (reader.Next(record) && !problems.StopHere()) {
    if (record.blank() && !record.unterminated_quote) continue;
    if (++rows > kMaxStockCsvRows) {
      problems.Add("/rows", "too_many", "at most " + std::to_string(kMaxStockCsvRows) + " rows per file");
      break;
    }
    const std::string row = "/rows/" + std::to_string(record.number);
    if (record.unterminated_quote) {
      problems.Add(row, "unterminated_quote", "a quoted cell is never closed: the rest of the file is this row");
      break;
    }
    StockChange change;
    change.mode = StockChange::Mode::kAbsolute;
    change.cause = "csv_upload";
    bool ok = true;
    const std::string_view sku = cell(CsvColumn::kSku);
    if (sku.empty()) {
      problems.Add(row + "/sku", "required", "the cell is empty");
      ok = false;
    } else if (!IsSkuText(sku)) {
      problems.Add(row + "/sku", "format", "1 to 64 characters without control characters");
      ok = false;
    } else {
      change.sku = std::string(sku);
    }
    const std::string_view location = cell(CsvColumn::kLocation);
    if (location.empty()) {
      problems.Add(row + "/location_id", "required", "the cell is empty");
      ok = false;
    } else if (!IsLocationId(location)) {
      problems.Add(row + "/location_id", "format", "must be a location id: 1 to 64 of A-Z, a-z, 0-9, '_', '.', '-'");
      ok = false;
    } else {
      change.location_id = std::string(location);
    }
    change.on_hand = ReadCount(cell(CsvColumn::kOnHand), row + "/on_hand", problems);
    ok = ok && change.on_hand.has_value();
    if (const std::string_view safety = cell(CsvColumn::kSafetyStock); !safety.empty()) {
      change.safety_stock = ReadCount(safety, row + "/safety_stock", problems);
      ok = ok && change.safety_stock.has_value();
    }
    if (ok) {
      changes.push_back(std::move(change));
      pointers.push_back(row);
    }
  }
  CheckDuplicates(changes, pointers, problems, "sku");
  if (rows == 0 && problems.ok()) problems.Add("/rows", "empty", "the file has a header but no rows");
  if (!problems.ok()) return problems.Take("the stock file breaks the rules listed in errors");
  return changes;
}

}  // namespace ordo::service
