#include "service/role_admin.hpp"

#include <algorithm>
#include <optional>

#include "core/json.hpp"
#include "service/identity.hpp"

namespace ordo::service {
namespace {

constexpr std::size_t kMaxPermissions = 100;

// {"name"?: string, "permissions": [string, …]} and nothing else. `name` is read only when
// `name_out` is given (creation); the path names the role otherwise.
core::Status ParseRoleBody(std::string_view text, std::string* name_out, std::vector<std::string>& permissions) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(text, doc));
  if (!doc.IsObject()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "the request is a JSON object", {{"", "type", "must be a JSON object"}}};
  }
  std::vector<core::FieldError> fields;
  for (auto member = doc.MemberBegin(); member != doc.MemberEnd(); ++member) {
    const std::string_view field = core::AsView(member->name);
    if (field == "permissions" || (field == "name" && name_out != nullptr)) continue;
    fields.push_back({std::string(field.substr(0, 64)), "unknown_field", "field is not part of the request schema"});
  }
  if (name_out != nullptr) {
    const auto name = doc.FindMember("name");
    if (name == doc.MemberEnd() || !name->value.IsString()) {
      fields.push_back({"name", "required", "must be a string"});
    } else {
      *name_out = std::string(core::AsView(name->value).substr(0, 64));
    }
  }
  const auto list = doc.FindMember("permissions");
  bool valid_list = list != doc.MemberEnd() && list->value.IsArray() && list->value.Size() <= kMaxPermissions;
  if (valid_list) {
    for (const auto& item : list->value.GetArray()) {
      valid_list = valid_list && item.IsString() && item.GetStringLength() <= 100;
      if (valid_list) permissions.emplace_back(core::AsView(item));
    }
  }
  if (!valid_list) {
    fields.push_back({"permissions", "type", "must be an array of at most 100 permission names"});
  }
  if (!fields.empty()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "the request breaks the rules listed in errors", std::move(fields)};
  }
  return core::Ok();
}

// No escalation through a role: a roles.manage holder cannot mint more than it has.
core::Status CheckNoEscalation(const security::Role& role, const security::Principal& actor) {
  for (const std::string& permission : role.permissions) {
    if (!actor.HasPermission(permission)) {
      return core::Error{core::ErrorCode::kForbidden, "missing_permission",
                         {{"permissions", "escalation", "the role has '" + permission + "', which you lack"}}};
    }
  }
  return core::Ok();
}

core::Status RefuseBuiltIn(std::string_view name) {
  if (!security::IsBuiltInRoleName(name)) return core::Ok();
  return core::Error{core::ErrorCode::kInvalidArgument, "built-in roles are fixed",
                     {{"name", "reserved_role_name", "role name is a built-in role"}}};
}

// Permission names are catalog words, not personal data: the audit detail may list them.
std::string RoleDetail(const security::Role& role) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "permissions");
  writer.StartArray();
  for (const std::string& permission : role.permissions) core::WriteString(writer, permission);
  writer.EndArray();
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

store::Store::RoleRecord ToRecord(const security::Role& role) {
  return {role.name, {role.permissions.begin(), role.permissions.end()}, 0, 0};
}

RoleView ToView(const store::Store::RoleRecord& record) {
  RoleView view{record.name, record.permissions, false, record.created_at, record.updated_at};
  std::sort(view.permissions.begin(), view.permissions.end());
  return view;
}

// Parses, validates and checks the actor may grant every permission; the role to store.
core::Result<security::Role> CheckedRole(std::string_view body, std::string* name_out, const std::string& path_name,
                                         const security::Principal& actor) {
  std::vector<std::string> permissions;
  ORDO_TRY(ParseRoleBody(body, name_out, permissions));
  core::Result<security::Role> role =
      security::MakeCustomRole(name_out != nullptr ? *name_out : path_name, permissions);
  if (!role) return role;
  ORDO_TRY(CheckNoEscalation(*role, actor));
  return role;
}

}  // namespace

core::Result<security::Role> FindAnyRole(store::Store& db, const std::string& name) {
  if (const security::Role* built_in = security::FindBuiltInRole(name)) return *built_in;
  core::Result<store::Store::RoleRecord> stored = db.GetRole(name);
  if (!stored) {
    if (stored.error().code == core::ErrorCode::kNotFound) return core::MakeError(core::ErrorCode::kNotFound, "unknown role");
    return std::move(stored).error();
  }
  return RoleFromRecord(*stored);
}

void RoleAdmin::ListRoles(Done<std::vector<RoleView>> done) {
  pool_.Post([this, done = std::move(done)] {
    core::Result<std::vector<store::Store::RoleRecord>> stored = store_.ListRoles();
    if (!stored) return done(std::move(stored).error());
    std::vector<RoleView> roles;
    for (const security::Role& role : security::BuiltInRoles()) {
      roles.push_back({role.name, {role.permissions.begin(), role.permissions.end()}, true, 0, 0});
    }
    for (const store::Store::RoleRecord& record : *stored) roles.push_back(ToView(record));
    done(std::move(roles));
  });
}

void RoleAdmin::CreateRole(std::string body, security::Principal actor, std::string ip, Done<RoleView> done) {
  pool_.Post([this, body = std::move(body), actor = std::move(actor), ip = std::move(ip), done = std::move(done)] {
    std::string name;
    core::Result<security::Role> role = CheckedRole(body, &name, "", actor);
    if (!role) return done(std::move(role).error());
    core::Result<store::Store::RoleRecord> created = store_.CreateRole(
        ToRecord(*role), MakeAudit(actor.ToActor(), ip, "role.create", "role:" + role->name, RoleDetail(*role)));
    if (!created) return done(std::move(created).error());
    done(ToView(*created));
  });
}

void RoleAdmin::UpdateRole(std::string name, std::string body, security::Principal actor, std::string ip,
                           Done<RoleView> done) {
  pool_.Post([this, name = std::move(name), body = std::move(body), actor = std::move(actor), ip = std::move(ip),
              done = std::move(done)] {
    if (core::Status custom = RefuseBuiltIn(name); !custom) return done(std::move(custom).error());
    core::Result<security::Role> role = CheckedRole(body, nullptr, name, actor);
    if (!role) return done(std::move(role).error());
    core::Result<store::Store::RoleRecord> updated = store_.UpdateRole(
        ToRecord(*role), MakeAudit(actor.ToActor(), ip, "role.update", "role:" + role->name, RoleDetail(*role)));
    // Cached principals carry the old permissions (here and, within 10 s, on other nodes).
    authenticator_.ForgetAll();
    if (!updated) return done(std::move(updated).error());
    done(ToView(*updated));
  });
}

void RoleAdmin::DeleteRole(std::string name, security::Principal actor, std::string ip, Done<bool> done) {
  pool_.Post([this, name = std::move(name), actor = std::move(actor), ip = std::move(ip), done = std::move(done)] {
    if (core::Status custom = RefuseBuiltIn(name); !custom) return done(std::move(custom).error());
    core::Status deleted = store_.DeleteRole(name, MakeAudit(actor.ToActor(), ip, "role.delete", "role:" + name));
    authenticator_.ForgetAll();
    if (!deleted) return done(std::move(deleted).error());
    done(true);
  });
}

}  // namespace ordo::service
