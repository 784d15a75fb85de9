#pragma once
// JSON of identity rows as the API shows them: users (never the password hash or the TOTP
// secret), scopes, principals, API keys (never the hash), audit entries.
#include "core/json.hpp"
#include "security/principal.hpp"
#include "store/store.hpp"

namespace ordo::api {

void WriteScopes(core::JsonWriter& writer, const security::Scopes& scopes);
// Scopes from the stored JSON; an unreadable value is written as empty lists.
void WriteStoredScopes(core::JsonWriter& writer, const std::string& scopes_json);
void WriteUser(core::JsonWriter& writer, const store::UserRecord& user);
void WriteApiKey(core::JsonWriter& writer, const store::ApiKeyRecord& key, std::string_view clear_key = {});
void WriteAuditEntry(core::JsonWriter& writer, const store::AuditRecord& record);

}  // namespace ordo::api
