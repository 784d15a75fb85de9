// The store's customer tables on PostgreSQL (ORDO_TEST_PG_URL; skipped without it).
#include "customer_store_suite.inc"

namespace ordo::store::testing {
INSTANTIATE_TEST_SUITE_P(Postgres, CustomerStoreSuite, ::testing::Values(Backend::kPostgres), BackendName);
}
