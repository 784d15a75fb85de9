#pragma once
// Rule set documents as stored versions: the canonical form a version is stored in, and the diff
// between two versions (GET /api/v1/rulesets/{id}/diff). Pure functions over JSON text.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ordo::service {

// Compact JSON with every object's members sorted by name (byte order), so that the same rules
// written in another member order or layout store the same text and diffs stay stable.
// kMalformed for text that is not JSON.
core::Result<std::string> CanonicalJson(std::string_view json);

// The members of a rule the diff compares; a member left out equals its default (priority 0,
// stop_processing false, cron/description "", no enabled_from/enabled_to).
inline constexpr std::string_view kDiffedRuleMembers[] = {"when",     "then",          "priority",
                                                          "trigger",  "cron",          "stop_processing",
                                                          "enabled_from", "enabled_to", "description"};

struct RuleChange {
  std::string rule_id;
  std::vector<std::string> members;  // in kDiffedRuleMembers order
};

struct RuleSetDiff {
  std::vector<std::string> added;    // rule ids, in the order of the newer document
  std::vector<std::string> removed;  // rule ids, in the order of the older document
  std::vector<RuleChange> changed;   // in the order of the newer document
};

// Compares the rules of two rule set documents by id. Both must be accepted rule sets (ids
// unique); anything else is kMalformed.
core::Result<RuleSetDiff> DiffRuleSets(std::string_view from_json, std::string_view to_json);

}  // namespace ordo::service
