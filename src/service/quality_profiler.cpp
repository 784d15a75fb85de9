#include "service/quality_profiler.hpp"

#include <cmath>

namespace ordo::service {
namespace {

bool Cancelled(const ProfileOptions& options) {
  return options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed);
}

}  // namespace

core::Result<QualityProfile> ProfileOrders(store::QualityStore& store, const ProfileOptions& options,
                                           const IssueSink& on_issues) {
  QualityProfile profile;
  quality::DuplicateTracker duplicates(options.config);
  std::vector<quality::CheckOutcome> outcomes;
  std::vector<store::QualityIssueRecord> pending;
  const auto flush = [&]() -> core::Status {
    if (pending.empty() || !on_issues) return core::Ok();
    std::vector<store::QualityIssueRecord> batch;
    batch.swap(pending);
    return on_issues(std::move(batch));
  };

  std::int64_t after_id = 0;
  for (;;) {
    if (Cancelled(options)) return core::MakeError(core::ErrorCode::kUnavailable, "cancelled");
    core::Result<store::QualityScanPage> page = store.ScanQualityOrders(after_id, options.page_size);
    if (!page) return std::move(page).error();
    for (const store::QualityScanItem& item : page->items) {
      const order::Order& order = item.order;
      outcomes.clear();
      quality::EvaluateOrder({.order = order, .timeline = item.timeline, .anonymised = item.anonymised},
                             options.now, options.config, outcomes);
      if (!item.anonymised) duplicates.Evaluate(order, outcomes);

      const std::string day = quality::QualityDay(order.received_at, options.config.day_utc_offset_minutes);
      profile.tally.Add(day, order.channel, item.province_column, outcomes);
      ++profile.orders;
      if (profile.first_received_at == 0 || order.received_at < profile.first_received_at) {
        profile.first_received_at = order.received_at;
      }
      profile.last_received_at = std::max(profile.last_received_at, order.received_at);
      for (quality::CheckOutcome& outcome : outcomes) {
        ++profile.checks;
        if (outcome.passed) continue;
        ++profile.failed_checks;
        if (profile.issues >= options.max_issues) {
          profile.issues_truncated = true;
          continue;
        }
        const quality::CheckInfo& info = quality::InfoOf(outcome.id);
        pending.push_back(store::QualityIssueRecord{.order_id = order.id,
                                                    .day = day,
                                                    .channel = order.channel,
                                                    .province = item.province_column,
                                                    .dimension = std::string(quality::DimensionName(info.dimension)),
                                                    .field = std::string(info.field),
                                                    .check = std::string(info.name),
                                                    .detail = std::move(outcome.detail)});
        ++profile.issues;
        if (pending.size() >= options.issue_batch) ORDO_TRY(flush());
      }
    }
    if (options.on_progress) options.on_progress(profile.orders);
    if (!page->next_after_id) break;
    after_id = *page->next_after_id;
  }
  ORDO_TRY(flush());
  return profile;
}

std::vector<store::QualityDailyRow> DailyRows(const quality::QualityTally& tally) {
  std::vector<store::QualityDailyRow> rows;
  for (const quality::TallyGroup& group : tally.Groups()) {
    for (const quality::CheckInfo& info : quality::AllChecks()) {
      const quality::CheckCounts& counts = group.checks[quality::IndexOf(info.id)];
      if (counts.checks == 0) continue;
      rows.push_back(store::QualityDailyRow{group.day, group.channel, group.province,
                                            std::string(quality::DimensionName(info.dimension)),
                                            std::string(info.field), std::string(info.name), counts.checks,
                                            counts.passed});
    }
  }
  return rows;
}

std::int64_t ToBasisPoints(double percent) { return std::llround(percent * 100.0); }

core::Result<store::QualityRunOutcome> CompleteQualityRun(store::QualityStore& store,
                                                          const store::QualityRunRecord& begun,
                                                          const ProfileOptions& options,
                                                          QualityProfile* profile_out) {
  const std::int64_t run_id = begun.id;
  core::Result<QualityProfile> profile =
      ProfileOrders(store, options, [&](std::vector<store::QualityIssueRecord> issues) {
        for (store::QualityIssueRecord& issue : issues) issue.run_id = run_id;
        return store.AppendQualityIssues(std::move(issues));
      });
  if (!profile) {
    (void)store.FailQualityRun(run_id, profile.error().detail);
    return std::move(profile).error();
  }

  store::QualityRunResult result;
  result.run = begun;
  result.run.orders = profile->orders;
  result.run.checks = profile->checks;
  result.run.failed_checks = profile->failed_checks;
  result.run.issues = profile->issues;
  result.run.issues_truncated = profile->issues_truncated;
  result.days = profile->tally.Days();
  result.daily = DailyRows(profile->tally);
  const std::vector<quality::TallyGroup> groups = profile->tally.Groups();
  for (const quality::Breach& breach : quality::FindBreaches(quality::CountRows(groups), options.config)) {
    store::QualityTicketRecord ticket;
    ticket.dimension = std::string(quality::DimensionName(breach.dimension));
    ticket.channel = breach.channel;
    ticket.day = breach.day;
    ticket.score_bp = ToBasisPoints(breach.score);
    ticket.threshold_bp = ToBasisPoints(breach.threshold);
    result.breaches.push_back(std::move(ticket));
  }
  core::Result<store::QualityRunOutcome> finished = store.FinishQualityRun(std::move(result));
  if (!finished) (void)store.FailQualityRun(run_id, finished.error().detail);
  if (profile_out != nullptr) *profile_out = std::move(profile).value();
  return finished;
}

core::Result<store::QualityRunOutcome> RunQualityProfile(store::QualityStore& store, std::string trigger,
                                                         const ProfileOptions& options) {
  core::Result<store::QualityRunRecord> begun = store.BeginQualityRun(std::move(trigger));
  if (!begun) return std::move(begun).error();
  return CompleteQualityRun(store, *begun, options);
}

}  // namespace ordo::service
