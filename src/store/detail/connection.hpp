#pragma once
// The one SQL connection abstraction both drivers implement, so that the store's logic is
// written once. SQL uses PostgreSQL's `$1, $2, …` placeholders; the SQLite driver binds them
// by name. Statements are prepared once per connection and cached by their text.
//
// A Connection is used by one thread at a time (thread-compatible, not thread-safe).
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "core/result.hpp"

namespace ordo::store::detail {

using Param = std::variant<std::nullptr_t, std::int64_t, std::string_view>;

class Row {
 public:
  virtual ~Row() = default;
  virtual bool IsNull(int column) const = 0;
  virtual std::int64_t Int(int column) const = 0;
  virtual std::string_view Text(int column) const = 0;  // valid until the next row
};

using RowHandler = std::function<void(const Row&)>;

enum class Dialect { kSqlite, kPostgres };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs one statement; rows (if any) go to `on_row`. Errors: kConflict for a unique
  // violation, kUnavailable when the database cannot be reached, kInternal otherwise.
  virtual core::Status Run(std::string_view sql, std::span<const Param> params, const RowHandler* on_row) = 0;
  // Rows changed by the last statement.
  virtual std::int64_t ChangedRows() const = 0;
  // Whether the last failure may succeed when the unit is run again (deadlock, serialization).
  virtual bool LastErrorRetryable() const = 0;
  // Plain SQL without parameters or caching (BEGIN, SAVEPOINT, DDL).
  virtual core::Status ExecScript(std::string_view sql) = 0;
  // The statement that opens a write transaction (SQLite: BEGIN IMMEDIATE).
  virtual std::string_view BeginWriteSql() const = 0;

  core::Status Exec(std::string_view sql, std::initializer_list<Param> params = {}) {
    return Run(sql, std::span<const Param>(params.begin(), params.size()), nullptr);
  }
  core::Status Query(std::string_view sql, std::initializer_list<Param> params, const RowHandler& on_row) {
    return Run(sql, std::span<const Param>(params.begin(), params.size()), &on_row);
  }
};

}  // namespace ordo::store::detail
