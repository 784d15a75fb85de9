#pragma once
// The Store: every durable read and write of Ordo, over SQLite (embedded default) or
// PostgreSQL (several nodes on one database). One implementation of the logic, two drivers.
//
// Threading: every method is thread-safe. Writes are queued to writer thread(s) and committed
// in groups (group commit: many units per transaction and per fsync, each unit in its own
// SAVEPOINT so that one failing unit rolls back alone). A write's callback runs on a store
// thread *after* its transaction committed (or failed); it must not block. Reads run on
// reader threads with their own connections. The *Sync variants block the calling thread and
// must not be called from a store callback.
//
// Lifetime: the destructor stops accepting work, completes everything queued (committed or
// failed with kUnavailable) and joins its threads.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "order/order.hpp"
#include "order/timeline.hpp"
#include "store/customer_store.hpp"
#include "store/field_cipher.hpp"
#include "store/quality_store.hpp"

namespace ordo::store {

struct AuditRecord;
class ChannelStore;  // store/channel_store.hpp
class InventoryStore;  // store/inventory_store.hpp
class RulesStore;  // store/rules_store.hpp
class RuleFactStore;  // store/rule_fact_store.hpp
// Seals an audit record: sets `hash` from `prev_hash` and the record (security::SealAuditEntry
// does this; the store cannot depend on the security module, so `ordo` passes it in).
using AuditSealer = std::function<void(AuditRecord& record)>;

struct StoreOptions {
  // "sqlite:var/ordo.db" (file created with its folder) or "postgresql://user@host:port/db"
  // (any libpq connection URI).
  std::string url = "sqlite:var/ordo.db";
  int max_batch = 512;     // units per group commit
  int writer_threads = 0;  // 0: 1 for SQLite (one writer), 4 for PostgreSQL
  int reader_threads = 4;
  const core::Clock* clock = nullptr;  // not owned, outlives the store; nullptr: system clock
  AuditSealer audit_sealer;            // required for any audit append
  // Personal fields of orders (name, phone, street) are stored encrypted with it, with a blind
  // index of the phone; nullptr stores them in clear (tests, --dev mode). Not owned; outlives
  // the store. A database must be opened with the same choice (and key) every time.
  // The cipher also encrypts users' TOTP secrets (associated data names the username).
  const FieldCipher* pii_cipher = nullptr;
  // The first open with a key records its fingerprint (table store_meta); a later open with
  // another key is refused: kConflict "the PII key does not match this database (fingerprint
  // 1a2b3c4d…, given 5e6f7a8b…)". Opening a database that has a fingerprint WITHOUT a key is
  // refused as well (personal data would be written in clear beside encrypted data), unless
  // `allow_keyless` is set — only for tools that never read or write personal data or TOTP
  // secrets: `ordo migrate`, `ordo audit verify`, `ordo admin create-user`.
  bool allow_keyless = false;
};

// Which orders a caller may see (empty list = no restriction on that dimension). Applied in the
// SQL of every order query, so counts and pages only ever contain in-scope rows.
struct OrderScope {
  std::vector<std::string> provinces;  // canonical full names ("浙江省")
  std::vector<std::string> channels;
  bool unrestricted() const { return provinces.empty() && channels.empty(); }
};

// ---- orders ----

// The entry rules' verdict on an ingested order (service::OrderIntake gets it from
// quality::NormalizeOrder). Plain data: the store does not know the rules.
struct EntryReview {
  // Hold the order for data review: a new order is created on_hold (held_from = the status the
  // channel sent, hold reason data_review) with an on_hold timeline event; an update holds a
  // stored order that is not held yet and not shipped. False on a later update of an order
  // held for data_review releases it back to where it was held from (the data was fixed).
  bool quarantine = false;
  // Members added to the on_hold event's data: {"rule_set_version": 3, "violations": [...]}
  // (quality::QuarantineEventData). Never personal data.
  std::string event_json;
};

struct IngestItem {
  order::Order order;            // as parsed; id/version are ignored
  std::string idempotency_key;   // optional Idempotency-Key header
  core::Actor actor;
  // Set by the order intake; a default review (no quarantine, no release) for callers that
  // ingest around the entry rules (demo loader, store tests).
  std::optional<EntryReview> review;
  // The caller applies the channel's status itself after the content (ChannelStore): an update
  // replaces the content and leaves the stored status alone (entry-rule holds and releases
  // still apply).
  bool status_by_caller = false;
};

enum class IngestKind {
  kCreated,    // new (channel, external_id): 201
  kUnchanged,  // same content as stored: 200, nothing written
  kUpdated,    // changed content: 200, version + 1, an "updated" timeline event
};

struct IngestOutcome {
  IngestKind kind = IngestKind::kCreated;
  order::Order order;  // as stored after this ingest
};

struct OrderFilter {
  std::optional<order::OrderStatus> status;
  std::string channel;   // "" = any
  std::string province;  // "" = any
  std::optional<core::UnixMillis> created_from;  // inclusive
  std::optional<core::UnixMillis> created_to;    // exclusive
  std::string q;         // exact external_id or customer_ref
  std::optional<std::int64_t> before_id;  // cursor: items with id < before_id (newest first)
  int limit = 50;        // 1..500
  OrderScope scope;      // the caller's data scope
};

struct OrderPage {
  std::vector<order::Order> items;
  std::optional<std::int64_t> next_cursor;  // pass as before_id for the next page
};

// Counts and totals of the orders matching a filter (before_id and limit are ignored), for
// dashboards. Computed in one query, so every figure comes from the same snapshot, and always
// within the filter's scope.
struct OrderCount {
  std::string key;  // a status name, channel or province
  std::int64_t orders = 0;
};
struct CurrencyTotal {
  std::string currency;
  std::int64_t orders = 0;
  std::int64_t grand_total = 0;  // minor units
};
struct OrderSummary {
  std::int64_t orders = 0;
  std::vector<OrderCount> by_status;    // each sorted by key
  std::vector<OrderCount> by_channel;
  std::vector<OrderCount> by_province;
  std::vector<CurrencyTotal> totals;    // by currency
};

struct TransitionCommand {
  std::int64_t order_id = 0;
  std::optional<std::int64_t> expected_version;  // If-Match; mismatch → kConflict
  order::OrderStatus to = order::OrderStatus::kPaid;
  std::string reason;
  core::Actor actor;
  OrderScope scope;  // out of scope → kNotFound (existence does not leak)
};

// ---- identity and audit ----

struct UserRecord {
  std::int64_t id = 0;
  std::string username;
  std::string password_hash;   // argon2id string
  std::string role;
  std::string scopes_json = "{}";  // {"provinces":[…],"channels":[…],"locations":[…]}
  std::string totp_secret;     // base32; "" = not enrolled (encrypted at rest when the store has a key)
  bool totp_enabled = false;
  std::optional<std::int64_t> totp_last_step;  // replay protection
  int failed_logins = 0;
  core::UnixMillis locked_until = 0;
  bool disabled = false;
  core::UnixMillis created_at = 0;
};

struct SessionRecord {
  std::int64_t id = 0;
  std::string token_hash;      // SHA-256 hex of the bearer token; the token itself is never stored
  std::int64_t user_id = 0;
  core::UnixMillis created_at = 0;
  core::UnixMillis expires_at = 0;
  bool revoked = false;
  std::optional<core::UnixMillis> last_step_up_at;
  std::string ip;
};

struct SessionWithUser {
  SessionRecord session;
  UserRecord user;
};

struct ApiKeyRecord {
  std::int64_t id = 0;
  std::string key_id;          // public prefix "ok_xxxxxxxx"
  std::string key_hash;        // SHA-256 hex of the whole key
  std::string name;
  std::string role = "integration";
  std::string scopes_json = "{}";
  core::UnixMillis created_at = 0;
  std::optional<core::UnixMillis> revoked_at;
};

// One row of the append-only, hash-chained audit log (same fields as security::AuditEntry).
struct AuditRecord {
  std::int64_t seq = 0;        // assigned by the store
  core::UnixMillis at = 0;     // assigned by the store when 0
  std::string actor_kind;
  std::string actor_id;
  std::string ip;
  std::string action;
  std::string subject;
  std::string detail_json = "{}";
  std::string prev_hash;       // assigned by the store
  std::string hash;            // assigned by the sealer
};

struct AuditFilter {
  std::optional<std::int64_t> after_seq;  // cursor: seq > after_seq, ascending
  std::string actor_id;                   // "" = any
  std::string action;                     // "" = any
  std::optional<core::UnixMillis> from;
  std::optional<core::UnixMillis> to;
  int limit = 100;                        // 1..10000
};

// ---- entry rule sets (quality) ----

// One stored version of the entry rules (quality/entry_rules.hpp). Versions are immutable and
// numbered 1, 2, 3 … without gaps; the newest is the active one. Version 0 is the built-in
// default, which is never stored.
struct RuleSetRecord {
  std::int64_t version = 0;
  std::string document;          // the rule set JSON as validated (canonical form)
  core::UnixMillis created_at = 0;  // assigned by the store
  std::string created_by;        // "user:admin", an actor
};

// ---- retention ----

struct RetentionPolicy {
  // Personal data (name, phone, street and the phone index) of orders created more than this
  // many days ago is removed; the order, its totals and region stay for reporting.
  std::optional<int> anonymise_after_days;
  // Orders created more than this many days ago move, with their timelines, to the archive
  // tables (orders_archive, order_events_archive).
  std::optional<int> archive_after_days;
};

struct RetentionReport {
  std::int64_t anonymised = 0;
  std::int64_t archived = 0;
};

// A data subject's erasure request: every order matching either key loses its personal data now.
struct ErasureRequest {
  std::string customer_ref;  // "" = not used
  std::string phone;         // "" = not used; matched through the blind index (needs the cipher)
};

// ---- unmasking ----

// Whose personal data an unmask request names (security::Subject, kept as text here because
// the store does not depend on the security module).
struct UnmaskSubjectRef {
  std::string kind;  // "order" or "customer"
  std::string id;    // the order id, or the customer_ref
  bool operator==(const UnmaskSubjectRef&) const = default;
};

// One unmask request as stored (security::UnmaskRequest is the domain form and its rules).
struct UnmaskRequestRecord {
  std::string id;                           // "umr_<random>", chosen by the caller
  std::string requester_id;                 // Principal::id of the requester
  std::vector<UnmaskSubjectRef> subjects;   // stored as JSON [{"kind","id"}, …]
  std::vector<std::string> fields;          // stored as JSON ["name","phone", …]
  std::string purpose;
  std::string status = "pending";           // pending | approved | denied | expired
  core::UnixMillis requested_at = 0;
  core::UnixMillis grant_millis = 0;
  std::string approver_id;                  // "" until decided
  std::string decision_note;
  std::optional<core::UnixMillis> decided_at;
  std::optional<core::UnixMillis> expires_at;
  bool operator==(const UnmaskRequestRecord&) const = default;
};

// Lists are newest first: (requested_at, id) descending.
struct UnmaskCursor {
  core::UnixMillis requested_at = 0;
  std::string id;
};

struct UnmaskRequestFilter {
  // The *effective* status as of `as_of` ("" = any): a pending request older than
  // `pending_ttl_millis`, or an approved one whose expires_at has passed, counts as "expired"
  // although its row still says otherwise (nothing sweeps rows).
  std::string status;
  core::UnixMillis as_of = 0;
  core::UnixMillis pending_ttl_millis = 0;
  std::string requester_id;           // "" = anyone's
  // With requester_id: also every other requester's requests that are pending (an approver's
  // inbox beside their own requests).
  bool or_pending_of_others = false;
  std::optional<UnmaskCursor> before;  // cursor: items older than this
  int limit = 50;                      // 1..500
};

struct UnmaskRequestPage {
  std::vector<UnmaskRequestRecord> items;
  std::optional<UnmaskCursor> next_cursor;
};

// ---- webhooks and the outbox ----

struct WebhookSubscription {
  std::int64_t id = 0;
  std::string url;
  std::vector<std::string> event_types;  // "order.created", "order.status_changed", "*"
  std::string secret;                    // HMAC key; never returned by the API
  bool active = true;
  core::UnixMillis created_at = 0;
};

enum class DeliveryState { kPending, kDelivered, kDead };

struct Delivery {
  std::int64_t id = 0;
  std::int64_t subscription_id = 0;
  std::int64_t outbox_id = 0;
  std::string event_type;
  std::string payload_json;  // the event body as sent
  std::string url;
  std::string secret;
  int attempts = 0;
  DeliveryState state = DeliveryState::kPending;
  core::UnixMillis next_attempt_at = 0;
  std::string last_error;
};

struct DeliveryResult {
  std::int64_t delivery_id = 0;
  bool delivered = false;
  std::string error;                           // why it failed (HTTP status, timeout…)
  std::optional<core::UnixMillis> retry_at;    // failed: when to try again; nullopt → dead letter
};

struct StoreStats {
  std::uint64_t commits = 0;
  std::uint64_t units = 0;
  std::uint64_t failed_units = 0;
  std::uint64_t savepoint_reruns = 0;  // batches re-run unit by unit in savepoints after a failure
  // Commit batch sizes: counts for sizes ≤ 1, 2, 4, 8, … 512, and more.
  std::vector<std::uint64_t> batch_size_buckets;
  static constexpr int kBucketBounds[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
};

template <class T>
using Callback = std::function<void(core::Result<T>)>;

class Store {
 public:
  // Opens (creating the SQLite file and folder if needed) and applies pending migrations.
  static core::Result<std::unique_ptr<Store>> Open(const StoreOptions& options);
  virtual ~Store() = default;

  virtual std::string BackendName() const = 0;  // "sqlite" or "postgresql"
  virtual core::Status Ping() = 0;              // readiness: the database answers
  virtual StoreStats Stats() const = 0;

  // Orders. Ingest: one unit per item (all in the same group commit when queued together);
  // `done` gets one result per item, in order. Per item: kConflict when the idempotency key
  // was used for a different order body.
  virtual void Ingest(std::vector<IngestItem> items,
                      std::function<void(std::vector<core::Result<IngestOutcome>>)> done) = 0;
  // kNotFound, kConflict (stale version), kIllegalTransition (names both states).
  virtual void Transition(TransitionCommand command, Callback<order::Order> done) = 0;
  // Out-of-scope orders are kNotFound, exactly like missing ones.
  virtual void GetOrder(std::int64_t id, Callback<order::Order> done, OrderScope scope = {}) = 0;
  virtual void ListOrders(OrderFilter filter, Callback<OrderPage> done) = 0;
  virtual void SummarizeOrders(OrderFilter filter, Callback<OrderSummary> done) = 0;
  virtual void GetTimeline(std::int64_t order_id, Callback<std::vector<order::TimelineEvent>> done,
                           OrderScope scope = {}) = 0;

  // Identity (blocking: call from a blocking pool, never from an I/O thread, except the two
  // async lookups that every authenticated request makes). Each mutation that takes an
  // AuditRecord appends it in the same transaction.
  virtual core::Result<UserRecord> CreateUser(UserRecord user, AuditRecord audit) = 0;  // kConflict: name taken
  virtual core::Result<UserRecord> FindUserByName(const std::string& username) = 0;      // kNotFound
  virtual core::Result<UserRecord> GetUser(std::int64_t id) = 0;
  virtual core::Result<std::vector<UserRecord>> ListUsers() = 0;
  // Writes every field of `user` (by id). `audit` may be empty (login bookkeeping).
  virtual core::Status UpdateUser(const UserRecord& user, std::optional<AuditRecord> audit) = 0;
  virtual core::Result<SessionRecord> CreateSession(SessionRecord session, AuditRecord audit) = 0;
  // kNotFound when no such token; revoked/expired sessions are returned as stored (caller decides).
  virtual void FindSession(std::string token_hash, Callback<SessionWithUser> done) = 0;
  virtual core::Status RevokeSession(const std::string& token_hash, AuditRecord audit) = 0;
  virtual core::Status RecordStepUp(const std::string& token_hash, core::UnixMillis at) = 0;
  virtual core::Result<ApiKeyRecord> CreateApiKey(ApiKeyRecord key, AuditRecord audit) = 0;
  virtual void FindApiKey(std::string key_id, Callback<ApiKeyRecord> done) = 0;  // kNotFound
  virtual core::Result<std::vector<ApiKeyRecord>> ListApiKeys() = 0;
  virtual core::Status RevokeApiKey(std::int64_t id, AuditRecord audit) = 0;       // kNotFound

  // Retention (blocking). Each run appends `audit` with the counts added to its detail.
  virtual core::Result<RetentionReport> RunRetention(const RetentionPolicy& policy, AuditRecord audit) = 0;
  // Returns how many orders were anonymised; audited the same way.
  virtual core::Result<std::int64_t> EraseCustomer(const ErasureRequest& request, AuditRecord audit) = 0;

  // ---- unmasking ----
  // Unmask requests (blocking: call from a blocking pool). Each mutation appends `audit` in the
  // same transaction.
  // kConflict when the id is taken.
  virtual core::Result<UnmaskRequestRecord> CreateUnmaskRequest(UnmaskRequestRecord request, AuditRecord audit) = 0;
  virtual core::Result<UnmaskRequestRecord> GetUnmaskRequest(const std::string& id) = 0;  // kNotFound
  virtual core::Result<UnmaskRequestPage> ListUnmaskRequests(UnmaskRequestFilter filter) = 0;
  // Compare-and-set: writes the decision of `decided` (status, approver_id, decision_note,
  // decided_at, expires_at) only while the stored status is still `expected_status`.
  // kNotFound when no such id; kConflict when someone else decided it meanwhile.
  virtual core::Result<UnmaskRequestRecord> DecideUnmaskRequest(UnmaskRequestRecord decided,
                                                                std::string expected_status, AuditRecord audit) = 0;
  // The requester's approved requests with expires_at after `now` (live grants; an earlier time adds expired ones).
  virtual core::Result<std::vector<UnmaskRequestRecord>> ListActiveUnmaskGrants(const std::string& requester_id,
                                                                                core::UnixMillis now) = 0;

  // Entry rule sets. The newest stored version (kNotFound when none is stored), blocking.
  virtual core::Result<RuleSetRecord> GetActiveRuleSet() = 0;
  // The newest version if it is newer than `known_version`, else nullopt (a cheap check by
  // primary key, for nodes that poll for rule changes). Async: `done` runs on a reader thread.
  virtual void FindNewerRuleSet(std::int64_t known_version, Callback<std::optional<RuleSetRecord>> done) = 0;
  // Stores `record.document` as version `expected_version + 1` if the newest stored version is
  // still `expected_version` (0: none), with `audit` in the same transaction (its detail is the
  // caller's, who knows the version it will get). kConflict "the rule set changed meanwhile (now version N)" when
  // another version got there first — on PostgreSQL also when a second node stores the same
  // version number at the same moment. Blocking.
  virtual core::Result<RuleSetRecord> PutRuleSet(RuleSetRecord record, std::int64_t expected_version,
                                                 AuditRecord audit) = 0;

  // Audit: append one entry on its own (logins, failed logins, clear views, exports).
  virtual core::Result<AuditRecord> AppendAudit(AuditRecord record) = 0;
  virtual core::Result<std::vector<AuditRecord>> ListAudit(AuditFilter filter) = 0;

  // Webhook subscriptions.
  virtual void CreateWebhook(WebhookSubscription subscription, Callback<WebhookSubscription> done) = 0;
  virtual void ListWebhooks(Callback<std::vector<WebhookSubscription>> done) = 0;
  virtual void DeleteWebhook(std::int64_t id, Callback<bool> done) = 0;  // false: no such id

  // For the event dispatcher (its own thread; these block).
  // Turns up to `max_events` new outbox rows into one pending delivery per matching active
  // subscription. Safe with several nodes: each outbox row is fanned out once. Returns rows taken.
  virtual core::Result<int> FanOutOutbox(int max_events) = 0;
  // Pending deliveries due at `now`, leased until `lease_until` so other nodes skip them.
  virtual core::Result<std::vector<Delivery>> ClaimDueDeliveries(int max, core::UnixMillis now,
                                                                 core::UnixMillis lease_until) = 0;
  virtual core::Status RecordDeliveryResults(const std::vector<DeliveryResult>& results) = 0;
  virtual core::Result<std::vector<Delivery>> ListDeliveries(DeliveryState state, int limit) = 0;
  // Dead letter → pending, due now, attempts reset. kNotFound if it is not a dead letter.
  virtual core::Status ReplayDelivery(std::int64_t delivery_id) = 0;

  // The data-quality tables and the profiler's order scan (store/quality_store.hpp); lives as
  // long as the store.
  virtual QualityStore& Quality() = 0;
  // The single customer view's tables (store/customer_store.hpp); lives as long as the store.
  virtual CustomerStore& Customers() = 0;
  // The channel connections and channel-order ingestion (store/channel_store.hpp); lives as
  // long as the store.
  virtual ChannelStore& Channels() = 0;
  // Locations, carriers, stock and its ledger, reservations (store/inventory_store.hpp); lives
  // as long as the store.
  virtual InventoryStore& Inventory() = 0;
  // Business rule sets, their publication, firings, effects and quantity limits (issue 7).
  virtual RulesStore& Rules() = 0;
  // The facts orders had when the rules judged them (store/rule_fact_store.hpp); lives as long
  // as the store.
  virtual RuleFactStore& RuleFacts() = 0;

  // Blocking conveniences (CLI, tests, demo loader).
  std::vector<core::Result<IngestOutcome>> IngestSync(std::vector<IngestItem> items);
  core::Result<order::Order> TransitionSync(TransitionCommand command);
  core::Result<order::Order> GetOrderSync(std::int64_t id, OrderScope scope = {});
  core::Result<OrderPage> ListOrdersSync(OrderFilter filter);
  core::Result<OrderSummary> SummarizeOrdersSync(OrderFilter filter);
  core::Result<std::vector<order::TimelineEvent>> GetTimelineSync(std::int64_t order_id, OrderScope scope = {});
  core::Result<WebhookSubscription> CreateWebhookSync(WebhookSubscription subscription);
  core::Result<std::vector<WebhookSubscription>> ListWebhooksSync();
  core::Result<bool> DeleteWebhookSync(std::int64_t id);

  // ---- custom roles ----
  // Roles an admin defines; built-in roles live in code (security/roles.hpp), never here. The
  // store keeps names and permission lists as given: callers validate them first
  // (security::MakeCustomRole). Blocking, except FindRole (async: the authenticator resolves a
  // custom role on a principal-cache miss). Each mutation appends `audit` in its transaction.
  struct RoleRecord {
    std::string name;
    std::vector<std::string> permissions;  // stored as a JSON array
    core::UnixMillis created_at = 0;       // assigned by the store
    core::UnixMillis updated_at = 0;       // assigned by the store
  };
  virtual core::Result<RoleRecord> CreateRole(RoleRecord role, AuditRecord audit) = 0;  // kConflict: name taken
  // Replaces the permissions of the role named `role.name`; kNotFound.
  virtual core::Result<RoleRecord> UpdateRole(RoleRecord role, AuditRecord audit) = 0;
  virtual core::Result<std::vector<RoleRecord>> ListRoles() = 0;  // ordered by name
  virtual core::Result<RoleRecord> GetRole(const std::string& name) = 0;  // kNotFound
  virtual void FindRole(std::string name, Callback<RoleRecord> done) = 0;  // kNotFound
  // kNotFound; kConflict "the role is still assigned to N users and M API keys" while any user
  // or unrevoked API key has it.
  virtual core::Status DeleteRole(const std::string& name, AuditRecord audit) = 0;
};

// Outbox event types written by order changes.
inline constexpr const char* kEventOrderCreated = "order.created";
inline constexpr const char* kEventOrderUpdated = "order.updated";
inline constexpr const char* kEventOrderStatusChanged = "order.status_changed";

}  // namespace ordo::store
