#include "core/time.hpp"

#include <chrono>

namespace ordo::core {

UnixMillis SystemClock::Now() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t DaysFromCivil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace {

bool ReadDigits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

}  // namespace

std::optional<UnixMillis> ParseRfc3339(std::string_view text) {
  int year, month, day, hour, minute, second;
  if (text.size() < 19) return std::nullopt;
  if (!ReadDigits(text, 0, 4, year) || text[4] != '-' || !ReadDigits(text, 5, 2, month) ||
      text[7] != '-' || !ReadDigits(text, 8, 2, day) || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
      !ReadDigits(text, 11, 2, hour) || text[13] != ':' || !ReadDigits(text, 14, 2, minute) ||
      text[16] != ':' || !ReadDigits(text, 17, 2, second)) {
    return std::nullopt;
  }
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    std::int64_t fraction = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) fraction = fraction * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return std::nullopt;
    for (int i = digits; i < 3; ++i) fraction *= 10;
    millis = fraction;
  }
  std::int64_t offset_minutes = 8 * 60;  // no zone: the marketplaces mean Beijing time
  if (pos < text.size()) {
    const char zone = text[pos];
    if (zone == 'Z' || zone == 'z') {
      offset_minutes = 0;
      ++pos;
    } else if (zone == '+' || zone == '-') {
      int off_hour, off_minute;
      if (!ReadDigits(text, pos + 1, 2, off_hour) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
          !ReadDigits(text, pos + 4, 2, off_minute) || off_hour > 23 || off_minute > 59) {
        return std::nullopt;
      }
      offset_minutes = (off_hour * 60 + off_minute) * (zone == '-' ? -1 : 1);
      pos += 6;
    } else {
      return std::nullopt;
    }
  }
  if (pos != text.size()) return std::nullopt;
  const std::int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + std::min(second, 59) -
                               offset_minutes * 60;
  return seconds * 1000 + millis;
}

std::string FormatRfc3339(UnixMillis millis) {
  std::int64_t seconds = millis / 1000;
  std::int64_t ms = millis % 1000;
  if (ms < 0) {
    ms += 1000;
    seconds -= 1;
  }
  std::int64_t days = seconds / 86400;
  std::int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  // civil_from_days (Hinnant)
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  year += month <= 2;
  // Hand-formatted: snprintf was a visible share of the ingest profile (it runs for every
  // time field of every stored order and event).
  char buffer[24];
  auto put = [&buffer](int at, std::int64_t value, int digits) {
    for (int i = digits - 1; i >= 0; --i) {
      buffer[at + i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  if (year < 0 || year > 9999) return "0000-01-01T00:00:00.000Z";
  put(0, year, 4);
  buffer[4] = '-';
  put(5, month, 2);
  buffer[7] = '-';
  put(8, day, 2);
  buffer[10] = 'T';
  put(11, rem / 3600, 2);
  buffer[13] = ':';
  put(14, rem / 60 % 60, 2);
  buffer[16] = ':';
  put(17, rem % 60, 2);
  buffer[19] = '.';
  put(20, ms, 3);
  buffer[23] = 'Z';
  return std::string(buffer, sizeof buffer);
}

}  // namespace ordo::core
