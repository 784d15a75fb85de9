#pragma once
// The carrier SLA read (InventoryStore::CarrierDailyOutcomes): parcels per carrier and promised
// local day with how they fared, from order_allocations and the orders' "delivered" nodes.
#include <cstdint>
#include <vector>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/inventory_store.hpp"

namespace ordo::store::detail {

core::Result<std::vector<CarrierDayOutcomeRecord>> QueryCarrierDailyOutcomes(Connection& connection,
                                                                             std::int64_t first_local_day,
                                                                             std::int64_t last_local_day);

}  // namespace ordo::store::detail
