#include "quality/entry_rules.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <set>

#include "core/assert.hpp"
#include "core/json_pointer.hpp"
#include "core/utf8.hpp"

namespace ordo::quality {
namespace {

constexpr std::array<std::string_view, kRuleFieldCount> kFieldNames = {
    "shipping_address",          "shipping_address.name",   "shipping_address.phone",
    "shipping_address.province", "shipping_address.city",   "shipping_address.district",
    "shipping_address.street",   "shipping_address.postcode", "customer_ref",
    "buyer_note",                "lines[*].sku",            "lines[*].title",
    "lines[*].qty",              "totals.grand_total",
};

constexpr std::array<std::string_view, kRuleCheckCount> kCheckNames = {
    "required",         "max_length",             "charset",   "prefix",    "phone_valid",
    "phone_mobile",     "address_resolved",       "address_confidence_min", "min_value", "max_value",
};

constexpr std::array<std::string_view, 2> kActionNames = {"reject", "quarantine"};
constexpr std::array<std::string_view, 4> kCharsetNames = {"digits", "alnum", "code", "printable_ascii"};

constexpr std::size_t kMaxPrefixes = 20;
constexpr std::size_t kMaxPrefixBytes = 64;
constexpr std::size_t kMaxDescriptionBytes = 200;
constexpr std::int64_t kMaxLengthLimit = 100'000;

template <class Enum, std::size_t N>
std::optional<Enum> FindName(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t name_idx = 0; name_idx < N; ++name_idx) {
    if (names[name_idx] == name) return static_cast<Enum>(name_idx);
  }
  return std::nullopt;
}

bool IsRuleId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (std::size_t char_idx = 0; char_idx < id.size(); ++char_idx) {
    const char c = id[char_idx];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (char_idx == 0 || (c != '_' && c != '-' && c != '.'))) return false;
  }
  return true;
}

// The same spelling as order channels (order_json.cpp), or "*".
bool IsChannelPattern(std::string_view channel) {
  if (channel == "*") return true;
  if (channel.empty() || channel.size() > 32) return false;
  for (const char c : channel) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string PointerToken(std::string_view name) { return core::JsonPointerToken(name); }

class Problems {
 public:
  void Add(std::string pointer, std::string code, std::string message) {
    errors_.push_back(core::FieldError{std::move(pointer), std::move(code), std::move(message)});
  }
  bool ok() const { return errors_.empty(); }
  std::size_t count() const { return errors_.size(); }
  std::vector<core::FieldError> Take() { return std::move(errors_); }

 private:
  std::vector<core::FieldError> errors_;
};

// Which parameters a check takes.
struct ParamNeeds {
  bool max = false;
  bool min = false;
  bool charset = false;
  bool prefixes = false;
};

ParamNeeds NeedsOf(RuleCheck check) {
  switch (check) {
    case RuleCheck::kMaxLength:
    case RuleCheck::kMaxValue: return {.max = true};
    case RuleCheck::kMinValue:
    case RuleCheck::kAddressConfidenceMin: return {.min = true};
    case RuleCheck::kCharset: return {.charset = true};
    case RuleCheck::kPrefix: return {.prefixes = true};
    case RuleCheck::kRequired:
    case RuleCheck::kPhoneValid:
    case RuleCheck::kPhoneMobile:
    case RuleCheck::kAddressResolved: return {};
  }
  return {};
}

class RuleReader {
 public:
  RuleReader(Problems& problems, std::string base) : problems_(problems), base_(std::move(base)) {}

  std::string At(std::string_view member) const { return base_ + "/" + std::string(member); }

  // A string member; nullopt (with a problem when required or of the wrong type) otherwise.
  std::optional<std::string_view> Text(const rapidjson::Value& rule, std::string_view name, bool required) {
    const auto it = rule.FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
    if (it == rule.MemberEnd() || it->value.IsNull()) {
      if (required) problems_.Add(At(name), "required", "member is required");
      return std::nullopt;
    }
    if (!it->value.IsString()) {
      problems_.Add(At(name), "type", "must be a string");
      return std::nullopt;
    }
    return core::AsView(it->value);
  }

  template <class Enum, std::size_t N>
  std::optional<Enum> Name(const rapidjson::Value& rule, std::string_view member,
                           const std::array<std::string_view, N>& names, std::string_view what) {
    const std::optional<std::string_view> text = Text(rule, member, true);
    if (!text) return std::nullopt;
    std::optional<Enum> found = FindName<Enum>(names, *text);
    if (!found) problems_.Add(At(member), "enum", "unknown " + std::string(what) + " (see docs/quality.md)");
    return found;
  }

  const rapidjson::Value* Member(const rapidjson::Value& rule, std::string_view name) const {
    const auto it = rule.FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
    return it == rule.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
  }

 private:
  Problems& problems_;
  std::string base_;
};

void ReadParams(const rapidjson::Value& value, RuleReader& read, Problems& problems, EntryRule& rule,
                std::optional<RuleCheck> check) {
  const ParamNeeds needs = check ? NeedsOf(*check) : ParamNeeds{true, true, true, true};
  const auto absent_or_refused = [&](std::string_view name, bool needed) -> const rapidjson::Value* {
    const rapidjson::Value* member = read.Member(value, name);
    if (!check) return nullptr;  // the check is already reported; its parameters mean nothing yet
    if (member == nullptr) {
      if (needed) problems.Add(read.At(name), "required", "the check " + std::string(RuleCheckName(*check)) + " needs it");
      return nullptr;
    }
    if (!needed) {
      problems.Add(read.At(name), "not_applicable",
                   "the check " + std::string(RuleCheckName(*check)) + " takes no such parameter");
      return nullptr;
    }
    return member;
  };

  if (const rapidjson::Value* max = absent_or_refused("max", needs.max)) {
    if (!max->IsInt64()) {
      problems.Add(read.At("max"), "type", "must be an integer");
    } else if (*check == RuleCheck::kMaxLength && (max->GetInt64() < 1 || max->GetInt64() > kMaxLengthLimit)) {
      problems.Add(read.At("max"), "out_of_range", "must be 1..100000 characters");
    } else {
      rule.max = max->GetInt64();
    }
  }
  if (const rapidjson::Value* min = absent_or_refused("min", needs.min)) {
    if (*check == RuleCheck::kAddressConfidenceMin) {
      if (!min->IsNumber()) {
        problems.Add(read.At("min"), "type", "must be a number");
      } else if (!(min->GetDouble() >= 0.0 && min->GetDouble() <= 1.0)) {
        problems.Add(read.At("min"), "out_of_range", "must be between 0 and 1");
      } else {
        rule.min_confidence = min->GetDouble();
      }
    } else if (!min->IsInt64()) {
      problems.Add(read.At("min"), "type", "must be an integer");
    } else {
      rule.min = min->GetInt64();
    }
  }
  if (const rapidjson::Value* charset = absent_or_refused("charset", needs.charset)) {
    std::optional<RuleCharset> found;
    if (charset->IsString()) found = FindName<RuleCharset>(kCharsetNames, core::AsView(*charset));
    if (!charset->IsString()) {
      problems.Add(read.At("charset"), "type", "must be a string");
    } else if (!found) {
      problems.Add(read.At("charset"), "enum", "must be digits, alnum, code or printable_ascii");
    } else {
      rule.charset = *found;
    }
  }
  if (const rapidjson::Value* prefixes = absent_or_refused("prefixes", needs.prefixes)) {
    if (!prefixes->IsArray()) {
      problems.Add(read.At("prefixes"), "type", "must be an array of strings");
    } else if (prefixes->Empty() || prefixes->Size() > kMaxPrefixes) {
      problems.Add(read.At("prefixes"), "out_of_range", "must hold 1 to 20 prefixes");
    } else {
      for (rapidjson::SizeType prefix_idx = 0; prefix_idx < prefixes->Size(); ++prefix_idx) {
        const rapidjson::Value& prefix = (*prefixes)[prefix_idx];
        const std::string at = read.At("prefixes") + "/" + std::to_string(prefix_idx);
        if (!prefix.IsString()) {
          problems.Add(at, "type", "must be a string");
        } else if (prefix.GetStringLength() == 0 || prefix.GetStringLength() > kMaxPrefixBytes ||
                   !core::IsValidUtf8(core::AsView(prefix))) {
          problems.Add(at, "out_of_range", "must be 1 to 64 bytes of text");
        } else {
          rule.prefixes.emplace_back(core::AsView(prefix));
        }
      }
    }
  }
}

std::optional<EntryRule> ReadRule(const rapidjson::Value& value, std::size_t rule_idx, Problems& problems) {
  const std::string base = "/rules/" + std::to_string(rule_idx);
  if (!value.IsObject()) {
    problems.Add(base, "type", "a rule must be an object");
    return std::nullopt;
  }
  RuleReader read(problems, base);
  static constexpr std::array<std::string_view, 10> kKnown = {"id",  "channel", "field",   "check",    "on_violation",
                                                              "max", "min",     "charset", "prefixes", "description"};
  bool bad = false;
  for (auto member = value.MemberBegin(); member != value.MemberEnd(); ++member) {
    const std::string_view name = core::AsView(member->name);
    if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end()) {
      problems.Add(base + "/" + PointerToken(name), "unknown_field", "not a member of an entry rule");
      bad = true;
    }
  }
  EntryRule rule;
  if (const std::optional<std::string_view> id = read.Text(value, "id", true)) {
    if (IsRuleId(*id)) {
      rule.id = *id;
    } else {
      problems.Add(read.At("id"), "format", "must be 1-64 of a-z, 0-9, '_', '-', '.' starting with a letter or digit");
      bad = true;
    }
  } else {
    bad = true;
  }
  if (const std::optional<std::string_view> channel = read.Text(value, "channel", false)) {
    if (IsChannelPattern(*channel)) {
      rule.channel = *channel;
    } else {
      problems.Add(read.At("channel"), "format", "must be \"*\" or a channel name (a-z, 0-9, '_', '-')");
      bad = true;
    }
  } else if (read.Member(value, "channel") != nullptr) {
    bad = true;
  }
  const std::optional<RuleField> field = read.Name<RuleField>(value, "field", kFieldNames, "field");
  const std::optional<RuleCheck> check = read.Name<RuleCheck>(value, "check", kCheckNames, "check");
  const std::optional<RuleAction> action = read.Name<RuleAction>(value, "on_violation", kActionNames, "action");
  bad = bad || !field || !check || !action;
  if (field && check && !CheckApplies(*check, *field)) {
    problems.Add(read.At("check"), "check_not_applicable",
                 "the check " + std::string(RuleCheckName(*check)) + " cannot judge " + std::string(RuleFieldName(*field)));
    bad = true;
  }
  if (field) rule.field = *field;
  if (check) rule.check = *check;
  if (action) rule.action = *action;
  const std::size_t problems_before = problems.count();
  ReadParams(value, read, problems, rule, check);
  bad = bad || problems.count() != problems_before;
  if (const std::optional<std::string_view> description = read.Text(value, "description", false)) {
    if (description->size() > kMaxDescriptionBytes) {
      problems.Add(read.At("description"), "out_of_range", "must be at most 200 bytes");
      bad = true;
    } else if (!core::IsValidUtf8(*description)) {
      problems.Add(read.At("description"), "encoding", "must be valid Unicode");
      bad = true;
    } else {
      rule.description = *description;
    }
  } else if (read.Member(value, "description") != nullptr) {
    bad = true;
  }
  if (bad) return std::nullopt;
  return rule;
}

void WriteRule(const EntryRule& rule, core::JsonWriter& writer) {
  writer.StartObject();
  core::WriteKey(writer, "id");
  core::WriteString(writer, rule.id);
  core::WriteKey(writer, "channel");
  core::WriteString(writer, rule.channel);
  core::WriteKey(writer, "field");
  core::WriteString(writer, RuleFieldName(rule.field));
  core::WriteKey(writer, "check");
  core::WriteString(writer, RuleCheckName(rule.check));
  const ParamNeeds needs = NeedsOf(rule.check);
  if (needs.max) {
    core::WriteKey(writer, "max");
    writer.Int64(rule.max);
  }
  if (needs.min) {
    core::WriteKey(writer, "min");
    if (rule.check == RuleCheck::kAddressConfidenceMin) {
      writer.Double(rule.min_confidence);
    } else {
      writer.Int64(rule.min);
    }
  }
  if (needs.charset) {
    core::WriteKey(writer, "charset");
    core::WriteString(writer, RuleCharsetName(rule.charset));
  }
  if (needs.prefixes) {
    core::WriteKey(writer, "prefixes");
    writer.StartArray();
    for (const std::string& prefix : rule.prefixes) core::WriteString(writer, prefix);
    writer.EndArray();
  }
  core::WriteKey(writer, "on_violation");
  core::WriteString(writer, RuleActionName(rule.action));
  if (!rule.description.empty()) {
    core::WriteKey(writer, "description");
    core::WriteString(writer, rule.description);
  }
  writer.EndObject();
}

// The built-in set, as a document so that it goes through the same parser as stored ones.
constexpr std::string_view kDefaultRules = R"JSON({"rules": [
  {"id": "name-required", "field": "shipping_address.name", "check": "required", "on_violation": "reject",
   "description": "a parcel needs a recipient"},
  {"id": "province-required", "field": "shipping_address.province", "check": "required", "on_violation": "reject",
   "description": "sourcing, carriers and regional scopes need the province"},
  {"id": "city-required", "field": "shipping_address.city", "check": "required", "on_violation": "reject"},
  {"id": "street-required", "field": "shipping_address.street", "check": "required", "on_violation": "reject",
   "description": "a parcel needs a street address"},
  {"id": "phone-required", "field": "shipping_address.phone", "check": "required", "on_violation": "quarantine",
   "description": "couriers call before delivery; someone must find the number"},
  {"id": "phone-valid", "field": "shipping_address.phone", "check": "phone_valid", "on_violation": "quarantine"},
  {"id": "address-resolved", "field": "shipping_address", "check": "address_resolved", "on_violation": "quarantine",
   "description": "province, city and district must name one real place"}
]})JSON";

}  // namespace

std::string_view RuleFieldName(RuleField field) { return kFieldNames[static_cast<std::size_t>(field)]; }
std::string_view RuleCheckName(RuleCheck check) { return kCheckNames[static_cast<std::size_t>(check)]; }
std::string_view RuleActionName(RuleAction action) { return kActionNames[static_cast<std::size_t>(action)]; }
std::string_view RuleCharsetName(RuleCharset charset) { return kCharsetNames[static_cast<std::size_t>(charset)]; }

bool CheckApplies(RuleCheck check, RuleField field) {
  const bool number = field == RuleField::kLineQty || field == RuleField::kGrandTotal;
  const bool address = field == RuleField::kAddress;
  switch (check) {
    case RuleCheck::kRequired:
    case RuleCheck::kMaxLength:
    case RuleCheck::kCharset:
    case RuleCheck::kPrefix: return !number && !address;
    case RuleCheck::kPhoneValid:
    case RuleCheck::kPhoneMobile: return field == RuleField::kPhone;
    case RuleCheck::kAddressResolved:
    case RuleCheck::kAddressConfidenceMin: return address;
    case RuleCheck::kMinValue:
    case RuleCheck::kMaxValue: return number;
  }
  return false;
}

core::Result<EntryRuleSet> ParseEntryRules(std::string_view json) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(json, doc));
  Problems problems;
  if (!doc.IsObject()) {
    problems.Add("", "type", "a rule set is a JSON object {\"rules\": [...]}");
    return core::Error{core::ErrorCode::kInvalidArgument, "the rule set is invalid", problems.Take()};
  }
  for (auto member = doc.MemberBegin(); member != doc.MemberEnd(); ++member) {
    const std::string_view name = core::AsView(member->name);
    // Read-only members of a GET answer: a client may PUT what it read.
    if (name == "rules" || name == "version" || name == "created_at" || name == "created_by") continue;
    problems.Add("/" + PointerToken(name), "unknown_field", "not a member of a rule set");
  }
  EntryRuleSet set;
  const auto rules = doc.FindMember("rules");
  if (rules == doc.MemberEnd() || rules->value.IsNull()) {
    problems.Add("/rules", "required", "member is required");
  } else if (!rules->value.IsArray()) {
    problems.Add("/rules", "type", "must be an array");
  } else if (rules->value.Size() > kMaxEntryRules) {
    problems.Add("/rules", "too_many", "at most " + std::to_string(kMaxEntryRules) + " rules");
  } else {
    std::set<std::string, std::less<>> ids;
    for (rapidjson::SizeType rule_idx = 0; rule_idx < rules->value.Size(); ++rule_idx) {
      std::optional<EntryRule> rule = ReadRule(rules->value[rule_idx], rule_idx, problems);
      if (!rule) continue;
      if (!ids.insert(rule->id).second) {
        problems.Add("/rules/" + std::to_string(rule_idx) + "/id", "duplicate", "another rule has this id");
        continue;
      }
      set.rules.push_back(std::move(*rule));
    }
  }
  if (!problems.ok()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "the rule set breaks the rules listed in errors",
                       problems.Take()};
  }
  return set;
}

void WriteEntryRuleArray(const EntryRuleSet& set, core::JsonWriter& writer) {
  writer.StartArray();
  for (const EntryRule& rule : set.rules) WriteRule(rule, writer);
  writer.EndArray();
}

std::string EntryRulesToJson(const EntryRuleSet& set) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "rules");
  WriteEntryRuleArray(set, writer);
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

const EntryRuleSet& DefaultEntryRules() {
  static const EntryRuleSet rules = [] {
    core::Result<EntryRuleSet> parsed = ParseEntryRules(kDefaultRules);
    ORDO_CHECK(parsed.has_value());
    return std::move(parsed).value();
  }();
  return rules;
}

}  // namespace ordo::quality
