#pragma once
// The bridge between the store's inventory records and the pure sourcing decision: records in,
// sourcing:: inputs out, and the decision back as the store's AllocationVerdict with the
// explanation the API shows. Pure (no store, no clock): every function takes what it needs.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "order/order.hpp"
#include "sourcing/carrier_switch.hpp"
#include "sourcing/carrier_table.hpp"
#include "sourcing/decide_sourcing.hpp"
#include "store/inventory_store.hpp"

namespace ordo::service {

// What the catalogue does not know yet (there is no product table: docs/sourcing.md).
struct SourcingDefaults {
  std::int64_t unit_weight_grams = 500;  // every unit weighs this much
  int promise_days = 3;                  // promised delivery: local day of payment + this
  sourcing::CostPolicy cost{};
};

// "310000" for "上海市" (a province's full or short name, or its code); "" when unknown.
std::string ProvinceCode(std::string_view province);

sourcing::Location ToLocation(const store::LocationRecord& record, std::int64_t parcels_today);
std::vector<sourcing::CarrierRate> ToCarrierRates(const std::vector<store::CarrierRateRecord>& records);

// The order as the decision reads it: its lines with weights, destination and promise day. A
// pickup order (order.pickup_location_id, or the argument when given) is picked up there.
sourcing::SourcingOrder ToSourcingOrder(const order::Order& order, const SourcingDefaults& defaults,
                                        std::string_view pickup_location_id = {});

// The whole decision from what the store read (AllocationContext), with the caller's directives.
struct SourcingRun {
  sourcing::SourcingOrder order;
  core::Result<sourcing::SourcingDecision> decision;
  // The carrier switches in force when it was decided (SourcingService::SetCarrierSwitches);
  // DecisionJson lists them under "carrier_switches" so the explanation says why a carrier is missing.
  std::vector<sourcing::CarrierSwitchOutcome> carrier_switches = {};
};
SourcingRun DecideForContext(const store::AllocationContext& context, const sourcing::CarrierTable& carriers,
                             const sourcing::RuleDirectives& directives, const SourcingDefaults& defaults);

// The decision as stored and shown (GET /orders/{id}/sourcing, POST /sourcing/preview): outcome,
// the chosen plan with per-line location, carrier, promised date and cost breakdown, the
// runner-ups, every exclusion with its reason, unfilled lines, and the carrier switches in force
// (only when there are any). No personal data.
std::string DecisionJson(const order::Order& order, const SourcingRun& run, std::string_view cause);

// allocated when every line has a location; waiting (no_stock) otherwise; leave when the order
// has no lines or the decision was refused (kRejected pickup store, kInvalidArgument).
store::AllocationVerdict ToVerdict(const order::Order& order, const SourcingRun& run, std::string_view cause);

// "2026-12-01" for a local day number.
std::string LocalDate(std::int64_t local_day);

}  // namespace ordo::service
