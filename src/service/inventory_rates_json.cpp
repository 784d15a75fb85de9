// The carrier table, both ways (inventory_json.hpp has the rules).
#include <algorithm>
#include <numeric>
#include <tuple>

#include "quality/divisions.hpp"
#include "service/detail/json_fields.hpp"
#include "service/inventory_json.hpp"

namespace ordo::service {
namespace {

using detail::ObjectReader;
using detail::Problems;

bool IsCarrierName(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

void ReadCarrierName(ObjectReader& reader, std::string_view name, std::string& out) {
  std::optional<std::string> text = reader.Text(name, true, 32);
  if (!text) return;
  if (!IsCarrierName(*text)) {
    reader.problems().Add(reader.At(name), "format", "must be 1 to 32 of a-z, 0-9, '_', '-'");
    return;
  }
  out = std::move(*text);
}

// {"over": 0, "up_to": 1000} or {"min": 0, "max": 1000}: the band (over, up_to] in grams.
bool ReadBand(ObjectReader& rate, bool strict_json, store::CarrierRateRecord& record) {
  const rapidjson::Value* band = rate.Find("weight_grams");
  if (band == nullptr) {
    rate.problems().Add(rate.At("weight_grams"), "required", "member is required: {\"over\": 0, \"up_to\": 1000}");
    return false;
  }
  if (!band->IsObject()) {
    rate.problems().Add(rate.At("weight_grams"), "type", "must be an object {\"over\": 0, \"up_to\": 1000}");
    return false;
  }
  ObjectReader reader(*band, rate.At("weight_grams"), rate.problems());
  if (strict_json) reader.RejectUnknown({"over", "up_to", "min", "max"});
  const bool over_names = reader.Has("over") || reader.Has("up_to");
  const bool min_names = reader.Has("min") || reader.Has("max");
  if (over_names && min_names) {
    rate.problems().Add(reader.base(), "mixed_names", "use over/up_to or min/max, not both");
    return false;
  }
  const std::string_view low_name = min_names ? "min" : "over";
  const std::string_view high_name = min_names ? "max" : "up_to";
  const std::optional<std::int64_t> low = reader.Integer(low_name, true, 0, kMaxWeightGrams);
  const std::optional<std::int64_t> high = reader.Integer(high_name, true, 0, kMaxWeightGrams);
  if (!low || !high) return false;
  if (*high <= *low) {
    rate.problems().Add(reader.At(high_name), "empty_band", "must be greater than " + std::string(low_name));
    return false;
  }
  record.min_weight_grams = *low;
  record.max_weight_grams = *high;
  return true;
}

std::string RatePointer(std::size_t rate_idx) { return "/rates/" + std::to_string(rate_idx); }

// Bands of one (carrier, service level, origin, destination) must not share a weight; the
// later of two overlapping bands (in input order) carries the problem.
void CheckOverlaps(const std::vector<store::CarrierRateRecord>& rates, const std::vector<std::size_t>& input_idx,
                   Problems& problems) {
  std::vector<std::size_t> order(rates.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto key = [&](std::size_t idx) {
    const store::CarrierRateRecord& rate = rates[idx];
    return std::tie(rate.carrier, rate.service_level, rate.origin_province, rate.destination_province,
                    rate.min_weight_grams);
  };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return key(a) < key(b) || (key(a) == key(b) && a < b);
  });
  // The band reaching furthest so far in the group, so a wide band is compared with every band
  // it swallows, not only with its neighbour.
  std::size_t reach_idx = order.empty() ? 0 : order[0];
  for (std::size_t pos = 1; pos < order.size(); ++pos) {
    const store::CarrierRateRecord& previous = rates[reach_idx];
    const store::CarrierRateRecord& current = rates[order[pos]];
    const bool same_group = previous.carrier == current.carrier && previous.service_level == current.service_level &&
                            previous.origin_province == current.origin_province &&
                            previous.destination_province == current.destination_province;
    if (same_group && current.min_weight_grams < previous.max_weight_grams) {
      const std::size_t later = std::max(input_idx[reach_idx], input_idx[order[pos]]);
      const std::size_t earlier = std::min(input_idx[reach_idx], input_idx[order[pos]]);
      problems.Add(RatePointer(later) + "/weight_grams", "overlap",
                   "shares weights with the band of " + RatePointer(earlier) +
                       " (same carrier, service level, origin and destination)");
    }
    if (!same_group || current.max_weight_grams > previous.max_weight_grams) reach_idx = order[pos];
  }
}

void WriteRate(core::JsonWriter& writer, const store::CarrierRateRecord& rate) {
  writer.StartObject();
  core::WriteKey(writer, "carrier");
  core::WriteString(writer, rate.carrier);
  core::WriteKey(writer, "service_level");
  core::WriteString(writer, rate.service_level);
  core::WriteKey(writer, "origin_province");
  core::WriteString(writer, rate.origin_province);
  core::WriteKey(writer, "destination_province");
  core::WriteString(writer, rate.destination_province);
  core::WriteKey(writer, "weight_grams");
  writer.StartObject();
  core::WriteKey(writer, "over");
  writer.Int64(rate.min_weight_grams);
  core::WriteKey(writer, "up_to");
  writer.Int64(rate.max_weight_grams);
  writer.EndObject();
  core::WriteKey(writer, "transit_days");
  writer.Int(rate.transit_days);
  core::WriteKey(writer, "cost");
  writer.Int64(rate.cost);
  writer.EndObject();
}

}  // namespace

core::Result<std::vector<store::CarrierRateRecord>> ParseCarrierRatesJson(std::string_view body, bool strict_json) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParseObjectDocument(body, doc, "a carrier table"));
  Problems problems;
  ObjectReader top(doc, "", problems);
  if (strict_json) top.RejectUnknown({"rates", "version"});  // version: read-only, what GET answers
  const rapidjson::Value* list = top.Find("rates");
  if (list == nullptr) {
    problems.Add("/rates", "required", "member is required (an empty array clears the table)");
  } else if (!list->IsArray()) {
    problems.Add("/rates", "type", "must be an array");
  } else if (list->Size() > kMaxCarrierRates) {
    problems.Add("/rates", "too_many", "at most " + std::to_string(kMaxCarrierRates) + " rates");
  }
  if (!problems.ok()) return problems.Take("the carrier table breaks the rules listed in errors");

  std::vector<store::CarrierRateRecord> rates;
  std::vector<std::size_t> input_idx;  // of each rate that read cleanly, for the overlap check
  rates.reserve(list->Size());
  input_idx.reserve(list->Size());
  for (rapidjson::SizeType rate_idx = 0; rate_idx < list->Size() && !problems.StopHere(); ++rate_idx) {
    const rapidjson::Value& item = (*list)[rate_idx];
    if (!item.IsObject()) {
      problems.Add(RatePointer(rate_idx), "type", "must be an object");
      continue;
    }
    ObjectReader rate(item, RatePointer(rate_idx), problems);
    if (strict_json) {
      rate.RejectUnknown({"carrier", "service_level", "origin_province", "destination_province", "weight_grams",
                          "transit_days", "cost"});
    }
    store::CarrierRateRecord record;
    ReadCarrierName(rate, "carrier", record.carrier);
    ReadCarrierName(rate, "service_level", record.service_level);
    using quality::DivisionLevel;
    const quality::Division* origin = detail::ReadDivision(rate, "origin_province", true, DivisionLevel::kProvince);
    const quality::Division* destination =
        detail::ReadDivision(rate, "destination_province", true, DivisionLevel::kProvince);
    const bool band_ok = ReadBand(rate, strict_json, record);
    const std::optional<std::int64_t> days = rate.Integer("transit_days", true, 0, kMaxTransitDays);
    const std::optional<std::int64_t> cost = rate.Integer("cost", true, 0, kMaxRateCost);
    if (record.carrier.empty() || record.service_level.empty() || origin == nullptr || destination == nullptr ||
        !band_ok || !days || !cost) {
      continue;
    }
    record.origin_province = std::to_string(origin->code);
    record.destination_province = std::to_string(destination->code);
    record.transit_days = static_cast<int>(*days);
    record.cost = *cost;
    rates.push_back(std::move(record));
    input_idx.push_back(rate_idx);
  }
  CheckOverlaps(rates, input_idx, problems);
  if (!problems.ok()) return problems.Take("the carrier table breaks the rules listed in errors");
  return rates;
}

void WriteCarrierRates(core::JsonWriter& writer, const store::CarrierTableRecord& table) {
  writer.StartObject();
  core::WriteKey(writer, "version");
  writer.Int64(table.version);
  core::WriteKey(writer, "rates");
  writer.StartArray();
  for (const store::CarrierRateRecord& rate : table.rates) WriteRate(writer, rate);
  writer.EndArray();
  writer.EndObject();
}

std::string CarrierRatesToJson(const store::CarrierTableRecord& table) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  WriteCarrierRates(writer, table);
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace ordo::service
