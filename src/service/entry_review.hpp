#pragma once
// The entry rules' verdict on one order, as the store takes it: shared by the order intake
// (POST /orders) and the channel intake (POST /channels/{channel}/orders), so that every order
// goes through the same normalisation and quarantine. Pure; thread-safe.
#include <string_view>

#include "core/result.hpp"
#include "order/order.hpp"
#include "service/quality_rules.hpp"
#include "store/store.hpp"

namespace ordo::service {

// Normalises `order` in place and turns the rules' verdict into the store's review, or into
// the refusal: kRejected listing every violated rule (field paths after `field_prefix`).
core::Result<store::EntryReview> ApplyEntryRules(order::Order& order, const ActiveEntryRules& active,
                                                 std::string_view field_prefix);

}  // namespace ordo::service
