#include "store/detail/migrations.hpp"

#include <string>

#include "core/time.hpp"

namespace ordo::store::detail {
namespace {

struct Migration {
  int version;
  const char* name;
  // Shared SQL; {ID} becomes the dialect's auto-increment primary key.
  const char* sql;
};

// Append only: a released migration never changes.
constexpr Migration kMigrations[] = {
    {1, "orders, timeline, outbox, webhooks, idempotency keys", R"SQL(
CREATE TABLE orders (
  id {ID},
  channel TEXT NOT NULL,
  external_id TEXT NOT NULL,
  status TEXT NOT NULL,
  version BIGINT NOT NULL,
  customer_ref TEXT NOT NULL,
  province TEXT NOT NULL,
  currency TEXT NOT NULL,
  grand_total BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  fingerprint BIGINT NOT NULL,
  last_event_seq BIGINT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (channel, external_id)
);
CREATE INDEX orders_status_id ON orders (status, id);
CREATE INDEX orders_channel_id ON orders (channel, id);
CREATE INDEX orders_province_id ON orders (province, id);
CREATE INDEX orders_created_at ON orders (created_at);
CREATE INDEX orders_customer_ref ON orders (customer_ref);
CREATE INDEX orders_external_id ON orders (external_id);

CREATE TABLE order_events (
  order_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  at BIGINT NOT NULL,
  node TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (order_id, seq)
);

CREATE TABLE outbox (
  id {ID},
  order_id BIGINT NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  fanned_out INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox (id) WHERE fanned_out = 0;

CREATE TABLE webhook_subscriptions (
  id {ID},
  url TEXT NOT NULL,
  event_types TEXT NOT NULL,
  secret TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
  id {ID},
  subscription_id BIGINT NOT NULL,
  outbox_id BIGINT NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  lease_until BIGINT NOT NULL,
  last_error TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (subscription_id, outbox_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);

CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  fingerprint BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
)SQL"},
    {2, "users, sessions, API keys, audit log", R"SQL(
CREATE TABLE users (
  id {ID},
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  scopes TEXT NOT NULL,
  totp_secret TEXT NOT NULL,
  totp_enabled INTEGER NOT NULL,
  totp_last_step BIGINT,
  failed_logins INTEGER NOT NULL,
  locked_until BIGINT NOT NULL,
  disabled INTEGER NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  id {ID},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked INTEGER NOT NULL,
  last_step_up_at BIGINT,
  ip TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_keys (
  id {ID},
  key_id TEXT NOT NULL UNIQUE,
  key_hash TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);

CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  ip TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
)SQL"},
    {3, "encrypted personal data of orders and the phone blind index", R"SQL(
ALTER TABLE orders ADD COLUMN pii TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN phone_index TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_phone_index ON orders (phone_index);
)SQL"},
    {4, "retention: anonymisation mark and archive tables", R"SQL(
ALTER TABLE orders ADD COLUMN anonymised_at BIGINT;
CREATE TABLE orders_archive (
  id BIGINT PRIMARY KEY,
  channel TEXT NOT NULL,
  external_id TEXT NOT NULL,
  status TEXT NOT NULL,
  version BIGINT NOT NULL,
  customer_ref TEXT NOT NULL,
  province TEXT NOT NULL,
  currency TEXT NOT NULL,
  grand_total BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  body TEXT NOT NULL,
  pii TEXT NOT NULL,
  anonymised_at BIGINT,
  archived_at BIGINT NOT NULL
);
CREATE TABLE order_events_archive (
  order_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  at BIGINT NOT NULL,
  node TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (order_id, seq)
);
)SQL"},
    {5, "unmask requests and their grants", R"SQL(
CREATE TABLE unmask_requests (
  id TEXT PRIMARY KEY,
  requester_id TEXT NOT NULL,
  subjects TEXT NOT NULL,
  fields TEXT NOT NULL,
  purpose TEXT NOT NULL,
  status TEXT NOT NULL,
  requested_at BIGINT NOT NULL,
  grant_millis BIGINT NOT NULL,
  approver_id TEXT NOT NULL,
  decision_note TEXT NOT NULL,
  decided_at BIGINT,
  expires_at BIGINT
);
CREATE INDEX unmask_requests_pending ON unmask_requests (status, requested_at);
CREATE INDEX unmask_requests_requester_grants ON unmask_requests (requester_id, status, expires_at);
)SQL"},
    {6, "PII key fingerprint (store_meta) and custom roles", R"SQL(
CREATE TABLE store_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE roles (
  name TEXT PRIMARY KEY,
  permissions TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
)SQL"},
    {7, "entry rule sets (quality), immutable versions", R"SQL(
CREATE TABLE quality_rule_sets (
  version BIGINT PRIMARY KEY,
  document TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
)SQL"},
    {8, "data-quality runs, daily check counts, failing records, remediation tickets", R"SQL(
CREATE TABLE quality_runs (
  id {ID},
  triggered_by TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  orders BIGINT NOT NULL,
  checks BIGINT NOT NULL,
  failed_checks BIGINT NOT NULL,
  issues BIGINT NOT NULL,
  issues_truncated INTEGER NOT NULL,
  tickets_raised BIGINT NOT NULL,
  error TEXT NOT NULL
);
CREATE INDEX quality_runs_status ON quality_runs (status, id);

CREATE TABLE quality_daily (
  day TEXT NOT NULL,
  channel TEXT NOT NULL,
  province TEXT NOT NULL,
  dimension TEXT NOT NULL,
  field TEXT NOT NULL,
  check_code TEXT NOT NULL,
  checks BIGINT NOT NULL,
  passed BIGINT NOT NULL,
  run_id BIGINT NOT NULL,
  PRIMARY KEY (day, channel, province, check_code)
);

CREATE TABLE quality_issues (
  id {ID},
  run_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  channel TEXT NOT NULL,
  province TEXT NOT NULL,
  dimension TEXT NOT NULL,
  field TEXT NOT NULL,
  check_code TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX quality_issues_run ON quality_issues (run_id, id);

CREATE TABLE quality_tickets (
  id {ID},
  dimension TEXT NOT NULL,
  channel TEXT NOT NULL,
  day TEXT NOT NULL,
  score_bp BIGINT NOT NULL,
  threshold_bp BIGINT NOT NULL,
  owner TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (dimension, channel, day)
);
CREATE INDEX quality_tickets_status ON quality_tickets (status, id);
)SQL"},
    {9, "channel connections and the channel's last update time per order", R"SQL(
CREATE TABLE channel_connections (
  id {ID},
  channel TEXT NOT NULL,
  name TEXT NOT NULL,
  secret TEXT NOT NULL,
  csv_profile TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  disabled INTEGER NOT NULL,
  orders_received BIGINT NOT NULL,
  stale_updates_ignored BIGINT NOT NULL,
  signature_failures BIGINT NOT NULL,
  last_received_at BIGINT,
  UNIQUE (channel, name)
);

CREATE TABLE channel_order_sync (
  order_id BIGINT PRIMARY KEY,
  connection_id BIGINT NOT NULL,
  channel_updated_at BIGINT,
  channel_hold TEXT NOT NULL
);
)SQL"},
    {10, "the single customer view: customers, keys, orders, merges and their events", R"SQL(
CREATE TABLE customers (
  id BIGINT PRIMARY KEY,
  first_order BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE customer_keys (
  kind BIGINT NOT NULL,
  blind_index TEXT NOT NULL,
  customer_id BIGINT NOT NULL,
  channel TEXT NOT NULL,
  value_enc TEXT NOT NULL,
  first_seen_at BIGINT NOT NULL,
  PRIMARY KEY (kind, blind_index)
);
CREATE INDEX customer_keys_customer ON customer_keys (customer_id);
CREATE TABLE customer_orders (
  order_id BIGINT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  seq BIGINT NOT NULL UNIQUE
);
CREATE INDEX customer_orders_customer ON customer_orders (customer_id, order_id);
CREATE TABLE customer_merges (
  id BIGINT PRIMARY KEY,
  order_side BIGINT NOT NULL,
  matched_side BIGINT NOT NULL,
  kept BIGINT NOT NULL,
  absorbed BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  rule TEXT NOT NULL,
  score_bp BIGINT NOT NULL,
  evidence TEXT NOT NULL,
  merged_at BIGINT NOT NULL,
  unmerged_at BIGINT,
  unmerged_by TEXT NOT NULL,
  unmerge_reason TEXT NOT NULL
);
CREATE TABLE customer_merge_events (
  seq {ID},
  merge_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL
);
)SQL"},
    {11, "inventory: locations, carrier rates, stock and its ledger, reservations, sourcing", R"SQL(
CREATE TABLE locations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  province_code TEXT NOT NULL,
  city_code TEXT NOT NULL,
  district_code TEXT NOT NULL,
  latitude_micro BIGINT NOT NULL,
  longitude_micro BIGINT NOT NULL,
  status TEXT NOT NULL,
  status_reason TEXT NOT NULL,
  status_changed_at BIGINT NOT NULL,
  daily_capacity BIGINT NOT NULL,
  cutoff_minute BIGINT NOT NULL,
  backup_location_id TEXT NOT NULL,
  ships INTEGER NOT NULL,
  pickup INTEGER NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE carrier_rates (
  origin_province TEXT NOT NULL,
  destination_province TEXT NOT NULL,
  carrier TEXT NOT NULL,
  service_level TEXT NOT NULL,
  min_weight_grams BIGINT NOT NULL,
  max_weight_grams BIGINT NOT NULL,
  transit_days BIGINT NOT NULL,
  cost BIGINT NOT NULL,
  PRIMARY KEY (origin_province, destination_province, carrier, service_level, min_weight_grams)
);
CREATE TABLE stock (
  sku TEXT NOT NULL,
  location_id TEXT NOT NULL,
  on_hand BIGINT NOT NULL,
  reserved BIGINT NOT NULL,
  safety_stock BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (sku, location_id)
);
CREATE INDEX stock_location ON stock (location_id, sku);
CREATE TABLE stock_ledger (
  seq {ID},
  at BIGINT NOT NULL,
  sku TEXT NOT NULL,
  location_id TEXT NOT NULL,
  on_hand_delta BIGINT NOT NULL,
  reserved_delta BIGINT NOT NULL,
  on_hand_after BIGINT NOT NULL,
  reserved_after BIGINT NOT NULL,
  safety_after BIGINT NOT NULL,
  cause TEXT NOT NULL,
  order_id BIGINT NOT NULL,
  reference TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX stock_ledger_key ON stock_ledger (sku, location_id, seq);
CREATE INDEX stock_ledger_order ON stock_ledger (order_id, seq);
CREATE TABLE stock_change_keys (
  key TEXT PRIMARY KEY,
  fingerprint BIGINT NOT NULL,
  first_seq BIGINT NOT NULL,
  last_seq BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE order_allocations (
  id {ID},
  order_id BIGINT NOT NULL,
  line_index BIGINT NOT NULL,
  sku TEXT NOT NULL,
  qty BIGINT NOT NULL,
  location_id TEXT NOT NULL,
  carrier TEXT NOT NULL,
  service_level TEXT NOT NULL,
  promised_day BIGINT NOT NULL,
  state TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  closed_at BIGINT NOT NULL
);
CREATE INDEX order_allocations_order ON order_allocations (order_id, state);
CREATE INDEX order_allocations_location ON order_allocations (location_id, state, order_id);
CREATE INDEX order_allocations_stock ON order_allocations (sku, location_id, state);
CREATE TABLE order_sourcing (
  order_id BIGINT PRIMARY KEY,
  state TEXT NOT NULL,
  priority BIGINT NOT NULL,
  decision_json TEXT NOT NULL,
  cause TEXT NOT NULL,
  decided_at BIGINT NOT NULL,
  attempts BIGINT NOT NULL,
  waiting_since BIGINT NOT NULL,
  skus TEXT NOT NULL
);
CREATE INDEX order_sourcing_waiting ON order_sourcing (state, priority, order_id);
CREATE TABLE location_loads (
  location_id TEXT NOT NULL,
  local_day BIGINT NOT NULL,
  parcels BIGINT NOT NULL,
  PRIMARY KEY (location_id, local_day)
);
)SQL"},
    {12, "rule sets: versions, publications, simulations, firings, effects, quantity uses", R"SQL(
CREATE TABLE rule_sets (
  ruleset_id TEXT PRIMARY KEY,
  latest_version BIGINT NOT NULL,
  published_version BIGINT NOT NULL,
  published_at BIGINT NOT NULL,
  published_by TEXT NOT NULL
);
CREATE TABLE rule_versions (
  ruleset_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  document TEXT NOT NULL,
  comment TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (ruleset_id, version)
);
CREATE TABLE rule_publications (
  seq {ID},
  ruleset_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  previous_version BIGINT NOT NULL,
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX rule_publications_set ON rule_publications (ruleset_id, seq);
CREATE TABLE rule_simulations (
  id {ID},
  ruleset_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  baseline_version BIGINT NOT NULL,
  from_at BIGINT NOT NULL,
  to_at BIGINT NOT NULL,
  orders BIGINT NOT NULL,
  differing BIGINT NOT NULL,
  report_json TEXT NOT NULL,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX rule_simulations_version ON rule_simulations (ruleset_id, version, id);
CREATE TABLE rule_firings (
  id {ID},
  order_id BIGINT NOT NULL,
  subject TEXT NOT NULL,
  ruleset_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  rule_id TEXT NOT NULL,
  trigger_name TEXT NOT NULL,
  at BIGINT NOT NULL,
  matched_json TEXT NOT NULL,
  actions_json TEXT NOT NULL
);
CREATE INDEX rule_firings_order ON rule_firings (order_id, id);
CREATE INDEX rule_firings_subject ON rule_firings (subject, id);
CREATE TABLE rule_effects (
  kind TEXT NOT NULL,
  effect_key TEXT NOT NULL,
  value TEXT NOT NULL,
  ruleset_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  rule_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (kind, effect_key)
);
CREATE TABLE rule_quantity_uses (
  scope_key TEXT NOT NULL,
  order_id BIGINT NOT NULL,
  units BIGINT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (scope_key, order_id)
);
CREATE INDEX rule_quantity_uses_window ON rule_quantity_uses (scope_key, at);
)SQL"},
    {13, "rule fact snapshots: the facts each order had when the rules judged it", R"SQL(
CREATE TABLE rule_fact_snapshots (
  order_id BIGINT NOT NULL,
  rule_trigger TEXT NOT NULL,
  order_created_at BIGINT NOT NULL,
  captured_at BIGINT NOT NULL,
  facts TEXT NOT NULL,
  PRIMARY KEY (rule_trigger, order_id)
);
CREATE INDEX rule_fact_snapshots_window ON rule_fact_snapshots (rule_trigger, order_created_at, order_id);
)SQL"},
};

std::string ForDialect(std::string sql, Dialect dialect) {
  const std::string id = dialect == Dialect::kSqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY";
  for (std::size_t pos; (pos = sql.find("{ID}")) != std::string::npos;) sql.replace(pos, 4, id);
  return sql;
}

}  // namespace

int LatestMigration() { return kMigrations[std::size(kMigrations) - 1].version; }

core::Result<int> ApplyMigrations(Connection& connection) {
  const bool postgres = connection.dialect() == Dialect::kPostgres;
  // A fixed advisory lock id ("ordo" in ASCII) serialises migrating nodes.
  if (postgres) ORDO_TRY(connection.ExecScript("SELECT pg_advisory_lock(1869767791)"));
  auto unlock = [&] {
    if (postgres) (void)connection.ExecScript("SELECT pg_advisory_unlock(1869767791)");
  };
  core::Status status = connection.ExecScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at BIGINT NOT NULL)");
  std::int64_t current = 0;
  if (status) {
    const RowHandler read_version = [&](const Row& row) { current = row.IsNull(0) ? 0 : row.Int(0); };
    status = connection.Query("SELECT MAX(version) FROM schema_migrations", {}, read_version);
  }
  int applied = 0;
  for (const Migration& migration : kMigrations) {
    if (!status) break;
    if (migration.version <= current) continue;
    status = connection.ExecScript(connection.BeginWriteSql());
    if (status) status = connection.ExecScript(ForDialect(migration.sql, connection.dialect()));
    if (status) {
      status = connection.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                               {std::int64_t{migration.version}, std::string_view(migration.name), core::SystemClock().Now()});
    }
    if (status) status = connection.ExecScript("COMMIT");
    if (!status) {
      (void)connection.ExecScript("ROLLBACK");
      break;
    }
    ++applied;
  }
  unlock();
  if (!status) {
    return core::MakeError(status.error().code, "migration failed: " + status.error().detail);
  }
  return applied;
}

}  // namespace ordo::store::detail
