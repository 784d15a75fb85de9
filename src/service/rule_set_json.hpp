#pragma once
// The bodies of the rule set routes (POST /api/v1/rulesets/{id}/versions, .../publish,
// .../rollback): pure parsers of outside input, fuzzed by fuzz/rule_set_json_fuzz.cpp. Refusals
// are kInvalidArgument with one field error per bad member (JSON pointers into the body);
// text that is not JSON is kMalformed.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ordo::service {

// [a-z0-9_-]{1,64}
bool ValidRuleSetId(std::string_view id);

// The body of POST /api/v1/rulesets/{id}/versions.
struct RuleVersionInput {
  std::int64_t based_on = 0;
  std::string comment;
  std::string ruleset_json;  // the "ruleset" member as JSON text
};
// kMalformed (not JSON) or kInvalidArgument naming /based_on, /comment, /ruleset.
core::Result<RuleVersionInput> ParseRuleVersionInput(std::string_view body);

// The body of POST .../publish and .../rollback: {"version": N, "expected_published": M}.
struct PublicationInput {
  std::int64_t version = 0;
  std::int64_t expected_published = 0;
};
core::Result<PublicationInput> ParsePublicationInput(std::string_view body);

}  // namespace ordo::service
