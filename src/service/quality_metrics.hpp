#pragma once
// The data-quality use cases behind /api/v1/quality/… (issue 4, item 4): the summary (scores per
// dimension with trends, per channel, field, check and day, within the caller's scope), the
// failing records of the latest run (scope-filtered like the order list), the remediation
// tickets, and profiling runs on a thread of their own (one at a time per process).
//
// Blocking store calls run on the BlockingPool; each `done` runs once, on a pool thread (or the
// run's thread). Thread-safe. Destroying it cancels a run in progress (between two pages: it is
// marked failed, "cancelled") and joins its thread; destroy it before the store.
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/result.hpp"
#include "core/time.hpp"
#include "quality/metrics_summary.hpp"
#include "security/principal.hpp"
#include "service/blocking_pool.hpp"
#include "service/order_queries.hpp"
#include "service/quality_profiler.hpp"
#include "store/store.hpp"

namespace ordo::service {

struct QualityMetricsOptions {
  quality::MetricsConfig config;
  std::int64_t max_issues = 200'000;
  int page_size = 500;
};

// ---- query parameters (pure) ----

struct QualitySummaryQuery {
  quality::DayRange range;  // inclusive days
  std::string channel;      // "" = every channel
};
// from, to (YYYY-MM-DD, inclusive; default the 30 days ending today), channel.
//   kMalformed        an unknown or repeated parameter
//   kInvalidArgument  a bad date, from after to, or more than 366 days (field = the parameter)
core::Result<QualitySummaryQuery> BuildQualitySummaryQuery(const QueryParams& params, core::UnixMillis now,
                                                           const quality::MetricsConfig& config);
// dimension, field, check, channel, from, to (days), cursor, limit (1..500, default 50).
core::Result<store::QualityIssueFilter> BuildQualityIssueFilter(const QueryParams& params);
// status (open|acknowledged|resolved), dimension, channel, cursor, limit.
core::Result<store::QualityTicketFilter> BuildQualityTicketFilter(const QueryParams& params);
// {"owner"?: string ≤ 64 ("" unassigns), "status"?: open|acknowledged|resolved}, at least one.
core::Result<store::QualityTicketPatch> ParseQualityTicketPatch(std::string_view body);

struct QualitySummaryView {
  quality::QualitySummary summary;
  std::optional<store::QualityRunRecord> run;  // the latest finished run: when the counts were made
};

class QualityMetrics {
 public:
  template <class T>
  using Done = std::function<void(core::Result<T>)>;

  // All references outlive this.
  QualityMetrics(store::Store& store, const core::Clock& clock, BlockingPool& pool, QualityMetricsOptions options)
      : store_(store), clock_(clock), pool_(pool), options_(std::move(options)) {}
  ~QualityMetrics();
  QualityMetrics(const QualityMetrics&) = delete;
  QualityMetrics& operator=(const QualityMetrics&) = delete;

  const QualityMetricsOptions& options() const { return options_; }

  // The caller's scope (provinces and channels) is applied in the store's SQL.
  void Summary(QualitySummaryQuery query, const security::Scopes& scope, Done<QualitySummaryView> done);
  void Issues(store::QualityIssueFilter filter, const security::Scopes& scope, Done<store::QualityIssuePage> done);
  // Tickets are per channel: the caller's channel scope applies, province scopes do not.
  void Tickets(store::QualityTicketFilter filter, const security::Scopes& scope, Done<store::QualityTicketPage> done);
  // Audited (quality.ticket.update). kNotFound also for a ticket outside the channel scope.
  void UpdateTicket(store::QualityTicketPatch patch, const security::Principal& actor, std::string ip,
                    Done<store::QualityTicketRecord> done);
  void GetRun(std::int64_t run_id, Done<store::QualityRunRecord> done);

  // Begins a run and answers with its record (status running) once it is recorded; the scan
  // goes on in the background. kConflict while another run of this process is in progress.
  void StartRun(std::string trigger, Done<store::QualityRunRecord> done);
  // A whole run on the calling thread (the scheduler's); kConflict while another is running.
  core::Result<store::QualityRunOutcome> RunNow(std::string trigger);

 private:
  ProfileOptions MakeProfileOptions() const;
  bool TryMarkRunning();
  void MarkIdle();

  store::Store& store_;
  const core::Clock& clock_;
  BlockingPool& pool_;
  const QualityMetricsOptions options_;

  std::atomic<bool> cancel_{false};
  std::mutex mutex_;
  bool running_ = false;  // guarded by mutex_
  std::thread runner_;    // guarded by mutex_; the last background run (joined before the next)
};

}  // namespace ordo::service
