#pragma once
// One channel order's write unit (ChannelStore::IngestChannelOrders): the stale check against
// channel_order_sync, the content through IngestOne, the channel's status through the state
// machine (order::PlanChannelStatus, applied with TransitionOne) and the bookkeeping, all in the
// unit's savepoint, so a refused status rolls the content back as well.
#include "core/result.hpp"
#include "store/channel_store.hpp"
#include "store/detail/connection.hpp"

namespace ordo::store::detail {

core::Result<ChannelIngestOutcome> IngestChannelOne(Connection& connection, const ChannelIngestItem& item,
                                                    core::UnixMillis now, const FieldCipher* cipher);

}  // namespace ordo::store::detail
