// Roles: the built-in ones (read only) and custom roles an admin defines.
#include <string>

#include "api/handlers.hpp"
#include "api/reply.hpp"
#include "core/time.hpp"

namespace ordo::api {
namespace {

void WriteRole(core::JsonWriter& writer, const service::RoleView& role) {
  writer.StartObject();
  core::WriteKey(writer, "name");
  core::WriteString(writer, role.name);
  core::WriteKey(writer, "permissions");
  writer.StartArray();
  for (const std::string& permission : role.permissions) core::WriteString(writer, permission);
  writer.EndArray();
  core::WriteKey(writer, "built_in");
  writer.Bool(role.built_in);
  for (const auto& [key, at] : {std::pair{"created_at", role.created_at}, std::pair{"updated_at", role.updated_at}}) {
    core::WriteKey(writer, key);
    if (role.built_in) {
      writer.Null();
    } else {
      core::WriteString(writer, core::FormatRfc3339(at));
    }
  }
  writer.EndObject();
}

auto RoleReply(const ExchangePtr& exchange, int status) {
  return ReplyOnStrand<service::RoleView>(exchange, [status](Exchange& done, core::Result<service::RoleView> role) {
    if (!role) return ReplyProblem(done, role.error());
    done.response.status = status;
    if (status == 201) done.response.AddHeader("Location", "/api/v1/roles/" + role->name);
    WriteRole(done.response.StartJson(), *role);
  });
}

}  // namespace

void AddRoleRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  // Listing needs users.manage: whoever assigns roles must see what each one grants.
  router.Add({.method = Method::kGet, .pattern = "/api/v1/roles", .permission = "users.manage",
              .operation_id = "listRoles", .summary = "Built-in and custom roles with their permissions",
              .tag = "access", .response_schema = "RoleList"},
             [svc](const ExchangePtr& exchange) {
               using Roles = std::vector<service::RoleView>;
               svc->roles.ListRoles(ReplyOnStrand<Roles>(exchange, [](Exchange& done, core::Result<Roles> roles) {
                 if (!roles) return ReplyProblem(done, roles.error());
                 core::JsonWriter& writer = done.response.StartJson();
                 writer.StartObject();
                 core::WriteKey(writer, "items");
                 writer.StartArray();
                 for (const service::RoleView& role : *roles) WriteRole(writer, role);
                 writer.EndArray();
                 core::WriteKey(writer, "next_cursor");
                 writer.Null();
                 writer.EndObject();
               }));
             });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/roles", .permission = "roles.manage",
              .operation_id = "createRole", .summary = "Define a custom role (only permissions you hold)",
              .tag = "access", .success_status = 201, .request_schema = "RoleInput", .response_schema = "Role"},
             [svc](const ExchangePtr& exchange) {
               svc->roles.CreateRole(std::string(exchange->request.body), PrincipalOf(*exchange),
                                     std::string(exchange->request.client_ip), RoleReply(exchange, 201));
             });
  router.Add({.method = Method::kPut, .pattern = "/api/v1/roles/{name}", .permission = "roles.manage",
              .operation_id = "updateRole", .summary = "Replace a custom role's permissions",
              .tag = "access", .request_schema = "RolePermissions", .response_schema = "Role"},
             [svc](const ExchangePtr& exchange) {
               svc->roles.UpdateRole(std::string(exchange->request.path_params[0]), std::string(exchange->request.body),
                                     PrincipalOf(*exchange), std::string(exchange->request.client_ip),
                                     RoleReply(exchange, 200));
             });
  router.Add({.method = Method::kDelete, .pattern = "/api/v1/roles/{name}", .permission = "roles.manage",
              .operation_id = "deleteRole", .summary = "Delete a custom role (409 while users or API keys have it)",
              .tag = "access", .success_status = 204},
             [svc](const ExchangePtr& exchange) {
               svc->roles.DeleteRole(std::string(exchange->request.path_params[0]), PrincipalOf(*exchange),
                                     std::string(exchange->request.client_ip),
                                     ReplyOnStrand<bool>(exchange, [](Exchange& done, core::Result<bool> deleted) {
                                       if (!deleted) return ReplyProblem(done, deleted.error());
                                       done.response.status = 204;
                                     }));
             });
}

}  // namespace ordo::api
