#include "store/detail/channel_connection_repository.hpp"

#include <optional>

namespace ordo::store::detail {
namespace {

using core::ErrorCode;

constexpr const char* kColumns =
    "SELECT id, channel, name, secret, csv_profile, created_at, created_by, updated_at, disabled, orders_received, "
    "stale_updates_ignored, signature_failures, last_received_at FROM channel_connections ";

std::string SecretAssociatedData(std::string_view channel, std::string_view name) {
  return "channel_connection:" + std::string(channel) + ":" + std::string(name);
}

// Rows are copied out first: decryption can fail, and a RowHandler cannot return an error.
ChannelConnectionRecord RawFromRow(const Row& row) {
  ChannelConnectionRecord record;
  record.id = row.Int(0);
  record.channel = row.Text(1);
  record.name = row.Text(2);
  record.secret = row.Text(3);  // still sealed
  record.csv_profile = row.Text(4);
  record.created_at = row.Int(5);
  record.created_by = row.Text(6);
  record.updated_at = row.Int(7);
  record.disabled = row.Int(8) != 0;
  record.orders_received = row.Int(9);
  record.stale_updates_ignored = row.Int(10);
  record.signature_failures = row.Int(11);
  if (!row.IsNull(12)) record.last_received_at = row.Int(12);
  return record;
}

core::Status OpenSecret(ChannelConnectionRecord& record, const FieldCipher* cipher) {
  if (cipher == nullptr) return core::Ok();
  auto clear = cipher->Decrypt(record.secret, SecretAssociatedData(record.channel, record.name));
  if (!clear) return core::MakeError(ErrorCode::kInternal, "a channel connection's secret does not decrypt");
  record.secret = std::move(clear).value();
  return core::Ok();
}

core::Result<std::vector<ChannelConnectionRecord>> Select(Connection& connection, const std::string& where,
                                                          std::initializer_list<Param> params,
                                                          const FieldCipher* cipher) {
  std::vector<ChannelConnectionRecord> records;
  ORDO_TRY(connection.Query(kColumns + where, params, [&](const Row& row) { records.push_back(RawFromRow(row)); }));
  for (ChannelConnectionRecord& record : records) ORDO_TRY(OpenSecret(record, cipher));
  return records;
}

core::Result<ChannelConnectionRecord> One(core::Result<std::vector<ChannelConnectionRecord>> records) {
  if (!records) return std::move(records).error();
  if (records->empty()) return core::MakeError(ErrorCode::kNotFound, "no such channel connection");
  return std::move(records->front());
}

}  // namespace

core::Result<ChannelConnectionRecord> InsertChannelConnection(Connection& connection, ChannelConnectionRecord record,
                                                              core::UnixMillis now, const FieldCipher* cipher) {
  record.created_at = now;
  record.updated_at = now;
  record.disabled = false;
  record.orders_received = record.stale_updates_ignored = record.signature_failures = 0;
  record.last_received_at.reset();
  const std::string sealed = cipher == nullptr
                                 ? record.secret
                                 : cipher->Encrypt(record.secret, SecretAssociatedData(record.channel, record.name));
  std::optional<std::int64_t> id;
  core::Status inserted = connection.Query(
      "INSERT INTO channel_connections (channel, name, secret, csv_profile, created_at, created_by, updated_at, "
      "disabled, orders_received, stale_updates_ignored, signature_failures, last_received_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $5, 0, 0, 0, 0, NULL) RETURNING id",
      {std::string_view(record.channel), std::string_view(record.name), std::string_view(sealed),
       std::string_view(record.csv_profile), now, std::string_view(record.created_by)},
      [&](const Row& row) { id = row.Int(0); });
  if (!inserted) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return core::MakeError(ErrorCode::kConflict, "a connection with this name already exists for this channel");
    }
    return std::move(inserted).error();
  }
  if (!id) return core::MakeError(ErrorCode::kInternal, "the new channel connection has no id");
  record.id = *id;
  return record;
}

core::Result<std::vector<ChannelConnectionRecord>> LoadChannelConnections(Connection& connection,
                                                                          const FieldCipher* cipher) {
  return Select(connection, "ORDER BY channel, name", {}, cipher);
}

core::Result<ChannelConnectionRecord> LoadChannelConnection(Connection& connection, std::int64_t id,
                                                            const FieldCipher* cipher) {
  return One(Select(connection, "WHERE id = $1", {id}, cipher));
}

core::Result<ChannelConnectionRecord> LoadChannelConnectionByName(Connection& connection, const std::string& channel,
                                                                  const std::string& name, const FieldCipher* cipher) {
  return One(Select(connection, "WHERE channel = $1 AND name = $2",
                    {std::string_view(channel), std::string_view(name)}, cipher));
}

core::Status MarkChannelConnectionDisabled(Connection& connection, std::int64_t id, core::UnixMillis now) {
  ORDO_TRY(connection.Exec("UPDATE channel_connections SET disabled = 1, updated_at = $2 WHERE id = $1", {id, now}));
  if (connection.ChangedRows() != 1) return core::MakeError(ErrorCode::kNotFound, "no such channel connection");
  return core::Ok();
}

core::Status CountChannelOrderReceived(Connection& connection, std::int64_t id, core::UnixMillis now) {
  return connection.Exec(
      "UPDATE channel_connections SET orders_received = orders_received + 1, last_received_at = $2 WHERE id = $1",
      {id, now});
}

core::Status CountChannelStaleUpdate(Connection& connection, std::int64_t id) {
  return connection.Exec(
      "UPDATE channel_connections SET stale_updates_ignored = stale_updates_ignored + 1 WHERE id = $1", {id});
}

core::Status CountChannelSignatureFailureRow(Connection& connection, std::int64_t id) {
  return connection.Exec("UPDATE channel_connections SET signature_failures = signature_failures + 1 WHERE id = $1",
                         {id});
}

}  // namespace ordo::store::detail
