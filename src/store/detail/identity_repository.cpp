#include "store/detail/identity_repository.hpp"

#include <algorithm>
#include <string>

namespace ordo::store::detail {
namespace {

using core::ErrorCode;

constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
constexpr std::int64_t kAuditLockId = 1869767792;  // "ordo" + 1: the audit chain's advisory lock

constexpr const char* kUserColumns =
    "id, username, password_hash, role, scopes, totp_secret, totp_enabled, totp_last_step, failed_logins, "
    "locked_until, disabled, created_at";

UserRecord UserFromRow(const Row& row, int first = 0) {
  UserRecord user;
  user.id = row.Int(first + 0);
  user.username = row.Text(first + 1);
  user.password_hash = row.Text(first + 2);
  user.role = row.Text(first + 3);
  user.scopes_json = row.Text(first + 4);
  user.totp_secret = row.Text(first + 5);
  user.totp_enabled = row.Int(first + 6) != 0;
  if (!row.IsNull(first + 7)) user.totp_last_step = row.Int(first + 7);
  user.failed_logins = static_cast<int>(row.Int(first + 8));
  user.locked_until = row.Int(first + 9);
  user.disabled = row.Int(first + 10) != 0;
  user.created_at = row.Int(first + 11);
  return user;
}

constexpr const char* kApiKeyColumns = "id, key_id, key_hash, name, role, scopes, created_at, revoked_at";

ApiKeyRecord ApiKeyFromRow(const Row& row) {
  ApiKeyRecord key;
  key.id = row.Int(0);
  key.key_id = row.Text(1);
  key.key_hash = row.Text(2);
  key.name = row.Text(3);
  key.role = row.Text(4);
  key.scopes_json = row.Text(5);
  key.created_at = row.Int(6);
  if (!row.IsNull(7)) key.revoked_at = row.Int(7);
  return key;
}

Param OptionalInt(const std::optional<std::int64_t>& value) { return value ? Param(*value) : Param(nullptr); }

// TOTP secrets at rest: "enc:" + the cipher's text when the store has a key, else the base32
// as given. The prefix cannot begin a base32 secret (lower case, ':'), so rows written before
// the key was configured stay readable and are encrypted on their next write.
constexpr std::string_view kSealedPrefix = "enc:";

// Binds a sealed secret to its user: copied onto another user's row it does not decrypt.
// The username, not the id, because the id is not known before the INSERT and names never change.
std::string TotpAssociatedData(std::string_view username) { return "users.totp_secret:" + std::string(username); }

std::string SealTotpSecret(const UserRecord& user, const FieldCipher* cipher) {
  if (cipher == nullptr || user.totp_secret.empty()) return user.totp_secret;
  return std::string(kSealedPrefix) + cipher->Encrypt(user.totp_secret, TotpAssociatedData(user.username));
}

core::Status OpenTotpSecret(UserRecord& user, const FieldCipher* cipher) {
  if (!user.totp_secret.starts_with(kSealedPrefix)) return core::Ok();
  if (cipher == nullptr) {
    return core::MakeError(ErrorCode::kInternal, "a TOTP secret is encrypted and the store was opened without the PII key");
  }
  auto clear = cipher->Decrypt(std::string_view(user.totp_secret).substr(kSealedPrefix.size()),
                               TotpAssociatedData(user.username));
  if (!clear) return core::MakeError(ErrorCode::kInternal, "a stored TOTP secret does not decrypt");
  user.totp_secret = std::move(clear).value();
  return core::Ok();
}

core::Result<UserRecord> LoadOneUser(Connection& connection, const std::string& where, Param key,
                                     const FieldCipher* cipher) {
  std::optional<UserRecord> found;
  const Param params[] = {key};
  const RowHandler collect = [&](const Row& row) { found = UserFromRow(row); };
  ORDO_TRY(connection.Run(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where, params, &collect));
  if (!found) return core::MakeError(ErrorCode::kNotFound, "no such user");
  ORDO_TRY(OpenTotpSecret(*found, cipher));
  return std::move(*found);
}

}  // namespace

core::Result<UserRecord> InsertUser(Connection& connection, UserRecord user, core::UnixMillis now,
                                    const FieldCipher* cipher) {
  user.created_at = now;
  const std::string stored_secret = SealTotpSecret(user, cipher);
  ORDO_TRY(connection.Query(
      "INSERT INTO users (username, password_hash, role, scopes, totp_secret, totp_enabled, totp_last_step, "
      "failed_logins, locked_until, disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
      "RETURNING id",
      {std::string_view(user.username), std::string_view(user.password_hash), std::string_view(user.role),
       std::string_view(user.scopes_json), std::string_view(stored_secret), std::int64_t{user.totp_enabled},
       OptionalInt(user.totp_last_step), std::int64_t{user.failed_logins}, user.locked_until,
       std::int64_t{user.disabled}, now},
      [&](const Row& row) { user.id = row.Int(0); }));
  return user;
}

core::Result<UserRecord> LoadUserByName(Connection& connection, const std::string& username,
                                        const FieldCipher* cipher) {
  return LoadOneUser(connection, "username = $1", std::string_view(username), cipher);
}

core::Result<UserRecord> LoadUser(Connection& connection, std::int64_t id, const FieldCipher* cipher) {
  return LoadOneUser(connection, "id = $1", id, cipher);
}

core::Result<std::vector<UserRecord>> LoadUsers(Connection& connection, const FieldCipher* cipher) {
  std::vector<UserRecord> users;
  ORDO_TRY(connection.Query(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY id", {},
                            [&](const Row& row) { users.push_back(UserFromRow(row)); }));
  for (UserRecord& user : users) ORDO_TRY(OpenTotpSecret(user, cipher));
  return users;
}

core::Status WriteUser(Connection& connection, const UserRecord& user, const FieldCipher* cipher) {
  const std::string stored_secret = SealTotpSecret(user, cipher);
  ORDO_TRY(connection.Exec(
      "UPDATE users SET password_hash = $1, role = $2, scopes = $3, totp_secret = $4, totp_enabled = $5, "
      "totp_last_step = $6, failed_logins = $7, locked_until = $8, disabled = $9 WHERE id = $10",
      {std::string_view(user.password_hash), std::string_view(user.role), std::string_view(user.scopes_json),
       std::string_view(stored_secret), std::int64_t{user.totp_enabled}, OptionalInt(user.totp_last_step),
       std::int64_t{user.failed_logins}, user.locked_until, std::int64_t{user.disabled}, user.id}));
  if (connection.ChangedRows() != 1) return core::MakeError(ErrorCode::kNotFound, "no such user");
  return core::Ok();
}

core::Result<SessionRecord> InsertSession(Connection& connection, SessionRecord session) {
  ORDO_TRY(connection.Query(
      "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked, last_step_up_at, ip) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {std::string_view(session.token_hash), session.user_id, session.created_at, session.expires_at,
       std::int64_t{session.revoked}, OptionalInt(session.last_step_up_at), std::string_view(session.ip)},
      [&](const Row& row) { session.id = row.Int(0); }));
  return session;
}

core::Result<SessionWithUser> LoadSession(Connection& connection, const std::string& token_hash,
                                          const FieldCipher* cipher) {
  std::optional<SessionWithUser> found;
  ORDO_TRY(connection.Query(
      std::string("SELECT s.id, s.token_hash, s.user_id, s.created_at, s.expires_at, s.revoked, s.last_step_up_at, "
                  "s.ip, ") +
          "u.id, u.username, u.password_hash, u.role, u.scopes, u.totp_secret, u.totp_enabled, u.totp_last_step, "
          "u.failed_logins, u.locked_until, u.disabled, u.created_at "
          "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
      {std::string_view(token_hash)}, [&](const Row& row) {
        SessionWithUser out;
        out.session.id = row.Int(0);
        out.session.token_hash = row.Text(1);
        out.session.user_id = row.Int(2);
        out.session.created_at = row.Int(3);
        out.session.expires_at = row.Int(4);
        out.session.revoked = row.Int(5) != 0;
        if (!row.IsNull(6)) out.session.last_step_up_at = row.Int(6);
        out.session.ip = row.Text(7);
        out.user = UserFromRow(row, 8);
        found = std::move(out);
      }));
  if (!found) return core::MakeError(ErrorCode::kNotFound, "no such session");
  ORDO_TRY(OpenTotpSecret(found->user, cipher));
  return std::move(*found);
}

core::Status MarkSessionRevoked(Connection& connection, const std::string& token_hash) {
  ORDO_TRY(connection.Exec("UPDATE sessions SET revoked = 1 WHERE token_hash = $1", {std::string_view(token_hash)}));
  if (connection.ChangedRows() != 1) return core::MakeError(ErrorCode::kNotFound, "no such session");
  return core::Ok();
}

core::Status MarkStepUp(Connection& connection, const std::string& token_hash, core::UnixMillis at) {
  ORDO_TRY(connection.Exec("UPDATE sessions SET last_step_up_at = $1 WHERE token_hash = $2 AND revoked = 0",
                           {at, std::string_view(token_hash)}));
  if (connection.ChangedRows() != 1) return core::MakeError(ErrorCode::kNotFound, "no such session");
  return core::Ok();
}

core::Result<ApiKeyRecord> InsertApiKey(Connection& connection, ApiKeyRecord key, core::UnixMillis now) {
  key.created_at = now;
  ORDO_TRY(connection.Query(
      "INSERT INTO api_keys (key_id, key_hash, name, role, scopes, created_at, revoked_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, NULL) RETURNING id",
      {std::string_view(key.key_id), std::string_view(key.key_hash), std::string_view(key.name),
       std::string_view(key.role), std::string_view(key.scopes_json), now},
      [&](const Row& row) { key.id = row.Int(0); }));
  return key;
}

core::Result<ApiKeyRecord> LoadApiKey(Connection& connection, const std::string& key_id) {
  std::optional<ApiKeyRecord> found;
  ORDO_TRY(connection.Query(std::string("SELECT ") + kApiKeyColumns + " FROM api_keys WHERE key_id = $1",
                            {std::string_view(key_id)}, [&](const Row& row) { found = ApiKeyFromRow(row); }));
  if (!found) return core::MakeError(ErrorCode::kNotFound, "no such API key");
  return std::move(*found);
}

core::Result<std::vector<ApiKeyRecord>> LoadApiKeys(Connection& connection) {
  std::vector<ApiKeyRecord> keys;
  ORDO_TRY(connection.Query(std::string("SELECT ") + kApiKeyColumns + " FROM api_keys ORDER BY id", {},
                            [&](const Row& row) { keys.push_back(ApiKeyFromRow(row)); }));
  return keys;
}

core::Status MarkApiKeyRevoked(Connection& connection, std::int64_t id, core::UnixMillis now) {
  ORDO_TRY(connection.Exec("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", {now, id}));
  if (connection.ChangedRows() != 1) return core::MakeError(ErrorCode::kNotFound, "no such active API key");
  return core::Ok();
}

core::Result<AuditRecord> AppendAuditRow(Connection& connection, AuditRecord record, const AuditSealer& sealer,
                                         core::UnixMillis now) {
  if (!sealer) return core::MakeError(ErrorCode::kInternal, "the store was opened without an audit sealer");
  if (connection.dialect() == Dialect::kPostgres) {
    // Held until this transaction ends: appenders on other nodes wait, so seq and prev_hash
    // are read and written by one of them at a time.
    ORDO_TRY(connection.Query("SELECT pg_advisory_xact_lock($1)", {kAuditLockId}, [](const Row&) {}));
  }
  std::int64_t last_seq = 0;
  std::string prev_hash(kGenesisHash);
  ORDO_TRY(connection.Query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", {}, [&](const Row& row) {
    last_seq = row.Int(0);
    prev_hash = row.Text(1);
  }));
  record.seq = last_seq + 1;
  if (record.at == 0) record.at = now;
  record.prev_hash = prev_hash;
  sealer(record);
  ORDO_TRY(connection.Exec(
      "INSERT INTO audit_log (seq, at, actor_kind, actor_id, ip, action, subject, detail, prev_hash, hash) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {record.seq, record.at, std::string_view(record.actor_kind), std::string_view(record.actor_id),
       std::string_view(record.ip), std::string_view(record.action), std::string_view(record.subject),
       std::string_view(record.detail_json), std::string_view(record.prev_hash), std::string_view(record.hash)}));
  return record;
}

core::Result<std::vector<AuditRecord>> LoadAudit(Connection& connection, const AuditFilter& filter) {
  std::string sql =
      "SELECT seq, at, actor_kind, actor_id, ip, action, subject, detail, prev_hash, hash FROM audit_log";
  std::vector<Param> params;
  auto add = [&](std::string_view clause, Param value) {
    sql += params.empty() ? " WHERE " : " AND ";
    sql += clause;
    params.push_back(value);
    sql += "$" + std::to_string(params.size());
  };
  if (filter.after_seq) add("seq > ", *filter.after_seq);
  if (!filter.actor_id.empty()) add("actor_id = ", std::string_view(filter.actor_id));
  if (!filter.action.empty()) add("action = ", std::string_view(filter.action));
  if (filter.from) add("at >= ", *filter.from);
  if (filter.to) add("at < ", *filter.to);
  sql += " ORDER BY seq LIMIT " + std::to_string(std::clamp(filter.limit, 1, 10000));
  std::vector<AuditRecord> out;
  const RowHandler collect = [&](const Row& row) {
    AuditRecord record;
    record.seq = row.Int(0);
    record.at = row.Int(1);
    record.actor_kind = row.Text(2);
    record.actor_id = row.Text(3);
    record.ip = row.Text(4);
    record.action = row.Text(5);
    record.subject = row.Text(6);
    record.detail_json = row.Text(7);
    record.prev_hash = row.Text(8);
    record.hash = row.Text(9);
    out.push_back(std::move(record));
  };
  ORDO_TRY(connection.Run(sql, params, &collect));
  return out;
}

}  // namespace ordo::store::detail
