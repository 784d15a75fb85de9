// The store's rule fact snapshots on SQLite (always runs).
#include "rule_fact_store_suite.inc"

namespace ordo::store::testing {
INSTANTIATE_TEST_SUITE_P(Sqlite, RuleFactStoreSuite, ::testing::Values(Backend::kSqlite), BackendName);
}
