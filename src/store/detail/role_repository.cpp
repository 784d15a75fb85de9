#include "store/detail/role_repository.hpp"

#include <optional>

#include "core/json.hpp"

namespace ordo::store::detail {
namespace {

using core::ErrorCode;

std::string PermissionsJson(const std::vector<std::string>& permissions) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartArray();
  for (const std::string& permission : permissions) core::WriteString(writer, permission);
  writer.EndArray();
  return {buffer.GetString(), buffer.GetSize()};
}

// The rows are ours: anything but an array of strings means the table was edited by hand.
core::Result<std::vector<std::string>> ParsePermissions(std::string_view json) {
  rapidjson::Document doc;
  if (!core::ParseJson(json, doc) || !doc.IsArray()) {
    return core::MakeError(ErrorCode::kInternal, "stored role permissions are not valid");
  }
  std::vector<std::string> permissions;
  for (const auto& item : doc.GetArray()) {
    if (!item.IsString()) return core::MakeError(ErrorCode::kInternal, "stored role permissions are not valid");
    permissions.emplace_back(core::AsView(item));
  }
  return permissions;
}

constexpr const char* kRoleColumns = "name, permissions, created_at, updated_at";

// Rows are collected as text first: parsing can fail, and a RowHandler cannot return an error.
struct RawRole {
  std::string name;
  std::string permissions;
  core::UnixMillis created_at = 0;
  core::UnixMillis updated_at = 0;
};

RawRole RawFromRow(const Row& row) {
  return {std::string(row.Text(0)), std::string(row.Text(1)), row.Int(2), row.Int(3)};
}

core::Result<RoleRecord> FromRaw(RawRole raw) {
  auto permissions = ParsePermissions(raw.permissions);
  if (!permissions) return std::move(permissions).error();
  return RoleRecord{std::move(raw.name), std::move(permissions).value(), raw.created_at, raw.updated_at};
}

std::int64_t CountWhere(Connection& connection, const std::string& sql, std::string_view name, core::Status& status) {
  std::int64_t count = 0;
  status = connection.Query(sql, {name}, [&](const Row& row) { count = row.Int(0); });
  return count;
}

}  // namespace

core::Result<RoleRecord> InsertRole(Connection& connection, RoleRecord role, core::UnixMillis now) {
  role.created_at = now;
  role.updated_at = now;
  const std::string permissions = PermissionsJson(role.permissions);
  core::Status inserted =
      connection.Exec("INSERT INTO roles (name, permissions, created_at, updated_at) VALUES ($1, $2, $3, $4)",
                      {std::string_view(role.name), std::string_view(permissions), now, now});
  if (!inserted) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return core::MakeError(ErrorCode::kConflict, "a role with this name already exists");
    }
    return std::move(inserted).error();
  }
  return role;
}

core::Result<RoleRecord> WriteRolePermissions(Connection& connection, RoleRecord role, core::UnixMillis now) {
  const std::string permissions = PermissionsJson(role.permissions);
  ORDO_TRY(connection.Exec("UPDATE roles SET permissions = $1, updated_at = $2 WHERE name = $3",
                           {std::string_view(permissions), now, std::string_view(role.name)}));
  if (connection.ChangedRows() != 1) return core::MakeError(ErrorCode::kNotFound, "no such role");
  return LoadRole(connection, role.name);  // created_at as stored
}

core::Result<std::vector<RoleRecord>> LoadRoles(Connection& connection) {
  std::vector<RawRole> raw;
  ORDO_TRY(connection.Query(std::string("SELECT ") + kRoleColumns + " FROM roles ORDER BY name", {},
                            [&](const Row& row) { raw.push_back(RawFromRow(row)); }));
  std::vector<RoleRecord> roles;
  roles.reserve(raw.size());
  for (RawRole& one : raw) {
    auto role = FromRaw(std::move(one));
    if (!role) return std::move(role).error();
    roles.push_back(std::move(role).value());
  }
  return roles;
}

core::Result<RoleRecord> LoadRole(Connection& connection, const std::string& name) {
  std::optional<RawRole> raw;
  ORDO_TRY(connection.Query(std::string("SELECT ") + kRoleColumns + " FROM roles WHERE name = $1",
                            {std::string_view(name)}, [&](const Row& row) { raw = RawFromRow(row); }));
  if (!raw) return core::MakeError(ErrorCode::kNotFound, "no such role");
  return FromRaw(std::move(*raw));
}

core::Status RemoveRole(Connection& connection, const std::string& name) {
  core::Status status;
  const std::int64_t users = CountWhere(connection, "SELECT COUNT(*) FROM users WHERE role = $1", name, status);
  ORDO_TRY(status);
  const std::int64_t keys =
      CountWhere(connection, "SELECT COUNT(*) FROM api_keys WHERE role = $1 AND revoked_at IS NULL", name, status);
  ORDO_TRY(status);
  if (users > 0 || keys > 0) {
    return core::MakeError(ErrorCode::kConflict, "the role is still assigned to " + std::to_string(users) +
                                                     " users and " + std::to_string(keys) + " API keys");
  }
  ORDO_TRY(connection.Exec("DELETE FROM roles WHERE name = $1", {std::string_view(name)}));
  if (connection.ChangedRows() != 1) return core::MakeError(ErrorCode::kNotFound, "no such role");
  return core::Ok();
}

}  // namespace ordo::store::detail
