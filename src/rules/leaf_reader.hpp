#pragma once
// The rule language's reader of one {fact, op, value} leaf, shared with decision tables so a table
// cell obeys exactly the operators and type rules of a rule leaf. Internal to rules/.
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/result.hpp"
#include "rules/fact_catalogue.hpp"
#include "rules/rule_set.hpp"

namespace ordo::rules {

// `node` must be a JSON object. Problems are appended to `errors`, pointers under `at`
// (`at`/fact, `at`/op, `at`/value/...); nullopt when there was one.
std::optional<Condition> ReadLeafCondition(const rapidjson::Value& node, const std::string& at,
                                           const FactCatalogue& catalogue, std::vector<core::FieldError>& errors);

}  // namespace ordo::rules
