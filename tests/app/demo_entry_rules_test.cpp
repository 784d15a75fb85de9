// The demo data against the default entry rules: `ordo demo` and the load generator's bodies
// must be what a clean channel sends — accepted, already canonical, nothing held.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "app/demo_data.hpp"
#include "order/order_json.hpp"
#include "quality/order_normalizer.hpp"

namespace ordo::app {
namespace {

TEST(DemoEntryRules, EveryDemoOrderIsAcceptedByTheDefaultRulesAndAlreadyCanonical) {
  DemoSpec spec;
  spec.orders = 3000;
  spec.seed = 42;
  spec.now = 1'795'000'000'000;
  spec.with_timeline = false;
  std::map<std::string, int> refused;
  for (const DemoOrder& demo : GenerateDemoOrders(spec)) {
    // Through the intake's path: the client JSON, parsed, then normalised.
    auto parsed = order::ParseOrder(DemoOrderJson(demo.order), order::ParseOptions{.address_required = false}, spec.now);
    ASSERT_TRUE(parsed.has_value());
    const quality::EntryVerdict verdict = quality::NormalizeOrder(*parsed, quality::DefaultEntryRules());
    for (const quality::RuleViolation& violation : verdict.violations) {
      ++refused[violation.rule_id + " " + demo.order.shipping_address.city + demo.order.shipping_address.district];
    }
    EXPECT_THAT(parsed->original_fields, ::testing::IsEmpty()) << parsed->original_fields.front().field;
  }
  EXPECT_THAT(refused, ::testing::IsEmpty());
}

}  // namespace
}  // namespace ordo::app
