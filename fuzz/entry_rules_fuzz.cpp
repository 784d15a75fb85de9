// Fuzzes the entry rule document parser (quality/entry_rules.hpp: the body of PUT
// /api/v1/quality/rules) and the order normaliser that applies what it accepts.
//
// A clean refusal is correct behaviour; every refusal names a JSON pointer ("" or starting with
// "/"). A finding is a crash, a sanitizer report, or a broken invariant of an accepted set:
//   1. at most kMaxEntryRules rules, unique ids, every check applicable to its field;
//   2. the canonical document round-trips: ParseEntryRules(EntryRulesToJson(s)) accepts and
//      writes the same document again (what GET answers is what PUT accepts);
//   3. NormalizeOrder of a fixed dirty order under the set: the decision is reject exactly when
//      a rejecting rule was violated, quarantine when only others were, accept when none; every
//      violation names a rule of the set; normalising the result again changes nothing.
//
// Run: scripts/fuzz-smoke.sh, or by hand:
//   build-fuzz/fuzz/entry_rules_fuzz -dict=fuzz/entry_rules.dict build-fuzz/corpus/entry_rules fuzz/corpus/entry_rules
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "quality/entry_rules.hpp"
#include "quality/order_normalizer.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace ordo;

order::Order DirtyOrder() {
  order::Order order;
  order.channel = "tmall";
  order.external_id = "F-1";
  order.currency = "CNY";
  order.customer_ref = "客户-7";
  order.lines = {{.sku = "SKU-1", .title = "保温杯", .qty = 3, .unit_price = 1999, .discount = 0, .line_total = 5997},
                 {.sku = "gift", .title = "", .qty = 1, .unit_price = 0, .discount = 0, .line_total = 0}};
  order.shipping_address = {.name = " 张三 ", .phone = "＋86 138-1234-5678", .province = "浙江", .city = "杭州",
                            .district = "", .street = "西湖区文三路100号", .postcode = "31OOOO", .country = "CN"};
  order.totals = {.items = 5997, .shipping = 0, .discount = 0, .tax = 0, .grand_total = 5997};
  return order;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view document(reinterpret_cast<const char*>(data), size);
  const core::Result<quality::EntryRuleSet> parsed = quality::ParseEntryRules(document);
  if (!parsed) {
    for (const core::FieldError& error : parsed.error().fields) {
      FUZZ_CHECK(error.field.empty() || error.field.front() == '/', document);
    }
    return 0;
  }
  const quality::EntryRuleSet& rules = *parsed;
  FUZZ_CHECK(rules.rules.size() <= quality::kMaxEntryRules, document);
  std::set<std::string> ids;
  for (const quality::EntryRule& rule : rules.rules) {
    FUZZ_CHECK(ids.insert(rule.id).second, document);
    FUZZ_CHECK(quality::CheckApplies(rule.check, rule.field), document);
  }

  const std::string canonical = quality::EntryRulesToJson(rules);
  const auto again = quality::ParseEntryRules(canonical);
  FUZZ_CHECK(again.has_value(), document);
  FUZZ_CHECK(quality::EntryRulesToJson(*again) == canonical, document);

  order::Order order = DirtyOrder();
  const quality::EntryVerdict verdict = quality::NormalizeOrder(order, rules);
  bool any_reject = false;
  for (const quality::RuleViolation& violation : verdict.violations) {
    FUZZ_CHECK(ids.count(violation.rule_id) == 1, document);
    any_reject = any_reject || violation.action == quality::RuleAction::kReject;
  }
  const quality::EntryDecision expected = any_reject                    ? quality::EntryDecision::kReject
                                          : verdict.violations.empty() ? quality::EntryDecision::kAccept
                                                                       : quality::EntryDecision::kQuarantine;
  FUZZ_CHECK(verdict.decision == expected, document);
  order::Order twice = order;
  twice.original_fields.clear();
  (void)quality::NormalizeOrder(twice, rules);
  FUZZ_CHECK(twice.original_fields.empty(), document);
  FUZZ_CHECK(twice.shipping_address == order.shipping_address, document);
  return 0;
}
