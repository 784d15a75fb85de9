#pragma once
// Carrier SLA (issue 7's "when a carrier misses its SLA three days running, switch to the backup
// carrier"): from each carrier's parcel outcomes per local day, how many complete days in a row
// it missed its on-time target (the fact carrier.sla_miss_days), its daily on-time rates, and why.
// Pure: outcomes, the last complete day and the policy in; statuses out. No store, no clock.
//
// A parcel is due on its promised local day (UTC+8). Once that day is over, a parcel is on time
// when it was delivered by the end of the day; late or still open parcels both miss it, so
// on-time rate = on_time / due. Days still in progress are not judged (pass the last complete day).
//
// Streak rule: walking back from the last complete day, a counted day below the threshold adds
// one; a counted day at or above it ends the streak. A day with fewer parcels than
// min_parcels (a quiet Sunday, a carrier just added) is not counted: it neither breaks nor
// extends a streak — a handful of parcels says too little about a carrier to switch it on, or to
// reset three bad days. Only the days given are walked (the window), so the streak is at most
// the window's length.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ordo::sourcing {

struct CarrierDayOutcome {
  std::string carrier;
  std::int64_t local_day = 0;  // local (UTC+8) days since 1970-01-01, the parcels' promised day
  std::int64_t due = 0;        // parcels promised that day
  std::int64_t on_time = 0;    // delivered by the end of that day
  std::int64_t late = 0;       // delivered after it
  std::int64_t open = 0;       // not delivered yet
};

struct CarrierSlaPolicy {
  double on_time_threshold = 0.95;  // a counted day below this is missed
  std::int64_t min_parcels = 20;    // days with fewer parcels due are not counted
};

enum class SlaDayVerdict { kMet, kMissed, kTooFewParcels };

struct CarrierSlaDay {
  std::int64_t local_day = 0;
  std::int64_t due = 0;
  std::int64_t on_time = 0;
  std::int64_t late = 0;
  std::int64_t open = 0;
  std::optional<double> on_time_rate;  // on_time / due; nullopt when nothing was due
  SlaDayVerdict verdict = SlaDayVerdict::kTooFewParcels;
};

struct CarrierSlaStatus {
  std::string carrier;
  int sla_miss_days = 0;            // consecutive missed days ending at the last complete day
  std::vector<CarrierSlaDay> days;  // the window, oldest first, every day present
  std::string reason;               // plain words, e.g. "missed 3 counted days running: …"
};

// One status per carrier named in `outcomes` or `known_carriers` (those without parcels get a
// window of empty days), by carrier. The window is the `window_days` days ending at
// `last_complete_day`; outcomes outside it are ignored, duplicates of (carrier, day) are summed.
std::vector<CarrierSlaStatus> CarrierSlaStatuses(const std::vector<CarrierDayOutcome>& outcomes,
                                                 const std::vector<std::string>& known_carriers,
                                                 std::int64_t last_complete_day, int window_days,
                                                 const CarrierSlaPolicy& policy = {});

const char* ToString(SlaDayVerdict verdict);  // met | missed | too_few_parcels

}  // namespace ordo::sourcing
