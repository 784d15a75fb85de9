#pragma once
// Entry rule sets as SQL over one Connection: table `quality_rule_sets` (version, document,
// created_at, created_by; migration 7). Rows are immutable: a change is a new version.
// Validation of the document is the caller's (quality::ParseEntryRules).
#include <cstdint>
#include <optional>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/store.hpp"

namespace ordo::store::detail {

// The newest row if its version is above `known_version`; nullopt otherwise.
core::Result<std::optional<RuleSetRecord>> LoadNewestRuleSet(Connection& connection, std::int64_t known_version);
// Inserts version expected_version + 1 after checking that expected_version is the newest;
// kConflict naming the newest version otherwise (also on a concurrent insert of the same version).
core::Result<RuleSetRecord> InsertRuleSet(Connection& connection, RuleSetRecord record, std::int64_t expected_version,
                                          core::UnixMillis now);

}  // namespace ordo::store::detail
