#pragma once
// Custom roles as SQL over one Connection: table `roles` (name, permissions as a JSON array of
// strings, created_at, updated_at). Validation is the caller's (security::MakeCustomRole).
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/store.hpp"

namespace ordo::store::detail {

using RoleRecord = Store::RoleRecord;

// kConflict "a role with this name already exists".
core::Result<RoleRecord> InsertRole(Connection& connection, RoleRecord role, core::UnixMillis now);
// Replaces the permissions; kNotFound "no such role".
core::Result<RoleRecord> WriteRolePermissions(Connection& connection, RoleRecord role, core::UnixMillis now);
core::Result<std::vector<RoleRecord>> LoadRoles(Connection& connection);
core::Result<RoleRecord> LoadRole(Connection& connection, const std::string& name);
// kConflict while a user or an unrevoked API key has the role (counted in the same
// transaction, so no assignment committed before the delete is missed); kNotFound.
core::Status RemoveRole(Connection& connection, const std::string& name);

}  // namespace ordo::store::detail
