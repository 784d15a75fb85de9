#pragma once
// Moving an order through the unified state machine on request (`POST /orders/{id}/transitions`).
//
// `ParseTransitionRequest` is the pure part: `{"to": "shipped", "reason": "…"}` plus the
// If-Match header become a store command. The store applies order::Transition inside its
// transaction, so the version check and the state check see the committed order.
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace ordo::service {

// `if_match` is the header's value: `3`, `"3"` or `W/"3"`; empty means "any version".
//   kMalformed        — body is not JSON, or If-Match is not a version (field "If-Match")
//   kInvalidArgument  — "to" missing / not a status, "reason" not a string or too long
std::optional<std::int64_t> ParseIfMatch(std::string_view if_match, bool& malformed);
core::Result<store::TransitionCommand> ParseTransitionRequest(std::string_view body, std::int64_t order_id,
                                                              std::string_view if_match, const core::Actor& actor,
                                                              bool strict_json);

class OrderTransitions {
 public:
  // `store` outlives this.
  OrderTransitions(store::Store& store, bool strict_json) : store_(store), strict_json_(strict_json) {}

  // Bad input: the error is returned and `done` is not called. Otherwise `done` runs once on a
  // store thread: the order as committed, kNotFound, kConflict (stale version) or
  // kIllegalTransition (naming both states).
  // `scope`: the caller's data scope (out of scope → kNotFound).
  core::Status Request(std::string_view body, std::int64_t order_id, std::string_view if_match,
                       const core::Actor& actor, store::OrderScope scope, store::Callback<order::Order> done);

 private:
  store::Store& store_;
  bool strict_json_;
};

}  // namespace ordo::service
