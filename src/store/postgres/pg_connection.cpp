#include "store/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace ordo::store::postgres {
namespace {

using core::ErrorCode;

// Owns a PGresult.
struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class PgRow final : public detail::Row {
 public:
  PgRow(const PGresult* result, int row) : result_(result), row_(row) {}
  bool IsNull(int column) const override { return PQgetisnull(result_, row_, column) != 0; }
  std::int64_t Int(int column) const override {
    const char* text = PQgetvalue(result_, row_, column);
    std::int64_t value = 0;
    std::from_chars(text, text + PQgetlength(result_, row_, column), value);
    return value;
  }
  std::string_view Text(int column) const override {
    return {PQgetvalue(result_, row_, column), static_cast<std::size_t>(PQgetlength(result_, row_, column))};
  }

 private:
  const PGresult* result_;
  int row_;
};

class PgConnection final : public detail::Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  detail::Dialect dialect() const override { return detail::Dialect::kPostgres; }
  std::int64_t ChangedRows() const override { return changes_; }
  bool LastErrorRetryable() const override { return retryable_; }
  std::string_view BeginWriteSql() const override { return "BEGIN"; }

  core::Status ExecScript(std::string_view sql) override {
    retryable_ = false;
    const std::string text(sql);
    ResultPtr result(PQexec(conn_, text.c_str()));
    return Check(result.get(), nullptr);
  }

  core::Status Run(std::string_view sql, std::span<const detail::Param> params,
                   const detail::RowHandler* on_row) override {
    retryable_ = false;
    auto name = Prepare(sql);
    if (!name) return std::move(name).error();
    // Text-format parameters; numbers are formatted into one scratch buffer.
    values_.assign(params.size(), nullptr);
    lengths_.assign(params.size(), 0);
    scratch_.resize(params.size() * 24);
    if (owned_.size() < params.size()) owned_.resize(params.size());  // before taking c_str()s
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (const auto* number = std::get_if<std::int64_t>(&params[i])) {
        char* begin = scratch_.data() + i * 24;
        char* end = std::to_chars(begin, begin + 23, *number).ptr;
        *end = '\0';
        values_[i] = begin;
        lengths_[i] = static_cast<int>(end - begin);
      } else if (const auto* text = std::get_if<std::string_view>(&params[i])) {
        // libpq reads text parameters up to their NUL; copy into owned strings.
        owned_[i].assign(text->data(), text->size());
        values_[i] = owned_[i].c_str();
        lengths_[i] = static_cast<int>(text->size());
      }
    }
    ResultPtr result(PQexecPrepared(conn_, (*name)->c_str(), static_cast<int>(params.size()), values_.data(),
                                    lengths_.data(), nullptr, 0));
    return Check(result.get(), on_row);
  }

 private:
  core::Result<const std::string*> Prepare(std::string_view sql) {
    const auto found = names_.find(std::string(sql));
    if (found != names_.end()) return &found->second;
    std::string name = "s" + std::to_string(names_.size() + 1);
    const std::string text(sql);
    ResultPtr result(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
    ORDO_TRY(Check(result.get(), nullptr));
    return &names_.emplace(text, std::move(name)).first->second;
  }

  core::Status Check(PGresult* result, const detail::RowHandler* on_row) {
    const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      const char* tuples = PQcmdTuples(result);
      changes_ = 0;
      if (tuples != nullptr && *tuples != '\0') std::from_chars(tuples, tuples + std::strlen(tuples), changes_);
      if (on_row != nullptr) {
        const int rows = PQntuples(result);
        for (int row_idx = 0; row_idx < rows; ++row_idx) (*on_row)(PgRow(result, row_idx));
      }
      return core::Ok();
    }
    if (PQstatus(conn_) == CONNECTION_BAD) {
      // The prepared statements died with the session; reconnect for the next unit.
      names_.clear();
      PQreset(conn_);
      retryable_ = true;
      return core::MakeError(ErrorCode::kUnavailable, "postgresql connection lost");
    }
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state != nullptr ? state : "";
    const char* primary = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    // The primary message names constraints and columns, never row values (those are in DETAIL,
    // which we do not read), so it is safe to log.
    const std::string message = primary != nullptr ? primary : PQerrorMessage(conn_);
    retryable_ = sqlstate == "40001" || sqlstate == "40P01";
    if (sqlstate == "23505") return core::MakeError(ErrorCode::kConflict, "unique constraint: " + message);
    if (retryable_) return core::MakeError(ErrorCode::kUnavailable, "postgresql: " + message);
    return core::MakeError(ErrorCode::kInternal, "postgresql " + sqlstate + ": " + message);
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> names_;
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<char> scratch_;
  std::vector<std::string> owned_;
  std::int64_t changes_ = 0;
  bool retryable_ = false;
};

}  // namespace

core::Result<std::unique_ptr<detail::Connection>> OpenPostgres(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    // libpq's message can echo the URI's password; say only that it failed.
    PQfinish(conn);
    return core::MakeError(ErrorCode::kUnavailable, "cannot connect to PostgreSQL");
  }
  auto connection = std::make_unique<PgConnection>(conn);
  ORDO_TRY(connection->ExecScript("SET client_min_messages = warning; SET synchronous_commit = on;"));
  return std::unique_ptr<detail::Connection>(std::move(connection));
}

}  // namespace ordo::store::postgres
