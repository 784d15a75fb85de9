#pragma once
// The store's rule-engine side (issue 7; docs/rules.md): business rule sets with immutable
// versions and the publication history, simulations run before publishing, the record of every
// firing on a live order, the standing effects rules leave (a hidden SKU, a switched carrier, a
// blocked region) and the quantity limits' counters. Reached through Store::Rules(); every
// method is thread-safe and BLOCKS its caller (blocking pool, worker thread or CLI only).
//
// Tables (migration 12): rule_versions, rule_publications, rule_simulations, rule_firings,
// rule_effects, rule_quantity_uses.
//
// Several nodes on one PostgreSQL database: a publication is one row in rule_publications
// (its `seq` is global and increasing) written with `NOTIFY ordo_rules` in the same
// transaction; WatchRulePublications delivers the notification to every other node's engine,
// which then reads the publications after the last it knows. On SQLite (one process) the
// publishing node installs the set itself; the watch is never called.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::store {

struct AuditRecord;  // store.hpp

// One immutable version of a rule set. `ruleset_id` names the set ("orders", "stock", ...:
// [a-z0-9_-]{1,64}); versions are numbered 1, 2, 3 ... per set without gaps.
struct RuleVersionRecord {
  std::string ruleset_id;
  std::int64_t version = 0;          // assigned by the store
  std::string document;              // the rule set JSON as validated (canonical form)
  std::string comment;               // the author's note, "" for none
  core::UnixMillis created_at = 0;   // assigned by the store
  std::string created_by;            // "user:alice"
};

// A rule set's state: its newest version and the one in force (0 = none published).
struct RuleSetHead {
  std::string ruleset_id;
  std::int64_t latest_version = 0;
  std::int64_t published_version = 0;
  core::UnixMillis published_at = 0;  // 0 when none
  std::string published_by;
};

// One publish or rollback: which version went live, replacing which.
struct RulePublicationRecord {
  std::int64_t seq = 0;               // assigned by the store; global, increasing
  std::string ruleset_id;
  std::int64_t version = 0;
  std::int64_t previous_version = 0;  // 0 when nothing was published before
  std::string kind;                   // "publish" | "rollback"
  core::UnixMillis at = 0;            // assigned by the store
  std::string actor;                  // "user:alice"
};

// A simulation run of `version` against the set published at the time (baseline_version, 0 =
// none) over the orders created in [from, to).
struct RuleSimulationRecord {
  std::int64_t id = 0;                // assigned by the store
  std::string ruleset_id;
  std::int64_t version = 0;
  std::int64_t baseline_version = 0;
  core::UnixMillis from = 0;
  core::UnixMillis to = 0;
  std::int64_t orders = 0;            // orders replayed
  std::int64_t differing = 0;         // orders whose outcome differs
  std::string report_json = "{}";     // the whole report as the API answered it (no personal data)
  core::UnixMillis at = 0;            // assigned by the store
  std::string actor;
};

// One rule that fired on one live order (or stock row, carrier, schedule tick): what matched
// and what was done. Never personal data: facts are order amounts, regions, SKUs, channels.
struct RuleFiringRecord {
  std::int64_t id = 0;                // assigned by the store
  std::int64_t order_id = 0;          // 0 for firings not about an order (stock, carrier, schedule)
  std::string subject;                // "order:42", "stock:SKU-1@WH-SH", "carrier:sf", "schedule"
  std::string ruleset_id;
  std::int64_t version = 0;
  std::string rule_id;
  std::string trigger;                // "order.created", ...
  core::UnixMillis at = 0;            // assigned by the store when 0
  std::string matched_json = "[]";    // [{"fact","op","value","actual"}] of the leaves that held
  std::string actions_json = "[]";    // [{"action", params..., "result"}] as applied
};

// A standing effect of a rule, owned and read by the module it steers: kind "hide_sku" (key
// "<channel>:<sku>"), "switch_carrier" (key the carrier left, value the one used instead),
// "block_ordering" (key the region code). Set again = replaced; cleared by a `release`-like
// rule or an operator.
struct RuleEffectRecord {
  std::string kind;
  std::string key;
  std::string value;                  // "" when the key says it all
  std::string ruleset_id;
  std::int64_t version = 0;
  std::string rule_id;
  core::UnixMillis at = 0;            // assigned by the store
};

// An outbox event a rule's action sends (rule.notify, channel.sku_hidden, carrier.switched ...):
// delivered by the webhook dispatcher like any order event. order_id 0 when not about an order.
struct RuleEvent {
  std::string event_type;
  std::int64_t order_id = 0;
  std::string payload_json = "{}";  // never personal data
};

// limit_quantity: units one scope (a buyer, a buyer in a city, a SKU ...) took within a window.
struct QuantityUse {
  std::string scope_key;              // built by the rule runtime; a hash, never personal data
  std::int64_t order_id = 0;
  std::int64_t units = 0;
  core::UnixMillis window_start = 0;  // uses at or after this count
  std::int64_t max_units = 0;
};

class RulesStore {
 public:
  virtual ~RulesStore() = default;

  // ---- versions ----
  // Stores `record` as version `expected_latest + 1` of its set if the newest version is still
  // `expected_latest` (0: none yet), with `audit` in the same transaction; kConflict "the rule
  // set changed meanwhile (now version N)" otherwise (on PostgreSQL also when another node
  // stores the same number at the same moment).
  virtual core::Result<RuleVersionRecord> AddRuleVersion(RuleVersionRecord record, std::int64_t expected_latest,
                                                         AuditRecord audit) = 0;
  // kNotFound when the set or the version does not exist.
  virtual core::Result<RuleVersionRecord> GetRuleVersion(const std::string& ruleset_id, std::int64_t version) = 0;
  // Newest first, documents included; kNotFound for an unknown set.
  virtual core::Result<std::vector<RuleVersionRecord>> ListRuleVersions(const std::string& ruleset_id) = 0;
  // Every set, by id.
  virtual core::Result<std::vector<RuleSetHead>> ListRuleSets() = 0;

  // ---- publication ----
  // Puts `version` in force if the published version is still `expected_published` (else
  // kConflict naming the current one; kNotFound for an unknown version), appends the
  // publication and `audit` in the same transaction and, on PostgreSQL, NOTIFY ordo_rules.
  virtual core::Result<RulePublicationRecord> PublishRuleVersion(const std::string& ruleset_id, std::int64_t version,
                                                                 std::int64_t expected_published, std::string kind,
                                                                 std::string actor, AuditRecord audit) = 0;
  virtual core::Result<std::vector<RulePublicationRecord>> ListRulePublications(const std::string& ruleset_id) = 0;
  // The newest publication's seq over all sets (0 when none): a node compares it with what it
  // installed to know whether to reload.
  virtual core::Result<std::int64_t> LatestRulePublicationSeq() = 0;
  // PostgreSQL: `changed` runs on a store thread whenever any node publishes (LISTEN ordo_rules),
  // and once after a lost connection is re-established. SQLite: never runs. At most one watcher;
  // it must not outlive the store (the store stops calling it in its destructor). An empty
  // function stops the watch: when this returns, the previous callback runs no more.
  virtual void WatchRulePublications(std::function<void()> changed) = 0;

  // ---- simulations ----
  virtual core::Result<RuleSimulationRecord> AddRuleSimulation(RuleSimulationRecord record) = 0;
  // The newest simulation of that version, nullopt when it was never simulated.
  virtual core::Result<std::optional<RuleSimulationRecord>> LatestRuleSimulation(const std::string& ruleset_id,
                                                                                 std::int64_t version) = 0;

  // ---- firings ----
  // Appends the firings and, per order among them, one timeline node "rules" (data: rule ids,
  // set and version, actions), and the events' outbox rows, in the same transaction.
  virtual core::Status RecordRuleFirings(std::vector<RuleFiringRecord> firings, std::vector<RuleEvent> events) = 0;
  // Oldest first.
  virtual core::Result<std::vector<RuleFiringRecord>> ListRuleFirings(std::int64_t order_id) = 0;
  // Newest first, at most `limit` (1..1000), for the subject ("stock:SKU@WH", "carrier:sf").
  virtual core::Result<std::vector<RuleFiringRecord>> ListRuleFiringsBySubject(const std::string& subject,
                                                                               int limit) = 0;

  // ---- standing effects ----
  virtual core::Status PutRuleEffect(RuleEffectRecord effect) = 0;
  virtual core::Status ClearRuleEffect(const std::string& kind, const std::string& key) = 0;
  // nullopt when none stands.
  virtual core::Result<std::optional<RuleEffectRecord>> GetRuleEffect(const std::string& kind, const std::string& key) = 0;
  // By kind then key; `kind` "" = every kind.
  virtual core::Result<std::vector<RuleEffectRecord>> ListRuleEffects(const std::string& kind) = 0;

  // ---- quantity limits ----
  // Atomically: if the units of `use.scope_key` recorded at or after `use.window_start` plus
  // `use.units` stay within `use.max_units`, records the use and answers true; else writes
  // nothing and answers false. An order already recorded under the key counts once (a retry
  // answers true without adding). Two nodes cannot both take the last units.
  virtual core::Result<bool> TryUseQuantity(QuantityUse use) = 0;
  // Units of the key at or after `since`.
  virtual core::Result<std::int64_t> QuantityUsed(const std::string& scope_key, core::UnixMillis since) = 0;
};

}  // namespace ordo::store
