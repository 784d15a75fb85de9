#include "rules/cron.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

namespace ordo::rules {
namespace {

constexpr std::int64_t kMinuteMillis = 60'000;
constexpr std::int64_t kDayMillis = 86'400'000;
constexpr std::int64_t kGregorianCycleDays = 146'097;  // 400 years: dates and weekdays repeat
constexpr std::int64_t kTimeLimit = std::int64_t{1} << 60;

struct FieldRange {
  std::string_view name;
  int min;
  int max;
};

constexpr std::array<FieldRange, 5> kFields = {{
    {"minute", 0, 59}, {"hour", 0, 23}, {"day of month", 1, 31}, {"month", 1, 12}, {"day of week", 0, 7}}};

std::optional<int> ReadNumber(std::string_view text) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Sets the bits of one item ("*", "n", "a-b", each with an optional "/step"); false when invalid.
bool ReadItem(std::string_view item, const FieldRange& range, std::uint64_t& bits) {
  std::string_view base = item;
  int step = 1;
  if (const auto slash = item.find('/'); slash != std::string_view::npos) {
    const std::optional<int> parsed = ReadNumber(item.substr(slash + 1));
    if (!parsed || *parsed < 1 || *parsed > range.max) return false;
    step = *parsed;
    base = item.substr(0, slash);
  }
  int low = range.min;
  int high = range.max;
  if (base != "*") {
    const auto dash = base.find('-');
    const std::optional<int> first = ReadNumber(base.substr(0, dash));
    if (!first || *first < range.min || *first > range.max) return false;
    low = *first;
    high = *first;
    if (dash != std::string_view::npos) {
      const std::optional<int> last = ReadNumber(base.substr(dash + 1));
      if (!last || *last < low || *last > range.max) return false;
      high = *last;
    } else if (step > 1) {
      high = range.max;  // "5/15" means 5-max/15, as in Vixie cron
    }
  }
  for (int value = low; value <= high; value += step) bits |= std::uint64_t{1} << value;
  return true;
}

std::optional<std::uint64_t> ReadField(std::string_view field, const FieldRange& range) {
  std::uint64_t bits = 0;
  while (true) {
    const auto comma = field.find(',');
    if (!ReadItem(field.substr(0, comma), range, bits)) return std::nullopt;
    if (comma == std::string_view::npos) return bits;
    field.remove_prefix(comma + 1);
  }
}

std::int64_t FloorDiv(std::int64_t value, std::int64_t divisor) {
  const std::int64_t quotient = value / divisor;
  return (value % divisor != 0 && ((value < 0) != (divisor < 0))) ? quotient - 1 : quotient;
}

struct CivilDate {
  unsigned month;
  unsigned day;
};

// Month and day of a day number since 1970-01-01 (Howard Hinnant's civil_from_days).
CivilDate CivilFromDays(std::int64_t days) {
  days += 719468;
  const std::int64_t era = FloorDiv(days, 146097);
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned shifted_month = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const unsigned month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  return {month, day};
}

bool DayMatches(const CronSchedule& schedule, std::int64_t local_day) {
  const CivilDate date = CivilFromDays(local_day);
  if (!schedule.months.test(date.month)) return false;
  const bool day_of_month = schedule.days_of_month.test(date.day);
  const auto weekday = static_cast<std::size_t>(local_day - FloorDiv(local_day + 4, 7) * 7 + 4);  // 1970-01-01: Thursday
  const bool day_of_week = schedule.days_of_week.test(weekday);
  if (schedule.day_of_month_restricted && schedule.day_of_week_restricted) return day_of_month || day_of_week;
  return day_of_month && day_of_week;
}

std::int64_t ClampTime(std::int64_t millis) { return std::clamp(millis, -kTimeLimit, kTimeLimit); }

std::int64_t OffsetMillis(int utc_offset_minutes) {
  return std::int64_t{std::clamp(utc_offset_minutes, -24 * 60, 24 * 60)} * kMinuteMillis;
}

}  // namespace

core::Result<CronSchedule> ParseCron(std::string_view expression) {
  if (expression.size() > 200) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "a cron expression is at most 200 characters");
  }
  std::array<std::string_view, 5> fields{};
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < expression.size()) {
    if (expression[pos] == ' ') {
      ++pos;
      continue;
    }
    const auto end = std::min(expression.find(' ', pos), expression.size());
    if (count == fields.size()) {
      return core::MakeError(core::ErrorCode::kInvalidArgument, "a cron expression has exactly five fields");
    }
    fields[count++] = expression.substr(pos, end - pos);
    pos = end;
  }
  if (count != fields.size()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "a cron expression has exactly five fields");
  }
  std::array<std::uint64_t, 5> bits{};
  for (std::size_t field_idx = 0; field_idx < fields.size(); ++field_idx) {
    const std::optional<std::uint64_t> read = ReadField(fields[field_idx], kFields[field_idx]);
    if (!read) {
      return core::MakeError(core::ErrorCode::kInvalidArgument,
                             "the " + std::string(kFields[field_idx].name) + " field is not valid (range " +
                                 std::to_string(kFields[field_idx].min) + "-" +
                                 std::to_string(kFields[field_idx].max) + ")");
    }
    bits[field_idx] = *read;
  }
  CronSchedule schedule;
  schedule.minutes = std::bitset<60>(bits[0]);
  schedule.hours = std::bitset<24>(bits[1]);
  schedule.days_of_month = std::bitset<32>(bits[2]);
  schedule.months = std::bitset<13>(bits[3]);
  const std::uint64_t sunday_twice = (bits[4] >> 7) & 1U;  // 7 is Sunday too
  schedule.days_of_week = std::bitset<7>((bits[4] | sunday_twice) & 0x7FU);
  schedule.day_of_month_restricted = fields[2].front() != '*';
  schedule.day_of_week_restricted = fields[4].front() != '*';
  return schedule;
}

std::optional<std::string> CronProblem(std::string_view expression) {
  auto parsed = ParseCron(expression);
  if (parsed) return std::nullopt;
  return parsed.error().detail;
}

bool CronMatches(const CronSchedule& schedule, core::UnixMillis minute_start, int utc_offset_minutes) {
  const std::int64_t local = ClampTime(minute_start) + OffsetMillis(utc_offset_minutes);
  const std::int64_t local_day = FloorDiv(local, kDayMillis);
  const std::int64_t minute_of_day = (local - local_day * kDayMillis) / kMinuteMillis;
  return schedule.minutes.test(static_cast<std::size_t>(minute_of_day % 60)) &&
         schedule.hours.test(static_cast<std::size_t>(minute_of_day / 60)) && DayMatches(schedule, local_day);
}

std::vector<core::UnixMillis> DueMinutes(const CronSchedule& schedule, core::UnixMillis after_exclusive,
                                         core::UnixMillis upto_inclusive, int utc_offset_minutes, std::size_t max) {
  std::vector<core::UnixMillis> due;
  const std::int64_t after = ClampTime(after_exclusive);
  const std::int64_t upto = ClampTime(upto_inclusive);
  if (max == 0 || upto <= after) return due;
  const std::int64_t offset = OffsetMillis(utc_offset_minutes);
  const std::int64_t first = FloorDiv(after, kMinuteMillis) * kMinuteMillis + kMinuteMillis;
  const std::int64_t first_day = FloorDiv(first + offset, kDayMillis);
  const std::int64_t last_day = std::min(FloorDiv(upto + offset, kDayMillis), first_day + kGregorianCycleDays);
  for (std::int64_t day = first_day; day <= last_day; ++day) {
    if (!DayMatches(schedule, day)) continue;
    for (std::size_t hour = 0; hour < 24; ++hour) {
      if (!schedule.hours.test(hour)) continue;
      for (std::size_t minute = 0; minute < 60; ++minute) {
        if (!schedule.minutes.test(minute)) continue;
        const std::int64_t start =
            day * kDayMillis + static_cast<std::int64_t>(hour * 60 + minute) * kMinuteMillis - offset;
        if (start < first) continue;
        if (start > upto) return due;
        due.push_back(start);
        if (due.size() == max) return due;
      }
    }
  }
  return due;
}

}  // namespace ordo::rules
