#pragma once
// The entry rules' verdict turned into what the store needs: quality::NormalizeOrder on the
// order (in place), then either the store's EntryReview (accept, or quarantine with the
// timeline data) or the refusal (kRejected, every violated rule in `fields`). Shared by the
// order intake (HTTP) and the bulk import, so both judge an order the same way. Pure.
#include <string_view>

#include "core/result.hpp"
#include "order/order.hpp"
#include "service/quality_rules.hpp"
#include "store/store.hpp"

namespace ordo::service {

// `field_prefix` goes before every field path of the refusal ("orders/3/" in a batch).
core::Result<store::EntryReview> ReviewEntry(order::Order& order, const ActiveEntryRules& active,
                                             std::string_view field_prefix = {});

}  // namespace ordo::service
