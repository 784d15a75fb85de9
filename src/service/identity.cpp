#include "service/identity.hpp"

#include <algorithm>

#include "core/json.hpp"
#include "security/roles.hpp"

namespace ordo::service {
namespace {

core::Status ReadList(const rapidjson::Document& doc, const char* name, std::vector<std::string>& out) {
  const auto member = doc.FindMember(name);
  if (member == doc.MemberEnd()) return core::Ok();
  if (!member->value.IsArray()) return core::MakeError(core::ErrorCode::kInternal, "stored scopes are not valid");
  for (const auto& item : member->value.GetArray()) {
    if (!item.IsString()) return core::MakeError(core::ErrorCode::kInternal, "stored scopes are not valid");
    out.emplace_back(core::AsView(item));
  }
  return core::Ok();
}

void WriteList(core::JsonWriter& writer, std::string_view name, const std::vector<std::string>& items) {
  core::WriteKey(writer, name);
  writer.StartArray();
  for (const std::string& item : items) core::WriteString(writer, item);
  writer.EndArray();
}

}  // namespace

core::Result<security::Scopes> ParseScopesJson(std::string_view json) {
  security::Scopes scopes;
  if (json.empty()) return scopes;
  rapidjson::Document doc;
  if (!core::ParseJson(json, doc) || !doc.IsObject()) {
    return core::MakeError(core::ErrorCode::kInternal, "stored scopes are not valid");
  }
  ORDO_TRY(ReadList(doc, "provinces", scopes.provinces));
  ORDO_TRY(ReadList(doc, "channels", scopes.channels));
  ORDO_TRY(ReadList(doc, "locations", scopes.locations));
  return scopes;
}

std::string ScopesJson(const security::Scopes& scopes) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  WriteList(writer, "provinces", scopes.provinces);
  WriteList(writer, "channels", scopes.channels);
  WriteList(writer, "locations", scopes.locations);
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

core::Result<security::Principal> PrincipalFromSession(const store::SessionWithUser& row, core::UnixMillis now,
                                                       std::span<const security::Role> custom_roles) {
  if (row.session.revoked) return core::MakeError(core::ErrorCode::kUnauthorized, "session revoked");
  if (row.session.expires_at <= now) return core::MakeError(core::ErrorCode::kUnauthorized, "session expired");
  if (row.user.disabled) return core::MakeError(core::ErrorCode::kUnauthorized, "account disabled");
  core::Result<security::Role> role = security::ResolveRole(row.user.role, custom_roles);
  if (!role) return core::MakeError(core::ErrorCode::kForbidden, "unknown role");
  core::Result<security::Scopes> scopes = ParseScopesJson(row.user.scopes_json);
  if (!scopes) return std::move(scopes).error();
  security::Principal principal;
  principal.kind = security::PrincipalKind::kUser;
  principal.id = std::to_string(row.user.id);
  principal.username = row.user.username;
  principal.role = row.user.role;
  principal.permissions = std::move(role->permissions);
  principal.scopes = std::move(scopes).value();
  principal.last_step_up_at = row.session.last_step_up_at;
  principal.session_id = std::to_string(row.session.id);
  return principal;
}

core::Result<security::Principal> PrincipalFromApiKey(const store::ApiKeyRecord& key,
                                                      std::span<const security::Role> custom_roles) {
  if (key.revoked_at) return core::MakeError(core::ErrorCode::kUnauthorized, "api key revoked");
  core::Result<security::Role> role = security::ResolveRole(key.role, custom_roles);
  if (!role) return core::MakeError(core::ErrorCode::kForbidden, "unknown role");
  core::Result<security::Scopes> scopes = ParseScopesJson(key.scopes_json);
  if (!scopes) return std::move(scopes).error();
  security::Principal principal;
  principal.kind = security::PrincipalKind::kApiKey;
  principal.id = key.key_id;
  principal.username = key.name;
  principal.role = key.role;
  principal.permissions = std::move(role->permissions);
  principal.scopes = std::move(scopes).value();
  return principal;
}

core::Result<security::Role> RoleFromRecord(const store::Store::RoleRecord& record) {
  core::Result<security::Role> role = security::MakeCustomRole(record.name, record.permissions);
  if (!role) return core::MakeError(core::ErrorCode::kInternal, "stored role is not valid");
  return role;
}

store::OrderScope OrderScopeOf(const security::Principal& principal) {
  return store::OrderScope{principal.scopes.provinces, principal.scopes.channels};
}

store::AuditRecord MakeAudit(const core::Actor& actor, std::string_view ip, std::string_view action,
                             std::string_view subject, std::string detail_json) {
  store::AuditRecord record;
  record.actor_kind = actor.kind;
  record.actor_id = actor.id;
  record.ip = std::string(ip);
  record.action = std::string(action);
  record.subject = std::string(subject);
  record.detail_json = std::move(detail_json);
  return record;
}

bool IsValidUsername(std::string_view username) {
  if (username.size() < 3 || username.size() > 64) return false;
  for (const char c : username) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '@' || c == '-';
    if (!ok) return false;
  }
  return true;
}

core::Result<store::UserRecord> PrepareNewUser(const NewUser& request, security::PasswordCost cost,
                                               std::span<const std::string> custom_role_names) {
  std::vector<core::FieldError> fields;
  if (!IsValidUsername(request.username)) {
    fields.push_back({"username", "format", "must be 3 to 64 of A-Z a-z 0-9 . _ @ -"});
  }
  for (core::FieldError& error : security::CheckPasswordPolicy(request.password, request.username)) {
    fields.push_back(std::move(error));
  }
  const bool custom = std::find(custom_role_names.begin(), custom_role_names.end(), request.role) !=
                      custom_role_names.end();
  if (!security::IsBuiltInRoleName(request.role) && !custom) {
    fields.push_back({"role", "unknown_role", "must be a built-in role or an existing custom role"});
  }
  security::Scopes scopes;
  for (const std::string& argument : request.scope_args) {
    if (core::Status added = security::AddScopeArgument(scopes, argument); !added) {
      for (const core::FieldError& error : added.error().fields) fields.push_back(error);
      if (added.error().fields.empty()) fields.push_back({"scopes", "invalid_scope", added.error().detail});
    }
  }
  core::Result<security::Scopes> normalised = security::NormaliseScopes(scopes);
  if (!normalised) {
    for (const core::FieldError& error : normalised.error().fields) fields.push_back(error);
  }
  if (!fields.empty()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "the new user breaks the rules listed in errors",
                       std::move(fields)};
  }
  core::Result<std::string> hash = security::HashPassword(request.password, cost);
  if (!hash) return std::move(hash).error();
  store::UserRecord user;
  user.username = request.username;
  user.password_hash = std::move(hash).value();
  user.role = request.role;
  user.scopes_json = ScopesJson(*normalised);
  return user;
}

}  // namespace ordo::service
