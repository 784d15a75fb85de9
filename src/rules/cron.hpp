#pragma once
// A five-field cron expression (minute hour day-of-month month day-of-week) for the "schedule"
// trigger. Fields: "*", a number, "a-b", any of these with "/step", comma lists; day of week
// 0-7 with both 0 and 7 meaning Sunday. Names (JAN, MON) and the @daily shorthands are not
// accepted. Parsing and matching live here (pure); the scheduler that runs due rules is the rule
// runtime's (service side).
//
// Day rule (as Vixie cron and POSIX): when both day of month and day of week are restricted,
// a day matches when EITHER matches ("0 9 1 * 1": the 1st of each month and every Monday);
// otherwise both must match. A field is unrestricted when it starts with "*" (so "*/2" counts
// as unrestricted for this rule, as in Vixie cron).
//
// Times are UTC milliseconds; the expression is read in a fixed offset from UTC given by the
// caller (Ordo runs schedules in China time, UTC+8 = 480 minutes; China has no daylight saving).
#include <bitset>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::rules {

struct CronSchedule {
  std::bitset<60> minutes;        // 0-59
  std::bitset<24> hours;          // 0-23
  std::bitset<32> days_of_month;  // 1-31 (bit 0 unused)
  std::bitset<13> months;         // 1-12 (bit 0 unused)
  std::bitset<7> days_of_week;    // 0-6, Sunday = 0 (7 is folded onto 0)
  bool day_of_month_restricted = false;
  bool day_of_week_restricted = false;
};

// kInvalidArgument naming the field (never echoing the input) when not valid.
core::Result<CronSchedule> ParseCron(std::string_view expression);

// nullopt when valid; otherwise why not (names the field, never echoes the input).
std::optional<std::string> CronProblem(std::string_view expression);

// Whether the minute holding `minute_start` (any instant in it; it is floored to the minute) is
// one the schedule fires at, read at UTC + utc_offset_minutes.
bool CronMatches(const CronSchedule& schedule, core::UnixMillis minute_start, int utc_offset_minutes);

// The starts of the minutes the schedule fires at in (after_exclusive, upto_inclusive],
// ascending, at most `max` (the earliest ones) — what a scheduler catches up on after downtime.
// Cost grows with the days spanned (at most 400 years are scanned: the Gregorian calendar
// repeats then, so a schedule that never fired by then never fires, e.g. "0 0 30 2 *"), plus
// the minutes returned. Times outside ±2^60 ms and offsets beyond ±24 h are clamped.
std::vector<core::UnixMillis> DueMinutes(const CronSchedule& schedule, core::UnixMillis after_exclusive,
                                         core::UnixMillis upto_inclusive, int utc_offset_minutes, std::size_t max);

inline constexpr int kChinaUtcOffsetMinutes = 480;

}  // namespace ordo::rules
