// The store's data-quality suite on SQLite (always runs).
#include "quality_store_suite.inc"

namespace ordo::store::testing {
INSTANTIATE_TEST_SUITE_P(Sqlite, QualityStoreSuite, ::testing::Values(Backend::kSqlite), BackendName);
}
