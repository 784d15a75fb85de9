#include "api/identity_json.hpp"

#include "service/identity.hpp"

namespace ordo::api {
namespace {

void WriteList(core::JsonWriter& writer, std::string_view name, const std::vector<std::string>& items) {
  core::WriteKey(writer, name);
  writer.StartArray();
  for (const std::string& item : items) core::WriteString(writer, item);
  writer.EndArray();
}

}  // namespace

void WriteScopes(core::JsonWriter& writer, const security::Scopes& scopes) {
  writer.StartObject();
  WriteList(writer, "provinces", scopes.provinces);
  WriteList(writer, "channels", scopes.channels);
  WriteList(writer, "locations", scopes.locations);
  writer.EndObject();
}

void WriteStoredScopes(core::JsonWriter& writer, const std::string& scopes_json) {
  core::Result<security::Scopes> scopes = service::ParseScopesJson(scopes_json);
  WriteScopes(writer, scopes ? *scopes : security::Scopes{});
}

void WriteUser(core::JsonWriter& writer, const store::UserRecord& user) {
  writer.StartObject();
  core::WriteKey(writer, "id");
  writer.Int64(user.id);
  core::WriteKey(writer, "username");
  core::WriteString(writer, user.username);
  core::WriteKey(writer, "role");
  core::WriteString(writer, user.role);
  core::WriteKey(writer, "scopes");
  WriteStoredScopes(writer, user.scopes_json);
  core::WriteKey(writer, "totp_enabled");
  writer.Bool(user.totp_enabled);
  core::WriteKey(writer, "disabled");
  writer.Bool(user.disabled);
  core::WriteKey(writer, "created_at");
  core::WriteString(writer, core::FormatRfc3339(user.created_at));
  writer.EndObject();
}

void WriteApiKey(core::JsonWriter& writer, const store::ApiKeyRecord& key, std::string_view clear_key) {
  writer.StartObject();
  core::WriteKey(writer, "id");
  writer.Int64(key.id);
  core::WriteKey(writer, "key_id");
  core::WriteString(writer, key.key_id);
  core::WriteKey(writer, "name");
  core::WriteString(writer, key.name);
  core::WriteKey(writer, "role");
  core::WriteString(writer, key.role);
  core::WriteKey(writer, "scopes");
  WriteStoredScopes(writer, key.scopes_json);
  core::WriteKey(writer, "created_at");
  core::WriteString(writer, core::FormatRfc3339(key.created_at));
  core::WriteKey(writer, "revoked_at");
  if (key.revoked_at) {
    core::WriteString(writer, core::FormatRfc3339(*key.revoked_at));
  } else {
    writer.Null();
  }
  if (!clear_key.empty()) {
    core::WriteKey(writer, "key");
    core::WriteString(writer, clear_key);
  }
  writer.EndObject();
}

void WriteAuditEntry(core::JsonWriter& writer, const store::AuditRecord& record) {
  writer.StartObject();
  core::WriteKey(writer, "seq");
  writer.Int64(record.seq);
  core::WriteKey(writer, "at");
  core::WriteString(writer, core::FormatRfc3339(record.at));
  core::WriteKey(writer, "actor_kind");
  core::WriteString(writer, record.actor_kind);
  core::WriteKey(writer, "actor_id");
  core::WriteString(writer, record.actor_id);
  core::WriteKey(writer, "ip");
  core::WriteString(writer, record.ip);
  core::WriteKey(writer, "action");
  core::WriteString(writer, record.action);
  core::WriteKey(writer, "subject");
  core::WriteString(writer, record.subject);
  core::WriteKey(writer, "detail");
  // The server wrote this object itself (no personal data by contract).
  const std::string& detail = record.detail_json.empty() ? std::string("{}") : record.detail_json;
  writer.RawValue(detail.data(), detail.size(), rapidjson::kObjectType);
  core::WriteKey(writer, "hash");
  core::WriteString(writer, record.hash);
  writer.EndObject();
}

}  // namespace ordo::api
