// Locations and their status, both ways (the other bodies: inventory_rates_json.cpp,
// inventory_stock_json.cpp, inventory_records_json.cpp).
#include "service/inventory_json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/time.hpp"
#include "quality/divisions.hpp"
#include "service/detail/json_fields.hpp"

namespace ordo::service {
namespace {

using detail::ObjectReader;
using detail::Problems;

static_assert(detail::kMaxProblems == kMaxListedProblems);

constexpr std::string_view kBreaksRules = "the request breaks the rules listed in errors";

bool IsLocationKind(std::string_view kind) { return kind == "warehouse" || kind == "store" || kind == "dark_store"; }

// Micro-degrees: what the store keeps, so a parsed location compares equal to a stored one.
double RoundMicroDegrees(double degrees) { return std::round(degrees * 1e6) / 1e6; }

void WriteOptionalString(core::JsonWriter& writer, std::string_view key, std::string_view value) {
  core::WriteKey(writer, key);
  if (value.empty()) {
    writer.Null();
  } else {
    core::WriteString(writer, value);
  }
}

void WriteOptionalTime(core::JsonWriter& writer, std::string_view key, core::UnixMillis at) {
  core::WriteKey(writer, key);
  if (at == 0) {
    writer.Null();
  } else {
    core::WriteString(writer, core::FormatRfc3339(at));
  }
}

void ReadId(ObjectReader& reader, std::optional<std::string_view> id_from_path, store::LocationRecord& location) {
  const std::optional<std::string> id = reader.Text("id", !id_from_path.has_value(), kMaxLocationIdBytes);
  if (id_from_path) {
    if (!IsLocationId(*id_from_path)) {
      reader.problems().Add("/id", "format", "the path's id must be 1 to 64 of A-Z, a-z, 0-9, '_', '.', '-'");
      return;
    }
    if (id && *id != *id_from_path) {
      reader.problems().Add("/id", "mismatch", "must be the id in the path (or be left out)");
      return;
    }
    location.id = std::string(*id_from_path);
    return;
  }
  if (!id) return;
  if (!IsLocationId(*id)) {
    reader.problems().Add("/id", "format", "must be 1 to 64 of A-Z, a-z, 0-9, '_', '.', '-'");
    return;
  }
  location.id = *id;
}

// Province, city, district and the coordinates (the divisions' centre point when absent).
void ReadPlace(ObjectReader& reader, store::LocationRecord& location) {
  using quality::DivisionLevel;
  const quality::Division* province = detail::ReadDivision(reader, "province_code", true, DivisionLevel::kProvince);
  const quality::Division* city = detail::ReadDivision(reader, "city_code", true, DivisionLevel::kCity);
  const quality::Division* district = detail::ReadDivision(reader, "district_code", false, DivisionLevel::kDistrict);
  if (province != nullptr) location.province_code = std::to_string(province->code);
  if (city != nullptr) {
    if (province != nullptr && &city->Province() != province) {
      reader.problems().Add("/city_code", "not_in_province", "this city is not in the province of province_code");
      city = nullptr;
    } else {
      location.city_code = std::to_string(city->code);
    }
  }
  if (district != nullptr && city != nullptr) {
    if (district->City() != city) {
      reader.problems().Add("/district_code", "not_in_city", "this district is not in the city of city_code");
      district = nullptr;
    } else {
      location.district_code = std::to_string(district->code);
    }
  }

  const bool has_latitude = reader.Has("latitude");
  const bool has_longitude = reader.Has("longitude");
  if (has_latitude != has_longitude) {
    reader.problems().Add(has_latitude ? "/longitude" : "/latitude", "pair", "give latitude and longitude together");
    return;
  }
  if (has_latitude) {
    const std::optional<double> latitude = reader.Number("latitude", true, -90, 90);
    const std::optional<double> longitude = reader.Number("longitude", true, -180, 180);
    if (latitude) location.latitude = RoundMicroDegrees(*latitude);
    if (longitude) location.longitude = RoundMicroDegrees(*longitude);
    return;
  }
  if (city == nullptr) return;  // the place itself is wrong: that is the problem to report
  const quality::GeoPoint point = district != nullptr && district->centroid.precision != quality::CentroidPrecision::kNone
                                      ? district->centroid
                                      : city->centroid;
  if (point.precision == quality::CentroidPrecision::kNone) {
    reader.problems().Add("/latitude", "required", "no centre point is known for this place: give latitude and longitude");
    return;
  }
  location.latitude = RoundMicroDegrees(point.lat);
  location.longitude = RoundMicroDegrees(point.lon);
}

void ReadFulfilment(ObjectReader& reader, store::LocationRecord& location) {
  const rapidjson::Value* fulfilment = reader.Find("fulfilment");
  if (fulfilment == nullptr) {
    location.ships = true;
    location.pickup = false;
    return;
  }
  if (!fulfilment->IsArray()) {
    reader.problems().Add("/fulfilment", "type", "must be an array such as [\"ship\", \"pickup\"]");
    return;
  }
  if (fulfilment->Empty()) {
    reader.problems().Add("/fulfilment", "empty", "name at least one of ship, pickup");
    return;
  }
  location.ships = false;
  location.pickup = false;
  for (rapidjson::SizeType way_idx = 0; way_idx < fulfilment->Size(); ++way_idx) {
    const rapidjson::Value& way = (*fulfilment)[way_idx];
    const std::string at = "/fulfilment/" + std::to_string(way_idx);
    const std::string_view name = way.IsString() ? core::AsView(way) : std::string_view();
    if (name != "ship" && name != "pickup") {
      reader.problems().Add(at, "enum", "must be ship or pickup");
      continue;
    }
    bool& flag = name == "ship" ? location.ships : location.pickup;
    if (flag) {
      reader.problems().Add(at, "duplicate", "each way of fulfilment once");
      continue;
    }
    flag = true;
    if (name == "pickup" && location.kind == "warehouse") {
      reader.problems().Add(at, "not_for_kind", "only a store or a dark_store hands parcels over for pickup");
    }
  }
}

}  // namespace

bool IsLocationId(std::string_view id) {
  if (id.empty() || id.size() > kMaxLocationIdBytes) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
}

std::optional<int> ParseCutoff(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (const std::size_t digit_idx : {0, 1, 3, 4}) {
    if (text[digit_idx] < '0' || text[digit_idx] > '9') return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

std::string FormatCutoff(int minute_of_day) {
  const int clamped = std::clamp(minute_of_day, 0, 24 * 60 - 1);
  std::string text = "00:00";
  text[0] = static_cast<char>('0' + clamped / 600);
  text[1] = static_cast<char>('0' + clamped / 60 % 10);
  text[3] = static_cast<char>('0' + clamped % 60 / 10);
  text[4] = static_cast<char>('0' + clamped % 10);
  return text;
}

std::string FormatLocalDay(std::int64_t days) {
  // Howard Hinnant's civil_from_days, the inverse of core::DaysFromCivil.
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char text[32];
  const int written = std::snprintf(text, sizeof text, "%04lld-%02lld-%02lld", static_cast<long long>(year),
                                    static_cast<long long>(month), static_cast<long long>(day));
  return std::string(text, written > 0 ? static_cast<std::size_t>(written) : 0);
}

core::Result<store::LocationRecord> ParseLocationJson(std::string_view body, bool strict_json,
                                                      std::optional<std::string_view> id_from_path) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParseObjectDocument(body, doc, "a location"));
  Problems problems;
  ObjectReader reader(doc, "", problems);
  if (strict_json) {
    reader.RejectUnknown({"id", "name", "kind", "province_code", "city_code", "district_code", "latitude",
                          "longitude", "daily_capacity", "cutoff", "backup_location_id", "fulfilment",
                          // read-only: what GET answers, accepted back and ignored
                          "status", "version", "created_at", "updated_at"});
  }
  store::LocationRecord location;
  ReadId(reader, id_from_path, location);
  if (auto name = reader.Text("name", true, kMaxLocationNameChars)) location.name = std::move(*name);
  if (auto kind = reader.Text("kind", false, 32)) {
    if (IsLocationKind(*kind)) {
      location.kind = std::move(*kind);
    } else {
      problems.Add("/kind", "enum", "must be warehouse, store or dark_store");
    }
  }
  ReadPlace(reader, location);
  if (auto capacity = reader.Integer("daily_capacity", true, 0, kMaxDailyCapacity)) location.daily_capacity = *capacity;
  if (auto cutoff = reader.Text("cutoff", false, 16)) {
    if (auto minute = ParseCutoff(*cutoff)) {
      location.cutoff_minute = *minute;
    } else {
      problems.Add("/cutoff", "format", "must be HH:MM between 00:00 and 23:59 (local time, UTC+8)");
    }
  }
  if (auto backup = reader.Text("backup_location_id", false, kMaxLocationIdBytes)) {
    if (!IsLocationId(*backup)) {
      problems.Add("/backup_location_id", "format", "must be a location id: 1 to 64 of A-Z, a-z, 0-9, '_', '.', '-'");
    } else if (*backup == location.id) {
      problems.Add("/backup_location_id", "self", "a location cannot be its own backup");
    } else {
      location.backup_location_id = std::move(*backup);
    }
  }
  ReadFulfilment(reader, location);
  if (!problems.ok()) return problems.Take(std::string(kBreaksRules));
  return location;
}

core::Result<LocationStatusChange> ParseLocationStatusJson(std::string_view body, bool strict_json) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParseObjectDocument(body, doc, "a location status"));
  Problems problems;
  ObjectReader reader(doc, "", problems);
  if (strict_json) reader.RejectUnknown({"status", "reason"});
  LocationStatusChange change;
  if (auto status = reader.Text("status", true, 16)) {
    if (*status == "open" || *status == "degraded" || *status == "closed") {
      change.status = std::move(*status);
    } else {
      problems.Add("/status", "enum", "must be open, degraded or closed");
    }
  }
  const bool reason_given = reader.Has("reason");
  if (auto reason = reader.Text("reason", change.status == "degraded" || change.status == "closed",
                                kMaxStatusReasonChars)) {
    change.reason = std::move(*reason);
  }
  if (change.status == "open" && reason_given && !change.reason.empty()) {
    problems.Add("/reason", "not_for_open", "an open location has no reason: leave it out");
  }
  if (!problems.ok()) return problems.Take(std::string(kBreaksRules));
  return change;
}

void WriteLocation(core::JsonWriter& writer, const store::LocationRecord& location) {
  writer.StartObject();
  core::WriteKey(writer, "id");
  core::WriteString(writer, location.id);
  core::WriteKey(writer, "name");
  core::WriteString(writer, location.name);
  core::WriteKey(writer, "kind");
  core::WriteString(writer, location.kind);
  core::WriteKey(writer, "province_code");
  core::WriteString(writer, location.province_code);
  core::WriteKey(writer, "city_code");
  core::WriteString(writer, location.city_code);
  WriteOptionalString(writer, "district_code", location.district_code);
  core::WriteKey(writer, "latitude");
  writer.Double(location.latitude);
  core::WriteKey(writer, "longitude");
  writer.Double(location.longitude);
  core::WriteKey(writer, "status");
  writer.StartObject();
  core::WriteKey(writer, "state");
  core::WriteString(writer, location.status);
  WriteOptionalString(writer, "reason", location.status_reason);
  WriteOptionalTime(writer, "changed_at", location.status_changed_at);
  writer.EndObject();
  core::WriteKey(writer, "daily_capacity");
  writer.Int64(location.daily_capacity);
  core::WriteKey(writer, "cutoff");
  core::WriteString(writer, FormatCutoff(location.cutoff_minute));
  WriteOptionalString(writer, "backup_location_id", location.backup_location_id);
  core::WriteKey(writer, "fulfilment");
  writer.StartArray();
  if (location.ships) core::WriteString(writer, "ship");
  if (location.pickup) core::WriteString(writer, "pickup");
  writer.EndArray();
  core::WriteKey(writer, "version");
  writer.Int64(location.version);
  WriteOptionalTime(writer, "created_at", location.created_at);
  WriteOptionalTime(writer, "updated_at", location.updated_at);
  writer.EndObject();
}

std::string LocationToJson(const store::LocationRecord& location) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  WriteLocation(writer, location);
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace ordo::service
