#pragma once
// The store's data-quality side (issue 4, item 4): the profiler's order scan, its runs, the
// daily check counts (quality_daily), the failing records of the latest run (quality_issues)
// and the remediation tickets (quality_tickets), with their outbox events. Reached through
// Store::Quality(); same backends, same thread-safety: every method is thread-safe and
// BLOCKING (call from a blocking pool or a thread of your own, never from an I/O thread).
//
// Checks are named by their stable codes (quality::CheckInfo::name); the store keeps them as
// text and knows nothing of what they mean. Scores are integer basis points (9512 = 95.12 %),
// because the database layer carries integers and text only.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "order/order.hpp"
#include "order/timeline.hpp"

namespace ordo::store {

struct AuditRecord;  // store.hpp

// ---- the profiler's scan ----

struct QualityScanItem {
  order::Order order;  // personal fields decrypted, like every order read
  std::string province_column;  // the orders.province value (what scopes compare)
  bool anonymised = false;      // retention removed its personal data
  std::vector<order::TimelineEvent> timeline;  // in seq order
};

struct QualityScanPage {
  std::vector<QualityScanItem> items;          // ascending id
  std::optional<std::int64_t> next_after_id;   // nullopt: the scan is complete
};

// ---- runs ----

struct QualityRunRecord {
  std::int64_t id = 0;
  std::string trigger;             // "api:<user>", "scheduler", "cli"
  std::string status = "running";  // running | done | failed
  core::UnixMillis started_at = 0;
  std::optional<core::UnixMillis> finished_at;
  std::int64_t orders = 0;
  std::int64_t checks = 0;
  std::int64_t failed_checks = 0;
  std::int64_t issues = 0;          // failing records stored (capped)
  bool issues_truncated = false;    // more failed checks than the cap
  std::int64_t tickets_raised = 0;
  std::string error;                // failed runs: why (no personal data)
};

// One (day, channel, province, check) of a run: how many times the check ran and passed.
struct QualityDailyRow {
  std::string day;  // "2026-11-28"
  std::string channel;
  std::string province;
  std::string dimension;
  std::string field;
  std::string check;
  std::int64_t checks = 0;
  std::int64_t passed = 0;
};

// One failed check on one order. `detail` is a reason code and figures, never personal data.
struct QualityIssueRecord {
  std::int64_t id = 0;  // assigned by the store
  std::int64_t run_id = 0;
  std::int64_t order_id = 0;
  std::string day;
  std::string channel;
  std::string province;
  std::string dimension;
  std::string field;
  std::string check;
  std::string detail;
};

// A dimension under its threshold on one channel and day. (dimension, channel, day) is unique:
// a breach raises its ticket once.
struct QualityTicketRecord {
  std::int64_t id = 0;
  std::string dimension;
  std::string channel;
  std::string day;
  std::int64_t score_bp = 0;      // basis points: 9312 = 93.12 %
  std::int64_t threshold_bp = 0;
  std::string owner;              // "" = unassigned
  std::string status = "open";    // open | acknowledged | resolved
  core::UnixMillis created_at = 0;
  core::UnixMillis updated_at = 0;
};

// What a finished run writes in one transaction: quality_daily rows of `days` are replaced by
// `daily`; each breach whose (dimension, channel, day) has no ticket yet gets one, with an
// outbox row `quality.threshold_breached`; the run becomes done; issues of older runs go.
struct QualityRunResult {
  QualityRunRecord run;  // id, counts
  std::vector<std::string> days;
  std::vector<QualityDailyRow> daily;
  std::vector<QualityTicketRecord> breaches;  // id, owner, status, times are assigned
};

struct QualityRunOutcome {
  QualityRunRecord run;
  std::vector<QualityTicketRecord> raised;  // tickets created by this run
};

// ---- reads ----

// Check counts summed over provinces (after the scope), per (day, channel, check).
struct QualityCountsFilter {
  std::string from_day;  // inclusive
  std::string to_day;    // inclusive
  std::string channel;   // "" = any
  std::vector<std::string> scope_provinces;  // empty = unrestricted
  std::vector<std::string> scope_channels;
};
struct QualityCount {
  std::string day;
  std::string channel;
  std::string check;
  std::int64_t checks = 0;
  std::int64_t passed = 0;
};

struct QualityIssueFilter {
  std::string dimension;  // "" = any
  std::string field;
  std::string check;
  std::string channel;
  std::string from_day;   // "" = open
  std::string to_day;
  std::optional<std::int64_t> before_id;  // cursor: newest first
  int limit = 50;                         // 1..500
  std::vector<std::string> scope_provinces;
  std::vector<std::string> scope_channels;
};
struct QualityIssuePage {
  std::optional<QualityRunRecord> run;  // the latest done run the issues come from
  std::vector<QualityIssueRecord> items;
  std::optional<std::int64_t> next_cursor;
};

struct QualityTicketFilter {
  std::string status;     // "" = any
  std::string dimension;
  std::string channel;
  std::optional<std::int64_t> before_id;  // cursor: newest first
  int limit = 50;
  std::vector<std::string> scope_channels;  // tickets are per channel: the channel scope applies
};
struct QualityTicketPage {
  std::vector<QualityTicketRecord> items;
  std::optional<std::int64_t> next_cursor;
};

struct QualityTicketPatch {
  std::int64_t id = 0;
  std::optional<std::string> owner;
  std::optional<std::string> status;
  std::vector<std::string> scope_channels;  // a ticket outside it is kNotFound
};

inline constexpr const char* kEventQualityThresholdBreached = "quality.threshold_breached";

class QualityStore {
 public:
  virtual ~QualityStore() = default;

  // Up to `limit` orders with id > after_id, ascending, with their timelines; archived orders
  // are not in it (they left the orders table).
  virtual core::Result<QualityScanPage> ScanQualityOrders(std::int64_t after_id, int limit) = 0;

  virtual core::Result<QualityRunRecord> BeginQualityRun(std::string trigger) = 0;
  // Adds failing records of a run that has begun (call in chunks; they show once it is done).
  virtual core::Status AppendQualityIssues(std::vector<QualityIssueRecord> issues) = 0;
  virtual core::Result<QualityRunOutcome> FinishQualityRun(QualityRunResult result) = 0;
  // Marks the run failed and drops its issues.
  virtual core::Status FailQualityRun(std::int64_t run_id, std::string error) = 0;
  virtual core::Result<QualityRunRecord> GetQualityRun(std::int64_t run_id) = 0;  // kNotFound
  // The newest run that finished; nullopt when none has.
  virtual core::Result<std::optional<QualityRunRecord>> LatestQualityRun() = 0;

  virtual core::Result<std::vector<QualityCount>> LoadQualityCounts(const QualityCountsFilter& filter) = 0;
  virtual core::Result<QualityIssuePage> ListQualityIssues(const QualityIssueFilter& filter) = 0;
  virtual core::Result<QualityTicketPage> ListQualityTickets(const QualityTicketFilter& filter) = 0;
  // Sets owner and/or status; kNotFound; appends `audit` in the same transaction.
  virtual core::Result<QualityTicketRecord> UpdateQualityTicket(const QualityTicketPatch& patch,
                                                                AuditRecord audit) = 0;
};

}  // namespace ordo::store
