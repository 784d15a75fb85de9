#pragma once
// The rule engine's tables (store/rules_store.hpp, migration 12) as SQL over one Connection,
// written once for both dialects. Each function runs inside the caller's unit.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/rules_store.hpp"

namespace ordo::store::detail {

// ---- versions and heads ----
core::Result<RuleVersionRecord> InsertRuleVersion(Connection& connection, RuleVersionRecord record,
                                                  std::int64_t expected_latest, core::UnixMillis now);
core::Result<RuleVersionRecord> LoadRuleVersion(Connection& connection, const std::string& ruleset_id,
                                                std::int64_t version);  // kNotFound
core::Result<std::vector<RuleVersionRecord>> LoadRuleVersions(Connection& connection,
                                                              const std::string& ruleset_id);  // kNotFound
core::Result<std::vector<RuleSetHead>> LoadRuleSetHeads(Connection& connection);

// ---- publications ----
// Also takes the publication lock on PostgreSQL, so that publication seqs commit in order.
core::Result<RulePublicationRecord> InsertRulePublication(Connection& connection, const std::string& ruleset_id,
                                                          std::int64_t version, std::int64_t expected_published,
                                                          const std::string& kind, const std::string& actor,
                                                          core::UnixMillis now);
core::Result<std::vector<RulePublicationRecord>> LoadRulePublications(Connection& connection,
                                                                      const std::string& ruleset_id);
core::Result<std::int64_t> LoadLatestRulePublicationSeq(Connection& connection);

// ---- simulations ----
core::Result<RuleSimulationRecord> InsertRuleSimulation(Connection& connection, RuleSimulationRecord record,
                                                        core::UnixMillis now);
core::Result<std::optional<RuleSimulationRecord>> LoadLatestRuleSimulation(Connection& connection,
                                                                           const std::string& ruleset_id,
                                                                           std::int64_t version);

// ---- firings ----
core::Status InsertRuleFirings(Connection& connection, std::vector<RuleFiringRecord> firings, core::UnixMillis now);
core::Result<std::vector<RuleFiringRecord>> LoadRuleFiringsOfOrder(Connection& connection, std::int64_t order_id);
core::Result<std::vector<RuleFiringRecord>> LoadRuleFiringsOfSubject(Connection& connection,
                                                                     const std::string& subject, int limit);

// ---- effects ----
core::Status UpsertRuleEffect(Connection& connection, const RuleEffectRecord& effect, core::UnixMillis now);
core::Status DeleteRuleEffect(Connection& connection, const std::string& kind, const std::string& key);
core::Result<std::vector<RuleEffectRecord>> LoadRuleEffects(Connection& connection, const std::string& kind);

// ---- quantity limits ----
core::Result<bool> TryInsertQuantityUse(Connection& connection, const QuantityUse& use, core::UnixMillis now);
core::Result<std::int64_t> SumQuantityUses(Connection& connection, const std::string& scope_key,
                                           core::UnixMillis since);

}  // namespace ordo::store::detail
