#pragma once
// Normalisation at the door: one canonical order in, the same order with its phone and address
// in canonical form, plus the verdict of the entry rules (quality/entry_rules.hpp) on it.
// Pure and thread-safe; it runs on every ingest, so it is measured (bench/quality/
// order_normalizer_benchmark.cpp: a few microseconds per order).
//
// What changes (each changed field's value as sent goes to order.original_fields):
//   shipping_address.phone     a valid number in its storage form (CanonicalPhone):
//                              "＋86 138-1234-5678" → "13812345678", "(0571)8888-8888转123"
//                              → "057188888888-123", "+1 415 555 2671" → "+14155552671";
//                              an invalid number is left as it was
//   shipping_address.province  the GB/T 2260 names quality::ParseAddress resolved
//   .city / .district          ("浙江" → "浙江省", 西湖区 filled from "西湖区文三路…" in the
//                              street), unless the address contradicts itself: then nothing
//                              is rewritten (the rules decide what happens to it)
//   shipping_address.street    without the division names it started with, when it repeated them
//   shipping_address.name      leading and trailing blanks removed (also U+3000)
// Addresses are parsed only when shipping_address.country is CN; order.address_confidence is
// set for those (0–1), and the address checks pass for addresses abroad.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "order/order.hpp"
#include "quality/entry_rules.hpp"
#include "quality/phone.hpp"

namespace ordo::quality {

struct RuleViolation {
  std::string rule_id;
  // The order's field path, spelled like ParseOrder's errors: "shipping_address/phone",
  // "lines/2/sku", "shipping_address" for the whole address.
  std::string field;
  RuleCheck check = RuleCheck::kRequired;
  RuleAction action = RuleAction::kReject;
  // What the check found, when it knows more than "no" (static storage, never a value): a phone
  // problem ("unassigned_mobile_range"), an address reason ("ambiguous_district"), "not_mobile",
  // "low_confidence". Empty otherwise.
  std::string_view reason;
};

enum class EntryDecision : std::uint8_t {
  kAccept,      // no violation
  kQuarantine,  // violations, none of them rejecting: store the order on_hold (data_review)
  kReject,      // at least one rejecting violation: 422, nothing written
};

struct EntryVerdict {
  EntryDecision decision = EntryDecision::kAccept;
  std::vector<RuleViolation> violations;  // every violated rule, in rule-set order
};

// Normalises `order` in place (see the top of this file) and judges it with the rules of
// `rules` that apply to its channel. Never fails: a value it cannot read is left as it is and
// reported by whichever rule cares.
EntryVerdict NormalizeOrder(order::Order& order, const EntryRuleSet& rules);

// The storage form of a valid number: Chinese numbers as national digits (mobiles 11 digits,
// landlines with their 0 area code), others in E.164; an extension follows after "-".
// NormalizePhone(CanonicalPhone(p)) gives p again. "" for an invalid number.
std::string CanonicalPhone(const NormalizedPhone& phone);

std::string_view EntryDecisionName(EntryDecision decision);  // "accept", "quarantine", "reject"

// The violations as problem errors ({field, code = check name, message, rule, action}); every
// field path is put after `field_prefix` ("orders/3/" in a batch). Messages name the rule and
// what it wants, never the value.
std::vector<core::FieldError> ViolationErrors(const EntryVerdict& verdict, std::string_view field_prefix = {});

// What the timeline records of a quarantine (the store adds it to the on_hold event's from/to/
// reason): {"rule_set_version": N, "violations": [{"rule", "field", "code", "action",
// "reason"?}, …]} — no personal data.
std::string QuarantineEventData(const EntryVerdict& verdict, std::int64_t rule_set_version);

}  // namespace ordo::quality
