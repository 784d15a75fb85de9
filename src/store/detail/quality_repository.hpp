#pragma once
// The data-quality tables (migration 8) as SQL over one Connection, for both dialects. Write
// functions run inside a group-commit unit; FinishRun writes a run's aggregates, its new
// tickets and their outbox rows in that one unit.
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/store.hpp"

namespace ordo::store::detail {

core::Result<QualityScanPage> ScanOrdersForQuality(Connection& connection, std::int64_t after_id, int limit,
                                                   const FieldCipher* cipher);

core::Result<QualityRunRecord> InsertQualityRun(Connection& connection, std::string trigger, core::UnixMillis now);
core::Status InsertQualityIssues(Connection& connection, const std::vector<QualityIssueRecord>& issues);
core::Result<QualityRunOutcome> FinishRun(Connection& connection, const QualityRunResult& result, core::UnixMillis now);
core::Status MarkRunFailed(Connection& connection, std::int64_t run_id, const std::string& error, core::UnixMillis now);
core::Result<QualityRunRecord> LoadQualityRun(Connection& connection, std::int64_t run_id);
core::Result<std::optional<QualityRunRecord>> LoadLatestDoneRun(Connection& connection);

core::Result<std::vector<QualityCount>> LoadCounts(Connection& connection, const QualityCountsFilter& filter);
core::Result<QualityIssuePage> QueryIssues(Connection& connection, const QualityIssueFilter& filter);
core::Result<QualityTicketPage> QueryTickets(Connection& connection, const QualityTicketFilter& filter);
core::Result<QualityTicketRecord> PatchTicket(Connection& connection, const QualityTicketPatch& patch,
                                              core::UnixMillis now);

}  // namespace ordo::store::detail
