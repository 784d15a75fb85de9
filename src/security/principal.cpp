#include "security/principal.hpp"

#include <algorithm>

#include "security/provinces.hpp"

namespace ordo::security {
namespace {

void SortUnique(std::vector<std::string>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

void CheckNonEmpty(const std::vector<std::string>& values, std::string_view list_name,
                   std::vector<core::FieldError>& errors) {
  for (std::size_t value_idx = 0; value_idx < values.size(); ++value_idx) {
    if (values[value_idx].empty()) {
      errors.push_back({"scopes/" + std::string(list_name) + "/" + std::to_string(value_idx),
                        "empty_scope", "a scope value must not be empty"});
    }
  }
}

}  // namespace

std::string_view PrincipalKindName(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kUser: return "user";
    case PrincipalKind::kApiKey: return "api_key";
  }
  return "user";
}

core::Actor Principal::ToActor() const {
  if (kind == PrincipalKind::kApiKey) return {"api_key", id};
  return {"user", username};
}

core::Result<Scopes> NormaliseScopes(const Scopes& scopes) {
  std::vector<core::FieldError> errors;
  Scopes normalised;
  for (std::size_t province_idx = 0; province_idx < scopes.provinces.size(); ++province_idx) {
    const std::string& province = scopes.provinces[province_idx];
    const std::string field = "scopes/provinces/" + std::to_string(province_idx);
    if (province.empty()) {
      errors.push_back({field, "empty_scope", "a scope value must not be empty"});
      continue;
    }
    const Province* found = FindProvince(province);
    if (found == nullptr) {
      errors.push_back({field, "unknown_province", "not a GB/T 2260 province code or name"});
      continue;
    }
    normalised.provinces.emplace_back(found->full_name);
  }
  CheckNonEmpty(scopes.channels, "channels", errors);
  CheckNonEmpty(scopes.locations, "locations", errors);
  if (!errors.empty()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "invalid scopes", std::move(errors)};
  }
  normalised.channels = scopes.channels;
  normalised.locations = scopes.locations;
  SortUnique(normalised.provinces);
  SortUnique(normalised.channels);
  SortUnique(normalised.locations);
  return normalised;
}

core::Status AddScopeArgument(Scopes& scopes, std::string_view argument) {
  const auto bad = [] {
    return core::Error{core::ErrorCode::kInvalidArgument,
                       "scope must be province:, channel: or location: followed by a value",
                       {{"scope", "invalid_scope", "expected <kind>:<value>"}}};
  };
  const std::size_t colon = argument.find(':');
  if (colon == std::string_view::npos || colon + 1 == argument.size()) return bad();
  const std::string_view kind = argument.substr(0, colon);
  const std::string_view value = argument.substr(colon + 1);
  if (kind == "province") {
    const Province* province = FindProvince(value);
    if (province == nullptr) {
      return core::Error{core::ErrorCode::kInvalidArgument, "unknown province",
                         {{"scope", "unknown_province", "not a GB/T 2260 province code or name"}}};
    }
    scopes.provinces.emplace_back(province->full_name);
    SortUnique(scopes.provinces);
  } else if (kind == "channel") {
    scopes.channels.emplace_back(value);
    SortUnique(scopes.channels);
  } else if (kind == "location") {
    scopes.locations.emplace_back(value);
    SortUnique(scopes.locations);
  } else {
    return bad();
  }
  return core::Ok();
}

}  // namespace ordo::security
