// The store suite on SQLite (always runs).
#include "store_fixture.hpp"

#include "store_suite.inc"  // the suite's TEST_Ps, instantiated per backend below
#include "entry_review_suite.inc"  // more of them: quarantine, originals, rule sets
#include "channel_store_suite.inc"  // and the channel connections and channel-order ingestion

namespace ordo::store::testing {
INSTANTIATE_TEST_SUITE_P(Sqlite, StoreSuite, ::testing::Values(Backend::kSqlite), BackendName);
}
