// The store's rule-engine tables on SQLite (always runs).
#include "rules_store_suite.inc"

namespace ordo::store::testing {
INSTANTIATE_TEST_SUITE_P(Sqlite, RulesStoreSuite, ::testing::Values(Backend::kSqlite), BackendName);
}
