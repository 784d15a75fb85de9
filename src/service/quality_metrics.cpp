#include "service/quality_metrics.hpp"

#include "core/json.hpp"
#include "service/identity.hpp"

namespace ordo::service {
namespace {

std::vector<quality::QualityCountRow> ToCountRows(const std::vector<store::QualityCount>& counts) {
  std::vector<quality::QualityCountRow> rows;
  rows.reserve(counts.size());
  for (const store::QualityCount& count : counts) {
    // A check this binary no longer has (rows of an older version) is left out.
    const std::optional<quality::CheckId> check = quality::ParseCheck(count.check);
    if (!check) continue;
    rows.push_back({count.day, count.channel, *check, {count.checks, count.passed}});
  }
  return rows;
}

std::string TicketAuditDetail(const store::QualityTicketPatch& patch) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  if (patch.owner) {
    core::WriteKey(writer, "owner");
    core::WriteString(writer, *patch.owner);
  }
  if (patch.status) {
    core::WriteKey(writer, "status");
    core::WriteString(writer, *patch.status);
  }
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

core::Error AlreadyRunning() {
  return core::MakeError(core::ErrorCode::kConflict, "a quality run is already in progress; try again when it is done");
}

}  // namespace

QualityMetrics::~QualityMetrics() {
  cancel_.store(true);
  std::thread runner;
  {
    std::lock_guard lock(mutex_);
    runner = std::move(runner_);
  }
  if (runner.joinable()) runner.join();
}

ProfileOptions QualityMetrics::MakeProfileOptions() const {
  ProfileOptions options;
  options.config = options_.config;
  options.now = clock_.Now();
  options.page_size = options_.page_size;
  options.max_issues = options_.max_issues;
  options.cancel = &cancel_;
  return options;
}

void QualityMetrics::Summary(QualitySummaryQuery query, const security::Scopes& scope, Done<QualitySummaryView> done) {
  store::QualityCountsFilter filter;
  // One read covers the previous period too: both come from the same snapshot of the table.
  const quality::DayRange previous = quality::PreviousRange(query.range);
  filter.from_day = previous.from.empty() ? query.range.from : previous.from;
  filter.to_day = query.range.to;
  filter.channel = query.channel;
  filter.scope_provinces = scope.provinces;
  filter.scope_channels = scope.channels;
  pool_.Post([this, query = std::move(query), filter = std::move(filter), done = std::move(done)] {
    core::Result<std::vector<store::QualityCount>> counts = store_.Quality().LoadQualityCounts(filter);
    if (!counts) return done(std::move(counts).error());
    core::Result<std::optional<store::QualityRunRecord>> run = store_.Quality().LatestQualityRun();
    if (!run) return done(std::move(run).error());
    const std::vector<quality::QualityCountRow> rows = ToCountRows(*counts);
    done(QualitySummaryView{quality::Summarize(rows, query.range, options_.config), std::move(run).value()});
  });
}

void QualityMetrics::Issues(store::QualityIssueFilter filter, const security::Scopes& scope,
                            Done<store::QualityIssuePage> done) {
  filter.scope_provinces = scope.provinces;
  filter.scope_channels = scope.channels;
  pool_.Post([this, filter = std::move(filter), done = std::move(done)] {
    done(store_.Quality().ListQualityIssues(filter));
  });
}

void QualityMetrics::Tickets(store::QualityTicketFilter filter, const security::Scopes& scope,
                             Done<store::QualityTicketPage> done) {
  filter.scope_channels = scope.channels;
  pool_.Post([this, filter = std::move(filter), done = std::move(done)] {
    done(store_.Quality().ListQualityTickets(filter));
  });
}

void QualityMetrics::UpdateTicket(store::QualityTicketPatch patch, const security::Principal& actor, std::string ip,
                                  Done<store::QualityTicketRecord> done) {
  patch.scope_channels = actor.scopes.channels;
  store::AuditRecord audit = MakeAudit(actor.ToActor(), ip, "quality.ticket.update",
                                       "quality_ticket:" + std::to_string(patch.id), TicketAuditDetail(patch));
  pool_.Post([this, patch = std::move(patch), audit = std::move(audit), done = std::move(done)]() mutable {
    done(store_.Quality().UpdateQualityTicket(patch, std::move(audit)));
  });
}

void QualityMetrics::GetRun(std::int64_t run_id, Done<store::QualityRunRecord> done) {
  pool_.Post([this, run_id, done = std::move(done)] { done(store_.Quality().GetQualityRun(run_id)); });
}

bool QualityMetrics::TryMarkRunning() {
  std::lock_guard lock(mutex_);
  if (running_) return false;
  running_ = true;
  return true;
}

void QualityMetrics::MarkIdle() {
  std::lock_guard lock(mutex_);
  running_ = false;
}

void QualityMetrics::StartRun(std::string trigger, Done<store::QualityRunRecord> done) {
  if (!TryMarkRunning()) return done(AlreadyRunning());
  pool_.Post([this, trigger = std::move(trigger), done = std::move(done)] {
    core::Result<store::QualityRunRecord> begun = store_.Quality().BeginQualityRun(trigger);
    if (!begun) {
      MarkIdle();
      return done(std::move(begun).error());
    }
    const store::QualityRunRecord run = *begun;
    {
      std::lock_guard lock(mutex_);
      // The previous background run has ended (running_ was false): its thread only exits.
      if (runner_.joinable()) runner_.join();
      runner_ = std::thread([this, run] {
        (void)CompleteQualityRun(store_.Quality(), run, MakeProfileOptions());  // the run records its outcome
        MarkIdle();
      });
    }
    done(run);
  });
}

core::Result<store::QualityRunOutcome> QualityMetrics::RunNow(std::string trigger) {
  if (!TryMarkRunning()) return AlreadyRunning();
  core::Result<store::QualityRunOutcome> outcome =
      RunQualityProfile(store_.Quality(), std::move(trigger), MakeProfileOptions());
  MarkIdle();
  return outcome;
}

}  // namespace ordo::service
