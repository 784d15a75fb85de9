#include "customers/merge_evidence.hpp"

#include <cmath>

#include "core/json.hpp"

namespace ordo::customers {
namespace {

double Rounded(double value) { return std::round(value * 10000.0) / 10000.0; }

void WriteKeyKinds(core::JsonWriter& writer, std::string_view field, const KeyKinds& kinds) {
  core::WriteKey(writer, field);
  writer.StartArray();
  for (const KeyKind kind : kinds.List()) core::WriteString(writer, KeyKindName(kind));
  writer.EndArray();
}

void WriteFuzzy(core::JsonWriter& writer, const FuzzyScore& fuzzy) {
  core::WriteKey(writer, "name");
  writer.StartObject();
  core::WriteKey(writer, "match");
  core::WriteString(writer, NameMatchName(fuzzy.name.match));
  core::WriteKey(writer, "nickname");
  writer.Bool(fuzzy.name.nickname);
  core::WriteKey(writer, "swapped_order");
  writer.Bool(fuzzy.name.swapped_order);
  core::WriteKey(writer, "score");
  writer.Double(Rounded(fuzzy.name.score));
  writer.EndObject();

  core::WriteKey(writer, "address");
  writer.StartObject();
  core::WriteKey(writer, "same_area");
  writer.Bool(fuzzy.address.same_area);
  core::WriteKey(writer, "word_overlap");
  writer.Double(Rounded(fuzzy.address.word_overlap));
  core::WriteKey(writer, "numbers");
  core::WriteString(writer, NumberAgreementName(fuzzy.address.numbers));
  core::WriteKey(writer, "score");
  writer.Double(Rounded(fuzzy.address.score));
  writer.EndObject();

  // Fuzzy matching only runs when no key matched, so phones and accounts are never "same".
  core::WriteKey(writer, "order_has_keys");
  writer.Bool(fuzzy.contact.order_has_keys);
  core::WriteKey(writer, "phone");
  core::WriteString(writer, fuzzy.contact.phone_differs ? "different" : "missing_on_one_side");
  core::WriteKey(writer, "channel_account");
  core::WriteString(writer, fuzzy.contact.account_differs ? "different" : "missing_on_one_side");
}

}  // namespace

std::string_view KeyKindName(KeyKind kind) {
  switch (kind) {
    case KeyKind::kChannelBuyer: return "channel_buyer";
    case KeyKind::kPhone: return "phone";
    case KeyKind::kEmail: return "email";
  }
  return "unknown";
}

std::string_view MergeRuleName(MergeRule rule) {
  switch (rule) {
    case MergeRule::kSharedKey: return "shared_key";
    case MergeRule::kFuzzy: return "fuzzy";
  }
  return "unknown";
}

std::string_view NameMatchName(NameMatch match) {
  switch (match) {
    case NameMatch::kNone: return "none";
    case NameMatch::kExact: return "exact";
    case NameMatch::kNear: return "near";
  }
  return "unknown";
}

std::string_view NumberAgreementName(NumberAgreement agreement) {
  switch (agreement) {
    case NumberAgreement::kNone: return "none";
    case NumberAgreement::kEqual: return "equal";
    case NumberAgreement::kPartial: return "partial";
    case NumberAgreement::kConflict: return "conflict";
  }
  return "unknown";
}

std::string MergeEvidenceToJson(const MergeEvidence& evidence) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "rule");
  core::WriteString(writer, MergeRuleName(evidence.rule));
  core::WriteKey(writer, "order_id");
  writer.Int64(evidence.order_id);
  core::WriteKey(writer, "score");
  writer.Double(Rounded(evidence.score));
  if (evidence.rule == MergeRule::kSharedKey) {
    WriteKeyKinds(writer, "joined_by", evidence.joined_by);
    WriteKeyKinds(writer, "bridged_by", evidence.bridged_by);
  } else {
    WriteFuzzy(writer, evidence.fuzzy);
  }
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace ordo::customers
