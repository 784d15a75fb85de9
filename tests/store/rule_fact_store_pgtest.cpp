// The store's rule fact snapshots on PostgreSQL (ORDO_TEST_PG_URL; skipped without it).
#include "rule_fact_store_suite.inc"

namespace ordo::store::testing {
INSTANTIATE_TEST_SUITE_P(Postgres, RuleFactStoreSuite, ::testing::Values(Backend::kPostgres), BackendName);
}
