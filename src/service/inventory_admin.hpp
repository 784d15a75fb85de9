#pragma once
// The inventory API's use cases (issue 6): locations, the carrier table, stock changes and their
// ledger, the sourcing explanation, preview and partial cancels. Parsing is
// service/inventory_json.hpp's (pure); this runs the blocking store and sourcing calls on the
// BlockingPool and audits what changes. Each `done` runs once on a pool thread (or not at all
// when the input was refused before: then the error is returned).
// Thread-safe (references only).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "security/principal.hpp"
#include "service/blocking_pool.hpp"
#include "service/inventory_json.hpp"
#include "service/order_queries.hpp"
#include "service/sourcing_service.hpp"
#include "store/store.hpp"

namespace ordo::service {

// A partial cancel: {"lines": [1, 2], "reason": "缺货退款"}.
struct CancelLinesRequest {
  std::vector<int> lines;
  std::string reason;
};
// kMalformed (not JSON); kInvalidArgument: lines required/type/empty/duplicate/negative,
// reason too_long (200 characters).
core::Result<CancelLinesRequest> ParseCancelLinesRequest(std::string_view body, bool strict_json);

// The report as the API and `ordo sourcing rebalance --json` show it.
void WriteRebalanceReport(core::JsonWriter& writer, const RebalanceReport& report);

// sku, location_id, after (cursor "<sku>|<location>"), limit 1..1000.
core::Result<store::StockFilter> BuildStockFilter(const QueryParams& params);
// sku, location_id, order_id, after (ledger seq), limit 1..1000.
core::Result<store::StockLedgerFilter> BuildStockLedgerFilter(const QueryParams& params);

class InventoryAdmin {
 public:
  template <class T>
  using Done = std::function<void(core::Result<T>)>;

  // `store`, `sourcing` and `pool` outlive this.
  InventoryAdmin(store::Store& store, SourcingService& sourcing, BlockingPool& pool, const core::Clock& clock,
                 bool strict_json)
      : store_(store), sourcing_(sourcing), pool_(pool), clock_(clock), strict_json_(strict_json) {}

  // Called after every stock change that may free units (serve wakes its sourcing worker).
  void SetStockChangedHook(std::function<void()> hook) { stock_changed_ = std::move(hook); }

  core::Status CreateLocation(std::string_view body, const security::Principal& actor, std::string ip,
                              Done<store::LocationRecord> done);
  core::Status UpdateLocation(std::string id, std::string_view body, std::optional<std::int64_t> expected_version,
                              const security::Principal& actor, std::string ip, Done<store::LocationRecord> done);
  void ListLocations(Done<std::vector<store::LocationRecord>> done);
  void GetLocation(std::string id, Done<store::LocationRecord> done);
  core::Status SetLocationStatus(std::string id, std::string_view body, const security::Principal& actor,
                                 std::string ip, Done<FailoverReport> done);

  core::Status ReplaceCarrierRates(std::string_view body, const security::Principal& actor, std::string ip,
                                   Done<store::CarrierTableRecord> done);
  void GetCarrierRates(Done<store::CarrierTableRecord> done);

  // PUT (absolute) and PATCH (delta) /stock, POST /stock/upload (CSV). The Idempotency-Key is
  // required (kMalformed naming the header).
  core::Status ChangeStock(std::string_view body, StockChangeMode mode, std::string_view idempotency_key,
                           const security::Principal& actor, Done<store::StockChangeOutcome> done);
  core::Status UploadStockCsv(std::string_view bytes, std::string_view idempotency_key,
                              const security::Principal& actor, Done<store::StockChangeOutcome> done);
  void ListStock(store::StockFilter filter, Done<std::vector<store::StockRecord>> done);
  void ListLedger(store::StockLedgerFilter filter, Done<std::vector<store::StockLedgerRow>> done);
  void CheckLedger(Done<store::LedgerCheck> done);

  void Explain(std::int64_t order_id, store::OrderScope scope, Done<store::SourcingRecord> done);
  // {"order": <canonical order>, "pickup_location_id": "ST-01"} or {"order_id": 42}: the decision
  // JSON, nothing written.
  core::Status Preview(std::string_view body, store::OrderScope scope, Done<std::string> done);
  // {"apply": false, "time_limit_ms": 2000}: SourcingService::Rebalance; audited when applied.
  core::Status Rebalance(std::string_view body, const security::Principal& actor, std::string ip,
                         Done<RebalanceReport> done);
  core::Status CancelLines(std::int64_t order_id, std::string_view body, const core::Actor& actor,
                           store::OrderScope scope, Done<store::AllocateOutcome> done);

 private:
  core::Status Apply(std::vector<store::StockChange> changes, std::string_view idempotency_key,
                     const security::Principal& actor, Done<store::StockChangeOutcome> done);

  store::Store& store_;
  SourcingService& sourcing_;
  BlockingPool& pool_;
  const core::Clock& clock_;
  bool strict_json_;
  std::function<void()> stock_changed_;
};

}  // namespace ordo::service
