#include "store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <charconv>
#include <unordered_map>
#include <vector>

namespace ordo::store::sqlite {
namespace {

using core::ErrorCode;

struct CachedStatement {
  sqlite3_stmt* stmt = nullptr;
  // sqlite parameter index for $1..$n ($k may appear several times or out of order).
  std::vector<int> slot_of_param;
};

class SqliteRow final : public detail::Row {
 public:
  explicit SqliteRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
  bool IsNull(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  std::string_view Text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (text == nullptr) return {};
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
  }

 private:
  sqlite3_stmt* stmt_;
};

class SqliteConnection final : public detail::Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
    sqlite3_close_v2(db_);
  }

  detail::Dialect dialect() const override { return detail::Dialect::kSqlite; }
  std::int64_t ChangedRows() const override { return changes_; }
  bool LastErrorRetryable() const override { return retryable_; }
  std::string_view BeginWriteSql() const override { return "BEGIN IMMEDIATE"; }

  core::Status ExecScript(std::string_view sql) override {
    retryable_ = false;
    const std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      return Fail(rc, detail);
    }
    changes_ = sqlite3_changes64(db_);
    return core::Ok();
  }

  core::Status Run(std::string_view sql, std::span<const detail::Param> params,
                   const detail::RowHandler* on_row) override {
    retryable_ = false;
    auto cached = Prepare(sql);
    if (!cached) return std::move(cached).error();
    sqlite3_stmt* stmt = (*cached)->stmt;
    const auto& slots = (*cached)->slot_of_param;
    if (slots.size() != params.size()) {
      sqlite3_reset(stmt);
      return core::MakeError(ErrorCode::kInternal, "statement expects " + std::to_string(slots.size()) +
                                                      " parameters, got " + std::to_string(params.size()));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int slot = slots[i];
      if (slot == 0) continue;
      int rc = SQLITE_OK;
      if (const auto* number = std::get_if<std::int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(stmt, slot, *number);
      } else if (const auto* text = std::get_if<std::string_view>(&params[i])) {
        rc = sqlite3_bind_text64(stmt, slot, text->data(), text->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        rc = sqlite3_bind_null(stmt, slot);
      }
      if (rc != SQLITE_OK) {
        sqlite3_reset(stmt);
        return Fail(rc, sqlite3_errmsg(db_));
      }
    }
    SqliteRow row(stmt);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (on_row != nullptr) (*on_row)(row);
    }
    core::Status status = core::Ok();
    if (rc != SQLITE_DONE) status = Fail(rc, sqlite3_errmsg(db_));
    changes_ = sqlite3_changes64(db_);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return status;
  }

 private:
  core::Result<CachedStatement*> Prepare(std::string_view sql) {
    const auto found = cache_.find(std::string(sql));
    if (found != cache_.end()) return &found->second;
    CachedStatement cached;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &cached.stmt, nullptr);
    if (rc != SQLITE_OK) return Fail(rc, sqlite3_errmsg(db_));
    const int count = sqlite3_bind_parameter_count(cached.stmt);
    // Map $1..$k to slots; k is the highest number used.
    int highest = 0;
    for (int slot = 1; slot <= count; ++slot) {
      const char* name = sqlite3_bind_parameter_name(cached.stmt, slot);
      int number = 0;
      if (name != nullptr && name[0] == '$') {
        const std::string_view digits(name + 1);
        std::from_chars(digits.data(), digits.data() + digits.size(), number);
      }
      if (number <= 0) {
        sqlite3_finalize(cached.stmt);
        return core::MakeError(ErrorCode::kInternal, "SQL parameters must be $1, $2, …");
      }
      highest = std::max(highest, number);
    }
    cached.slot_of_param.assign(static_cast<std::size_t>(highest), 0);
    for (int number = 1; number <= highest; ++number) {
      std::string name = "$";  // built by append: g++ 12 -O3 warns (-Wrestrict) on "$" + to_string
      name += std::to_string(number);
      cached.slot_of_param[static_cast<std::size_t>(number - 1)] = sqlite3_bind_parameter_index(cached.stmt, name.c_str());
    }
    return &cache_.emplace(std::string(sql), std::move(cached)).first->second;
  }

  core::Error Fail(int rc, const std::string& message) {
    const int primary = rc & 0xff;
    retryable_ = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return core::MakeError(ErrorCode::kConflict, "unique constraint: " + message);
    }
    if (primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN || retryable_) {
      return core::MakeError(ErrorCode::kUnavailable, "sqlite: " + message);
    }
    return core::MakeError(ErrorCode::kInternal, "sqlite: " + message);
  }

  sqlite3* db_;
  std::unordered_map<std::string, CachedStatement> cache_;
  std::int64_t changes_ = 0;
  bool retryable_ = false;
};

}  // namespace

namespace {
// Process-wide settings, once, before the first connection: no global memory statistics (they
// take a mutex on every sqlite3_malloc, ~5% of an insert), connections are used by one thread
// at a time.
void ConfigureSqliteOnce() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    return sqlite3_initialize() == SQLITE_OK;
  }();
  (void)configured;
}
}  // namespace

core::Result<std::unique_ptr<detail::Connection>> OpenSqlite(const std::string& path, OpenMode mode) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  const int flags = (mode == OpenMode::kWriter ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) |
                    SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return core::MakeError(ErrorCode::kUnavailable, "cannot open SQLite database: " + message);
  }
  auto connection = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);  // tell a unique violation (kConflict) from other constraints
  // A larger lookaside keeps the small per-statement allocations off malloc.
  sqlite3_db_config(db, SQLITE_DBCONFIG_LOOKASIDE, nullptr, 1024, 1000);
  const char* pragmas = mode == OpenMode::kWriter
                            ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-8192;"
                              " PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=4000;"
                            : "PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;";
  ORDO_TRY(connection->ExecScript(pragmas));
  return std::unique_ptr<detail::Connection>(std::move(connection));
}

}  // namespace ordo::store::sqlite
