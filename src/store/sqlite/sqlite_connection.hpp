#pragma once
// detail::Connection over one sqlite3 handle, with a prepared-statement cache.
#include <memory>
#include <string>

#include "core/result.hpp"
#include "store/detail/connection.hpp"

namespace ordo::store::sqlite {

enum class OpenMode { kWriter, kReader };

// Opens `path` (creating it for the writer) in WAL mode with synchronous=FULL: a commit is on
// disk before it is acknowledged. Readers are read-only connections.
core::Result<std::unique_ptr<detail::Connection>> OpenSqlite(const std::string& path, OpenMode mode);

}  // namespace ordo::store::sqlite
