#include "sourcing/carrier_sla.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

namespace ordo::sourcing {
namespace {

std::string DayText(std::int64_t local_day) {
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{local_day}}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

std::string Percent(double rate) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", rate * 100.0);
  return text;
}

CarrierSlaDay Judge(CarrierSlaDay day, const CarrierSlaPolicy& policy) {
  if (day.due > 0) day.on_time_rate = static_cast<double>(day.on_time) / static_cast<double>(day.due);
  if (day.due < std::max<std::int64_t>(policy.min_parcels, 1)) {
    day.verdict = SlaDayVerdict::kTooFewParcels;
  } else {
    day.verdict = *day.on_time_rate < policy.on_time_threshold ? SlaDayVerdict::kMissed : SlaDayVerdict::kMet;
  }
  return day;
}

std::string Reason(const CarrierSlaStatus& status, const CarrierSlaPolicy& policy) {
  const std::string rule = "threshold " + Percent(policy.on_time_threshold) + " on time; days under " +
                           std::to_string(policy.min_parcels) + " parcels not counted";
  std::vector<const CarrierSlaDay*> missed;
  const CarrierSlaDay* met = nullptr;
  for (auto day = status.days.rbegin(); day != status.days.rend(); ++day) {
    if (day->verdict == SlaDayVerdict::kMissed) missed.push_back(&*day);
    if (day->verdict == SlaDayVerdict::kMet) {
      met = &*day;
      break;
    }
  }
  if (missed.empty()) {
    if (met == nullptr) return "no counted day in the window (" + rule + ")";
    return "met on " + DayText(met->local_day) + " (" + Percent(*met->on_time_rate) + " of " +
           std::to_string(met->due) + "), the last counted day (" + rule + ")";
  }
  std::string text = "missed " + std::to_string(missed.size()) + " counted day" + (missed.size() == 1 ? "" : "s") +
                     " running:";
  for (auto day = missed.rbegin(); day != missed.rend(); ++day) {
    text += (day == missed.rbegin() ? " " : ", ") + DayText((*day)->local_day) + " " +
            Percent(*(*day)->on_time_rate) + " of " + std::to_string((*day)->due);
  }
  text += met == nullptr ? "; no met day before in the window" : "; met on " + DayText(met->local_day);
  return text + " (" + rule + ")";
}

}  // namespace

const char* ToString(SlaDayVerdict verdict) {
  switch (verdict) {
    case SlaDayVerdict::kMet: return "met";
    case SlaDayVerdict::kMissed: return "missed";
    case SlaDayVerdict::kTooFewParcels: return "too_few_parcels";
  }
  return "too_few_parcels";
}

std::vector<CarrierSlaStatus> CarrierSlaStatuses(const std::vector<CarrierDayOutcome>& outcomes,
                                                 const std::vector<std::string>& known_carriers,
                                                 std::int64_t last_complete_day, int window_days,
                                                 const CarrierSlaPolicy& policy) {
  const std::int64_t window = std::max(window_days, 1);
  const std::int64_t first_day = last_complete_day - window + 1;
  std::map<std::string, std::vector<CarrierSlaDay>> by_carrier;
  const auto empty_window = [&] {
    std::vector<CarrierSlaDay> days(static_cast<std::size_t>(window));
    for (std::int64_t idx = 0; idx < window; ++idx) days[static_cast<std::size_t>(idx)].local_day = first_day + idx;
    return days;
  };
  for (const std::string& carrier : known_carriers) {
    if (!by_carrier.contains(carrier)) by_carrier.emplace(carrier, empty_window());
  }
  for (const CarrierDayOutcome& outcome : outcomes) {
    if (outcome.local_day < first_day || outcome.local_day > last_complete_day) continue;
    auto [entry, fresh] = by_carrier.try_emplace(outcome.carrier);
    if (fresh) entry->second = empty_window();
    CarrierSlaDay& day = entry->second[static_cast<std::size_t>(outcome.local_day - first_day)];
    day.due += outcome.due;
    day.on_time += outcome.on_time;
    day.late += outcome.late;
    day.open += outcome.open;
  }
  std::vector<CarrierSlaStatus> statuses;
  statuses.reserve(by_carrier.size());
  for (auto& [carrier, days] : by_carrier) {
    CarrierSlaStatus status;
    status.carrier = carrier;
    for (CarrierSlaDay& day : days) status.days.push_back(Judge(day, policy));
    for (auto day = status.days.rbegin(); day != status.days.rend(); ++day) {
      if (day->verdict == SlaDayVerdict::kMet) break;
      if (day->verdict == SlaDayVerdict::kMissed) ++status.sla_miss_days;
    }
    status.reason = Reason(status, policy);
    statuses.push_back(std::move(status));
  }
  return statuses;
}

}  // namespace ordo::sourcing
