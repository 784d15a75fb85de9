#pragma once
// The customer tables (store/customer_store.hpp) as SQL over one Connection, both dialects.
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/customer_store.hpp"
#include "store/detail/connection.hpp"
#include "store/field_cipher.hpp"
#include "store/store.hpp"

namespace ordo::store::detail {

core::Result<std::int64_t> LoadResolverCursor(Connection& connection);
core::Result<std::vector<order::Order>> LoadOrdersAfter(Connection& connection, std::int64_t after_id, int limit,
                                                        const FieldCipher* cipher);
// Writes the batch and moves the cursor from `expected_cursor` (kConflict if it moved).
core::Status InsertResolutionBatch(Connection& connection, const ResolutionBatch& batch,
                                   std::int64_t expected_cursor, const FieldCipher* cipher);

core::Result<std::vector<ResolvedOrder>> LoadResolvedOrders(Connection& connection, std::int64_t after_seq, int limit,
                                                            const FieldCipher* cipher);
// customer_ids empty: every key.
core::Result<std::vector<CustomerKeyRow>> LoadCustomerKeys(Connection& connection,
                                                           const std::vector<std::int64_t>& customer_ids,
                                                           bool all, const FieldCipher* cipher);
core::Result<std::vector<CustomerMergeEventRow>> LoadMergeEvents(Connection& connection);
core::Result<std::vector<CustomerMergeRow>> LoadMerges(Connection& connection, const std::vector<std::int64_t>& ids);
core::Result<CustomerOrdersPage> QueryCustomerOrders(Connection& connection,
                                                     const std::vector<std::int64_t>& customer_ids,
                                                     const OrderScope& scope, std::optional<std::int64_t> before_id,
                                                     int limit);
// kNotFound, kConflict (undone already).
core::Status MarkMergeUndone(Connection& connection, std::int64_t merge_id, core::UnixMillis at,
                             const std::string& actor, const std::string& reason);

}  // namespace ordo::store::detail
