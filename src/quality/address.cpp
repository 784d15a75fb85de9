#include "quality/address.hpp"

#include <array>
#include <cmath>

#include "core/utf8.hpp"
#include "quality/detail/address_scan.hpp"

namespace ordo::quality {
namespace {

using detail::DivisionAt;
using detail::Mention;
using detail::MentionList;
using detail::NameKind;

// One reading of the address: a province, maybe a city in it, maybe a district in that.
struct Reading {
  std::array<const Division*, 3> chain{};  // [province, city, district]
  int depth = 0;                           // how many of chain are set
  double support = 0;                      // Σ over mentions that fit it of their weight
};

Reading ReadingOf(const Division& deepest) {
  Reading reading;
  for (const Division* division = &deepest; division != nullptr; division = division->parent) {
    reading.chain[static_cast<int>(division->level) - 1] = division;
    reading.depth = std::max(reading.depth, static_cast<int>(division->level));
  }
  return reading;
}

bool InChain(const Reading& reading, const Division& division) {
  return reading.chain[static_cast<int>(division.level) - 1] == &division;
}

double KindWeight(NameKind kind) {
  switch (kind) {
    case NameKind::kFull: return 1.0;
    case NameKind::kHistorical: return 0.95;
    case NameKind::kShort: return 0.8;
  }
  return 0;
}

// The weight with which `mention` supports `reading`: its best-fitting candidate's, or 0.
double Support(const Mention& mention, const Reading& reading) {
  double best = 0;
  for (std::uint8_t index = 0; index < mention.candidate_count; ++index) {
    const detail::NamedDivision& candidate = mention.candidates[index];
    if (InChain(reading, DivisionAt(candidate.division))) best = std::max(best, KindWeight(candidate.kind));
  }
  return best;
}

// The candidate of `mention` that fits `reading` best (nullptr if none does).
const detail::NamedDivision* FittingCandidate(const Mention& mention, const Reading& reading) {
  const detail::NamedDivision* best = nullptr;
  for (std::uint8_t index = 0; index < mention.candidate_count; ++index) {
    const detail::NamedDivision& candidate = mention.candidates[index];
    if (!InChain(reading, DivisionAt(candidate.division))) continue;
    if (best == nullptr || KindWeight(candidate.kind) > KindWeight(best->kind)) best = &candidate;
  }
  return best;
}

constexpr std::size_t kMaxReadings = detail::kMaxMentions * detail::kMaxCandidates;

struct Resolution {
  Reading reading;        // the winner, cut back to what every tied winner shares
  bool ambiguous = false;
  int ambiguous_depth = 0;  // the depth of the tied winners: 3 = several districts fit
};

Resolution Resolve(const MentionList& mentions) {
  std::array<Reading, kMaxReadings> readings;
  std::size_t reading_count = 0;
  for (std::size_t m = 0; m < mentions.count; ++m) {
    const Mention& mention = mentions.items[m];
    for (std::uint8_t c = 0; c < mention.candidate_count; ++c) {
      const Division& division = DivisionAt(mention.candidates[c].division);
      bool seen = false;
      for (std::size_t r = 0; r < reading_count && !seen; ++r) {
        seen = readings[r].chain[static_cast<int>(division.level) - 1] == &division &&
               readings[r].depth == static_cast<int>(division.level);
      }
      if (!seen) readings[reading_count++] = ReadingOf(division);
    }
  }
  Resolution resolution;
  if (reading_count == 0) return resolution;
  for (std::size_t r = 0; r < reading_count; ++r) {
    for (std::size_t m = 0; m < mentions.count; ++m) readings[r].support += Support(mentions.items[m], readings[r]);
  }
  constexpr double kEpsilon = 1e-9;
  const auto better = [&](const Reading& a, const Reading& b) {
    if (std::abs(a.support - b.support) > kEpsilon) return a.support > b.support;
    return a.depth > b.depth;
  };
  std::size_t best = 0;
  for (std::size_t r = 1; r < reading_count; ++r) {
    if (better(readings[r], readings[best])) best = r;
  }
  resolution.reading = readings[best];
  // Readings as good as the best one: keep only what they all share.
  for (std::size_t r = 0; r < reading_count; ++r) {
    if (r == best || better(readings[best], readings[r])) continue;
    for (int level = 0; level < 3; ++level) {
      if (resolution.reading.chain[level] != readings[r].chain[level]) {
        resolution.ambiguous = true;
        resolution.ambiguous_depth = readings[best].depth;
        for (int cut = level; cut < 3; ++cut) resolution.reading.chain[cut] = nullptr;
        resolution.reading.depth = level;
        break;
      }
    }
  }
  return resolution;
}

// How much each reason costs (docs/quality.md has the same table).
double Penalty(AddressReason reason) {
  switch (reason) {
    case AddressReason::kContradiction: return 0.3;
    case AddressReason::kStreetMissing: return 0.15;
    case AddressReason::kUnrecognisedField: return 0.1;
    case AddressReason::kCityInferred:
    case AddressReason::kShortName:
    case AddressReason::kHistoricalName:
    case AddressReason::kSuffixMismatch: return 0.05;
    default: return 0;
  }
}

double Confidence(const ParsedAddress& address) {
  double confidence = address.district != nullptr ? 1.0 : address.city != nullptr ? 0.6 : address.province != nullptr ? 0.3 : 0.0;
  for (int reason = 0; reason < kAddressReasonCount; ++reason) {
    if (address.reasons.Has(static_cast<AddressReason>(reason))) confidence -= Penalty(static_cast<AddressReason>(reason));
  }
  return std::clamp(confidence, 0.0, 1.0);
}

}  // namespace

ParsedAddress ParseAddress(const AddressInput& input) {
  ParsedAddress address;
  const std::array<std::string_view, 5> fields = {input.province, input.city, input.district, input.street, input.free_text};
  bool any_text = false;
  for (const std::string_view field : fields) {
    if (!core::IsValidUtf8(field)) {
      address.reasons.Add(AddressReason::kInvalidUtf8);
      return address;
    }
    any_text = any_text || !detail::TrimSeparators(field).empty();
  }
  if (!any_text) {
    address.reasons.Add(AddressReason::kEmpty);
    return address;
  }

  MentionList mentions;
  for (const std::string_view field : {input.province, input.city, input.district}) {
    if (detail::TrimSeparators(field).empty()) continue;
    if (detail::ScanAdministrativeBlock(field, mentions).mentions_found == 0) address.reasons.Add(AddressReason::kUnrecognisedField);
  }
  const detail::ScannedField street_field = detail::ScanAdministrativeBlock(input.street, mentions);
  const detail::ScannedField free_text = detail::ScanAdministrativeBlock(input.free_text, mentions);
  address.street = !street_field.rest.empty() ? street_field.rest : free_text.rest;

  const Resolution resolution = Resolve(mentions);
  address.province = resolution.reading.chain[0];
  address.city = resolution.reading.chain[1];
  address.district = resolution.reading.chain[2];

  if (mentions.count == 0) address.reasons.Add(AddressReason::kNotFound);
  if (resolution.ambiguous) {
    address.reasons.Add(resolution.ambiguous_depth >= 3 ? AddressReason::kAmbiguousDistrict : AddressReason::kAmbiguousCity);
  }
  bool province_named = false;
  bool city_named = false;
  for (std::size_t m = 0; m < mentions.count; ++m) {
    const Mention& mention = mentions.items[m];
    const detail::NamedDivision* fitting = FittingCandidate(mention, resolution.reading);
    if (fitting == nullptr) {
      // Only a name that fits none of the tied readings contradicts; under ambiguity every
      // candidate of the ambiguous name fits one of them.
      if (!resolution.ambiguous) address.reasons.Add(AddressReason::kContradiction);
      continue;
    }
    for (std::uint8_t index = 0; index < mention.candidate_count; ++index) {
      const Division& division = DivisionAt(mention.candidates[index].division);
      if (!InChain(resolution.reading, division)) continue;
      province_named = province_named || division.level == DivisionLevel::kProvince;
      city_named = city_named || division.level == DivisionLevel::kCity;
    }
    if (fitting->kind == NameKind::kShort) address.reasons.Add(AddressReason::kShortName);
    if (fitting->kind == NameKind::kHistorical) address.reasons.Add(AddressReason::kHistoricalName);
    if (mention.suffix_mismatch) address.reasons.Add(AddressReason::kSuffixMismatch);
  }
  if (address.province != nullptr && !province_named && mentions.count != 0) address.reasons.Add(AddressReason::kProvinceInferred);
  if (address.city != nullptr && !city_named && !address.city->placeholder) address.reasons.Add(AddressReason::kCityInferred);
  if (address.province != nullptr && address.city == nullptr && !resolution.ambiguous) address.reasons.Add(AddressReason::kCityMissing);
  if (address.province != nullptr && address.district == nullptr && !resolution.ambiguous) address.reasons.Add(AddressReason::kDistrictMissing);
  if (address.street.empty()) address.reasons.Add(AddressReason::kStreetMissing);

  const Division* deepest = address.district != nullptr ? address.district : address.city != nullptr ? address.city : address.province;
  if (deepest != nullptr) address.centroid = deepest->centroid;
  address.confidence = Confidence(address);
  return address;
}

std::string_view AddressReasonName(AddressReason reason) {
  switch (reason) {
    case AddressReason::kEmpty: return "empty";
    case AddressReason::kInvalidUtf8: return "invalid_utf8";
    case AddressReason::kNotFound: return "not_found";
    case AddressReason::kProvinceInferred: return "province_inferred";
    case AddressReason::kCityInferred: return "city_inferred";
    case AddressReason::kShortName: return "short_name";
    case AddressReason::kHistoricalName: return "historical_name";
    case AddressReason::kSuffixMismatch: return "suffix_mismatch";
    case AddressReason::kAmbiguousCity: return "ambiguous_city";
    case AddressReason::kAmbiguousDistrict: return "ambiguous_district";
    case AddressReason::kContradiction: return "contradiction";
    case AddressReason::kCityMissing: return "city_missing";
    case AddressReason::kDistrictMissing: return "district_missing";
    case AddressReason::kStreetMissing: return "street_missing";
    case AddressReason::kUnrecognisedField: return "unrecognised_field";
  }
  return "unknown";
}

}  // namespace ordo::quality
