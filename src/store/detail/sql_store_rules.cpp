// SqlStore's rule-engine methods (store/rules_store.hpp). Every call blocks its caller until
// the reader pool or the group-commit writer has run it; each write is one unit.
#include <utility>

#include "store/detail/blocking_units.hpp"
#include "store/detail/identity_repository.hpp"
#include "store/detail/rules_repository.hpp"
#include "store/detail/sql_store.hpp"

namespace ordo::store::detail {

void SqlStore::SetPublicationWatchFactory(PublicationWatchFactory factory) {
  std::lock_guard lock(watch_mutex_);
  watch_factory_ = std::move(factory);
}

core::Result<RuleVersionRecord> SqlStore::AddRuleVersion(RuleVersionRecord record, std::int64_t expected_latest,
                                                         AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<RuleVersionRecord>(*writer_, [this, record = std::move(record), expected_latest,
                                               audit = std::move(audit), now](Connection& c) -> core::Result<RuleVersionRecord> {
    auto added = InsertRuleVersion(c, record, expected_latest, now);
    if (!added) return added;
    ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
    return added;
  });
}

core::Result<RuleVersionRecord> SqlStore::GetRuleVersion(const std::string& ruleset_id, std::int64_t version) {
  return ReadOn<RuleVersionRecord>(*readers_,
                                   [&ruleset_id, version](Connection& c) { return LoadRuleVersion(c, ruleset_id, version); });
}

core::Result<std::vector<RuleVersionRecord>> SqlStore::ListRuleVersions(const std::string& ruleset_id) {
  return ReadOn<std::vector<RuleVersionRecord>>(*readers_,
                                                [&ruleset_id](Connection& c) { return LoadRuleVersions(c, ruleset_id); });
}

core::Result<std::vector<RuleSetHead>> SqlStore::ListRuleSets() {
  return ReadOn<std::vector<RuleSetHead>>(*readers_, [](Connection& c) { return LoadRuleSetHeads(c); });
}

core::Result<RulePublicationRecord> SqlStore::PublishRuleVersion(const std::string& ruleset_id, std::int64_t version,
                                                                 std::int64_t expected_published, std::string kind,
                                                                 std::string actor, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<RulePublicationRecord>(
      *writer_, [this, &ruleset_id, version, expected_published, kind = std::move(kind), actor = std::move(actor),
                 audit = std::move(audit), now](Connection& c) -> core::Result<RulePublicationRecord> {
        auto published = InsertRulePublication(c, ruleset_id, version, expected_published, kind, actor, now);
        if (!published) return published;
        ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
        return published;
      });
}

core::Result<std::vector<RulePublicationRecord>> SqlStore::ListRulePublications(const std::string& ruleset_id) {
  return ReadOn<std::vector<RulePublicationRecord>>(
      *readers_, [&ruleset_id](Connection& c) { return LoadRulePublications(c, ruleset_id); });
}

core::Result<std::int64_t> SqlStore::LatestRulePublicationSeq() {
  return ReadOn<std::int64_t>(*readers_, [](Connection& c) { return LoadLatestRulePublicationSeq(c); });
}

void SqlStore::WatchRulePublications(std::function<void()> changed) {
  std::lock_guard lock(watch_mutex_);
  watch_.reset();  // at most one watcher: the old one stops before the new one starts
  if (watch_factory_) watch_ = watch_factory_(std::move(changed));
}

core::Result<RuleSimulationRecord> SqlStore::AddRuleSimulation(RuleSimulationRecord record) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<RuleSimulationRecord>(*writer_, [record = std::move(record), now](Connection& c) {
    return InsertRuleSimulation(c, record, now);
  });
}

core::Result<std::optional<RuleSimulationRecord>> SqlStore::LatestRuleSimulation(const std::string& ruleset_id,
                                                                                 std::int64_t version) {
  return ReadOn<std::optional<RuleSimulationRecord>>(
      *readers_, [&ruleset_id, version](Connection& c) { return LoadLatestRuleSimulation(c, ruleset_id, version); });
}

core::Status SqlStore::RecordRuleFirings(std::vector<RuleFiringRecord> firings) {
  if (firings.empty()) return core::Ok();
  const core::UnixMillis now = clock_.Now();
  auto recorded = WriteOn<bool>(*writer_, [firings = std::move(firings), now](Connection& c) -> core::Result<bool> {
    ORDO_TRY(InsertRuleFirings(c, firings, now));
    return true;
  });
  if (!recorded) return std::move(recorded).error();
  return core::Ok();
}

core::Result<std::vector<RuleFiringRecord>> SqlStore::ListRuleFirings(std::int64_t order_id) {
  return ReadOn<std::vector<RuleFiringRecord>>(*readers_,
                                               [order_id](Connection& c) { return LoadRuleFiringsOfOrder(c, order_id); });
}

core::Result<std::vector<RuleFiringRecord>> SqlStore::ListRuleFiringsBySubject(const std::string& subject, int limit) {
  return ReadOn<std::vector<RuleFiringRecord>>(
      *readers_, [&subject, limit](Connection& c) { return LoadRuleFiringsOfSubject(c, subject, limit); });
}

core::Status SqlStore::PutRuleEffect(RuleEffectRecord effect) {
  const core::UnixMillis now = clock_.Now();
  auto put = WriteOn<bool>(*writer_, [effect = std::move(effect), now](Connection& c) -> core::Result<bool> {
    ORDO_TRY(UpsertRuleEffect(c, effect, now));
    return true;
  });
  if (!put) return std::move(put).error();
  return core::Ok();
}

core::Status SqlStore::ClearRuleEffect(const std::string& kind, const std::string& key) {
  auto cleared = WriteOn<bool>(*writer_, [&kind, &key](Connection& c) -> core::Result<bool> {
    ORDO_TRY(DeleteRuleEffect(c, kind, key));
    return true;
  });
  if (!cleared) return std::move(cleared).error();
  return core::Ok();
}

core::Result<std::vector<RuleEffectRecord>> SqlStore::ListRuleEffects(const std::string& kind) {
  return ReadOn<std::vector<RuleEffectRecord>>(*readers_, [&kind](Connection& c) { return LoadRuleEffects(c, kind); });
}

core::Result<bool> SqlStore::TryUseQuantity(QuantityUse use) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<bool>(*writer_, [use = std::move(use), now](Connection& c) { return TryInsertQuantityUse(c, use, now); });
}

core::Result<std::int64_t> SqlStore::QuantityUsed(const std::string& scope_key, core::UnixMillis since) {
  return ReadOn<std::int64_t>(*readers_,
                              [&scope_key, since](Connection& c) { return SumQuantityUses(c, scope_key, since); });
}

}  // namespace ordo::store::detail
