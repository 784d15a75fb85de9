#include "store/detail/sql_store.hpp"

#include <future>

#include "core/json.hpp"
#include "order/status.hpp"

#include "store/detail/identity_repository.hpp"
#include "store/detail/order_repository.hpp"
#include "store/detail/quality_rules_repository.hpp"
#include "store/detail/retention_repository.hpp"
#include "store/detail/unmask_repository.hpp"
#include "store/detail/role_repository.hpp"
#include "store/detail/webhook_repository.hpp"

namespace ordo::store::detail {

SqlStore::SqlStore(std::string backend_name, std::unique_ptr<DurabilityBarrier> barrier,
                   std::unique_ptr<GroupCommitWriter> writer, std::unique_ptr<ReaderPool> readers,
                   const core::Clock& clock, AuditSealer audit_sealer, const FieldCipher* pii_cipher)
    : backend_name_(std::move(backend_name)), clock_(clock), audit_sealer_(std::move(audit_sealer)),
      pii_cipher_(pii_cipher),
      barrier_(std::move(barrier)),
      writer_(std::move(writer)), readers_(std::move(readers)) {
  // Every committed order change is in the hash-chained audit log: one record per batch (not
  // per order: the chain is one sequence, and one record per commit keeps its cost flat at any
  // ingest rate). Without a sealer (store tests) there is no audit log to write to.
  if (audit_sealer_) {
    writer_->SetBatchAuditor([this](Connection& connection, const std::vector<std::string>& entries) -> core::Status {
      std::string detail = "{\"changes\":[";
      for (std::size_t entry_idx = 0; entry_idx < entries.size(); ++entry_idx) {
        if (entry_idx > 0) detail += ',';
        detail += entries[entry_idx];
      }
      detail += "]}";
      AuditRecord record{.actor_kind = "system", .actor_id = "store", .action = "orders.write",
                         .subject = "orders", .detail_json = std::move(detail)};
      auto appended = AppendAuditRow(connection, std::move(record), audit_sealer_, clock_.Now());
      if (!appended) return std::move(appended).error();
      return core::Ok();
    });
  }
}

std::string OrderAuditEntry(const order::Order& order, std::string_view op, const core::Actor& actor) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "order");
  writer.Int64(order.id);
  core::WriteKey(writer, "version");
  writer.Int64(order.version);
  core::WriteKey(writer, "op");
  core::WriteString(writer, op);
  core::WriteKey(writer, "status");
  core::WriteString(writer, order::StatusName(order.status));
  core::WriteKey(writer, "by");
  core::WriteString(writer, actor.kind + ":" + actor.id);
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

SqlStore::~SqlStore() {
  {
    // The watch calls into the engine, which reads through this store: stop it before anything.
    std::lock_guard lock(watch_mutex_);
    watch_.reset();
  }
  // Writes first: everything queued commits, then the barrier makes it durable and runs the
  // callbacks; readers stop last.
  writer_.reset();
  barrier_.reset();
  readers_.reset();
}

template <class T>
void SqlStore::Write(std::function<core::Result<T>(Connection&)> body, Callback<T> done) {
  // The unit may run more than once (deadlock retry); the last run's result is the one kept.
  auto result = std::make_shared<std::optional<core::Result<T>>>();
  WriteUnit unit;
  unit.run = [body = std::move(body), result](Connection& connection) -> core::Status {
    result->emplace(body(connection));
    if (**result) return core::Ok();
    return (**result).error();
  };
  unit.complete = [result, done = std::move(done)](core::Status status) {
    if (!status) {
      done(std::move(status).error());
    } else {
      done(std::move(**result));
    }
  };
  writer_->Submit(std::move(unit));
}

template <class T>
core::Result<T> SqlStore::WriteSync(std::function<core::Result<T>(Connection&)> body) {
  std::promise<core::Result<T>> promise;
  auto future = promise.get_future();
  Write<T>(std::move(body), [&promise](core::Result<T> result) { promise.set_value(std::move(result)); });
  return future.get();
}

template <class T>
void SqlStore::Read(std::function<core::Result<T>(Connection&)> body, Callback<T> done) {
  readers_->Submit([body = std::move(body), done = std::move(done)](Connection& connection) {
    done(body(connection));
  });
}

template <class T>
core::Result<T> SqlStore::ReadSync(std::function<core::Result<T>(Connection&)> body) {
  std::promise<core::Result<T>> promise;
  auto future = promise.get_future();
  Read<T>(std::move(body), [&promise](core::Result<T> result) { promise.set_value(std::move(result)); });
  return future.get();
}

core::Status SqlStore::WriteStatus(std::function<core::Status(Connection&)> body) {
  auto done = WriteSync<bool>([body = std::move(body)](Connection& c) -> core::Result<bool> {
    ORDO_TRY(body(c));
    return true;
  });
  if (!done) return std::move(done).error();
  return core::Ok();
}

core::Status SqlStore::Ping() {
  std::promise<core::Status> promise;
  auto future = promise.get_future();
  readers_->Submit([&promise](Connection& connection) {
    promise.set_value(connection.Query("SELECT 1", {}, [](const Row&) {}));
  });
  return future.get();
}

void SqlStore::Ingest(std::vector<IngestItem> items,
                      std::function<void(std::vector<core::Result<IngestOutcome>>)> done) {
  if (items.empty()) {
    done({});
    return;
  }
  // One unit per item, submitted together: one failing item rolls back alone, and the batch
  // usually shares one commit. `done` fires when the last item completed.
  struct Gather {
    std::vector<std::optional<core::Result<IngestOutcome>>> results;
    std::atomic<std::size_t> remaining;
    std::function<void(std::vector<core::Result<IngestOutcome>>)> done;
  };
  auto gather = std::make_shared<Gather>();
  gather->results.resize(items.size());
  gather->remaining = items.size();
  gather->done = std::move(done);
  const core::UnixMillis now = clock_.Now();
  std::vector<WriteUnit> units;
  units.reserve(items.size());
  auto shared_items = std::make_shared<std::vector<IngestItem>>(std::move(items));
  // Serialising and encrypting each order happens here, on the caller's thread, so that the
  // writer (one thread on SQLite, the intake's cap) only runs the SQL (order_repository.hpp).
  auto prepared = std::make_shared<std::vector<PreparedIngest>>();
  prepared->reserve(shared_items->size());
  for (const IngestItem& item : *shared_items) prepared->push_back(PrepareIngest(item, now, pii_cipher_));
  for (std::size_t item_idx = 0; item_idx < shared_items->size(); ++item_idx) {
    WriteUnit unit;
    unit.run = [shared_items, prepared, gather, item_idx, now, cipher = pii_cipher_](Connection& connection) -> core::Status {
      gather->results[item_idx].emplace(
          IngestOne(connection, (*shared_items)[item_idx], (*prepared)[item_idx], now, cipher));
      if (*gather->results[item_idx]) return core::Ok();
      return gather->results[item_idx]->error();
    };
    unit.audit_entry = [shared_items, gather, item_idx]() -> std::string {
      const auto& result = gather->results[item_idx];
      if (!result || !*result || (*result)->kind == IngestKind::kUnchanged) return {};
      const char* op = (*result)->kind == IngestKind::kCreated ? "created" : "updated";
      return OrderAuditEntry((*result)->order, op, (*shared_items)[item_idx].actor);
    };
    unit.complete = [gather, item_idx](core::Status status) {
      if (!status) gather->results[item_idx].emplace(std::move(status).error());
      if (gather->remaining.fetch_sub(1) == 1) {
        std::vector<core::Result<IngestOutcome>> out;
        out.reserve(gather->results.size());
        for (auto& result : gather->results) out.push_back(std::move(*result));
        gather->done(std::move(out));
      }
    };
    units.push_back(std::move(unit));
  }
  writer_->Submit(std::move(units));
}

void SqlStore::Transition(TransitionCommand command, Callback<order::Order> done) {
  const core::UnixMillis now = clock_.Now();
  auto result = std::make_shared<std::optional<core::Result<order::Order>>>();
  auto shared = std::make_shared<TransitionCommand>(std::move(command));
  WriteUnit unit;
  unit.run = [shared, result, now, cipher = pii_cipher_](Connection& connection) -> core::Status {
    result->emplace(TransitionOne(connection, *shared, now, cipher));
    if (**result) return core::Ok();
    return (**result).error();
  };
  unit.audit_entry = [shared, result]() -> std::string {
    return *result && **result ? OrderAuditEntry(***result, "transition", shared->actor) : std::string();
  };
  unit.complete = [result, done = std::move(done)](core::Status status) {
    if (!status) return done(std::move(status).error());
    done(std::move(**result));
  };
  writer_->Submit(std::move(unit));
}

void SqlStore::GetOrder(std::int64_t id, Callback<order::Order> done, OrderScope scope) {
  Read<order::Order>([id, scope = std::move(scope), cipher = pii_cipher_](Connection& c) { return LoadOrder(c, id, scope, cipher); },
                     std::move(done));
}

void SqlStore::ListOrders(OrderFilter filter, Callback<OrderPage> done) {
  Read<OrderPage>([filter = std::move(filter), cipher = pii_cipher_](Connection& c) { return QueryOrders(c, filter, cipher); }, std::move(done));
}

void SqlStore::SummarizeOrders(OrderFilter filter, Callback<OrderSummary> done) {
  Read<OrderSummary>([filter = std::move(filter)](Connection& c) { return detail::SummarizeOrders(c, filter); },
                     std::move(done));
}

void SqlStore::GetTimeline(std::int64_t order_id, Callback<std::vector<order::TimelineEvent>> done,
                           OrderScope scope) {
  Read<std::vector<order::TimelineEvent>>(
      [order_id, scope = std::move(scope)](Connection& c) { return LoadTimeline(c, order_id, scope); },
      std::move(done));
}

core::Result<UserRecord> SqlStore::CreateUser(UserRecord user, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteSync<UserRecord>([this, user = std::move(user), audit = std::move(audit), now](Connection& c)
                                   -> core::Result<UserRecord> {
    auto created = InsertUser(c, user, now, pii_cipher_);
    if (!created) {
      if (created.error().code == core::ErrorCode::kConflict) {
        return core::MakeError(core::ErrorCode::kConflict, "a user with this username already exists");
      }
      return created;
    }
    AuditRecord record = audit;
    if (record.subject.empty()) record.subject = "user:" + std::to_string(created->id);
    ORDO_TRY(AppendAuditRow(c, std::move(record), audit_sealer_, now));
    return created;
  });
}

core::Result<UserRecord> SqlStore::FindUserByName(const std::string& username) {
  return ReadSync<UserRecord>(
      [username, cipher = pii_cipher_](Connection& c) { return LoadUserByName(c, username, cipher); });
}

core::Result<UserRecord> SqlStore::GetUser(std::int64_t id) {
  return ReadSync<UserRecord>([id, cipher = pii_cipher_](Connection& c) { return LoadUser(c, id, cipher); });
}

core::Result<std::vector<UserRecord>> SqlStore::ListUsers() {
  return ReadSync<std::vector<UserRecord>>([cipher = pii_cipher_](Connection& c) { return LoadUsers(c, cipher); });
}

core::Status SqlStore::UpdateUser(const UserRecord& user, std::optional<AuditRecord> audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteStatus([this, user, audit = std::move(audit), now](Connection& c) -> core::Status {
    ORDO_TRY(WriteUser(c, user, pii_cipher_));
    if (audit) {
      auto appended = AppendAuditRow(c, *audit, audit_sealer_, now);
      if (!appended) return std::move(appended).error();
    }
    return core::Ok();
  });
}

core::Result<SessionRecord> SqlStore::CreateSession(SessionRecord session, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteSync<SessionRecord>([this, session = std::move(session), audit = std::move(audit), now](Connection& c)
                                      -> core::Result<SessionRecord> {
    auto created = InsertSession(c, session);
    if (!created) return created;
    ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
    return created;
  });
}

void SqlStore::FindSession(std::string token_hash, Callback<SessionWithUser> done) {
  Read<SessionWithUser>([token_hash = std::move(token_hash), cipher = pii_cipher_](
                            Connection& c) { return LoadSession(c, token_hash, cipher); },
                        std::move(done));
}

core::Status SqlStore::RevokeSession(const std::string& token_hash, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteStatus([this, token_hash, audit = std::move(audit), now](Connection& c) -> core::Status {
    ORDO_TRY(MarkSessionRevoked(c, token_hash));
    auto appended = AppendAuditRow(c, audit, audit_sealer_, now);
    if (!appended) return std::move(appended).error();
    return core::Ok();
  });
}

core::Status SqlStore::RecordStepUp(const std::string& token_hash, core::UnixMillis at) {
  return WriteStatus([token_hash, at](Connection& c) { return MarkStepUp(c, token_hash, at); });
}

core::Result<ApiKeyRecord> SqlStore::CreateApiKey(ApiKeyRecord key, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteSync<ApiKeyRecord>([this, key = std::move(key), audit = std::move(audit), now](Connection& c)
                                     -> core::Result<ApiKeyRecord> {
    auto created = InsertApiKey(c, key, now);
    if (!created) return created;
    ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
    return created;
  });
}

void SqlStore::FindApiKey(std::string key_id, Callback<ApiKeyRecord> done) {
  Read<ApiKeyRecord>([key_id = std::move(key_id)](Connection& c) { return LoadApiKey(c, key_id); }, std::move(done));
}

core::Result<std::vector<ApiKeyRecord>> SqlStore::ListApiKeys() {
  return ReadSync<std::vector<ApiKeyRecord>>([](Connection& c) { return LoadApiKeys(c); });
}

core::Status SqlStore::RevokeApiKey(std::int64_t id, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteStatus([this, id, audit = std::move(audit), now](Connection& c) -> core::Status {
    ORDO_TRY(MarkApiKeyRevoked(c, id, now));
    auto appended = AppendAuditRow(c, audit, audit_sealer_, now);
    if (!appended) return std::move(appended).error();
    return core::Ok();
  });
}

core::Result<std::int64_t> SqlStore::WriteChunks(
    const std::function<core::Result<std::int64_t>(Connection&)>& chunk) {
  std::int64_t total = 0;
  for (;;) {
    auto done = WriteSync<std::int64_t>(chunk);
    if (!done) return std::move(done).error();
    total += *done;
    if (*done < kRetentionChunk) return total;
  }
}

namespace {
std::string RetentionDetail(const RetentionPolicy& policy, const RetentionReport& report) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "anonymised");
  writer.Int64(report.anonymised);
  core::WriteKey(writer, "archived");
  writer.Int64(report.archived);
  if (policy.anonymise_after_days) {
    core::WriteKey(writer, "anonymise_after_days");
    writer.Int(*policy.anonymise_after_days);
  }
  if (policy.archive_after_days) {
    core::WriteKey(writer, "archive_after_days");
    writer.Int(*policy.archive_after_days);
  }
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}
constexpr core::UnixMillis kDayMillis = 86'400'000;
}  // namespace

core::Result<RetentionReport> SqlStore::RunRetention(const RetentionPolicy& policy, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  RetentionReport report;
  if (policy.anonymise_after_days) {
    const core::UnixMillis cutoff = now - *policy.anonymise_after_days * kDayMillis;
    auto anonymised = WriteChunks([cutoff, now](Connection& c) { return AnonymiseChunk(c, cutoff, now); });
    if (!anonymised) return std::move(anonymised).error();
    report.anonymised = *anonymised;
  }
  if (policy.archive_after_days) {
    const core::UnixMillis cutoff = now - *policy.archive_after_days * kDayMillis;
    auto archived = WriteChunks([cutoff, now](Connection& c) { return ArchiveChunk(c, cutoff, now); });
    if (!archived) return std::move(archived).error();
    report.archived = *archived;
  }
  audit.detail_json = RetentionDetail(policy, report);
  auto appended = AppendAudit(std::move(audit));
  if (!appended) return std::move(appended).error();
  return report;
}

core::Result<std::int64_t> SqlStore::EraseCustomer(const ErasureRequest& request, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  auto erased = WriteChunks(
      [&request, cipher = pii_cipher_, now](Connection& c) { return EraseChunk(c, request, cipher, now); });
  if (!erased) return std::move(erased).error();
  // The request's keys are personal data: the audit names only how many orders it touched.
  audit.detail_json = "{\"anonymised\":" + std::to_string(*erased) + "}";
  auto appended = AppendAudit(std::move(audit));
  if (!appended) return std::move(appended).error();
  return *erased;
}

// ---- unmasking ----

core::Result<UnmaskRequestRecord> SqlStore::CreateUnmaskRequest(UnmaskRequestRecord request, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteSync<UnmaskRequestRecord>([this, request = std::move(request), audit = std::move(audit), now](
                                            Connection& c) -> core::Result<UnmaskRequestRecord> {
    if (core::Status inserted = InsertUnmaskRequest(c, request); !inserted) {
      if (inserted.error().code == core::ErrorCode::kConflict) {
        return core::MakeError(core::ErrorCode::kConflict, "an unmask request with this id already exists");
      }
      return std::move(inserted).error();
    }
    ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
    return request;
  });
}

core::Result<UnmaskRequestRecord> SqlStore::GetUnmaskRequest(const std::string& id) {
  return ReadSync<UnmaskRequestRecord>([id](Connection& c) { return LoadUnmaskRequest(c, id); });
}

core::Result<UnmaskRequestPage> SqlStore::ListUnmaskRequests(UnmaskRequestFilter filter) {
  return ReadSync<UnmaskRequestPage>(
      [filter = std::move(filter)](Connection& c) { return QueryUnmaskRequests(c, filter); });
}

core::Result<UnmaskRequestRecord> SqlStore::DecideUnmaskRequest(UnmaskRequestRecord decided,
                                                                std::string expected_status, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteSync<UnmaskRequestRecord>(
      [this, decided = std::move(decided), expected_status = std::move(expected_status), audit = std::move(audit),
       now](Connection& c) -> core::Result<UnmaskRequestRecord> {
        ORDO_TRY(WriteUnmaskDecision(c, decided, expected_status));
        ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
        return decided;
      });
}

core::Result<std::vector<UnmaskRequestRecord>> SqlStore::ListActiveUnmaskGrants(const std::string& requester_id,
                                                                                core::UnixMillis now) {
  return ReadSync<std::vector<UnmaskRequestRecord>>(
      [requester_id, now](Connection& c) { return LoadActiveUnmaskGrants(c, requester_id, now); });
}

core::Result<RuleSetRecord> SqlStore::GetActiveRuleSet() {
  return ReadSync<RuleSetRecord>([](Connection& c) -> core::Result<RuleSetRecord> {
    auto newest = LoadNewestRuleSet(c, 0);
    if (!newest) return std::move(newest).error();
    if (!*newest) return core::MakeError(core::ErrorCode::kNotFound, "no entry rule set is stored");
    return std::move(**newest);
  });
}

void SqlStore::FindNewerRuleSet(std::int64_t known_version, Callback<std::optional<RuleSetRecord>> done) {
  Read<std::optional<RuleSetRecord>>([known_version](Connection& c) { return LoadNewestRuleSet(c, known_version); },
                                     std::move(done));
}

core::Result<RuleSetRecord> SqlStore::PutRuleSet(RuleSetRecord record, std::int64_t expected_version,
                                                 AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteSync<RuleSetRecord>([this, record = std::move(record), expected_version, audit = std::move(audit),
                                   now](Connection& c) -> core::Result<RuleSetRecord> {
    auto stored = InsertRuleSet(c, record, expected_version, now);
    if (!stored) return stored;
    ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
    return stored;
  });
}

core::Result<AuditRecord> SqlStore::AppendAudit(AuditRecord record) {
  const core::UnixMillis now = clock_.Now();
  return WriteSync<AuditRecord>([this, record = std::move(record), now](Connection& c) {
    return AppendAuditRow(c, record, audit_sealer_, now);
  });
}

core::Result<std::vector<AuditRecord>> SqlStore::ListAudit(AuditFilter filter) {
  return ReadSync<std::vector<AuditRecord>>([filter = std::move(filter)](Connection& c) { return LoadAudit(c, filter); });
}

void SqlStore::CreateWebhook(WebhookSubscription subscription, Callback<WebhookSubscription> done) {
  const core::UnixMillis now = clock_.Now();
  Write<WebhookSubscription>(
      [subscription = std::move(subscription), now](Connection& c) { return InsertSubscription(c, subscription, now); },
      std::move(done));
}

void SqlStore::ListWebhooks(Callback<std::vector<WebhookSubscription>> done) {
  Read<std::vector<WebhookSubscription>>([](Connection& c) { return LoadSubscriptions(c, true); }, std::move(done));
}

void SqlStore::DeleteWebhook(std::int64_t id, Callback<bool> done) {
  Write<bool>([id](Connection& c) { return DeleteSubscription(c, id); }, std::move(done));
}

core::Result<int> SqlStore::FanOutOutbox(int max_events) {
  const core::UnixMillis now = clock_.Now();
  return WriteSync<int>([max_events, now](Connection& c) { return FanOut(c, max_events, now); });
}

core::Result<std::vector<Delivery>> SqlStore::ClaimDueDeliveries(int max, core::UnixMillis now,
                                                                 core::UnixMillis lease_until) {
  return WriteSync<std::vector<Delivery>>(
      [max, now, lease_until](Connection& c) { return ClaimDue(c, max, now, lease_until); });
}

core::Status SqlStore::RecordDeliveryResults(const std::vector<DeliveryResult>& results) {
  const core::UnixMillis now = clock_.Now();
  auto done = WriteSync<bool>([&results, now](Connection& c) -> core::Result<bool> {
    ORDO_TRY(RecordResults(c, results, now));
    return true;
  });
  if (!done) return std::move(done).error();
  return core::Ok();
}

core::Result<std::vector<Delivery>> SqlStore::ListDeliveries(DeliveryState state, int limit) {
  std::promise<core::Result<std::vector<Delivery>>> promise;
  auto future = promise.get_future();
  Read<std::vector<Delivery>>([state, limit](Connection& c) { return LoadDeliveries(c, state, limit); },
                              [&promise](core::Result<std::vector<Delivery>> r) { promise.set_value(std::move(r)); });
  return future.get();
}

core::Result<Store::RoleRecord> SqlStore::CreateRole(RoleRecord role, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteSync<RoleRecord>([this, role = std::move(role), audit = std::move(audit), now](Connection& c)
                                   -> core::Result<RoleRecord> {
    auto created = InsertRole(c, role, now);
    if (!created) return created;
    ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
    return created;
  });
}

core::Result<Store::RoleRecord> SqlStore::UpdateRole(RoleRecord role, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteSync<RoleRecord>([this, role = std::move(role), audit = std::move(audit), now](Connection& c)
                                   -> core::Result<RoleRecord> {
    auto updated = WriteRolePermissions(c, role, now);
    if (!updated) return updated;
    ORDO_TRY(AppendAuditRow(c, audit, audit_sealer_, now));
    return updated;
  });
}

core::Result<std::vector<Store::RoleRecord>> SqlStore::ListRoles() {
  return ReadSync<std::vector<RoleRecord>>([](Connection& c) { return LoadRoles(c); });
}

core::Result<Store::RoleRecord> SqlStore::GetRole(const std::string& name) {
  return ReadSync<RoleRecord>([name](Connection& c) { return LoadRole(c, name); });
}

void SqlStore::FindRole(std::string name, Callback<RoleRecord> done) {
  Read<RoleRecord>([name = std::move(name)](Connection& c) { return LoadRole(c, name); }, std::move(done));
}

core::Status SqlStore::DeleteRole(const std::string& name, AuditRecord audit) {
  const core::UnixMillis now = clock_.Now();
  return WriteStatus([this, name, audit = std::move(audit), now](Connection& c) -> core::Status {
    ORDO_TRY(RemoveRole(c, name));
    auto appended = AppendAuditRow(c, audit, audit_sealer_, now);
    if (!appended) return std::move(appended).error();
    return core::Ok();
  });
}

core::Status SqlStore::ReplayDelivery(std::int64_t delivery_id) {
  const core::UnixMillis now = clock_.Now();
  auto done = WriteSync<bool>([delivery_id, now](Connection& c) -> core::Result<bool> {
    ORDO_TRY(Replay(c, delivery_id, now));
    return true;
  });
  if (!done) return std::move(done).error();
  return core::Ok();
}

}  // namespace ordo::store::detail
