#include "store/detail/quality_rules_repository.hpp"

#include <string>

namespace ordo::store::detail {
namespace {

core::Result<std::int64_t> NewestVersion(Connection& connection) {
  std::int64_t newest = 0;
  ORDO_TRY(connection.Query("SELECT MAX(version) FROM quality_rule_sets", {},
                            [&](const Row& row) { newest = row.IsNull(0) ? 0 : row.Int(0); }));
  return newest;
}

core::Error Conflict(std::int64_t newest) {
  return core::MakeError(core::ErrorCode::kConflict,
                         "the rule set changed meanwhile (now version " + std::to_string(newest) +
                             "); read it again and send If-Match with its version");
}

}  // namespace

core::Result<std::optional<RuleSetRecord>> LoadNewestRuleSet(Connection& connection, std::int64_t known_version) {
  std::optional<RuleSetRecord> found;
  ORDO_TRY(connection.Query(
      "SELECT version, document, created_at, created_by FROM quality_rule_sets WHERE version > $1 "
      "ORDER BY version DESC LIMIT 1",
      {known_version}, [&](const Row& row) {
        found = RuleSetRecord{row.Int(0), std::string(row.Text(1)), row.Int(2), std::string(row.Text(3))};
      }));
  return found;
}

core::Result<RuleSetRecord> InsertRuleSet(Connection& connection, RuleSetRecord record, std::int64_t expected_version,
                                          core::UnixMillis now) {
  core::Result<std::int64_t> newest = NewestVersion(connection);
  if (!newest) return std::move(newest).error();
  if (*newest != expected_version) return Conflict(*newest);
  record.version = expected_version + 1;
  record.created_at = now;
  core::Status inserted = connection.Exec(
      "INSERT INTO quality_rule_sets (version, document, created_at, created_by) VALUES ($1, $2, $3, $4)",
      {record.version, std::string_view(record.document), now, std::string_view(record.created_by)});
  if (!inserted) {
    // Another node inserted the same version between our read and our insert.
    if (inserted.error().code == core::ErrorCode::kConflict) return Conflict(record.version);
    return std::move(inserted).error();
  }
  return record;
}

}  // namespace ordo::store::detail
