#pragma once
// The store's channel side (issue 5, items 2 and 3): the merchant's channel connections
// (table channel_connections: one shop or CSV source per row, with its webhook secret and its
// counters) and the ingestion of channel orders with out-of-order protection (table
// channel_order_sync: the channel's last update time per order). Reached through
// Store::Channels(); same backends, same thread-safety: every method is thread-safe; all are
// BLOCKING (call from a blocking pool or a CLI thread, never from an I/O thread) except
// IngestChannelOrders, whose callback runs on a store thread after commit.
//
// The secret is encrypted at rest with the store's PII cipher (associated data binds it to its
// (channel, name)); without a cipher (--dev, tests) it is stored in clear like every other
// personal field. Records carry it decrypted for the caller that verifies signatures; whoever
// shows a record (API, CLI, logs) must leave it out.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace ordo::store {

struct ChannelConnectionRecord {
  std::int64_t id = 0;              // assigned by the store
  std::string channel;              // channels::ChannelName spelling ("shopify", "pos_csv", …)
  std::string name;                 // unique per channel
  std::string secret;               // clear in memory, encrypted in the table; NEVER shown
  std::string csv_profile;          // the saved CSV profile JSON (pos_csv), "" for none
  core::UnixMillis created_at = 0;  // assigned by the store
  std::string created_by;           // "user:admin", "cli:…"
  core::UnixMillis updated_at = 0;  // assigned by the store
  bool disabled = false;
  std::int64_t orders_received = 0;        // channel orders applied (created, updated or unchanged)
  std::int64_t stale_updates_ignored = 0;  // updates older than (or as old as) the stored one
  std::int64_t signature_failures = 0;     // webhooks refused for a missing or wrong signature
  std::optional<core::UnixMillis> last_received_at;
};

// One channel order to ingest through a connection.
struct ChannelIngestItem {
  IngestItem ingest;  // the normalised order and the entry rules' review, as for Store::Ingest
  std::int64_t connection_id = 0;
  // The channel's own last-change time: an update whose time is older than or equal to the
  // stored one is stale (nullopt: the channel gave none, never stale).
  std::optional<core::UnixMillis> channel_updated_at;
  // Non-empty: the channel forbids shipping for now; the order goes on hold with this reason
  // and is released when a later update of the channel comes without it.
  std::string channel_hold;
};

struct ChannelIngestOutcome {
  bool applied = true;
  std::string reason;     // when not applied: "stale_update"
  IngestOutcome ingest;   // kind and the order as stored after this call (unchanged when stale)
};

class ChannelStore {
 public:
  virtual ~ChannelStore() = default;

  // Stores a new connection with `audit` in the same transaction (its detail is the caller's
  // and must not carry the secret). kConflict "a connection with this name already exists for
  // this channel".
  virtual core::Result<ChannelConnectionRecord> CreateChannelConnection(ChannelConnectionRecord record,
                                                                        AuditRecord audit) = 0;
  // Ordered by channel, then name; disabled ones included.
  virtual core::Result<std::vector<ChannelConnectionRecord>> ListChannelConnections() = 0;
  virtual core::Result<ChannelConnectionRecord> GetChannelConnection(std::int64_t id) = 0;  // kNotFound
  // The connection named `name` on `channel`, disabled ones included (the caller decides), with
  // its secret and saved CSV profile: what the channel endpoint verifies webhooks with and what
  // the bulk import (`ordo import --channel pos_csv --profile <name>`) loads its CSV profile
  // from. kNotFound "no such channel connection".
  virtual core::Result<ChannelConnectionRecord> FindChannelConnection(const std::string& channel,
                                                                      const std::string& name) = 0;
  // Marks it disabled (kept for its counters and history), with `audit`. kNotFound.
  virtual core::Result<ChannelConnectionRecord> DisableChannelConnection(std::int64_t id, AuditRecord audit) = 0;
  // Counts one refused signature on the connection (nothing else is written).
  virtual core::Status CountChannelSignatureFailure(std::int64_t id) = 0;

  // One write unit per item, queued together like Store::Ingest; `done` gets one result per
  // item, in order, on a store thread. Per item, atomically:
  //   - an update (same channel and external_id as a stored order) whose channel_updated_at is
  //     not newer than the stored one: not applied (reason "stale_update"), the connection's
  //     stale_updates_ignored + 1, nothing else written;
  //   - otherwise the content is ingested as by Store::Ingest, then the channel's status is
  //     applied through the state machine (order::PlanChannelStatus): kIllegalTransition naming
  //     both states rolls the whole item back; a channel hold holds or releases the order;
  //     the channel time is remembered and orders_received + 1.
  virtual void IngestChannelOrders(std::vector<ChannelIngestItem> items,
                                   std::function<void(std::vector<core::Result<ChannelIngestOutcome>>)> done) = 0;
  std::vector<core::Result<ChannelIngestOutcome>> IngestChannelOrdersSync(std::vector<ChannelIngestItem> items);
};

}  // namespace ordo::store
