// The store's inventory tables on SQLite (always runs).
#include "inventory_store_suite.inc"

namespace ordo::store::testing {
INSTANTIATE_TEST_SUITE_P(Sqlite, InventoryStoreSuite, ::testing::Values(Backend::kSqlite), BackendName);
}
