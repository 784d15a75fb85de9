#pragma once
// Profiling the orders of a store (issue 4, item 4): every order, page by page in id order
// from the reader side, through the checks of quality/metrics.hpp; the outcome is the tally per
// (day, channel, province, check) and the failing records. `RunQualityProfile` does a whole run
// — begin, profile, store the failing records in chunks, finish with the daily counts and the
// tickets for every (day, channel, dimension) under its threshold — for `ordo serve` (API and
// schedule) and `ordo quality profile --save`.
//
// Both block for as long as the scan takes (seconds for 10^5 orders): call them from a thread
// of your own. Thread-safe (no shared state); `options.cancel` stops a scan between pages.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "quality/metrics.hpp"
#include "quality/metrics_summary.hpp"
#include "store/store.hpp"

namespace ordo::service {

struct ProfileOptions {
  quality::MetricsConfig config;
  core::UnixMillis now = 0;  // for the status-age check
  int page_size = 500;
  // Failing records kept per run (the counts always cover every check): a channel sending
  // nothing but bad phones must not fill the database with copies of one problem.
  std::int64_t max_issues = 200'000;
  std::size_t issue_batch = 1'000;           // records handed to the sink at a time
  const std::atomic<bool>* cancel = nullptr;  // when it turns true: kUnavailable "cancelled"
  std::function<void(std::int64_t orders_done)> on_progress;  // after every page
};

struct QualityProfile {
  quality::QualityTally tally;
  std::int64_t orders = 0;
  std::int64_t checks = 0;
  std::int64_t failed_checks = 0;
  std::int64_t issues = 0;         // handed to the sink
  bool issues_truncated = false;   // more failures than max_issues
  core::UnixMillis first_received_at = 0;
  core::UnixMillis last_received_at = 0;
};

// Receives failing records in batches (run_id left 0); a failure stops the scan.
using IssueSink = std::function<core::Status(std::vector<store::QualityIssueRecord>)>;

core::Result<QualityProfile> ProfileOrders(store::QualityStore& store, const ProfileOptions& options,
                                           const IssueSink& on_issues);

// quality_daily rows for a tally: one per (day, channel, province, check) that ran.
std::vector<store::QualityDailyRow> DailyRows(const quality::QualityTally& tally);
// Basis points of a percentage: 95.123 → 9512.
std::int64_t ToBasisPoints(double percent);

// A whole run, stored: see the top of this file. `trigger` names who asked ("api:alice",
// "scheduler", "cli"). A failed scan marks the run failed (its partial records dropped).
// The rest of a run that `begun` started: profile, store, finish (or mark failed). The profile
// itself goes to `profile_out` when given (the CLI prints it).
core::Result<store::QualityRunOutcome> CompleteQualityRun(store::QualityStore& store,
                                                          const store::QualityRunRecord& begun,
                                                          const ProfileOptions& options,
                                                          QualityProfile* profile_out = nullptr);
core::Result<store::QualityRunOutcome> RunQualityProfile(store::QualityStore& store, std::string trigger,
                                                         const ProfileOptions& options);

}  // namespace ordo::service
