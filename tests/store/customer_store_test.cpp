// The store's customer tables on SQLite (always runs).
#include "customer_store_suite.inc"

namespace ordo::store::testing {
INSTANTIATE_TEST_SUITE_P(Sqlite, CustomerStoreSuite, ::testing::Values(Backend::kSqlite), BackendName);
}
