#pragma once
// Entry rules: which fields an order must carry and in what form, per channel, as data (JSON),
// and what a violation does to the order — reject it at the door (422) or accept it on hold
// for a person to check (quarantine, hold reason data_review). Pure; a parsed EntryRuleSet is
// immutable and safe to share between threads.
//
//   {"rules": [
//     {"id": "phone-valid", "field": "shipping_address.phone", "check": "phone_valid",
//      "on_violation": "quarantine"},
//     {"id": "tmall-confidence", "channel": "tmall", "field": "shipping_address",
//      "check": "address_confidence_min", "min": 0.8, "on_violation": "quarantine"},
//     {"id": "sku-prefix", "field": "lines[*].sku", "check": "prefix", "prefixes": ["SKU-", "GIFT-"],
//      "on_violation": "reject"}]}
//
// ParseEntryRules reads such a document and reports every bad node at once, each as a JSON
// pointer (RFC 6901) with a code: {"/rules/1/check", "check_not_applicable"}. docs/quality.md
// ("Entry rules") has the catalogue of fields, checks and parameters, and the default set.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/result.hpp"

namespace ordo::quality {

// The fields a rule can name: a closed catalogue over the canonical order.
enum class RuleField : std::uint8_t {
  kAddress,      // "shipping_address": the address as a whole (address_resolved, address_confidence_min)
  kName,         // "shipping_address.name"
  kPhone,        // "shipping_address.phone"
  kProvince,     // "shipping_address.province"
  kCity,         // "shipping_address.city"
  kDistrict,     // "shipping_address.district"
  kStreet,       // "shipping_address.street"
  kPostcode,     // "shipping_address.postcode"
  kCustomerRef,  // "customer_ref"
  kBuyerNote,    // "buyer_note"
  kLineSku,      // "lines[*].sku": every line
  kLineTitle,    // "lines[*].title"
  kLineQty,      // "lines[*].qty"
  kGrandTotal,   // "totals.grand_total" (minor units)
};
inline constexpr int kRuleFieldCount = 14;

enum class RuleCheck : std::uint8_t {
  kRequired,              // text fields: present and not blank
  kMaxLength,             // text fields: at most `max` characters (code points)
  kCharset,               // text fields: only characters of `charset`
  kPrefix,                // text fields: starts with one of `prefixes`
  kPhoneValid,            // phone: a valid number (quality::NormalizePhone, region = address country)
  kPhoneMobile,           // phone: a valid mobile (also virtual-operator and privacy-relay numbers)
  kAddressResolved,       // address: resolved to a district, no contradiction
  kAddressConfidenceMin,  // address: address_confidence ≥ `min` (0–1)
  kMinValue,              // numbers: ≥ `min`
  kMaxValue,              // numbers: ≤ `max`
};
inline constexpr int kRuleCheckCount = 10;

enum class RuleAction : std::uint8_t {
  kReject,      // 422: the order is not written
  kQuarantine,  // accepted on_hold with hold reason data_review
};

// Character classes for kCharset. Empty values pass every format check (kRequired is what
// catches those).
enum class RuleCharset : std::uint8_t {
  kDigits,        // 0-9
  kAlnum,         // 0-9 A-Z a-z
  kCode,          // 0-9 A-Z a-z - _ . /   (SKUs, references)
  kPrintableAscii,  // U+0020–U+007E
};

struct EntryRule {
  std::string id;          // [a-z0-9][a-z0-9_.-]{0,63}, unique in the set
  std::string channel = "*";  // "*" = every channel, else one channel name
  RuleField field = RuleField::kName;
  RuleCheck check = RuleCheck::kRequired;
  RuleAction action = RuleAction::kReject;
  // Parameters (only the check's own are set; the document names them "max", "min", …).
  std::int64_t max = 0;        // kMaxLength (≥ 1), kMaxValue
  std::int64_t min = 0;        // kMinValue
  double min_confidence = 0;   // kAddressConfidenceMin ("min", 0–1)
  RuleCharset charset = RuleCharset::kDigits;
  std::vector<std::string> prefixes;  // kPrefix: 1–20 non-empty prefixes
  std::string description;     // optional, for people; ≤ 200 bytes

  bool AppliesTo(std::string_view order_channel) const { return channel == "*" || channel == order_channel; }
};

struct EntryRuleSet {
  std::vector<EntryRule> rules;
  // Which stored version this is; 0 = the built-in default (nothing stored yet). Set by the
  // loader, not part of the document.
  std::int64_t version = 0;
};

inline constexpr std::size_t kMaxEntryRules = 200;

// Reads a rule set document. kMalformed when it is not JSON (the detail says where);
// kInvalidArgument listing every bad node as {JSON pointer, code, message}: "type", "required",
// "unknown_field", "format" (id, channel), "enum" (field, check, on_violation, charset names),
// "check_not_applicable" (check on a field it cannot judge), "duplicate" (id), "out_of_range",
// "not_applicable" (a parameter its check does not take), "too_many". The read-only members a
// GET answer adds ("version", "created_at", "created_by") are ignored, so a GET body can be PUT
// back as it is.
core::Result<EntryRuleSet> ParseEntryRules(std::string_view json);

// The document: {"rules": [...]} with every rule in its canonical form (defaults written out).
// ParseEntryRules(EntryRulesToJson(set)) gives the same rules.
std::string EntryRulesToJson(const EntryRuleSet& set);
// Just the "rules" array, into an open writer (for an answer that adds version and metadata).
void WriteEntryRuleArray(const EntryRuleSet& set, core::JsonWriter& writer);

// The rules Ordo applies until someone stores a set (docs/quality.md lists them): the
// recipient's name, province, city and street required (reject: an order cannot ship without
// them); the phone required and valid, and the address resolved to a district (quarantine).
const EntryRuleSet& DefaultEntryRules();

std::string_view RuleFieldName(RuleField field);     // "shipping_address.phone", "lines[*].sku"
std::string_view RuleCheckName(RuleCheck check);     // "phone_valid"
std::string_view RuleActionName(RuleAction action);  // "reject", "quarantine"
std::string_view RuleCharsetName(RuleCharset charset);  // "digits", "alnum", "code", "printable_ascii"

// Whether `check` can judge `field` (phone checks only on the phone, address checks only on the
// whole address, value checks only on numbers, text checks on every text field).
bool CheckApplies(RuleCheck check, RuleField field);

}  // namespace ordo::quality
