#pragma once
// Users, sessions, API keys and the hash-chained audit log as SQL over one Connection.
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/store.hpp"

namespace ordo::store::detail {

// With `cipher` (may be null) a user's TOTP secret is encrypted on write and decrypted on read,
// bound to the username; plain base32 secrets (written without a key) are read as they are.
// A sealed secret that does not decrypt, or one read without a cipher, is kInternal.
core::Result<UserRecord> InsertUser(Connection& connection, UserRecord user, core::UnixMillis now,
                                    const FieldCipher* cipher);
core::Result<UserRecord> LoadUserByName(Connection& connection, const std::string& username,
                                        const FieldCipher* cipher);
core::Result<UserRecord> LoadUser(Connection& connection, std::int64_t id, const FieldCipher* cipher);
core::Result<std::vector<UserRecord>> LoadUsers(Connection& connection, const FieldCipher* cipher);
core::Status WriteUser(Connection& connection, const UserRecord& user, const FieldCipher* cipher);

core::Result<SessionRecord> InsertSession(Connection& connection, SessionRecord session);
core::Result<SessionWithUser> LoadSession(Connection& connection, const std::string& token_hash,
                                          const FieldCipher* cipher);
core::Status MarkSessionRevoked(Connection& connection, const std::string& token_hash);
core::Status MarkStepUp(Connection& connection, const std::string& token_hash, core::UnixMillis at);

core::Result<ApiKeyRecord> InsertApiKey(Connection& connection, ApiKeyRecord key, core::UnixMillis now);
core::Result<ApiKeyRecord> LoadApiKey(Connection& connection, const std::string& key_id);
core::Result<std::vector<ApiKeyRecord>> LoadApiKeys(Connection& connection);
core::Status MarkApiKeyRevoked(Connection& connection, std::int64_t id, core::UnixMillis now);

// Appends `record` after the current last entry (seq + 1, prev_hash = its hash), sealed by
// `sealer`. Runs inside a write unit; on PostgreSQL a transaction-scoped advisory lock orders
// concurrent appenders from several nodes.
core::Result<AuditRecord> AppendAuditRow(Connection& connection, AuditRecord record, const AuditSealer& sealer,
                                         core::UnixMillis now);
core::Result<std::vector<AuditRecord>> LoadAudit(Connection& connection, const AuditFilter& filter);

}  // namespace ordo::store::detail
