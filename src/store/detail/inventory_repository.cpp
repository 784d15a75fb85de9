#include "store/detail/inventory_repository.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <utility>

namespace ordo::store::detail {
namespace {

using core::ErrorCode;

constexpr std::string_view kCarrierVersionKey = "carrier_rates_version";

constexpr const char* kLocationColumns =
    "SELECT id, name, kind, province_code, city_code, district_code, latitude_micro, longitude_micro, status, "
    "status_reason, status_changed_at, daily_capacity, cutoff_minute, backup_location_id, ships, pickup, version, "
    "created_at, updated_at FROM locations ";

constexpr const char* kStockColumns = "SELECT sku, location_id, on_hand, reserved, safety_stock, updated_at FROM stock ";

constexpr const char* kLedgerColumns =
    "SELECT seq, at, sku, location_id, on_hand_delta, reserved_delta, on_hand_after, reserved_after, safety_after, "
    "cause, order_id, reference, actor FROM stock_ledger ";

std::int64_t ToMicro(double degrees) { return std::llround(degrees * 1'000'000.0); }
double FromMicro(std::int64_t micro) { return static_cast<double>(micro) / 1'000'000.0; }

LocationRecord LocationFromRow(const Row& row) {
  LocationRecord location;
  location.id = row.Text(0);
  location.name = row.Text(1);
  location.kind = row.Text(2);
  location.province_code = row.Text(3);
  location.city_code = row.Text(4);
  location.district_code = row.Text(5);
  location.latitude = FromMicro(row.Int(6));
  location.longitude = FromMicro(row.Int(7));
  location.status = row.Text(8);
  location.status_reason = row.Text(9);
  location.status_changed_at = row.Int(10);
  location.daily_capacity = row.Int(11);
  location.cutoff_minute = static_cast<int>(row.Int(12));
  location.backup_location_id = row.Text(13);
  location.ships = row.Int(14) != 0;
  location.pickup = row.Int(15) != 0;
  location.version = row.Int(16);
  location.created_at = row.Int(17);
  location.updated_at = row.Int(18);
  return location;
}

StockRecord StockFromRow(const Row& row) {
  StockRecord stock;
  stock.sku = row.Text(0);
  stock.location_id = row.Text(1);
  stock.on_hand = row.Int(2);
  stock.reserved = row.Int(3);
  stock.safety_stock = row.Int(4);
  stock.updated_at = row.Int(5);
  return stock;
}

StockLedgerRow LedgerFromRow(const Row& row) {
  StockLedgerRow entry;
  entry.seq = row.Int(0);
  entry.at = row.Int(1);
  entry.sku = row.Text(2);
  entry.location_id = row.Text(3);
  entry.on_hand_delta = row.Int(4);
  entry.reserved_delta = row.Int(5);
  entry.on_hand_after = row.Int(6);
  entry.reserved_after = row.Int(7);
  entry.safety_after = row.Int(8);
  entry.cause = row.Text(9);
  entry.order_id = row.Int(10);
  entry.reference = row.Text(11);
  entry.actor = row.Text(12);
  return entry;
}

core::Status CheckBackupExists(Connection& connection, const LocationRecord& location) {
  if (location.backup_location_id.empty() || location.backup_location_id == location.id) return core::Ok();
  bool found = false;
  ORDO_TRY(connection.Query("SELECT 1 FROM locations WHERE id = $1", {std::string_view(location.backup_location_id)},
                            [&](const Row&) { found = true; }));
  if (!found) {
    return core::MakeError(ErrorCode::kNotFound, "/backup_location_id: no location '" + location.backup_location_id + "'");
  }
  return core::Ok();
}

// FNV-1a over a canonical spelling of the changes: the same changes give the same value on every
// node and after a restart (std::hash promises neither).
std::uint64_t ChangesFingerprint(const std::vector<StockChange>& changes) {
  std::uint64_t hash = 14695981039346656037ULL;
  auto mix = [&hash](std::string_view text) {
    for (const unsigned char byte : text) {
      hash ^= byte;
      hash *= 1099511628211ULL;
    }
    hash ^= 0x1f;
    hash *= 1099511628211ULL;
  };
  auto optional_number = [](const std::optional<std::int64_t>& value) {
    return value ? std::to_string(*value) : std::string("-");
  };
  for (const StockChange& change : changes) {
    mix(change.sku);
    mix(change.location_id);
    mix(change.mode == StockChange::Mode::kAbsolute ? "absolute" : "delta");
    mix(optional_number(change.on_hand));
    mix(optional_number(change.safety_stock));
    mix(change.cause);
  }
  return hash;
}

// store_meta values are text; a value that is not a number reads as 0 (never set).
std::int64_t VersionFromText(std::string_view text) {
  std::int64_t version = 0;
  std::from_chars(text.data(), text.data() + text.size(), version);
  return version;
}

std::string ActorName(const core::Actor& actor) { return actor.kind + ":" + actor.id; }

std::string KeyName(const std::string& sku, const std::string& location_id) { return sku + "@" + location_id; }

core::Result<std::optional<StockRecord>> LoadStockRow(Connection& connection, const std::string& sku,
                                                      const std::string& location_id, bool lock) {
  std::optional<StockRecord> found;
  std::string sql = std::string(kStockColumns) + "WHERE sku = $1 AND location_id = $2";
  if (lock) sql += ForUpdate(connection);
  ORDO_TRY(connection.Query(sql, {std::string_view(sku), std::string_view(location_id)},
                            [&](const Row& row) { found = StockFromRow(row); }));
  return found;
}

core::Result<StockChangeOutcome> ReplayStockChanges(Connection& connection, const StockChangeRequest& request,
                                                    std::int64_t first_seq, std::int64_t last_seq) {
  StockChangeOutcome outcome;
  outcome.replayed = true;
  ORDO_TRY(connection.Query(std::string(kLedgerColumns) + "WHERE seq >= $1 AND seq <= $2 ORDER BY seq",
                            {first_seq, last_seq},
                            [&](const Row& row) { outcome.entries.push_back(LedgerFromRow(row)); }));
  std::set<std::pair<std::string, std::string>> seen;
  for (const StockChange& change : request.changes) {
    if (!seen.insert({change.sku, change.location_id}).second) continue;
    auto row = LoadStockRow(connection, change.sku, change.location_id, false);
    if (!row) return std::move(row).error();
    if (*row) outcome.rows.push_back(**row);
  }
  return outcome;
}

}  // namespace

std::string_view ForUpdate(const Connection& connection) {
  return connection.dialect() == Dialect::kPostgres ? " FOR UPDATE" : "";
}

// ---- locations ----

core::Result<LocationRecord> InsertLocation(Connection& connection, LocationRecord location, core::UnixMillis now) {
  bool taken = false;
  ORDO_TRY(connection.Query("SELECT 1 FROM locations WHERE id = $1", {std::string_view(location.id)},
                            [&](const Row&) { taken = true; }));
  if (taken) return core::MakeError(ErrorCode::kConflict, "/id: location '" + location.id + "' already exists");
  ORDO_TRY(CheckBackupExists(connection, location));
  location.version = 1;
  location.created_at = now;
  location.updated_at = now;
  if (location.status_changed_at == 0) location.status_changed_at = now;
  ORDO_TRY(connection.Exec(
      "INSERT INTO locations (id, name, kind, province_code, city_code, district_code, latitude_micro, "
      "longitude_micro, status, status_reason, status_changed_at, daily_capacity, cutoff_minute, backup_location_id, "
      "ships, pickup, version, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
      {std::string_view(location.id), std::string_view(location.name), std::string_view(location.kind),
       std::string_view(location.province_code), std::string_view(location.city_code),
       std::string_view(location.district_code), ToMicro(location.latitude), ToMicro(location.longitude),
       std::string_view(location.status), std::string_view(location.status_reason), location.status_changed_at,
       location.daily_capacity, std::int64_t{location.cutoff_minute}, std::string_view(location.backup_location_id),
       std::int64_t{location.ships ? 1 : 0}, std::int64_t{location.pickup ? 1 : 0}, location.version,
       location.created_at, location.updated_at}));
  return location;
}

core::Result<LocationRecord> LoadLocation(Connection& connection, const std::string& id) {
  std::optional<LocationRecord> found;
  ORDO_TRY(connection.Query(std::string(kLocationColumns) + "WHERE id = $1", {std::string_view(id)},
                            [&](const Row& row) { found = LocationFromRow(row); }));
  if (!found) return core::MakeError(ErrorCode::kNotFound, "no location '" + id + "'");
  return std::move(*found);
}

core::Result<std::vector<LocationRecord>> LoadLocations(Connection& connection) {
  std::vector<LocationRecord> locations;
  ORDO_TRY(connection.Query(std::string(kLocationColumns) + "ORDER BY id", {},
                            [&](const Row& row) { locations.push_back(LocationFromRow(row)); }));
  return locations;
}

core::Result<LocationRecord> UpdateLocationRow(Connection& connection, LocationRecord location,
                                               std::optional<std::int64_t> expected_version, core::UnixMillis now) {
  auto current = LoadLocation(connection, location.id);
  if (!current) return current;
  if (expected_version && *expected_version != current->version) {
    return core::MakeError(ErrorCode::kConflict, "version mismatch: If-Match was " + std::to_string(*expected_version) +
                                                     " but the location is at version " +
                                                     std::to_string(current->version));
  }
  ORDO_TRY(CheckBackupExists(connection, location));
  // Status is its own call (SetLocationStatus); an update keeps it.
  location.status = current->status;
  location.status_reason = current->status_reason;
  location.status_changed_at = current->status_changed_at;
  location.created_at = current->created_at;
  location.version = current->version + 1;
  location.updated_at = now;
  ORDO_TRY(connection.Exec(
      "UPDATE locations SET name = $1, kind = $2, province_code = $3, city_code = $4, district_code = $5, "
      "latitude_micro = $6, longitude_micro = $7, daily_capacity = $8, cutoff_minute = $9, backup_location_id = $10, "
      "ships = $11, pickup = $12, version = $13, updated_at = $14 WHERE id = $15 AND version = $16",
      {std::string_view(location.name), std::string_view(location.kind), std::string_view(location.province_code),
       std::string_view(location.city_code), std::string_view(location.district_code), ToMicro(location.latitude),
       ToMicro(location.longitude), location.daily_capacity, std::int64_t{location.cutoff_minute},
       std::string_view(location.backup_location_id), std::int64_t{location.ships ? 1 : 0},
       std::int64_t{location.pickup ? 1 : 0}, location.version, location.updated_at, std::string_view(location.id),
       current->version}));
  if (connection.ChangedRows() != 1) {
    return core::MakeError(ErrorCode::kConflict, "the location changed concurrently; retry with its new version");
  }
  return location;
}

core::Result<LocationRecord> UpdateLocationStatus(Connection& connection, const std::string& id,
                                                  const std::string& status, const std::string& reason,
                                                  core::UnixMillis now) {
  ORDO_TRY(connection.Exec(
      "UPDATE locations SET status = $1, status_reason = $2, status_changed_at = $3, updated_at = $3, "
      "version = version + 1 WHERE id = $4",
      {std::string_view(status), std::string_view(reason), now, std::string_view(id)}));
  if (connection.ChangedRows() != 1) return core::MakeError(ErrorCode::kNotFound, "no location '" + id + "'");
  return LoadLocation(connection, id);
}

// ---- carriers ----

core::Result<std::int64_t> LoadCarrierRatesVersion(Connection& connection) {
  std::int64_t version = 0;
  ORDO_TRY(connection.Query("SELECT value FROM store_meta WHERE key = $1", {kCarrierVersionKey},
                            [&](const Row& row) { version = VersionFromText(row.Text(0)); }));
  return version;
}

core::Result<CarrierTableRecord> ReplaceCarrierRateRows(Connection& connection,
                                                        const std::vector<CarrierRateRecord>& rates) {
  // The version row first: its update locks it, so two replacements (two nodes) run one after
  // the other and each bumps the version it read.
  ORDO_TRY(connection.Exec("INSERT INTO store_meta (key, value) VALUES ($1, '0') ON CONFLICT (key) DO NOTHING",
                           {kCarrierVersionKey}));
  std::string sql = "SELECT value FROM store_meta WHERE key = $1";
  sql += ForUpdate(connection);
  std::int64_t version = 0;
  ORDO_TRY(connection.Query(sql, {kCarrierVersionKey}, [&](const Row& row) { version = VersionFromText(row.Text(0)); }));
  const std::string next = std::to_string(version + 1);
  ORDO_TRY(connection.Exec("UPDATE store_meta SET value = $1 WHERE key = $2",
                           {std::string_view(next), kCarrierVersionKey}));
  ORDO_TRY(connection.Exec("DELETE FROM carrier_rates"));
  for (const CarrierRateRecord& rate : rates) {
    auto inserted = connection.Exec(
        "INSERT INTO carrier_rates (origin_province, destination_province, carrier, service_level, min_weight_grams, "
        "max_weight_grams, transit_days, cost) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {std::string_view(rate.origin_province), std::string_view(rate.destination_province),
         std::string_view(rate.carrier), std::string_view(rate.service_level), rate.min_weight_grams,
         rate.max_weight_grams, std::int64_t{rate.transit_days}, rate.cost});
    if (!inserted) {
      if (inserted.error().code == ErrorCode::kConflict) {
        return core::MakeError(ErrorCode::kConflict, "two rates share origin " + rate.origin_province +
                                                         ", destination " + rate.destination_province + ", carrier " +
                                                         rate.carrier + ", service level " + rate.service_level +
                                                         " and min weight " + std::to_string(rate.min_weight_grams));
      }
      return std::move(inserted).error();
    }
  }
  return LoadCarrierTable(connection);
}

core::Result<CarrierTableRecord> LoadCarrierTable(Connection& connection) {
  CarrierTableRecord table;
  auto version = LoadCarrierRatesVersion(connection);
  if (!version) return std::move(version).error();
  table.version = *version;
  ORDO_TRY(connection.Query(
      "SELECT carrier, service_level, origin_province, destination_province, min_weight_grams, max_weight_grams, "
      "transit_days, cost FROM carrier_rates "
      "ORDER BY origin_province, destination_province, carrier, service_level, min_weight_grams",
      {}, [&](const Row& row) {
        CarrierRateRecord rate;
        rate.carrier = row.Text(0);
        rate.service_level = row.Text(1);
        rate.origin_province = row.Text(2);
        rate.destination_province = row.Text(3);
        rate.min_weight_grams = row.Int(4);
        rate.max_weight_grams = row.Int(5);
        rate.transit_days = static_cast<int>(row.Int(6));
        rate.cost = row.Int(7);
        table.rates.push_back(std::move(rate));
      }));
  return table;
}

// ---- stock and ledger ----

core::Result<std::int64_t> AppendStockLedger(Connection& connection, const StockLedgerRow& row) {
  std::int64_t seq = 0;
  ORDO_TRY(connection.Query(
      "INSERT INTO stock_ledger (at, sku, location_id, on_hand_delta, reserved_delta, on_hand_after, reserved_after, "
      "safety_after, cause, order_id, reference, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
      "RETURNING seq",
      {row.at, std::string_view(row.sku), std::string_view(row.location_id), row.on_hand_delta, row.reserved_delta,
       row.on_hand_after, row.reserved_after, row.safety_after, std::string_view(row.cause), row.order_id,
       std::string_view(row.reference), std::string_view(row.actor)},
      [&](const Row& returned) { seq = returned.Int(0); }));
  return seq;
}

core::Result<StockChangeOutcome> ApplyStockChangeRows(Connection& connection, const StockChangeRequest& request,
                                                      core::UnixMillis now) {
  const std::uint64_t fingerprint = ChangesFingerprint(request.changes);
  if (!request.idempotency_key.empty()) {
    std::optional<std::pair<std::int64_t, std::int64_t>> seqs;
    std::uint64_t stored_fingerprint = 0;
    ORDO_TRY(connection.Query("SELECT fingerprint, first_seq, last_seq FROM stock_change_keys WHERE key = $1",
                              {std::string_view(request.idempotency_key)}, [&](const Row& row) {
                                stored_fingerprint = std::bit_cast<std::uint64_t>(row.Int(0));
                                seqs = {row.Int(1), row.Int(2)};
                              }));
    if (seqs) {
      if (stored_fingerprint != fingerprint) {
        return core::MakeError(ErrorCode::kConflict, "the idempotency key was already used with other changes");
      }
      return ReplayStockChanges(connection, request, seqs->first, seqs->second);
    }
  }

  // Validate what needs no row first, then lock every touched row in (sku, location) order so
  // that two units changing the same rows cannot deadlock.
  std::map<std::string, bool> location_exists;
  for (std::size_t change_idx = 0; change_idx < request.changes.size(); ++change_idx) {
    const StockChange& change = request.changes[change_idx];
    const std::string field = "/changes/" + std::to_string(change_idx);
    auto [known, inserted] = location_exists.try_emplace(change.location_id, false);
    if (inserted) {
      ORDO_TRY(connection.Query("SELECT 1 FROM locations WHERE id = $1", {std::string_view(change.location_id)},
                                [&](const Row&) { known->second = true; }));
    }
    if (!known->second) {
      return core::MakeError(ErrorCode::kNotFound, field + "/location_id: no location '" + change.location_id + "'");
    }
    if (change.safety_stock && *change.safety_stock < 0) {
      return core::MakeError(ErrorCode::kRejected, field + "/safety_stock: " + KeyName(change.sku, change.location_id) +
                                                       " safety stock " + std::to_string(*change.safety_stock) +
                                                       " is negative");
    }
  }
  std::set<std::pair<std::string, std::string>> keys;
  for (const StockChange& change : request.changes) keys.insert({change.sku, change.location_id});
  std::map<std::pair<std::string, std::string>, StockRecord> rows;
  for (const auto& key : keys) {
    ORDO_TRY(connection.Exec(
        "INSERT INTO stock (sku, location_id, on_hand, reserved, safety_stock, updated_at) VALUES ($1, $2, 0, 0, 0, $3) "
        "ON CONFLICT (sku, location_id) DO NOTHING",
        {std::string_view(key.first), std::string_view(key.second), now}));
    auto row = LoadStockRow(connection, key.first, key.second, /*lock=*/true);
    if (!row) return std::move(row).error();
    if (!*row) return core::MakeError(ErrorCode::kInternal, "a stock row vanished while it was being changed");
    rows.emplace(key, **row);
  }

  StockChangeOutcome outcome;
  const std::string actor = ActorName(request.actor);
  for (std::size_t change_idx = 0; change_idx < request.changes.size(); ++change_idx) {
    const StockChange& change = request.changes[change_idx];
    StockRecord& row = rows.at({change.sku, change.location_id});
    std::int64_t on_hand = row.on_hand;
    if (change.on_hand) on_hand = change.mode == StockChange::Mode::kDelta ? row.on_hand + *change.on_hand : *change.on_hand;
    const std::string field = "/changes/" + std::to_string(change_idx) + "/on_hand";
    if (on_hand < 0) {
      return core::MakeError(ErrorCode::kRejected, field + ": " + KeyName(change.sku, change.location_id) +
                                                       " on hand would be " + std::to_string(on_hand) + " (now " +
                                                       std::to_string(row.on_hand) + ")");
    }
    if (on_hand < row.reserved) {
      return core::MakeError(ErrorCode::kRejected, field + ": " + KeyName(change.sku, change.location_id) +
                                                       " on hand would be " + std::to_string(on_hand) +
                                                       ", below the " + std::to_string(row.reserved) + " reserved");
    }
    StockLedgerRow entry;
    entry.at = now;
    entry.sku = change.sku;
    entry.location_id = change.location_id;
    entry.on_hand_delta = on_hand - row.on_hand;
    entry.on_hand_after = on_hand;
    entry.reserved_after = row.reserved;
    entry.safety_after = change.safety_stock.value_or(row.safety_stock);
    entry.cause = change.cause;
    entry.reference = request.idempotency_key;
    entry.actor = actor;
    row.on_hand = entry.on_hand_after;
    row.safety_stock = entry.safety_after;
    row.updated_at = now;
    ORDO_TRY(connection.Exec(
        "UPDATE stock SET on_hand = $1, safety_stock = $2, updated_at = $3 WHERE sku = $4 AND location_id = $5",
        {row.on_hand, row.safety_stock, now, std::string_view(row.sku), std::string_view(row.location_id)}));
    auto seq = AppendStockLedger(connection, entry);
    if (!seq) return std::move(seq).error();
    entry.seq = *seq;
    outcome.entries.push_back(std::move(entry));
  }
  // Rows in the order the changes first named them.
  std::set<std::pair<std::string, std::string>> listed;
  for (const StockChange& change : request.changes) {
    if (listed.insert({change.sku, change.location_id}).second) outcome.rows.push_back(rows.at({change.sku, change.location_id}));
  }
  if (!request.idempotency_key.empty()) {
    const std::int64_t first_seq = outcome.entries.empty() ? 0 : outcome.entries.front().seq;
    const std::int64_t last_seq = outcome.entries.empty() ? -1 : outcome.entries.back().seq;
    ORDO_TRY(connection.Exec(
        "INSERT INTO stock_change_keys (key, fingerprint, first_seq, last_seq, created_at) VALUES ($1, $2, $3, $4, $5)",
        {std::string_view(request.idempotency_key), std::bit_cast<std::int64_t>(fingerprint), first_seq, last_seq,
         now}));
  }
  return outcome;
}

core::Result<std::vector<StockRecord>> QueryStock(Connection& connection, const StockFilter& filter) {
  std::string sql = kStockColumns;
  std::vector<Param> params;
  std::vector<std::string> conditions;
  if (!filter.sku.empty()) {
    params.push_back(std::string_view(filter.sku));
    conditions.push_back("sku = $" + std::to_string(params.size()));
  }
  if (!filter.location_id.empty()) {
    params.push_back(std::string_view(filter.location_id));
    conditions.push_back("location_id = $" + std::to_string(params.size()));
  }
  if (filter.after) {
    params.push_back(std::string_view(filter.after->first));
    const std::string sku_param = "$" + std::to_string(params.size());
    params.push_back(std::string_view(filter.after->second));
    const std::string location_param = "$" + std::to_string(params.size());
    conditions.push_back("(sku > " + sku_param + " OR (sku = " + sku_param + " AND location_id > " + location_param + "))");
  }
  for (std::size_t condition_idx = 0; condition_idx < conditions.size(); ++condition_idx) {
    sql += condition_idx == 0 ? "WHERE " : " AND ";
    sql += conditions[condition_idx];
  }
  params.push_back(std::int64_t{std::clamp(filter.limit, 1, 1000)});
  sql += " ORDER BY sku, location_id LIMIT $" + std::to_string(params.size());
  std::vector<StockRecord> rows;
  const RowHandler read = [&](const Row& row) { rows.push_back(StockFromRow(row)); };
  ORDO_TRY(connection.Run(sql, params, &read));
  return rows;
}

core::Result<std::vector<StockRecord>> LoadStockOfSkus(Connection& connection, const std::vector<std::string>& skus) {
  std::set<std::string> unique(skus.begin(), skus.end());
  std::vector<StockRecord> rows;
  for (const std::string& sku : unique) {
    ORDO_TRY(connection.Query(std::string(kStockColumns) + "WHERE sku = $1 ORDER BY location_id",
                              {std::string_view(sku)}, [&](const Row& row) { rows.push_back(StockFromRow(row)); }));
  }
  return rows;
}

core::Result<std::vector<StockLedgerRow>> QueryStockLedger(Connection& connection, const StockLedgerFilter& filter) {
  std::string sql = kLedgerColumns;
  std::vector<Param> params;
  std::vector<std::string> conditions;
  if (!filter.sku.empty()) {
    params.push_back(std::string_view(filter.sku));
    conditions.push_back("sku = $" + std::to_string(params.size()));
  }
  if (!filter.location_id.empty()) {
    params.push_back(std::string_view(filter.location_id));
    conditions.push_back("location_id = $" + std::to_string(params.size()));
  }
  if (filter.order_id != 0) {
    params.push_back(filter.order_id);
    conditions.push_back("order_id = $" + std::to_string(params.size()));
  }
  if (filter.after_seq) {
    params.push_back(*filter.after_seq);
    conditions.push_back("seq > $" + std::to_string(params.size()));
  }
  for (std::size_t condition_idx = 0; condition_idx < conditions.size(); ++condition_idx) {
    sql += condition_idx == 0 ? "WHERE " : " AND ";
    sql += conditions[condition_idx];
  }
  params.push_back(std::int64_t{std::clamp(filter.limit, 1, 1000)});
  sql += " ORDER BY seq LIMIT $" + std::to_string(params.size());
  std::vector<StockLedgerRow> rows;
  const RowHandler read = [&](const Row& row) { rows.push_back(LedgerFromRow(row)); };
  ORDO_TRY(connection.Run(sql, params, &read));
  return rows;
}

core::Result<LedgerCheck> CheckLedger(Connection& connection) {
  // One statement, so one snapshot on both backends: the stock row, its ledger sums and its
  // live reservations are read as of the same moment.
  LedgerCheck check;
  ORDO_TRY(connection.Query(
      "SELECT s.sku, s.location_id, s.on_hand, s.reserved, "
      "(SELECT COALESCE(SUM(l.on_hand_delta), 0) FROM stock_ledger l WHERE l.sku = s.sku AND l.location_id = s.location_id), "
      "(SELECT COALESCE(SUM(l.reserved_delta), 0) FROM stock_ledger l WHERE l.sku = s.sku AND l.location_id = s.location_id), "
      "(SELECT COALESCE(SUM(a.qty), 0) FROM order_allocations a "
      " WHERE a.sku = s.sku AND a.location_id = s.location_id AND a.state = 'reserved') "
      "FROM stock s ORDER BY s.sku, s.location_id",
      {}, [&](const Row& row) {
        ++check.rows_checked;
        const std::string key = KeyName(std::string(row.Text(0)), std::string(row.Text(1)));
        const std::int64_t on_hand = row.Int(2);
        const std::int64_t reserved = row.Int(3);
        const std::int64_t ledger_on_hand = row.Int(4);
        const std::int64_t ledger_reserved = row.Int(5);
        const std::int64_t live = row.Int(6);
        if (ledger_on_hand != on_hand) {
          check.mismatches.push_back(key + ": ledger on_hand " + std::to_string(ledger_on_hand) + ", stock " +
                                     std::to_string(on_hand));
        }
        if (ledger_reserved != reserved) {
          check.mismatches.push_back(key + ": ledger reserved " + std::to_string(ledger_reserved) + ", stock " +
                                     std::to_string(reserved));
        }
        if (live != reserved) {
          check.mismatches.push_back(key + ": live reservations " + std::to_string(live) + ", stock reserved " +
                                     std::to_string(reserved));
        }
      }));
  return check;
}

}  // namespace ordo::store::detail
