// Query strings and bodies of the /api/v1/quality/… endpoints (service/quality_metrics.hpp):
// every bad parameter is named, an unknown or repeated one makes the request malformed.
#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <map>

#include "core/json.hpp"
#include "service/cursor.hpp"
#include "service/quality_metrics.hpp"

namespace ordo::service {
namespace {

constexpr std::int64_t kMaxSummaryDays = 366;
constexpr std::size_t kMaxOwnerLength = 64;

// Collects the parameters a list knows, refusing unknown and repeated ones.
class ParamReader {
 public:
  ParamReader(const QueryParams& params, std::initializer_list<std::string_view> known) {
    for (const auto& [name, value] : params) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        Fail(core::ErrorCode::kMalformed, std::string_view(name).substr(0, 64), "unknown_parameter",
             "not a parameter of this endpoint");
      } else if (!values_.emplace(name, value).second) {
        Fail(core::ErrorCode::kMalformed, name, "repeated", "may appear only once");
      }
    }
  }
  // "" when absent or empty (`?channel=` means any, as forms send it).
  std::string Get(std::string_view name) const {
    const auto found = values_.find(std::string(name));
    return found == values_.end() ? std::string() : found->second;
  }
  void Fail(core::ErrorCode code, std::string_view param, std::string rule, std::string message) {
    if (code == core::ErrorCode::kMalformed) malformed_ = true;
    fields_.push_back({std::string(param), std::move(rule), std::move(message)});
  }
  std::string Bounded(std::string_view name, std::size_t max_len) {
    std::string value = Get(name);
    if (value.size() > max_len) {
      Fail(core::ErrorCode::kInvalidArgument, name, "too_long", "must be at most " + std::to_string(max_len) + " bytes");
    }
    return value;
  }
  std::string Day(std::string_view name) {
    std::string value = Get(name);
    if (!value.empty() && !quality::ParseDay(value)) {
      Fail(core::ErrorCode::kInvalidArgument, name, "format", "must be a date such as 2026-11-28");
    }
    return value;
  }
  std::string OneOf(std::string_view name, std::initializer_list<std::string_view> allowed) {
    std::string value = Get(name);
    if (!value.empty() && std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      std::string list;
      for (std::string_view item : allowed) list += (list.empty() ? "" : ", ") + std::string(item);
      Fail(core::ErrorCode::kInvalidArgument, name, "enum", "must be one of " + list);
    }
    return value;
  }
  std::string Dimension() {
    std::string value = Get("dimension");
    if (!value.empty() && !quality::ParseDimension(value)) {
      Fail(core::ErrorCode::kInvalidArgument, "dimension", "enum",
           "must be completeness, validity, consistency, timeliness, uniqueness or accuracy");
    }
    return value;
  }
  std::optional<std::int64_t> Cursor() {
    const std::string value = Get("cursor");
    if (value.empty()) return std::nullopt;
    std::optional<std::int64_t> before = DecodeCursor(value);
    if (!before) Fail(core::ErrorCode::kMalformed, "cursor", "invalid_cursor", "not a cursor this list issued");
    return before;
  }
  int Limit(int fallback) {
    const std::string value = Get("limit");
    if (value.empty()) return fallback;
    int limit = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
    if (ec != std::errc() || end != value.data() + value.size() || limit < 1 || limit > kMaxPageSize) {
      Fail(core::ErrorCode::kInvalidArgument, "limit", "range", "must be an integer from 1 to 500");
      return fallback;
    }
    return limit;
  }
  core::Status Verdict() {
    if (fields_.empty()) return core::Ok();
    if (malformed_) return core::Error{core::ErrorCode::kMalformed, "the query string cannot be used", std::move(fields_)};
    return core::Error{core::ErrorCode::kInvalidArgument, "query parameters break the rules listed in errors",
                       std::move(fields_)};
  }

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::vector<core::FieldError> fields_;
  bool malformed_ = false;
};

}  // namespace

core::Result<QualitySummaryQuery> BuildQualitySummaryQuery(const QueryParams& params, core::UnixMillis now,
                                                           const quality::MetricsConfig& config) {
  ParamReader reader(params, {"from", "to", "channel"});
  QualitySummaryQuery query;
  query.channel = reader.Bounded("channel", 32);
  query.range.to = reader.Day("to");
  query.range.from = reader.Day("from");
  ORDO_TRY(reader.Verdict());
  // Defaults: the 30 days ending with `to` (today when not given).
  if (query.range.to.empty()) query.range.to = quality::QualityDay(now, config.day_utc_offset_minutes);
  const std::int64_t to = *quality::ParseDay(query.range.to);
  if (query.range.from.empty()) query.range.from = quality::FormatDay(to - 29);
  const std::int64_t from = *quality::ParseDay(query.range.from);
  if (from > to) {
    reader.Fail(core::ErrorCode::kInvalidArgument, "from", "after_to", "must not be after to");
  } else if (to - from + 1 > kMaxSummaryDays) {
    reader.Fail(core::ErrorCode::kInvalidArgument, "from", "range_too_long", "the range may span at most 366 days");
  }
  ORDO_TRY(reader.Verdict());
  return query;
}

core::Result<store::QualityIssueFilter> BuildQualityIssueFilter(const QueryParams& params) {
  ParamReader reader(params, {"dimension", "field", "check", "channel", "from", "to", "cursor", "limit"});
  store::QualityIssueFilter filter;
  filter.dimension = reader.Dimension();
  filter.field = reader.Bounded("field", 32);
  filter.check = reader.Get("check");
  if (!filter.check.empty() && !quality::ParseCheck(filter.check)) {
    reader.Fail(core::ErrorCode::kInvalidArgument, "check", "enum", "not a check name (docs/quality.md lists them)");
  }
  filter.channel = reader.Bounded("channel", 32);
  filter.from_day = reader.Day("from");
  filter.to_day = reader.Day("to");
  filter.before_id = reader.Cursor();
  filter.limit = reader.Limit(kDefaultPageSize);
  ORDO_TRY(reader.Verdict());
  return filter;
}

core::Result<store::QualityTicketFilter> BuildQualityTicketFilter(const QueryParams& params) {
  ParamReader reader(params, {"status", "dimension", "channel", "cursor", "limit"});
  store::QualityTicketFilter filter;
  filter.status = reader.OneOf("status", {"open", "acknowledged", "resolved"});
  filter.dimension = reader.Dimension();
  filter.channel = reader.Bounded("channel", 32);
  filter.before_id = reader.Cursor();
  filter.limit = reader.Limit(kDefaultPageSize);
  ORDO_TRY(reader.Verdict());
  return filter;
}

core::Result<store::QualityTicketPatch> ParseQualityTicketPatch(std::string_view body) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  if (!doc.IsObject()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "the request is a JSON object", {{"", "type", "must be a JSON object"}}};
  }
  store::QualityTicketPatch patch;
  std::vector<core::FieldError> fields;
  for (auto member = doc.MemberBegin(); member != doc.MemberEnd(); ++member) {
    const std::string_view field = core::AsView(member->name);
    if (field == "owner") {
      if (!member->value.IsString() || member->value.GetStringLength() > kMaxOwnerLength) {
        fields.push_back({"owner", "type", "must be a string of at most 64 bytes (\"\" unassigns)"});
      } else {
        patch.owner = std::string(core::AsView(member->value));
      }
    } else if (field == "status") {
      const std::string_view status = member->value.IsString() ? core::AsView(member->value) : std::string_view();
      if (status != "open" && status != "acknowledged" && status != "resolved") {
        fields.push_back({"status", "enum", "must be open, acknowledged or resolved"});
      } else {
        patch.status = std::string(status);
      }
    } else {
      fields.push_back({std::string(field.substr(0, 64)), "unknown_field", "field is not part of the request schema"});
    }
  }
  if (fields.empty() && !patch.owner && !patch.status) {
    fields.push_back({"", "empty_patch", "give owner, status or both"});
  }
  if (!fields.empty()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "the request breaks the rules listed in errors",
                       std::move(fields)};
  }
  return patch;
}

}  // namespace ordo::service
