#include "store_fixture.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

namespace ordo::store::testing {
namespace {

bool RunAdminSql(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  if (ok) {
    PGresult* result = PQexec(conn, sql.c_str());
    ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    if (!ok) ADD_FAILURE() << "admin SQL failed: " << PQerrorMessage(conn);
    PQclear(result);
  } else {
    ADD_FAILURE() << "cannot connect to ORDO_TEST_PG_URL";
  }
  PQfinish(conn);
  return ok;
}

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device device;
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(device() % 100000);
}

}  // namespace

ScratchDatabase::ScratchDatabase(Backend backend) : backend_(backend) {
  if (backend == Backend::kSqlite) {
    folder_ = (std::filesystem::temp_directory_path() / ("ordo_store_test_" + UniqueSuffix())).string();
    std::filesystem::create_directories(folder_);
    url_ = "sqlite:" + folder_ + "/ordo.db";
    return;
  }
  const char* base = std::getenv("ORDO_TEST_PG_URL");
  if (base == nullptr || *base == '\0') return;
  admin_url_ = base;
  db_name_ = "ordo_t_" + UniqueSuffix();
  if (!RunAdminSql(admin_url_, "CREATE DATABASE " + db_name_)) return;
  // Replace the database name (the path after the last '/', before any '?').
  std::string url = admin_url_;
  const auto query = url.find('?');
  const std::string params = query == std::string::npos ? "" : url.substr(query);
  url = url.substr(0, query);
  url = url.substr(0, url.rfind('/') + 1) + db_name_ + params;
  url_ = url;
}

ScratchDatabase::~ScratchDatabase() {
  if (backend_ == Backend::kSqlite) {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  } else if (!db_name_.empty()) {
    RunAdminSql(admin_url_, "DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
  }
}

namespace {

// Runs `sql` on PostgreSQL; rows' first column go to `out` (when given).
bool RunPgSql(const std::string& url, const std::string& sql, std::string* out) {
  PGconn* conn = PQconnectdb(url.c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  if (ok) {
    PGresult* result = PQexec(conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    for (int row = 0; ok && out != nullptr && row < PQntuples(result); ++row) {
      if (!out->empty()) *out += '\n';
      *out += PQgetvalue(result, row, 0);
    }
    PQclear(result);
  }
  PQfinish(conn);
  return ok;
}

bool RunSqliteSql(const std::string& path, const std::string& sql, std::string* out) {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK;
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* statement = nullptr;
  ok = ok && sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK;
  int step = SQLITE_ROW;
  while (ok && (step = sqlite3_step(statement)) == SQLITE_ROW) {
    if (out == nullptr) continue;
    if (!out->empty()) *out += '\n';
    const unsigned char* text = sqlite3_column_text(statement, 0);
    if (text != nullptr) *out += reinterpret_cast<const char*>(text);
  }
  ok = ok && step == SQLITE_DONE;
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return ok;
}

}  // namespace

bool ScratchDatabase::Execute(const std::string& sql) const {
  return backend_ == Backend::kSqlite ? RunSqliteSql(folder_ + "/ordo.db", sql, nullptr) : RunPgSql(url_, sql, nullptr);
}

std::string ScratchDatabase::SelectText(const std::string& sql) const {
  std::string out;
  const bool ok =
      backend_ == Backend::kSqlite ? RunSqliteSql(folder_ + "/ordo.db", sql, &out) : RunPgSql(url_, sql, &out);
  EXPECT_TRUE(ok) << "SQL failed: " << sql;
  return out;
}

order::Order MakeOrder(const std::string& external_id, std::int64_t qty) {
  order::Order order;
  order.channel = "api";
  order.external_id = external_id;
  order.status = order::OrderStatus::kPaid;
  order.currency = "CNY";
  order.customer_ref = "cust-" + external_id;
  order.created_at = 1'790'000'000'000;
  order.lines = {{"TEA-001", "龙井茶", qty, 12800, 0, 12800 * qty}, {"CUP-002", "玻璃杯", 1, 3900, 0, 3900}};
  order.shipping_address = {"张三", "13812345678", "浙江省", "杭州市", "西湖区", "文三路 100 号", "310000", "CN"};
  order.totals = {12800 * qty + 3900, 1000, 0, 0, 12800 * qty + 3900 + 1000};
  return order;
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgresql";
}

}  // namespace ordo::store::testing
