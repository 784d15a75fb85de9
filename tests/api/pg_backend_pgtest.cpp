// The API suite's backend for api_pgtest: a fresh PostgreSQL database per test, created on the
// server named by ORDO_TEST_PG_URL (which must allow CREATE DATABASE) and dropped afterwards.
#include <libpq-fe.h>

#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "api_fixture.hpp"

namespace ordo::api::testing {
namespace {

std::string AdminUrl() {
  const char* url = std::getenv("ORDO_TEST_PG_URL");
  return url == nullptr ? std::string() : std::string(url);
}

// The same URL with another database name: postgresql://user@host:port/<name>?params.
std::string WithDatabase(const std::string& url, const std::string& name) {
  const std::size_t scheme_end = url.find("://");
  const std::size_t path = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  const std::size_t query = url.find('?');
  const std::string params = query == std::string::npos ? "" : url.substr(query);
  const std::string base = path == std::string::npos ? url.substr(0, query) : url.substr(0, path);
  return base + "/" + name + params;
}

bool Execute(const std::string& sql) {
  PGconn* connection = PQconnectdb(AdminUrl().c_str());
  bool ok = PQstatus(connection) == CONNECTION_OK;
  if (ok) {
    PGresult* result = PQexec(connection, sql.c_str());
    ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    if (!ok) ADD_FAILURE() << sql << ": " << PQerrorMessage(connection);
    PQclear(result);
  } else {
    ADD_FAILURE() << "cannot connect to ORDO_TEST_PG_URL: " << PQerrorMessage(connection);
  }
  PQfinish(connection);
  return ok;
}

}  // namespace

std::string BackendSkipReason() {
  return AdminUrl().empty() ? "ORDO_TEST_PG_URL is not set; PostgreSQL API tests skipped" : "";
}

TestDatabase CreateTestDatabase(const std::string&) {
  static std::atomic<int> sequence{0};
  const std::string name = "ordo_api_" + std::to_string(getpid()) + "_" + std::to_string(sequence++);
  if (!Execute("CREATE DATABASE " + name)) return {};
  return {WithDatabase(AdminUrl(), name), name};
}

void DropTestDatabase(const TestDatabase& database) {
  if (!database.name.empty()) Execute("DROP DATABASE IF EXISTS " + database.name + " WITH (FORCE)");
}

}  // namespace ordo::api::testing
