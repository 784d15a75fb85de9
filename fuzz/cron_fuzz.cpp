// Fuzzes the cron parser and its matching (rules/cron.hpp; issue 7, the "schedule" trigger).
//
// A clean refusal is correct behaviour. A finding is a crash, a sanitizer report, or a broken
// invariant of an accepted expression:
//   1. CronProblem agrees with ParseCron;
//   2. with ORDO_FUZZ_EXPECT_ACCEPT=1 (valid-* seeds) the input parses;
//   3. every minute DueMinutes gives over a fixed two-day window is ascending, inside the window
//      and matches (CronMatches), and a minute-by-minute walk of a 3-hour window finds the same.
//
// Run: scripts/fuzz-smoke.sh, or by hand:
//   build-fuzz/fuzz/cron_fuzz build-fuzz/corpus/cron fuzz/corpus/cron
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "rules/cron.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace ordo;

constexpr core::UnixMillis kFrom = 1'795'000'020'000;  // 2026-11-18, on a minute boundary
constexpr core::UnixMillis kMinute = 60'000;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view expression(reinterpret_cast<const char*>(data), size);
  const auto parsed = rules::ParseCron(expression);
  FUZZ_CHECK(parsed.has_value() == !rules::CronProblem(expression).has_value(), expression);
  // ORDO_FUZZ_EXPECT_ACCEPT=1: every input must parse (fuzz-smoke.sh runs the valid-* seeds so).
  if (std::getenv("ORDO_FUZZ_EXPECT_ACCEPT") != nullptr) FUZZ_CHECK(parsed.has_value(), expression);
  if (!parsed) return 0;
  const auto due = rules::DueMinutes(*parsed, kFrom, kFrom + 2 * 1440 * kMinute, rules::kChinaUtcOffsetMinutes, 5000);
  for (std::size_t idx = 0; idx < due.size(); ++idx) {
    FUZZ_CHECK(due[idx] > kFrom && due[idx] <= kFrom + 2 * 1440 * kMinute, expression);
    FUZZ_CHECK(due[idx] % kMinute == 0, expression);
    FUZZ_CHECK(rules::CronMatches(*parsed, due[idx], rules::kChinaUtcOffsetMinutes), expression);
    if (idx > 0) FUZZ_CHECK(due[idx - 1] < due[idx], expression);
  }
  std::vector<core::UnixMillis> walked;
  for (core::UnixMillis minute = kFrom + kMinute; minute <= kFrom + 180 * kMinute; minute += kMinute) {
    if (rules::CronMatches(*parsed, minute, rules::kChinaUtcOffsetMinutes)) walked.push_back(minute);
  }
  const auto window = rules::DueMinutes(*parsed, kFrom, kFrom + 180 * kMinute, rules::kChinaUtcOffsetMinutes, 5000);
  FUZZ_CHECK(window == walked, expression);
  return 0;
}
