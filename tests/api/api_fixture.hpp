#pragma once
// The API test fixture: a fresh database (SQLite file in a temp dir, or a fresh PostgreSQL
// database in the *_pgtest binary), a real `ordo serve` on it, and a keep-alive client.
#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"

namespace ordo::api::testing {

// Implemented once per test binary: sqlite_backend.cpp or pg_backend_pgtest.cpp.
struct TestDatabase {
  std::string url;
  std::string name;  // PostgreSQL: the database to drop afterwards
};
std::string BackendSkipReason();  // "" when the backend can be used
TestDatabase CreateTestDatabase(const std::string& temp_dir);
void DropTestDatabase(const TestDatabase& database);

// Knobs for a valid canonical order.
struct OrderSpec {
  std::string channel = "api";
  std::string province = "浙江省";
  // "" = a city and district of `province` (杭州市 西湖区 for 浙江省, 广州市 天河区 for 广东省), so
  // that the address resolves and the default entry rules accept the order.
  std::string city;
  std::string district;
  std::string phone = "13812345678";
  std::string status = "paid";
  std::string created_at = "2026-11-20T10:00:00+08:00";
  std::string customer_ref = "cust-1";
  std::string buyer_note;
  std::int64_t qty = 2;
  std::int64_t unit_price = 1999;
  int lines = 1;
};
std::string OrderJson(const std::string& external_id, const OrderSpec& spec = {});

rapidjson::Document ParseBody(const std::string& body);

// The admin every test's database starts with (created with `ordo admin create-user`).
inline constexpr const char* kAdminUser = "admin";
inline constexpr const char* kAdminPassword = "admin-test-password-1";

// Runs `program` (found on PATH) with `args`, no shell, its output appended to `log_file`;
// the exit code.
int RunProgram(const std::string& program, const std::vector<std::string>& args, const std::string& log_file);
// The same for the ordo binary under test.
int RunOrdo(const std::vector<std::string>& args, const std::string& log_file);
std::string ReadFile(const std::string& path);

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // `ordo admin create-user` on the test database; the exit code.
  int CreateUser(const std::string& username, const std::string& password, const std::string& role,
                 const std::vector<std::string>& scopes = {});
  // One SQL statement straight on the test database (sqlite3 or psql): for tamper tests.
  int ExecuteSql(const std::string& sql);
  // POST /api/v1/auth/login; the session token, or "" (with a test failure) when refused.
  std::string Login(const std::string& username, const std::string& password);
  // A client of its own that sends `token`.
  std::unique_ptr<HttpClient> ClientWithToken(const std::string& token) {
    return std::make_unique<HttpClient>(port(), token);
  }

  // (Re)starts the server on the same database; asserts it listens. The default client()
  // is signed in as the admin (one login per test; the session survives restarts).
  void StartServer();
  void RestartServer();
  HttpClient& client() { return *client_; }
  std::uint16_t port() const { return server_->port(); }
  ServerProcess& server() { return *server_; }
  void DropServer() { client_.reset(); server_.reset(); }

  // Every order in the database via the list (newest first), all pages.
  std::vector<rapidjson::Document> AllOrders();
  // Number of orders, by paging through the whole list.
  std::size_t CountOrders();

  std::string temp_dir_;
  std::vector<std::string> server_args_;  // extra `ordo serve` flags for the next (re)start
  TestDatabase database_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
  std::string admin_token_;
};

}  // namespace ordo::api::testing
