#include "service/order_queries.hpp"

#include <array>
#include <charconv>
#include <string_view>

#include "core/time.hpp"
#include "order/status.hpp"
#include "service/cursor.hpp"

namespace ordo::service {
namespace {

constexpr std::array<std::string_view, 8> kKnownParams = {"status", "channel",    "province", "created_from",
                                                          "created_to", "q", "cursor",   "limit"};

class FilterChecker {
 public:
  void Fail(core::ErrorCode code, std::string_view param, std::string rule_code, std::string message) {
    // A malformed request (unknown parameter, foreign cursor) outranks a rule violation.
    if (code == core::ErrorCode::kMalformed) malformed_ = true;
    fields_.push_back({std::string(param), std::move(rule_code), std::move(message)});
  }
  bool ok() const { return fields_.empty(); }
  core::Error TakeError() {
    if (malformed_) return {core::ErrorCode::kMalformed, "the query string cannot be used", std::move(fields_)};
    return {core::ErrorCode::kInvalidArgument, "query parameters break the rules listed in errors", std::move(fields_)};
  }

 private:
  std::vector<core::FieldError> fields_;
  bool malformed_ = false;
};

void CheckLength(FilterChecker& check, std::string_view param, const std::string& value, std::size_t max_len) {
  if (value.size() > max_len) {
    check.Fail(core::ErrorCode::kInvalidArgument, param, "too_long", "must be at most " + std::to_string(max_len) + " bytes");
  }
}

std::optional<core::UnixMillis> ParseTimeParam(FilterChecker& check, std::string_view param, const std::string& value) {
  auto millis = core::ParseRfc3339(value);
  if (!millis) {
    check.Fail(core::ErrorCode::kInvalidArgument, param, "format",
               "must be an RFC 3339 date-time such as 2026-11-28T00:00:00Z");
  }
  return millis;
}

}  // namespace

core::Result<store::OrderFilter> BuildOrderFilter(const QueryParams& params) {
  FilterChecker check;
  store::OrderFilter filter;
  filter.limit = kDefaultPageSize;
  std::array<bool, kKnownParams.size()> seen{};
  for (const auto& [name, value] : params) {
    std::size_t param_idx = 0;
    while (param_idx < kKnownParams.size() && kKnownParams[param_idx] != name) ++param_idx;
    if (param_idx == kKnownParams.size()) {
      check.Fail(core::ErrorCode::kMalformed, std::string_view(name).substr(0, 64), "unknown_parameter",
                 "not a parameter of this list");
      continue;
    }
    if (seen[param_idx]) {
      check.Fail(core::ErrorCode::kMalformed, name, "repeated", "may appear only once");
      continue;
    }
    seen[param_idx] = true;
    if (value.empty()) continue;  // `?status=` means "any", as forms send it
    if (name == "status") {
      filter.status = order::ParseStatus(value);
      if (!filter.status) {
        check.Fail(core::ErrorCode::kInvalidArgument, name, "enum", "must be one of the unified statuses");
      }
    } else if (name == "channel") {
      CheckLength(check, name, value, 32);
      filter.channel = value;
    } else if (name == "province") {
      CheckLength(check, name, value, 64);
      filter.province = value;
    } else if (name == "q") {
      CheckLength(check, name, value, 128);
      filter.q = value;
    } else if (name == "created_from") {
      filter.created_from = ParseTimeParam(check, name, value);
    } else if (name == "created_to") {
      filter.created_to = ParseTimeParam(check, name, value);
    } else if (name == "cursor") {
      filter.before_id = DecodeCursor(value);
      if (!filter.before_id) {
        check.Fail(core::ErrorCode::kMalformed, name, "invalid_cursor", "must be a next_cursor returned by this list");
      }
    } else if (name == "limit") {
      int limit = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (ec != std::errc() || end != value.data() + value.size() || limit < 1 || limit > kMaxPageSize) {
        check.Fail(core::ErrorCode::kInvalidArgument, name, "range",
                   "must be an integer from 1 to " + std::to_string(kMaxPageSize));
      } else {
        filter.limit = limit;
      }
    }
  }
  if (filter.created_from && filter.created_to && *filter.created_from >= *filter.created_to) {
    check.Fail(core::ErrorCode::kInvalidArgument, "created_to", "range", "must be after created_from");
  }
  if (!check.ok()) return check.TakeError();
  return filter;
}

}  // namespace ordo::service
