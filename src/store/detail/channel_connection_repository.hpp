#pragma once
// Channel connections as SQL over one Connection: table `channel_connections` (migration 9).
// The secret column holds the secret sealed with the PII cipher (associated data
// "channel_connection:<channel>:<name>"), or in clear when the store has no cipher.
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/channel_store.hpp"
#include "store/detail/connection.hpp"

namespace ordo::store::detail {

// kConflict "a connection with this name already exists for this channel".
core::Result<ChannelConnectionRecord> InsertChannelConnection(Connection& connection, ChannelConnectionRecord record,
                                                              core::UnixMillis now, const FieldCipher* cipher);
core::Result<std::vector<ChannelConnectionRecord>> LoadChannelConnections(Connection& connection,
                                                                          const FieldCipher* cipher);
core::Result<ChannelConnectionRecord> LoadChannelConnection(Connection& connection, std::int64_t id,
                                                            const FieldCipher* cipher);  // kNotFound
core::Result<ChannelConnectionRecord> LoadChannelConnectionByName(Connection& connection, const std::string& channel,
                                                                  const std::string& name,
                                                                  const FieldCipher* cipher);  // kNotFound
core::Status MarkChannelConnectionDisabled(Connection& connection, std::int64_t id, core::UnixMillis now);  // kNotFound

// Counter bumps (one statement each; a missing id changes nothing).
core::Status CountChannelOrderReceived(Connection& connection, std::int64_t id, core::UnixMillis now);
core::Status CountChannelStaleUpdate(Connection& connection, std::int64_t id);
core::Status CountChannelSignatureFailureRow(Connection& connection, std::int64_t id);

}  // namespace ordo::store::detail
