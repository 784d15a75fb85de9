#pragma once
// Numbered schema migrations, applied in order at Open (and by `ordo migrate`). Each runs in
// its own transaction and is recorded in schema_migrations; on PostgreSQL an advisory lock
// keeps two nodes starting at once from racing.
#include "core/result.hpp"
#include "store/detail/connection.hpp"

namespace ordo::store::detail {

// Applies every migration newer than the database's. Returns how many were applied.
core::Result<int> ApplyMigrations(Connection& connection);

// The newest migration number this binary knows.
int LatestMigration();

}  // namespace ordo::store::detail
