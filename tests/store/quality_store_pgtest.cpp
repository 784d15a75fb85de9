// The store's data-quality suite on PostgreSQL (ORDO_TEST_PG_URL; skipped without it).
#include "quality_store_suite.inc"

namespace ordo::store::testing {
INSTANTIATE_TEST_SUITE_P(Postgres, QualityStoreSuite, ::testing::Values(Backend::kPostgres), BackendName);
}
