#pragma once
// The store's inventory side (issue 6; docs/sourcing.md): locations, the carrier table, stock per
// (sku, location) with its ledger, and the reservations each order holds. Reached through
// Store::Inventory(); every method is thread-safe; all BLOCK their caller (call from a blocking
// pool, a worker thread or the CLI, never from an I/O thread).
//
// Tables (migration 11): locations, carrier_rates, stock, stock_ledger, stock_change_keys
// (idempotency of stock changes), order_allocations (what each order line reserved where),
// order_sourcing (the last decision per order, waiting orders with their priority),
// location_loads (parcels allocated per location and local day: the capacity actually used).
// The carrier table's version is the store_meta key "carrier_rates_version".
//
// Never oversell: a reservation is `UPDATE stock SET reserved = reserved + q WHERE … AND
// on_hand - reserved - safety_stock >= q` inside the order's write unit. On SQLite the single
// writer serialises units; on PostgreSQL the conditional update re-checks the row it locked, so
// two nodes cannot both take the last unit (the loser re-reads and re-decides, or waits).
//
// The store does not know how to choose a location: Allocate reads what the decision needs in
// its unit and asks the caller's AllocationDecider (service::SourcingService wraps the pure
// sourcing::DecideSourcing), then writes the verdict. Plain data in, plain data out.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "order/order.hpp"

namespace ordo::store {

struct AuditRecord;  // store.hpp

// ---- locations and carriers ----

struct LocationRecord {
  std::string id;                   // "WH-SH", chosen by the merchant; [A-Za-z0-9_.-]{1,64}
  std::string name;                 // "上海嘉定仓"
  std::string kind = "warehouse";   // warehouse | store | dark_store
  std::string province_code;        // GB/T 2260 six digits, e.g. "310000"
  std::string city_code;
  std::string district_code;
  double latitude = 0;              // stored as micro-degrees
  double longitude = 0;
  std::string status = "open";      // open | degraded | closed
  std::string status_reason;        // "暴雨" …; "" when open
  core::UnixMillis status_changed_at = 0;
  std::int64_t daily_capacity = 0;  // parcels per local day
  int cutoff_minute = 16 * 60;      // local (UTC+8) minute of the day
  std::string backup_location_id;   // "" for none
  bool ships = true;
  bool pickup = false;
  std::int64_t version = 0;         // assigned by the store: 1 on create, +1 per change
  core::UnixMillis created_at = 0;  // assigned by the store
  core::UnixMillis updated_at = 0;  // assigned by the store
};

struct CarrierRateRecord {
  std::string carrier;
  std::string service_level;
  std::string origin_province;
  std::string destination_province;
  std::int64_t min_weight_grams = 0;  // exclusive
  std::int64_t max_weight_grams = 0;  // inclusive
  int transit_days = 0;
  std::int64_t cost = 0;              // minor units (CNY fen)
};

struct CarrierTableRecord {
  std::int64_t version = 0;  // 0: never set
  std::vector<CarrierRateRecord> rates;  // by origin, destination, carrier, service level, min weight
};

// ---- stock ----

struct StockRecord {
  std::string sku;
  std::string location_id;
  std::int64_t on_hand = 0;
  std::int64_t reserved = 0;
  std::int64_t safety_stock = 0;
  core::UnixMillis updated_at = 0;
  std::int64_t available() const {
    const std::int64_t free = on_hand - reserved - safety_stock;
    return free > 0 ? free : 0;
  }
};

// One change to one (sku, location). Absolute: on_hand becomes the value (a count); delta: it
// moves by the value (receipts +, shrinkage −). safety_stock, when given, is set absolutely.
// A row that does not exist yet is created at 0 first.
struct StockChange {
  std::string sku;
  std::string location_id;
  enum class Mode { kAbsolute, kDelta } mode = Mode::kAbsolute;
  std::optional<std::int64_t> on_hand;       // absolute value or delta
  std::optional<std::int64_t> safety_stock;  // absolute
  std::string cause;                         // "count", "receipt", "shrinkage", "csv_upload" …
};

struct StockChangeRequest {
  // Required for API callers: the same key with the same changes answers the first outcome again
  // (replayed = true) and writes nothing; with other changes kConflict.
  std::string idempotency_key;
  std::vector<StockChange> changes;  // applied all or nothing, in one transaction
  core::Actor actor;
};

struct StockLedgerRow {
  std::int64_t seq = 0;  // assigned by the store, increasing
  core::UnixMillis at = 0;
  std::string sku;
  std::string location_id;
  std::int64_t on_hand_delta = 0;
  std::int64_t reserved_delta = 0;
  std::int64_t on_hand_after = 0;
  std::int64_t reserved_after = 0;
  std::int64_t safety_after = 0;
  // adjust causes as given (count, receipt, …), or reserve | release | consume | resource_release
  std::string cause;
  std::int64_t order_id = 0;  // 0 when not an order's movement
  std::string reference;      // the idempotency key, or the failover/rebalance run
  std::string actor;          // "user:alice", "system:sourcing"
};

struct StockChangeOutcome {
  bool replayed = false;
  std::vector<StockRecord> rows;        // the rows as they are after the change
  std::vector<StockLedgerRow> entries;  // the ledger rows it wrote (replayed: the original ones)
};

struct StockFilter {
  std::string sku;          // "" = any
  std::string location_id;  // "" = any
  // cursor: rows after (sku, location_id) in that order
  std::optional<std::pair<std::string, std::string>> after;
  int limit = 100;          // 1..1000
};

struct StockLedgerFilter {
  std::string sku;
  std::string location_id;
  std::int64_t order_id = 0;               // 0 = any
  std::optional<std::int64_t> after_seq;   // ascending from here
  int limit = 100;                         // 1..1000
};

// The ledger against the stock table: for every (sku, location), Σ on_hand_delta = on_hand and
// Σ reserved_delta = reserved, and reserved equals the live reservations of orders.
struct LedgerCheck {
  std::int64_t rows_checked = 0;
  std::vector<std::string> mismatches;  // "SKU-1@WH-SH: ledger on_hand 90, stock 100"
};

// ---- reservations and the sourcing decision ----

struct AllocationRow {
  std::int64_t order_id = 0;
  int line_index = 0;            // into order.lines
  std::string sku;
  std::int64_t qty = 0;
  std::string location_id;
  std::string carrier;           // "" when picked up where it lies
  std::string service_level;
  std::int64_t promised_day = 0; // local days since 1970-01-01
  std::string state = "reserved";  // reserved | released | consumed | cancelled (partial cancel)
  core::UnixMillis created_at = 0;
  core::UnixMillis closed_at = 0;  // when released or consumed; 0 while reserved
};

struct SourcingRecord {
  std::int64_t order_id = 0;
  std::string state;             // allocated | waiting | released | consumed | skipped
  std::int64_t priority = 0;     // higher first among waiting orders (rules set it)
  std::string decision_json;     // the decider's explanation (plan, runner-ups, exclusions)
  std::string cause;             // what triggered the last decision
  core::UnixMillis decided_at = 0;
  std::int64_t attempts = 0;     // decisions taken for this order
  std::vector<AllocationRow> allocations;  // every row, live and closed, by line then time
};

// What Allocate read in its unit: the decision's inputs.
struct AllocationContext {
  order::Order order;                    // without personal data
  std::vector<LocationRecord> locations; // all, by id
  std::vector<std::pair<std::string, std::int64_t>> parcels_today;  // location id → parcels today
  std::vector<StockRecord> stock;        // every row of the order's skus (after releasing its own)
  std::int64_t local_day = 0;            // today, local (UTC+8)
  core::UnixMillis now = 0;
};

struct AllocationVerdict {
  enum class Kind {
    kAllocate,  // reserve `lines` (every line of the order)
    kWait,      // on_hold with reason no_stock until stock arrives
    kLeave,     // reserve nothing, move nothing: the record says "skipped" so it is not fed again
  } kind = Kind::kLeave;
  std::vector<AllocationRow> lines;  // kAllocate: order_id/state/created_at are filled by the store
  std::int64_t parcels = 0;          // kAllocate: parcels of the plan (location loads)
  std::string decision_json;         // stored; shown by GET /orders/{id}/sourcing
  std::string event_json;            // the timeline event's data (never personal data)
};

using AllocationDecider = std::function<AllocationVerdict(const AllocationContext&)>;

enum class AllocateMode {
  kNew,       // a paid order, or one on_hold for no_stock: reserve or wait
  kResource,  // an allocated order (failover, rebalance): release its reservations and decide again
};

struct AllocateCommand {
  std::int64_t order_id = 0;
  AllocateMode mode = AllocateMode::kNew;
  AllocationDecider decide;
  std::string cause;   // "new_order", "stock_arrived", "location_closed:WH-SH", "rebalance"
  core::Actor actor;
};

struct AllocateOutcome {
  // allocated | waiting | reallocated (kResource, new plan) | skipped (not in a state to source,
  // or the decider said leave)
  std::string result;
  order::Order order;                // as stored after the unit (personal data left out)
  std::vector<AllocationRow> lines;  // the live reservations after the unit
};

// One carrier's parcels promised for one local day and how they fared (CarrierDailyOutcomes).
struct CarrierDayOutcomeRecord {
  std::string carrier;
  std::int64_t local_day = 0;  // the parcels' promised day (local UTC+8 days since 1970-01-01)
  std::int64_t due = 0;        // parcels: distinct (order, carrier) promised that day
  std::int64_t on_time = 0;    // the order's first "delivered" node by the end of that local day
  std::int64_t late = 0;       // … after it
  std::int64_t open = 0;       // no "delivered" node yet
};

struct WaitingOrder {
  std::int64_t order_id = 0;
  std::int64_t priority = 0;
  core::UnixMillis waiting_since = 0;
  std::vector<std::string> skus;
};

class InventoryStore {
 public:
  virtual ~InventoryStore() = default;

  // Locations. Create: kConflict when the id is taken; kNotFound for an unknown backup location.
  // Update replaces every field but status (its own call) when `expected_version` matches
  // (kConflict otherwise; nullopt = any). Each mutation appends `audit` in its transaction.
  virtual core::Result<LocationRecord> CreateLocation(LocationRecord location, AuditRecord audit) = 0;
  virtual core::Result<LocationRecord> UpdateLocation(LocationRecord location, std::optional<std::int64_t> expected_version,
                                                      AuditRecord audit) = 0;
  virtual core::Result<std::vector<LocationRecord>> ListLocations() = 0;  // by id
  virtual core::Result<LocationRecord> GetLocation(const std::string& id) = 0;  // kNotFound
  // Sets status, reason and status_changed_at (now); version + 1. kNotFound.
  virtual core::Result<LocationRecord> SetLocationStatus(const std::string& id, const std::string& status,
                                                         const std::string& reason, AuditRecord audit) = 0;

  // The carrier table, replaced whole (version + 1) with `audit`.
  virtual core::Result<CarrierTableRecord> ReplaceCarrierRates(std::vector<CarrierRateRecord> rates, AuditRecord audit) = 0;
  virtual core::Result<CarrierTableRecord> GetCarrierRates() = 0;
  virtual core::Result<std::int64_t> CarrierRatesVersion() = 0;  // cheap: one store_meta row

  // Stock. kNotFound for an unknown location (field "/changes/N/location_id" in the message);
  // kRejected when a change would make on_hand negative or below reserved (names sku, location
  // and both figures); kConflict when the idempotency key was used with other changes.
  virtual core::Result<StockChangeOutcome> ApplyStockChanges(StockChangeRequest request) = 0;
  virtual core::Result<std::vector<StockRecord>> ListStock(const StockFilter& filter) = 0;
  virtual core::Result<std::vector<StockLedgerRow>> ListStockLedger(const StockLedgerFilter& filter) = 0;
  virtual core::Result<LedgerCheck> CheckStockLedger() = 0;

  // One order's sourcing in one write unit (see the file comment). kNotFound for an unknown
  // order. Runs the decider again (re-reading stock) when a conditional reservation lost a race.
  virtual core::Result<AllocateOutcome> Allocate(AllocateCommand command) = 0;
  // The order's record; kNotFound when it was never sourced.
  virtual core::Result<SourcingRecord> GetOrderSourcing(std::int64_t order_id) = 0;
  // Orders waiting for stock: priority descending, then oldest first. `skus` non-empty: only
  // orders with a line of one of them.
  virtual core::Result<std::vector<WaitingOrder>> ListWaitingOrders(const std::vector<std::string>& skus, int limit) = 0;
  // Paid orders with id > after_id that have no sourcing record yet, ascending (the worker's feed).
  virtual core::Result<std::vector<std::int64_t>> ListUnsourcedOrders(std::int64_t after_id, int limit) = 0;
  // Orders holding live reservations at the location, ascending.
  virtual core::Result<std::vector<std::int64_t>> ListOrdersAllocatedAt(const std::string& location_id) = 0;
  virtual core::Status SetSourcingPriority(std::int64_t order_id, std::int64_t priority) = 0;
  // Partial cancel: releases the live reservations of the named lines (ledger cause "release"),
  // appends a "lines_cancelled" timeline event {lines, reason}, version + 1; when no line is left
  // the order is cancelled through the state machine. kNotFound; kInvalidArgument for a line
  // index out of range or already cancelled; kIllegalTransition past shipment.
  virtual core::Result<AllocateOutcome> CancelOrderLines(std::int64_t order_id, const std::vector<int>& line_indexes,
                                                         const std::string& reason, core::Actor actor) = 0;
  // Carrier SLA input (sourcing/carrier_sla.hpp): per (carrier, promised local day) in
  // [first_local_day, last_local_day], by carrier then day; only pairs with a parcel appear.
  // Parcels are the reservations that stand for a shipment — state consumed (shipped) or still
  // reserved (not shipped yet: due all the same) — not released ones (cancelled or re-sourced
  // away) nor pickups (no carrier). Delivered = the order's first timeline node "delivered"
  // (one per order: an order's parcels are judged together). Reads order_allocations by
  // promised_day without an index (a scan; fine for a daily or on-demand ops read).
  virtual core::Result<std::vector<CarrierDayOutcomeRecord>> CarrierDailyOutcomes(std::int64_t first_local_day,
                                                                                  std::int64_t last_local_day) = 0;
};

// What TransitionOne does to an order's reservations (same unit as the status change):
// → cancelled: release every live reservation (ledger cause "release");
// pre-shipment → shipped / in_transit / out_for_delivery / delivered: consume them (on_hand and
// reserved both fall by the qty; cause "consume").
// Partial cancel (Inventory's CancelLines) releases only the named lines.

}  // namespace ordo::store
