#pragma once
// detail::Connection over one sqlite3 handle, with a prepared-statement cache.
#include <memory>
#include <string>

#include "core/result.hpp"
#include "store/detail/connection.hpp"

namespace ordo::store::sqlite {

enum class OpenMode { kWriter, kReader };

// Opens `path` (creating it for the writer) in WAL mode with synchronous=NORMAL: COMMIT does
// not fsync; the store acknowledges a commit only after sqlite::WalSyncer synced the WAL.
// Readers are read-only connections.
core::Result<std::unique_ptr<detail::Connection>> OpenSqlite(const std::string& path, OpenMode mode);

}  // namespace ordo::store::sqlite
