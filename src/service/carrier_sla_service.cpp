#include "service/carrier_sla_service.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <string>

#include "sourcing/decide_sourcing.hpp"
#include "store/inventory_store.hpp"

namespace ordo::service {
namespace {

int ClampDays(int days) { return std::clamp(days, 1, CarrierSla::kMaxDays); }

}  // namespace

core::Result<int> ParseCarrierSlaDays(const QueryParams& params) {
  std::optional<std::string> days;
  for (const auto& [name, value] : params) {
    if (name != "days") {
      return core::Error{core::ErrorCode::kMalformed, "the query string cannot be used",
                         {{std::string(std::string_view(name).substr(0, 64)), "unknown_parameter",
                           "not a parameter of this endpoint"}}};
    }
    if (days) {
      return core::Error{core::ErrorCode::kMalformed, "the query string cannot be used",
                         {{"days", "repeated", "may appear only once"}}};
    }
    days = value;
  }
  if (!days || days->empty()) return 14;
  int parsed = 0;
  const auto [end, ec] = std::from_chars(days->data(), days->data() + days->size(), parsed);
  if (ec != std::errc() || end != days->data() + days->size() || parsed < 1 || parsed > CarrierSla::kMaxDays) {
    return core::Error{core::ErrorCode::kInvalidArgument, "query parameters break the rules listed in errors",
                       {{"days", "range", "must be an integer from 1 to " + std::to_string(CarrierSla::kMaxDays)}}};
  }
  return parsed;
}

core::Result<std::vector<sourcing::CarrierSlaStatus>> CarrierSla::Status(core::UnixMillis now, int days) {
  days = ClampDays(days);
  const std::int64_t last_complete_day = sourcing::LocalDay(now) - 1;
  auto rows = store_.Inventory().CarrierDailyOutcomes(last_complete_day - days + 1, last_complete_day);
  if (!rows) return std::move(rows).error();
  auto table = store_.Inventory().GetCarrierRates();
  if (!table) return std::move(table).error();
  std::set<std::string> carriers;
  for (const store::CarrierRateRecord& rate : table->rates) carriers.insert(rate.carrier);
  std::vector<sourcing::CarrierDayOutcome> outcomes;
  outcomes.reserve(rows->size());
  for (const store::CarrierDayOutcomeRecord& row : *rows) {
    outcomes.push_back({row.carrier, row.local_day, row.due, row.on_time, row.late, row.open});
  }
  return sourcing::CarrierSlaStatuses(outcomes, std::vector<std::string>(carriers.begin(), carriers.end()),
                                      last_complete_day, days, policy_);
}

void CarrierSla::Report(int days, Done<CarrierSlaReport> done) {
  pool_.Post([this, days, done = std::move(done)] {
    const core::UnixMillis now = clock_.Now();
    auto statuses = Status(now, days);
    if (!statuses) return done(std::move(statuses).error());
    CarrierSlaReport report;
    report.last_complete_day = sourcing::LocalDay(now) - 1;
    report.days = ClampDays(days);
    report.policy = policy_;
    report.carriers = std::move(statuses).value();
    done(std::move(report));
  });
}

}  // namespace ordo::service
