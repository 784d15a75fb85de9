#include "quality/order_normalizer.hpp"

#include <algorithm>
#include <optional>

#include "core/json.hpp"
#include "quality/address.hpp"

namespace ordo::quality {
namespace {

using order::Address;
using order::Order;
using order::OrderLine;

// ASCII blanks and U+3000 (ideographic space, E3 80 80), from both ends.
std::string_view Trimmed(std::string_view text) {
  for (;;) {
    if (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' || text.front() == '\n')) {
      text.remove_prefix(1);
    } else if (text.starts_with("\xE3\x80\x80")) {
      text.remove_prefix(3);
    } else {
      break;
    }
  }
  for (;;) {
    if (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) {
      text.remove_suffix(1);
    } else if (text.ends_with("\xE3\x80\x80")) {
      text.remove_suffix(3);
    } else {
      break;
    }
  }
  return text;
}

std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool InCharset(std::string_view text, RuleCharset charset) {
  return std::all_of(text.begin(), text.end(), [charset](char c) {
    const bool digit = c >= '0' && c <= '9';
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    switch (charset) {
      case RuleCharset::kDigits: return digit;
      case RuleCharset::kAlnum: return digit || alpha;
      case RuleCharset::kCode: return digit || alpha || c == '-' || c == '_' || c == '.' || c == '/';
      case RuleCharset::kPrintableAscii: return c >= 0x20 && c <= 0x7E;
    }
    return false;
  });
}

// The parse outcome the rules and the rewriting need; `parsed` views into the order's strings
// only until they are rewritten.
struct AddressFindings {
  bool parsed = false;  // a Chinese address was parsed
  bool resolved = false;
  bool contradiction = false;
  double confidence = 0;
  std::string_view problem;  // why it is not resolved (an AddressReasonName)
};

// Every city of the division table has district rows (东莞's and 中山's are their towns), so a
// resolved address names one.
bool Resolved(const ParsedAddress& parsed) {
  return parsed.district != nullptr && !parsed.reasons.Has(AddressReason::kContradiction);
}

std::string_view UnresolvedReason(const ParsedAddress& parsed) {
  for (const AddressReason reason :
       {AddressReason::kContradiction, AddressReason::kAmbiguousDistrict, AddressReason::kAmbiguousCity,
        AddressReason::kInvalidUtf8, AddressReason::kEmpty, AddressReason::kNotFound,
        AddressReason::kUnrecognisedField, AddressReason::kCityMissing, AddressReason::kDistrictMissing}) {
    if (parsed.reasons.Has(reason)) return AddressReasonName(reason);
  }
  return "district_missing";
}

void Replace(Order& order, std::string& target, std::string_view field, std::string value) {
  if (value == target) return;
  order.original_fields.push_back({std::string(field), std::move(target)});
  target = std::move(value);
}

// Rewrites province/city/district/street from the parse (see the header) and returns what the
// rules need to know.
AddressFindings NormalizeAddress(Order& order) {
  Address& address = order.shipping_address;
  AddressFindings findings;
  if (address.country != "CN") return findings;
  AddressInput input;
  input.province = address.province;
  input.city = address.city;
  input.district = address.district;
  input.street = address.street;
  const ParsedAddress parsed = ParseAddress(input);
  findings.parsed = true;
  findings.resolved = Resolved(parsed);
  findings.contradiction = parsed.reasons.Has(AddressReason::kContradiction);
  findings.confidence = parsed.confidence;
  if (!findings.resolved) findings.problem = UnresolvedReason(parsed);
  order.address_confidence = parsed.confidence;
  if (findings.contradiction) return findings;  // no guessing which name is the wrong one

  // Everything new is copied out of the parse before the first string is replaced (the parse's
  // street is a view into address.street).
  std::optional<std::string> province;
  std::optional<std::string> city;
  std::optional<std::string> district;
  std::optional<std::string> street;
  if (parsed.province != nullptr) province.emplace(parsed.province->name);
  // A placeholder (省直辖县级行政区划) is no name for people: the city field keeps what it had.
  if (parsed.city != nullptr && !parsed.city->placeholder && parsed.city->named_in_text) city.emplace(parsed.city->name);
  if (parsed.district != nullptr) district.emplace(parsed.district->name);
  const std::string_view rest = Trimmed(parsed.street);
  const char* street_begin = address.street.data();
  const bool rest_in_street =
      rest.data() >= street_begin && rest.data() + rest.size() <= street_begin + address.street.size();
  if (!rest.empty() && rest_in_street && rest.size() < address.street.size()) street.emplace(rest);

  if (province) Replace(order, address.province, "shipping_address.province", std::move(*province));
  if (city) Replace(order, address.city, "shipping_address.city", std::move(*city));
  if (district) Replace(order, address.district, "shipping_address.district", std::move(*district));
  if (street) Replace(order, address.street, "shipping_address.street", std::move(*street));
  return findings;
}

std::string_view TextOf(const Order& order, RuleField field, const OrderLine* line) {
  const Address& address = order.shipping_address;
  switch (field) {
    case RuleField::kName: return address.name;
    case RuleField::kPhone: return address.phone;
    case RuleField::kProvince: return address.province;
    case RuleField::kCity: return address.city;
    case RuleField::kDistrict: return address.district;
    case RuleField::kStreet: return address.street;
    case RuleField::kPostcode: return address.postcode;
    case RuleField::kCustomerRef: return order.customer_ref;
    case RuleField::kBuyerNote: return order.buyer_note;
    case RuleField::kLineSku: return line != nullptr ? std::string_view(line->sku) : std::string_view();
    case RuleField::kLineTitle: return line != nullptr ? std::string_view(line->title) : std::string_view();
    case RuleField::kAddress:
    case RuleField::kLineQty:
    case RuleField::kGrandTotal: return {};
  }
  return {};
}

// The order's field path of a catalogue field ("lines/2/sku" for line 2).
std::string FieldPath(RuleField field, std::size_t line_idx) {
  switch (field) {
    case RuleField::kLineSku: return "lines/" + std::to_string(line_idx) + "/sku";
    case RuleField::kLineTitle: return "lines/" + std::to_string(line_idx) + "/title";
    case RuleField::kLineQty: return "lines/" + std::to_string(line_idx) + "/qty";
    case RuleField::kGrandTotal: return "totals/grand_total";
    default: {
      std::string path(RuleFieldName(field));
      std::replace(path.begin(), path.end(), '.', '/');
      return path;
    }
  }
}

struct Context {
  const Order& order;
  const NormalizedPhone* phone;  // nullptr when there is no phone
  const AddressFindings& address;
};

// Whether the value passes; `reason` says more when it does not.
bool Passes(const EntryRule& rule, const Context& context, const OrderLine* line, std::string_view& reason) {
  switch (rule.check) {
    case RuleCheck::kRequired: return !Trimmed(TextOf(context.order, rule.field, line)).empty();
    case RuleCheck::kMaxLength: return CodePoints(TextOf(context.order, rule.field, line)) <= static_cast<std::size_t>(rule.max);
    case RuleCheck::kCharset: return InCharset(TextOf(context.order, rule.field, line), rule.charset);
    case RuleCheck::kPrefix: {
      const std::string_view text = TextOf(context.order, rule.field, line);
      if (text.empty()) return true;
      return std::any_of(rule.prefixes.begin(), rule.prefixes.end(),
                         [text](const std::string& prefix) { return text.starts_with(prefix); });
    }
    case RuleCheck::kPhoneValid:
      if (context.phone == nullptr || context.phone->valid) return true;
      reason = PhoneProblemName(context.phone->problem);
      return false;
    case RuleCheck::kPhoneMobile:
      if (context.phone == nullptr) return true;
      if (!context.phone->valid) {
        reason = PhoneProblemName(context.phone->problem);
        return false;
      }
      if (context.phone->type == PhoneType::kMobile || context.phone->type == PhoneType::kVirtual ||
          context.phone->type == PhoneType::kFixedOrMobile) {
        return true;
      }
      reason = "not_mobile";
      return false;
    case RuleCheck::kAddressResolved:
      if (!context.address.parsed || context.address.resolved) return true;
      reason = context.address.problem;
      return false;
    case RuleCheck::kAddressConfidenceMin:
      if (!context.address.parsed || context.address.confidence >= rule.min_confidence) return true;
      reason = "low_confidence";
      return false;
    case RuleCheck::kMinValue:
    case RuleCheck::kMaxValue: {
      const std::int64_t value = rule.field == RuleField::kGrandTotal ? context.order.totals.grand_total
                                 : line != nullptr                      ? line->qty
                                                                        : 0;
      return rule.check == RuleCheck::kMinValue ? value >= rule.min : value <= rule.max;
    }
  }
  return true;
}

bool PerLine(RuleField field) {
  return field == RuleField::kLineSku || field == RuleField::kLineTitle || field == RuleField::kLineQty;
}

void Judge(const EntryRule& rule, const Context& context, EntryVerdict& verdict) {
  const auto violate = [&](std::size_t line_idx, std::string_view reason) {
    verdict.violations.push_back({rule.id, FieldPath(rule.field, line_idx), rule.check, rule.action, reason});
  };
  std::string_view reason;
  if (!PerLine(rule.field)) {
    if (!Passes(rule, context, nullptr, reason)) violate(0, reason);
    return;
  }
  for (std::size_t line_idx = 0; line_idx < context.order.lines.size(); ++line_idx) {
    reason = {};
    if (!Passes(rule, context, &context.order.lines[line_idx], reason)) violate(line_idx, reason);
  }
}

std::string RuleMessage(const RuleViolation& violation) {
  std::string message = "rule " + violation.rule_id + ": ";
  switch (violation.check) {
    case RuleCheck::kRequired: message += "the field is required"; break;
    case RuleCheck::kMaxLength: message += "the field is too long"; break;
    case RuleCheck::kCharset: message += "the field holds characters the rule does not allow"; break;
    case RuleCheck::kPrefix: message += "the field does not start with an allowed prefix"; break;
    case RuleCheck::kPhoneValid: message += "not a valid phone number"; break;
    case RuleCheck::kPhoneMobile: message += "not a valid mobile number"; break;
    case RuleCheck::kAddressResolved: message += "the address does not resolve to one district"; break;
    case RuleCheck::kAddressConfidenceMin: message += "the address is too uncertain"; break;
    case RuleCheck::kMinValue: message += "the value is below the rule's minimum"; break;
    case RuleCheck::kMaxValue: message += "the value is above the rule's maximum"; break;
  }
  if (!violation.reason.empty()) {
    message += " (";
    message += violation.reason;
    message += ")";
  }
  message += violation.action == RuleAction::kReject ? "; rejects the order" : "; holds the order for review";
  return message;
}

}  // namespace

std::string CanonicalPhone(const NormalizedPhone& phone) {
  if (!phone.valid) return {};
  std::string canonical;
  if (phone.region == "CN") {
    for (const char c : phone.national) {
      if (c >= '0' && c <= '9') canonical.push_back(c);
    }
  }
  if (canonical.empty()) canonical = phone.e164;
  if (!phone.extension.empty()) {
    canonical += '-';
    canonical += phone.extension;
  }
  return canonical;
}

EntryVerdict NormalizeOrder(Order& order, const EntryRuleSet& rules) {
  Address& address = order.shipping_address;

  std::optional<NormalizedPhone> phone;
  if (!Trimmed(address.phone).empty()) {  // a blank phone is for `required` to judge
    const std::string_view region = address.country.size() == 2 ? std::string_view(address.country) : "CN";
    phone = NormalizePhone(address.phone, region);
    if (phone->valid) Replace(order, address.phone, "shipping_address.phone", CanonicalPhone(*phone));
  }
  const std::string_view name = Trimmed(address.name);
  if (name.size() != address.name.size()) Replace(order, address.name, "shipping_address.name", std::string(name));
  const AddressFindings findings = NormalizeAddress(order);

  EntryVerdict verdict;
  const Context context{order, phone ? &*phone : nullptr, findings};
  for (const EntryRule& rule : rules.rules) {
    if (rule.AppliesTo(order.channel)) Judge(rule, context, verdict);
  }
  for (const RuleViolation& violation : verdict.violations) {
    if (violation.action == RuleAction::kReject) {
      verdict.decision = EntryDecision::kReject;
      break;
    }
    verdict.decision = EntryDecision::kQuarantine;
  }
  return verdict;
}

std::string_view EntryDecisionName(EntryDecision decision) {
  switch (decision) {
    case EntryDecision::kAccept: return "accept";
    case EntryDecision::kQuarantine: return "quarantine";
    case EntryDecision::kReject: return "reject";
  }
  return "accept";
}

std::vector<core::FieldError> ViolationErrors(const EntryVerdict& verdict, std::string_view field_prefix) {
  std::vector<core::FieldError> errors;
  errors.reserve(verdict.violations.size());
  for (const RuleViolation& violation : verdict.violations) {
    errors.push_back(core::FieldError{std::string(field_prefix) + violation.field, std::string(RuleCheckName(violation.check)),
                                      RuleMessage(violation), violation.rule_id,
                                      std::string(RuleActionName(violation.action))});
  }
  return errors;
}

std::string QuarantineEventData(const EntryVerdict& verdict, std::int64_t rule_set_version) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "rule_set_version");
  writer.Int64(rule_set_version);
  core::WriteKey(writer, "violations");
  writer.StartArray();
  for (const RuleViolation& violation : verdict.violations) {
    writer.StartObject();
    core::WriteKey(writer, "rule");
    core::WriteString(writer, violation.rule_id);
    core::WriteKey(writer, "field");
    core::WriteString(writer, violation.field);
    core::WriteKey(writer, "code");
    core::WriteString(writer, RuleCheckName(violation.check));
    core::WriteKey(writer, "action");
    core::WriteString(writer, RuleActionName(violation.action));
    if (!violation.reason.empty()) {
      core::WriteKey(writer, "reason");
      core::WriteString(writer, violation.reason);
    }
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace ordo::quality
