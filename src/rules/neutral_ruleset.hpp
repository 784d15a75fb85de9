#pragma once
// The converter from the shared benchmark's neutral rule set (../shared/bench/rules/ruleset.json,
// copied to bench/rules/shared/) into Ordo's rule language, so that the benchmark measures the
// same rules the peers ran. Facts map onto catalogue paths (total_amount → order.grand_total,
// skus → order.lines[*].sku, ...); warehouse_stock.<WH> becomes stock.available.<WH>, added to
// the catalogue here (the way a module adds its facts). Operators: eq ne gt gte lt lte in nin
// contains map one to one; contains_any becomes `in` on the SKU list (shares an element).
// Actions: hold_for_review/block_order → hold, set_priority → set_priority, route_warehouse →
// route.prefer, every other neutral action → tag named after it.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "rules/fact_catalogue.hpp"

namespace ordo::rules {

// The catalogue path of a neutral fact ("warehouse_stock.WH_HZ" → "stock.available.WH_HZ").
std::optional<std::string> OrdoFactPath(std::string_view neutral_fact);

// An Ordo rule document (all rules trigger order.created) for ParseRuleSet; kInvalidArgument
// naming the neutral node it cannot translate.
core::Result<std::string> ConvertNeutralRuleSet(std::string_view neutral_json, FactCatalogue& catalogue);

}  // namespace ordo::rules
