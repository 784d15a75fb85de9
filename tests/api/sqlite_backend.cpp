// The API suite's backend for api_test: a SQLite file in the test's temp dir.
#include "api_fixture.hpp"

namespace ordo::api::testing {

std::string BackendSkipReason() { return {}; }
TestDatabase CreateTestDatabase(const std::string& temp_dir) { return {"sqlite:" + temp_dir + "/ordo.db", ""}; }
void DropTestDatabase(const TestDatabase&) {}

}  // namespace ordo::api::testing
