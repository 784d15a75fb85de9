// Access administration: users, API keys, the audit log.
#include <string>

#include "api/handlers.hpp"
#include "api/identity_json.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"

namespace ordo::api {
namespace {

template <class T, class WriteItem>
auto ListReply(const ExchangePtr& exchange, WriteItem write_item) {
  return ReplyOnStrand<std::vector<T>>(exchange, [write_item](Exchange& done, core::Result<std::vector<T>> items) {
    if (!items) return ReplyProblem(done, items.error());
    core::JsonWriter& writer = done.response.StartJson();
    writer.StartObject();
    core::WriteKey(writer, "items");
    writer.StartArray();
    for (const T& item : *items) write_item(writer, item);
    writer.EndArray();
    core::WriteKey(writer, "next_cursor");
    writer.Null();
    writer.EndObject();
  });
}

auto UserReply(const ExchangePtr& exchange, int status) {
  return ReplyOnStrand<store::UserRecord>(exchange, [status](Exchange& done, core::Result<store::UserRecord> user) {
    if (!user) return ReplyProblem(done, user.error());
    done.response.status = status;
    if (status == 201) done.response.AddHeader("Location", "/api/v1/users/" + std::to_string(user->id));
    WriteUser(done.response.StartJson(), *user);
  });
}

void ListAudit(service::Services& services, const ExchangePtr& exchange) {
  core::Result<service::QueryParams> params = ParseQuery(exchange->request.query);
  if (!params) return FinishWithProblem(exchange, params.error());
  core::Result<store::AuditFilter> filter = service::BuildAuditFilter(*params);
  if (!filter) return FinishWithProblem(exchange, filter.error());
  const int limit = filter->limit;
  using Records = std::vector<store::AuditRecord>;
  services.access.ListAudit(std::move(filter).value(),
                            ReplyOnStrand<Records>(exchange, [limit](Exchange& done, core::Result<Records> records) {
                              if (!records) return ReplyProblem(done, records.error());
                              core::JsonWriter& writer = done.response.StartJson();
                              writer.StartObject();
                              core::WriteKey(writer, "items");
                              writer.StartArray();
                              for (const store::AuditRecord& record : *records) WriteAuditEntry(writer, record);
                              writer.EndArray();
                              core::WriteKey(writer, "next_after_seq");
                              if (static_cast<int>(records->size()) == limit && !records->empty()) {
                                writer.Int64(records->back().seq);
                              } else {
                                writer.Null();
                              }
                              writer.EndObject();
                            }));
}

}  // namespace

void AddAccessRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  router.Add({.method = Method::kGet, .pattern = "/api/v1/users", .permission = "users.manage",
              .operation_id = "listUsers", .summary = "Users (never their password hashes or TOTP secrets)",
              .tag = "access", .response_schema = "UserList"},
             [svc](const ExchangePtr& exchange) {
               svc->access.ListUsers(ListReply<store::UserRecord>(exchange, WriteUser));
             });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/users", .permission = "users.manage",
              .operation_id = "createUser", .summary = "Create a user (password policy-checked, argon2id)",
              .tag = "access", .success_status = 201, .request_schema = "UserInput", .response_schema = "User"},
             [svc](const ExchangePtr& exchange) {
               svc->access.CreateUser(std::string(exchange->request.body), PrincipalOf(*exchange),
                                      std::string(exchange->request.client_ip), UserReply(exchange, 201));
             });
  router.Add({.method = Method::kPatch, .pattern = "/api/v1/users/{id}", .permission = "users.manage",
              .operation_id = "updateUser", .summary = "Change a user's role, scopes or disabled flag",
              .tag = "access", .request_schema = "UserPatch", .response_schema = "User"},
             [svc](const ExchangePtr& exchange) {
               core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
               if (!id) return FinishWithProblem(exchange, id.error());
               svc->access.UpdateUser(*id, std::string(exchange->request.body), PrincipalOf(*exchange),
                                      std::string(exchange->request.client_ip), UserReply(exchange, 200));
             });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/api-keys", .permission = "api_keys.manage",
              .operation_id = "createApiKey", .summary = "Issue an API key (the key is shown in this answer only)",
              .tag = "access", .success_status = 201, .request_schema = "ApiKeyInput", .response_schema = "ApiKey"},
             [svc](const ExchangePtr& exchange) {
               svc->access.CreateApiKey(
                   std::string(exchange->request.body), PrincipalOf(*exchange), std::string(exchange->request.client_ip),
                   ReplyOnStrand<service::IssuedKey>(exchange, [](Exchange& done, core::Result<service::IssuedKey> key) {
                     if (!key) return ReplyProblem(done, key.error());
                     done.response.status = 201;
                     WriteApiKey(done.response.StartJson(), key->record, key->key);
                   }));
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/api-keys", .permission = "api_keys.manage",
              .operation_id = "listApiKeys", .summary = "API keys (ids and labels, never the keys)", .tag = "access",
              .response_schema = "ApiKeyList"},
             [svc](const ExchangePtr& exchange) {
               svc->access.ListApiKeys(ListReply<store::ApiKeyRecord>(
                   exchange, [](core::JsonWriter& writer, const store::ApiKeyRecord& key) { WriteApiKey(writer, key); }));
             });
  router.Add({.method = Method::kDelete, .pattern = "/api/v1/api-keys/{id}", .permission = "api_keys.manage",
              .operation_id = "revokeApiKey", .summary = "Revoke an API key", .tag = "access",
              .success_status = 204},
             [svc](const ExchangePtr& exchange) {
               core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
               if (!id) return FinishWithProblem(exchange, id.error());
               svc->access.RevokeApiKey(*id, PrincipalOf(*exchange), std::string(exchange->request.client_ip),
                                        ReplyOnStrand<bool>(exchange, [](Exchange& done, core::Result<bool> revoked) {
                                          if (!revoked) return ReplyProblem(done, revoked.error());
                                          done.response.status = 204;
                                        }));
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/audit", .permission = "audit.read",
              .operation_id = "listAudit", .summary = "The hash-chained audit log, ascending by seq", .tag = "access",
              .response_schema = "AuditPage",
              .query_params = {{"after_seq", "cursor: entries after this seq"}, {"actor", "actor id"},
                               {"action", "e.g. auth.login_failed"}, {"from", "RFC 3339, inclusive"},
                               {"to", "RFC 3339, exclusive"}, {"limit", "1..1000, default 100"}}},
             [svc](const ExchangePtr& exchange) { ListAudit(*svc, exchange); });
}

}  // namespace ordo::api
