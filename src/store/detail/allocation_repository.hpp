#pragma once
// The reservations orders hold, as SQL over one Connection (both dialects): Allocate (read what
// the decision needs, ask the caller's decider, reserve with conditional updates and move the
// order), the release/consume that follows an order's status, partial cancel, and the sourcing
// record's reads. Every write function runs inside one group-commit unit.
#include <cstdint>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "order/status.hpp"
#include "store/detail/connection.hpp"
#include "store/field_cipher.hpp"
#include "store/inventory_store.hpp"

namespace ordo::store::detail {

// How many times Allocate decides again after a conditional reservation lost a race; after that
// it answers kConflict ("retry") and writes nothing (the unit rolls back).
inline constexpr int kAllocateAttempts = 3;

core::Result<AllocateOutcome> AllocateOne(Connection& connection, const AllocateCommand& command, core::UnixMillis now,
                                          const FieldCipher* cipher);

// Called by TransitionOne after the order row changed from → to (same unit): → cancelled releases
// every live reservation; pre-shipment → shipped/in_transit/out_for_delivery/delivered consumes
// them. Nothing to do (one indexed read) for an order without reservations.
core::Status ApplyReservationsOnTransition(Connection& connection, std::int64_t order_id, order::OrderStatus from,
                                           order::OrderStatus to, const core::Actor& actor, core::UnixMillis now);

core::Result<AllocateOutcome> CancelLines(Connection& connection, std::int64_t order_id,
                                          const std::vector<int>& line_indexes, const std::string& reason,
                                          const core::Actor& actor, core::UnixMillis now, const FieldCipher* cipher);

// The sourcing record and the worker's lists (sourcing_record_repository.cpp).
core::Result<SourcingRecord> LoadSourcing(Connection& connection, std::int64_t order_id);
core::Result<std::vector<WaitingOrder>> QueryWaitingOrders(Connection& connection, const std::vector<std::string>& skus,
                                                           int limit);
core::Result<std::vector<std::int64_t>> QueryUnsourcedOrders(Connection& connection, std::int64_t after_id, int limit);
core::Result<std::vector<std::int64_t>> QueryOrdersAllocatedAt(Connection& connection, const std::string& location_id);
core::Status UpdateSourcingPriority(Connection& connection, std::int64_t order_id, std::int64_t priority);

}  // namespace ordo::store::detail
