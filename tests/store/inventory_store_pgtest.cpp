// The store's inventory tables on PostgreSQL (ORDO_TEST_PG_URL; skipped without it).
#include "inventory_store_suite.inc"

namespace ordo::store::testing {
INSTANTIATE_TEST_SUITE_P(Postgres, InventoryStoreSuite, ::testing::Values(Backend::kPostgres), BackendName);
}
