#pragma once
// Carrier SLA at run time (issue 7: "when a carrier misses its SLA three days running, switch to
// the backup carrier"): the store's parcel outcomes per carrier and promised day
// (InventoryStore::CarrierDailyOutcomes) judged by the pure sourcing::CarrierSlaStatuses. The
// rule runtime reads `sla_miss_days` as the fact carrier.sla_miss_days; GET /api/v1/carriers/sla
// shows it with the daily rates.
#include <cstdint>
#include <functional>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "service/blocking_pool.hpp"
#include "service/order_queries.hpp"
#include "sourcing/carrier_sla.hpp"
#include "store/store.hpp"

namespace ordo::service {

struct CarrierSlaReport {
  std::int64_t last_complete_day = 0;  // local (UTC+8) day number: yesterday
  int days = 0;                        // the window's length
  sourcing::CarrierSlaPolicy policy;
  std::vector<sourcing::CarrierSlaStatus> carriers;  // every carrier with parcels or rates, by name
};

// `days` (1..60, default 14) from a query string; kMalformed for another or repeated parameter,
// kInvalidArgument naming "days" when out of range.
core::Result<int> ParseCarrierSlaDays(const QueryParams& params);

class CarrierSla {
 public:
  template <class T>
  using Done = std::function<void(core::Result<T>)>;
  static constexpr int kMaxDays = 60;

  // `store`, `clock` and `pool` outlive this.
  CarrierSla(store::Store& store, const core::Clock& clock, BlockingPool& pool, sourcing::CarrierSlaPolicy policy = {})
      : store_(store), clock_(clock), pool_(pool), policy_(policy) {}

  // BLOCKS (two store reads). The `days` complete local days before `now`'s local day, per
  // carrier (carriers of the carrier table without parcels included). `days` is clamped to 1..60.
  core::Result<std::vector<sourcing::CarrierSlaStatus>> Status(core::UnixMillis now, int days = 14);

  // The same as a report, now, on the pool; `done` runs once on a pool thread.
  void Report(int days, Done<CarrierSlaReport> done);

  const sourcing::CarrierSlaPolicy& policy() const { return policy_; }

 private:
  store::Store& store_;
  const core::Clock& clock_;
  BlockingPool& pool_;
  const sourcing::CarrierSlaPolicy policy_;
};

}  // namespace ordo::service
