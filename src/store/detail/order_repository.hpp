#pragma once
// The order use cases as SQL over one Connection, written once for both dialects. Write
// functions run inside a group-commit unit (a savepoint); they call the order module's pure
// decisions (state machine, content fingerprint) and write the change, its timeline event and
// its outbox row together.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/store.hpp"

namespace ordo::store::detail {

// Every function takes the store's PII cipher (nullptr: personal fields stored in clear).

// An order from a row whose first columns are id, version, body, pii (personal fields
// decrypted with `cipher`; kInternal when they are sealed and it is null or wrong).
core::Result<order::Order> OrderFromRow(const Row& row, const FieldCipher* cipher);

core::Result<IngestOutcome> IngestOne(Connection& connection, const IngestItem& item, core::UnixMillis now,
                                      const FieldCipher* cipher);
core::Result<order::Order> TransitionOne(Connection& connection, const TransitionCommand& command,
                                         core::UnixMillis now, const FieldCipher* cipher);
core::Result<order::Order> LoadOrder(Connection& connection, std::int64_t id, const OrderScope& scope,
                                     const FieldCipher* cipher);
// Appends " WHERE …" for the filter's conditions and scope (nothing when there are none).
void AppendOrderFilter(const OrderFilter& filter, std::string& sql, std::vector<Param>& params);
core::Result<OrderSummary> SummarizeOrders(Connection& connection, const OrderFilter& filter);
core::Result<OrderPage> QueryOrders(Connection& connection, const OrderFilter& filter, const FieldCipher* cipher);
core::Result<std::vector<order::TimelineEvent>> LoadTimeline(Connection& connection, std::int64_t order_id,
                                                             const OrderScope& scope = {});

}  // namespace ordo::store::detail
