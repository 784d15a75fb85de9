#pragma once
// A node on an order's timeline (`order_events`): the customer's journey, the SLA clocks and
// the record of what happened. Sequence numbers are per order, from 1, without gaps.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/actor.hpp"
#include "core/time.hpp"

namespace ordo::order {

// Node names that are not status names. A transition's node is the target status's name
// ("paid", "shipped", …), so a normal order shows created, paid, allocated, released, picking,
// packed, shipped, in_transit, out_for_delivery, delivered, completed: 11 + 1 nodes.
inline constexpr std::string_view kNodeCreated = "created";
inline constexpr std::string_view kNodeUpdated = "updated";
// The entry rules found problems in an order that could not be held (it arrived, or already
// was, past shipment): the event names the violated rules. A held order gets an on_hold node.
inline constexpr std::string_view kNodeDataReview = "data_review";
// Business rules (issue 7) fired on the order: data {ruleset_id, version, rules: [ids], actions:
// [names]}; one node per order and rule set version per RulesStore::RecordRuleFirings call.
inline constexpr std::string_view kNodeRules = "rules";

struct TimelineEvent {
  std::int64_t order_id = 0;
  std::int64_t seq = 0;
  core::UnixMillis at = 0;
  std::string node;
  core::Actor actor;
  std::string data_json = "{}";  // a JSON object; never personal data
};

}  // namespace ordo::order
