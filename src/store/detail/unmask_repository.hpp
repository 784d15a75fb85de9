#pragma once
// Unmask requests (the approved-unmasking flow, docs/security.md) as SQL over one Connection.
// The rules of the lifecycle live in security/unmask.hpp; this file only persists its results,
// with a compare-and-set on status so that two approvers cannot both decide one request.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/store.hpp"

namespace ordo::store::detail {

// kConflict when the id is taken.
core::Status InsertUnmaskRequest(Connection& connection, const UnmaskRequestRecord& request);
core::Result<UnmaskRequestRecord> LoadUnmaskRequest(Connection& connection, const std::string& id);  // kNotFound
// kInvalidArgument for a status that is not one of the four.
core::Result<UnmaskRequestPage> QueryUnmaskRequests(Connection& connection, const UnmaskRequestFilter& filter);
// Writes the decision fields while the row's status is `expected_status`: kNotFound when there
// is no such row, kConflict when its status changed meanwhile.
core::Status WriteUnmaskDecision(Connection& connection, const UnmaskRequestRecord& decided,
                                 const std::string& expected_status);
core::Result<std::vector<UnmaskRequestRecord>> LoadActiveUnmaskGrants(Connection& connection,
                                                                     const std::string& requester_id,
                                                                     core::UnixMillis now);

}  // namespace ordo::store::detail
