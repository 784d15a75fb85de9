// The store suite on PostgreSQL (needs ORDO_TEST_PG_URL; scripts/with-postgres.sh sets it).
#include "store_fixture.hpp"

#include "store_suite.inc"  // the suite's TEST_Ps, instantiated per backend below
#include "entry_review_suite.inc"  // more of them: quarantine, originals, rule sets
#include "channel_store_suite.inc"  // and the channel connections and channel-order ingestion

namespace ordo::store::testing {
INSTANTIATE_TEST_SUITE_P(Postgres, StoreSuite, ::testing::Values(Backend::kPostgres), BackendName);
}
