// SqlStore's channel methods (store/channel_store.hpp). The connection calls block their caller
// until the reader or the group-commit writer has run them; IngestChannelOrders is queued like
// Store::Ingest.
#include <atomic>
#include <memory>
#include <optional>

#include "store/detail/blocking_units.hpp"
#include "store/detail/channel_connection_repository.hpp"
#include "store/detail/channel_ingest_repository.hpp"
#include "store/detail/identity_repository.hpp"
#include "store/detail/sql_store.hpp"

namespace ordo::store::detail {

core::Result<ChannelConnectionRecord> SqlStore::CreateChannelConnection(ChannelConnectionRecord record,
                                                                        AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<ChannelConnectionRecord>(
      *writer_, [this, record = std::move(record), audit = std::move(audit), now](Connection& c)
                    -> core::Result<ChannelConnectionRecord> {
        auto created = InsertChannelConnection(c, record, now, pii_cipher_);
        if (!created) return created;
        ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
        return created;
      });
}

core::Result<std::vector<ChannelConnectionRecord>> SqlStore::ListChannelConnections() {
  return ReadOn<std::vector<ChannelConnectionRecord>>(
      *readers_, [cipher = pii_cipher_](Connection& c) { return LoadChannelConnections(c, cipher); });
}

core::Result<ChannelConnectionRecord> SqlStore::GetChannelConnection(std::int64_t id) {
  return ReadOn<ChannelConnectionRecord>(
      *readers_, [id, cipher = pii_cipher_](Connection& c) { return LoadChannelConnection(c, id, cipher); });
}

core::Result<ChannelConnectionRecord> SqlStore::FindChannelConnection(const std::string& channel,
                                                                      const std::string& name) {
  return ReadOn<ChannelConnectionRecord>(*readers_, [&channel, &name, cipher = pii_cipher_](Connection& c) {
    return LoadChannelConnectionByName(c, channel, name, cipher);
  });
}

core::Result<ChannelConnectionRecord> SqlStore::DisableChannelConnection(std::int64_t id, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteOn<ChannelConnectionRecord>(
      *writer_, [this, id, audit = std::move(audit), now](Connection& c) -> core::Result<ChannelConnectionRecord> {
        ORDO_TRY(MarkChannelConnectionDisabled(c, id, now));
        ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
        return LoadChannelConnection(c, id, pii_cipher_);
      });
}

core::Status SqlStore::CountChannelSignatureFailure(std::int64_t id) {
  auto counted = WriteOn<bool>(*writer_, [id](Connection& c) -> core::Result<bool> {
    ORDO_TRY(CountChannelSignatureFailureRow(c, id));
    return true;
  });
  if (!counted) return std::move(counted).error();
  return core::Ok();
}

void SqlStore::IngestChannelOrders(std::vector<ChannelIngestItem> items,
                                   std::function<void(std::vector<core::Result<ChannelIngestOutcome>>)> done) {
  if (items.empty()) {
    done({});
    return;
  }
  // As Store::Ingest: one unit per item, submitted together; `done` fires after the last one.
  struct Gather {
    std::vector<std::optional<core::Result<ChannelIngestOutcome>>> results;
    std::atomic<std::size_t> remaining;
    std::function<void(std::vector<core::Result<ChannelIngestOutcome>>)> done;
  };
  auto gather = std::make_shared<Gather>();
  gather->results.resize(items.size());
  gather->remaining = items.size();
  gather->done = std::move(done);
  const core::UnixMillis now = clock_.Now();
  auto shared_items = std::make_shared<std::vector<ChannelIngestItem>>(std::move(items));
  std::vector<WriteUnit> units;
  units.reserve(shared_items->size());
  for (std::size_t item_idx = 0; item_idx < shared_items->size(); ++item_idx) {
    WriteUnit unit;
    unit.run = [shared_items, gather, item_idx, now, cipher = pii_cipher_](Connection& connection) -> core::Status {
      gather->results[item_idx].emplace(IngestChannelOne(connection, (*shared_items)[item_idx], now, cipher));
      if (*gather->results[item_idx]) return core::Ok();
      return gather->results[item_idx]->error();
    };
    unit.audit_entry = [shared_items, gather, item_idx]() -> std::string {
      const auto& result = gather->results[item_idx];
      if (!result || !*result || !(*result)->applied || (*result)->ingest.kind == IngestKind::kUnchanged) return {};
      const char* op = (*result)->ingest.kind == IngestKind::kCreated ? "created" : "updated";
      return OrderAuditEntry((*result)->ingest.order, op, (*shared_items)[item_idx].ingest.actor);
    };
    unit.complete = [gather, item_idx](core::Status status) {
      if (!status) gather->results[item_idx].emplace(std::move(status).error());
      if (gather->remaining.fetch_sub(1) == 1) {
        std::vector<core::Result<ChannelIngestOutcome>> out;
        out.reserve(gather->results.size());
        for (auto& result : gather->results) out.push_back(std::move(*result));
        gather->done(std::move(out));
      }
    };
    units.push_back(std::move(unit));
  }
  writer_->Submit(std::move(units));
}

}  // namespace ordo::store::detail
