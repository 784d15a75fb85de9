// SqlStore's data-quality methods (store/quality_store.hpp): every one blocks its caller until
// the reader or the group-commit writer has run it.
#include <future>
#include <memory>
#include <optional>

#include "store/detail/identity_repository.hpp"
#include "store/detail/quality_repository.hpp"
#include "store/detail/sql_store.hpp"

namespace ordo::store::detail {
namespace {

// Reads stay on the reader pool; a scan page is one task, so a long scan never holds a reader
// for longer than a page.
template <class T>
core::Result<T> ReadOn(ReaderPool& readers, std::function<core::Result<T>(Connection&)> body) {
  std::promise<core::Result<T>> promise;
  auto future = promise.get_future();
  readers.Submit([&promise, body = std::move(body)](Connection& connection) { promise.set_value(body(connection)); });
  return future.get();
}

// One write unit, committed (and durable) before this returns. The unit may run again after a
// deadlock, so it keeps its result outside and overwrites it on each run.
template <class T>
core::Result<T> WriteOn(GroupCommitWriter& writer, std::function<core::Result<T>(Connection&)> body) {
  auto result = std::make_shared<std::optional<core::Result<T>>>();
  std::promise<core::Result<T>> promise;
  auto future = promise.get_future();
  WriteUnit unit;
  unit.run = [body = std::move(body), result](Connection& connection) -> core::Status {
    result->emplace(body(connection));
    if (**result) return core::Ok();
    return (**result).error();
  };
  unit.complete = [result, &promise](core::Status status) {
    if (!status) {
      promise.set_value(std::move(status).error());
    } else {
      promise.set_value(std::move(**result));
    }
  };
  writer.Submit(std::move(unit));
  return future.get();
}

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
