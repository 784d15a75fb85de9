#pragma once
// Time as int64 milliseconds since the Unix epoch (UTC). Clocks are injected so tests
// control time; RFC 3339 is the wire format.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ordo::core {

using UnixMillis = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixMillis Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixMillis Now() const override;
};

// A clock that only moves when told to. Thread-compatible (not thread-safe).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixMillis start) : now_(start) {}
  UnixMillis Now() const override { return now_; }
  void Advance(UnixMillis delta) { now_ += delta; }
  void Set(UnixMillis now) { now_ = now; }

 private:
  UnixMillis now_;
};

// Parses RFC 3339 ("2026-11-28T08:30:00+08:00", "2026-11-28T00:30:00.125Z",
// also "2026-11-28 08:30:00" read as UTC+8, the marketplaces' habit when the zone is missing).
// Returns nullopt on anything else; never throws.
std::optional<UnixMillis> ParseRfc3339(std::string_view text);

// "2026-11-28T00:30:00.125Z" (UTC, milliseconds always present).
std::string FormatRfc3339(UnixMillis millis);

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t DaysFromCivil(std::int64_t year, unsigned month, unsigned day);

}  // namespace ordo::core
