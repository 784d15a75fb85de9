#pragma once
// detail::Connection over one libpq connection, with named prepared statements cached by
// SQL text. Parameters and results travel in text format.
#include <memory>
#include <string>

#include "core/result.hpp"
#include "store/detail/connection.hpp"

namespace ordo::store::postgres {

core::Result<std::unique_ptr<detail::Connection>> OpenPostgres(const std::string& url);

}  // namespace ordo::store::postgres
