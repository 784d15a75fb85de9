#pragma once
// The order use cases as SQL over one Connection, written once for both dialects. Write
// functions run inside a group-commit unit (a savepoint); they call the order module's pure
// decisions (state machine, content fingerprint) and write the change, its timeline event and
// its outbox row together.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/store.hpp"

namespace ordo::store::detail {

// Every function takes the store's PII cipher (nullptr: personal fields stored in clear).

// An order from a row whose first columns are id, version, body, pii (personal fields
// decrypted with `cipher`; kInternal when they are sealed and it is null or wrong).
core::Result<order::Order> OrderFromRow(const Row& row, const FieldCipher* cipher);

// The three columns an order is stored in. With a cipher, name, phone and street leave the
// body and travel encrypted in `pii`, and so do the values they had before entry normalisation
// (order.original_fields of personal fields); the fingerprint covers the fields, not the
// originals (Ordo's bookkeeping, like everything else outside the content).
struct StoredForm {
  std::string body;
  std::string pii;
  std::string phone_index;
  std::uint64_t fingerprint = 0;
};

// What ingesting `item` writes if its (channel, external_id) is new: the order as created (on
// hold when quarantined before shipment), its stored columns and the fingerprint of the content
// as the channel sent it. It depends only on the item, `now` and the cipher, so SqlStore::Ingest
// builds it on the caller's thread before queueing: serialising, fingerprinting and encrypting
// an order (and the copies that takes) then no longer run on the store's single writer thread,
// which caps intake on SQLite (docs/benchmarks.md, "Import").
struct PreparedIngest {
  order::Order created;
  StoredForm form;
  std::uint64_t fingerprint = 0;  // of the content as sent (its status, not on_hold)
  order::OrderStatus channel_status = order::OrderStatus::kPendingPayment;
  bool quarantine = false;
  bool hold = false;
};
PreparedIngest PrepareIngest(const IngestItem& item, core::UnixMillis now, const FieldCipher* cipher);

// Runs inside a write unit; `prepared` is PrepareIngest(item, now, cipher), read only (the unit
// may run again).
core::Result<IngestOutcome> IngestOne(Connection& connection, const IngestItem& item, const PreparedIngest& prepared,
                                      core::UnixMillis now, const FieldCipher* cipher);
core::Result<IngestOutcome> IngestOne(Connection& connection, const IngestItem& item, core::UnixMillis now,
                                      const FieldCipher* cipher);
core::Result<order::Order> TransitionOne(Connection& connection, const TransitionCommand& command,
                                         core::UnixMillis now, const FieldCipher* cipher);
// The order's row for a write unit that changes it (locked on PostgreSQL until the unit's
// transaction ends); nullopt when there is none.
struct LockedOrder {
  order::Order order;
  std::int64_t last_event_seq = 0;
};
core::Result<std::optional<LockedOrder>> LoadOrderForWrite(Connection& connection, std::int64_t id,
                                                           const FieldCipher* cipher);

// The pieces of a status change, shared with the inventory's writes (allocation_repository):
// the timeline data {from, to, reason}, a timeline event, an outbox row, and the order row
// written over `seen_version` (kConflict if someone else got there first; `fingerprint` nullopt
// keeps the stored one).
std::string TransitionData(order::OrderStatus from, order::OrderStatus to, std::string_view reason);
core::Status AppendEvent(Connection& connection, const order::Order& order, std::int64_t seq, std::string_view node,
                         const core::Actor& actor, std::string_view data, core::UnixMillis now);
core::Status AppendOutbox(Connection& connection, const order::Order& order, std::string_view type,
                          std::optional<order::OrderStatus> from, core::UnixMillis now);
core::Status UpdateOrderRow(Connection& connection, const order::Order& next, std::int64_t seen_version,
                            std::int64_t last_event_seq, std::optional<std::uint64_t> fingerprint,
                            const FieldCipher* cipher);

core::Result<order::Order> LoadOrder(Connection& connection, std::int64_t id, const OrderScope& scope,
                                     const FieldCipher* cipher);
// Appends " WHERE …" for the filter's conditions and scope (nothing when there are none).
void AppendOrderFilter(const OrderFilter& filter, std::string& sql, std::vector<Param>& params);
core::Result<OrderSummary> SummarizeOrders(Connection& connection, const OrderFilter& filter);
core::Result<OrderPage> QueryOrders(Connection& connection, const OrderFilter& filter, const FieldCipher* cipher);
core::Result<std::vector<order::TimelineEvent>> LoadTimeline(Connection& connection, std::int64_t order_id,
                                                             const OrderScope& scope = {});

}  // namespace ordo::store::detail
