// The store's rule-engine tables on PostgreSQL (ORDO_TEST_PG_URL; skipped without it).
#include "rules_store_suite.inc"

namespace ordo::store::testing {
INSTANTIATE_TEST_SUITE_P(Postgres, RulesStoreSuite, ::testing::Values(Backend::kPostgres), BackendName);
}
