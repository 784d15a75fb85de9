// SqlStore's data-quality methods (store/quality_store.hpp): every one blocks its caller until
// the reader or the group-commit writer has run it.
#include <future>
#include <memory>
#include <optional>

#include "store/detail/blocking_units.hpp"
#include "store/detail/identity_repository.hpp"
#include "store/detail/quality_repository.hpp"
#include "store/detail/sql_store.hpp"

namespace ordo::store::detail {
namespace {

core::Status AsStatus(core::Result<bool> done) {
  if (!done) return std::move(done).error();
  return core::Ok();
}

}  // namespace

core::Result<QualityScanPage> SqlStore::ScanQualityOrders(std::int64_t after_id, int limit) {
  return ReadOn<QualityScanPage>(*readers_, [after_id, limit, cipher = pii_cipher_](Connection& c) {
    return ScanOrdersForQuality(c, after_id, limit, cipher);
  });
}

core::Result<QualityRunRecord> SqlStore::BeginQualityRun(std::string trigger) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<QualityRunRecord>(
      *writer_, [trigger = std::move(trigger), now](Connection& c) { return InsertQualityRun(c, trigger, now); });
}

core::Status SqlStore::AppendQualityIssues(std::vector<QualityIssueRecord> issues) {
  if (issues.empty()) return core::Ok();
  return AsStatus(WriteOn<bool>(*writer_, [issues = std::move(issues)](Connection& c) -> core::Result<bool> {
    ORDO_TRY(InsertQualityIssues(c, issues));
    return true;
  }));
}

core::Result<QualityRunOutcome> SqlStore::FinishQualityRun(QualityRunResult result) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<QualityRunOutcome>(
      *writer_, [result = std::move(result), now](Connection& c) { return FinishRun(c, result, now); });
}

core::Status SqlStore::FailQualityRun(std::int64_t run_id, std::string error) {
  const core::UnixMillis now = clock_.Now();
  return AsStatus(WriteOn<bool>(*writer_, [run_id, error = std::move(error), now](Connection& c) -> core::Result<bool> {
    ORDO_TRY(MarkRunFailed(c, run_id, error, now));
    return true;
  }));
}

core::Result<QualityRunRecord> SqlStore::GetQualityRun(std::int64_t run_id) {
  return ReadOn<QualityRunRecord>(*readers_, [run_id](Connection& c) { return LoadQualityRun(c, run_id); });
}

core::Result<std::optional<QualityRunRecord>> SqlStore::LatestQualityRun() {
  return ReadOn<std::optional<QualityRunRecord>>(*readers_, [](Connection& c) { return LoadLatestDoneRun(c); });
}

core::Result<std::vector<QualityCount>> SqlStore::LoadQualityCounts(const QualityCountsFilter& filter) {
  return ReadOn<std::vector<QualityCount>>(*readers_, [&filter](Connection& c) { return LoadCounts(c, filter); });
}

core::Result<QualityIssuePage> SqlStore::ListQualityIssues(const QualityIssueFilter& filter) {
  return ReadOn<QualityIssuePage>(*readers_, [&filter](Connection& c) { return QueryIssues(c, filter); });
}

core::Result<QualityTicketPage> SqlStore::ListQualityTickets(const QualityTicketFilter& filter) {
  return ReadOn<QualityTicketPage>(*readers_, [&filter](Connection& c) { return QueryTickets(c, filter); });
}

core::Result<QualityTicketRecord> SqlStore::UpdateQualityTicket(const QualityTicketPatch& patch, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<QualityTicketRecord>(
      *writer_, [this, patch, audit = std::move(audit), now](Connection& c) -> core::Result<QualityTicketRecord> {
        auto ticket = PatchTicket(c, patch, now);
        if (!ticket) return ticket;
        ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
        return ticket;
      });
}

}  // namespace ordo::store::detail
