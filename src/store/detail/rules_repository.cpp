#include "store/detail/rules_repository.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "core/json.hpp"
#include "order/timeline.hpp"
#include "store/detail/inventory_repository.hpp"

namespace ordo::store::detail {
namespace {

// Transaction-scoped advisory locks on PostgreSQL ("ordo" + 3, + 4): publications commit in the
// order of their seq, so a node that saw seq N has seen every publication before it; quantity
// uses of one scope key are counted and written by one unit at a time over all nodes.
constexpr std::int64_t kRulePublicationLockId = 1869767794;
constexpr std::int64_t kQuantityLockSpace = 1869767795;  // fits the int4 key of the two-key form

bool IsPostgres(const Connection& connection) { return connection.dialect() == Dialect::kPostgres; }

core::Error VersionConflict(std::int64_t latest) {
  return core::MakeError(core::ErrorCode::kConflict, "the rule set changed meanwhile (now version " +
                                                         std::to_string(latest) + "); read it again and base on it");
}

core::Result<std::optional<RuleSetHead>> LoadHead(Connection& connection, const std::string& ruleset_id, bool lock) {
  std::optional<RuleSetHead> head;
  std::string sql =
      "SELECT ruleset_id, latest_version, published_version, published_at, published_by FROM rule_sets "
      "WHERE ruleset_id = $1";
  if (lock) sql += ForUpdate(connection);
  ORDO_TRY(connection.Query(sql, {std::string_view(ruleset_id)}, [&](const Row& row) {
    head = RuleSetHead{std::string(row.Text(0)), row.Int(1), row.Int(2), row.Int(3), std::string(row.Text(4))};
  }));
  return head;
}

RuleVersionRecord VersionFromRow(const Row& row) {
  return RuleVersionRecord{std::string(row.Text(0)), row.Int(1), std::string(row.Text(2)), std::string(row.Text(3)),
                           row.Int(4), std::string(row.Text(5))};
}

RulePublicationRecord PublicationFromRow(const Row& row) {
  return RulePublicationRecord{row.Int(0), std::string(row.Text(1)), row.Int(2), row.Int(3),
                               std::string(row.Text(4)), row.Int(5), std::string(row.Text(6))};
}

RuleSimulationRecord SimulationFromRow(const Row& row) {
  RuleSimulationRecord record;
  record.id = row.Int(0);
  record.ruleset_id = std::string(row.Text(1));
  record.version = row.Int(2);
  record.baseline_version = row.Int(3);
  record.from = row.Int(4);
  record.to = row.Int(5);
  record.orders = row.Int(6);
  record.differing = row.Int(7);
  record.report_json = std::string(row.Text(8));
  record.at = row.Int(9);
  record.actor = std::string(row.Text(10));
  return record;
}

RuleFiringRecord FiringFromRow(const Row& row) {
  RuleFiringRecord record;
  record.id = row.Int(0);
  record.order_id = row.Int(1);
  record.subject = std::string(row.Text(2));
  record.ruleset_id = std::string(row.Text(3));
  record.version = row.Int(4);
  record.rule_id = std::string(row.Text(5));
  record.trigger = std::string(row.Text(6));
  record.at = row.Int(7);
  record.matched_json = std::string(row.Text(8));
  record.actions_json = std::string(row.Text(9));
  return record;
}

constexpr std::string_view kFiringColumns =
    "id, order_id, subject, ruleset_id, version, rule_id, trigger_name, at, matched_json, actions_json";

// The "action" member of every element of a firing's actions_json (unreadable JSON: none).
void CollectActionNames(const std::string& actions_json, std::vector<std::string>& names) {
  rapidjson::Document doc;
  if (!core::ParseJson(actions_json, doc) || !doc.IsArray()) return;
  for (const auto& action : doc.GetArray()) {
    if (!action.IsObject()) continue;
    auto name = action.FindMember("action");
    if (name == action.MemberEnd() || !name->value.IsString()) continue;
    std::string text(core::AsView(name->value));
    if (std::find(names.begin(), names.end(), text) == names.end()) names.push_back(std::move(text));
  }
}

// The "rules" timeline node's data for the firings of one order under one set version.
std::string RulesNodeData(const std::vector<const RuleFiringRecord*>& firings) {
  std::vector<std::string> rule_ids;
  std::vector<std::string> actions;
  for (const auto* firing : firings) {
    if (std::find(rule_ids.begin(), rule_ids.end(), firing->rule_id) == rule_ids.end()) {
      rule_ids.push_back(firing->rule_id);
    }
    CollectActionNames(firing->actions_json, actions);
  }
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "ruleset_id");
  core::WriteString(writer, firings.front()->ruleset_id);
  core::WriteKey(writer, "version");
  writer.Int64(firings.front()->version);
  core::WriteKey(writer, "rules");
  writer.StartArray();
  for (const auto& id : rule_ids) core::WriteString(writer, id);
  writer.EndArray();
  core::WriteKey(writer, "actions");
  writer.StartArray();
  for (const auto& name : actions) core::WriteString(writer, name);
  writer.EndArray();
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

// Appends the "rules" nodes of one order (one per set version, in the order first fired).
core::Status AppendRulesNodes(Connection& connection, std::int64_t order_id,
                              const std::vector<const RuleFiringRecord*>& firings, core::UnixMillis now) {
  std::optional<std::int64_t> last_seq;
  std::string sql = "SELECT last_event_seq FROM orders WHERE id = $1";
  sql += ForUpdate(connection);
  ORDO_TRY(connection.Query(sql, {order_id}, [&](const Row& row) { last_seq = row.Int(0); }));
  if (!last_seq) {
    return core::MakeError(core::ErrorCode::kNotFound, "order " + std::to_string(order_id) + " does not exist");
  }
  std::vector<std::pair<std::string, std::int64_t>> set_versions;
  for (const auto* firing : firings) {
    std::pair<std::string, std::int64_t> key{firing->ruleset_id, firing->version};
    if (std::find(set_versions.begin(), set_versions.end(), key) == set_versions.end()) set_versions.push_back(key);
  }
  std::int64_t seq = *last_seq;
  for (const auto& key : set_versions) {
    std::vector<const RuleFiringRecord*> of_version;
    for (const auto* firing : firings) {
      if (firing->ruleset_id == key.first && firing->version == key.second) of_version.push_back(firing);
    }
    const std::string data = RulesNodeData(of_version);
    ORDO_TRY(connection.Exec(
        "INSERT INTO order_events (order_id, seq, at, node, actor_kind, actor_id, data) "
        "VALUES ($1, $2, $3, $4, 'system', 'rules', $5)",
        {order_id, ++seq, now, order::kNodeRules, std::string_view(data)}));
  }
  return connection.Exec("UPDATE orders SET last_event_seq = $1 WHERE id = $2", {seq, order_id});
}

}  // namespace

// ---- versions and heads ----

core::Result<RuleVersionRecord> InsertRuleVersion(Connection& connection, RuleVersionRecord record,
                                                  std::int64_t expected_latest, core::UnixMillis now) {
  const std::string_view id(record.ruleset_id);
  if (expected_latest == 0) {
    // ON CONFLICT DO NOTHING rather than a failing INSERT: a failed statement would abort the
    // PostgreSQL transaction and we could not read the version to name in the conflict.
    ORDO_TRY(connection.Exec(
        "INSERT INTO rule_sets (ruleset_id, latest_version, published_version, published_at, published_by) "
        "VALUES ($1, 1, 0, 0, '') ON CONFLICT (ruleset_id) DO NOTHING",
        {id}));
  } else {
    ORDO_TRY(connection.Exec(
        "UPDATE rule_sets SET latest_version = latest_version + 1 WHERE ruleset_id = $1 AND latest_version = $2",
        {id, expected_latest}));
  }
  if (connection.ChangedRows() == 0) {
    auto head = LoadHead(connection, record.ruleset_id, false);
    if (!head) return std::move(head).error();
    return VersionConflict(*head ? (*head)->latest_version : 0);
  }
  record.version = expected_latest + 1;
  record.created_at = now;
  ORDO_TRY(connection.Exec(
      "INSERT INTO rule_versions (ruleset_id, version, document, comment, created_at, created_by) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {id, record.version, std::string_view(record.document), std::string_view(record.comment), now,
       std::string_view(record.created_by)}));
  return record;
}

core::Result<RuleVersionRecord> LoadRuleVersion(Connection& connection, const std::string& ruleset_id,
                                                std::int64_t version) {
  std::optional<RuleVersionRecord> found;
  ORDO_TRY(connection.Query(
      "SELECT ruleset_id, version, document, comment, created_at, created_by FROM rule_versions "
      "WHERE ruleset_id = $1 AND version = $2",
      {std::string_view(ruleset_id), version}, [&](const Row& row) { found = VersionFromRow(row); }));
  if (!found) {
    return core::MakeError(core::ErrorCode::kNotFound, "rule set " + ruleset_id + " has no version " +
                                                           std::to_string(version));
  }
  return std::move(*found);
}

core::Result<std::vector<RuleVersionRecord>> LoadRuleVersions(Connection& connection, const std::string& ruleset_id) {
  std::vector<RuleVersionRecord> versions;
  ORDO_TRY(connection.Query(
      "SELECT ruleset_id, version, document, comment, created_at, created_by FROM rule_versions "
      "WHERE ruleset_id = $1 ORDER BY version DESC",
      {std::string_view(ruleset_id)}, [&](const Row& row) { versions.push_back(VersionFromRow(row)); }));
  if (versions.empty()) return core::MakeError(core::ErrorCode::kNotFound, "no rule set " + ruleset_id);
  return versions;
}

core::Result<std::vector<RuleSetHead>> LoadRuleSetHeads(Connection& connection) {
  std::vector<RuleSetHead> heads;
  ORDO_TRY(connection.Query(
      "SELECT ruleset_id, latest_version, published_version, published_at, published_by FROM rule_sets "
      "ORDER BY ruleset_id",
      {}, [&](const Row& row) {
        heads.push_back(
            RuleSetHead{std::string(row.Text(0)), row.Int(1), row.Int(2), row.Int(3), std::string(row.Text(4))});
      }));
  return heads;
}

// ---- publications ----

core::Result<RulePublicationRecord> InsertRulePublication(Connection& connection, const std::string& ruleset_id,
                                                          std::int64_t version, std::int64_t expected_published,
                                                          const std::string& kind, const std::string& actor,
                                                          core::UnixMillis now) {
  if (IsPostgres(connection)) {
    ORDO_TRY(connection.Query("SELECT pg_advisory_xact_lock($1)", {kRulePublicationLockId}, [](const Row&) {}));
  }
  auto head = LoadHead(connection, ruleset_id, true);
  if (!head) return std::move(head).error();
  if (!*head) return core::MakeError(core::ErrorCode::kNotFound, "no rule set " + ruleset_id);
  if (version < 1 || version > (*head)->latest_version) {
    return core::MakeError(core::ErrorCode::kNotFound,
                           "rule set " + ruleset_id + " has no version " + std::to_string(version));
  }
  const std::int64_t previous = (*head)->published_version;
  if (previous != expected_published) {
    return core::MakeError(core::ErrorCode::kConflict, "the published version changed meanwhile (now version " +
                                                           std::to_string(previous) + ")");
  }
  ORDO_TRY(connection.Exec(
      "UPDATE rule_sets SET published_version = $1, published_at = $2, published_by = $3 WHERE ruleset_id = $4",
      {version, now, std::string_view(actor), std::string_view(ruleset_id)}));
  RulePublicationRecord record{0, ruleset_id, version, previous, kind, now, actor};
  ORDO_TRY(connection.Query(
      "INSERT INTO rule_publications (ruleset_id, version, previous_version, kind, at, actor) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq",
      {std::string_view(ruleset_id), version, previous, std::string_view(kind), now, std::string_view(actor)},
      [&](const Row& row) { record.seq = row.Int(0); }));
  // Delivered to every listening node when (and only if) the transaction commits.
  if (IsPostgres(connection)) ORDO_TRY(connection.Exec("SELECT pg_notify('ordo_rules', $1)", {ruleset_id}));
  return record;
}

core::Result<std::vector<RulePublicationRecord>> LoadRulePublications(Connection& connection,
                                                                      const std::string& ruleset_id) {
  std::vector<RulePublicationRecord> publications;
  ORDO_TRY(connection.Query(
      "SELECT seq, ruleset_id, version, previous_version, kind, at, actor FROM rule_publications "
      "WHERE ruleset_id = $1 ORDER BY seq DESC",
      {std::string_view(ruleset_id)}, [&](const Row& row) { publications.push_back(PublicationFromRow(row)); }));
  return publications;
}

core::Result<std::int64_t> LoadLatestRulePublicationSeq(Connection& connection) {
  std::int64_t seq = 0;
  ORDO_TRY(connection.Query("SELECT MAX(seq) FROM rule_publications", {},
                            [&](const Row& row) { seq = row.IsNull(0) ? 0 : row.Int(0); }));
  return seq;
}

// ---- simulations ----

core::Result<RuleSimulationRecord> InsertRuleSimulation(Connection& connection, RuleSimulationRecord record,
                                                        core::UnixMillis now) {
  record.at = now;
  ORDO_TRY(connection.Query(
      "INSERT INTO rule_simulations (ruleset_id, version, baseline_version, from_at, to_at, orders, differing, "
      "report_json, at, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      {std::string_view(record.ruleset_id), record.version, record.baseline_version, record.from, record.to,
       record.orders, record.differing, std::string_view(record.report_json), now, std::string_view(record.actor)},
      [&](const Row& row) { record.id = row.Int(0); }));
  return record;
}

core::Result<std::optional<RuleSimulationRecord>> LoadLatestRuleSimulation(Connection& connection,
                                                                           const std::string& ruleset_id,
                                                                           std::int64_t version) {
  std::optional<RuleSimulationRecord> found;
  ORDO_TRY(connection.Query(
      "SELECT id, ruleset_id, version, baseline_version, from_at, to_at, orders, differing, report_json, at, actor "
      "FROM rule_simulations WHERE ruleset_id = $1 AND version = $2 ORDER BY id DESC LIMIT 1",
      {std::string_view(ruleset_id), version}, [&](const Row& row) { found = SimulationFromRow(row); }));
  return found;
}

// ---- firings ----

core::Status InsertRuleFirings(Connection& connection, std::vector<RuleFiringRecord> firings, core::UnixMillis now) {
  for (auto& firing : firings) {
    if (firing.at == 0) firing.at = now;
    ORDO_TRY(connection.Exec(
        "INSERT INTO rule_firings (order_id, subject, ruleset_id, version, rule_id, trigger_name, at, matched_json, "
        "actions_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {firing.order_id, std::string_view(firing.subject), std::string_view(firing.ruleset_id), firing.version,
         std::string_view(firing.rule_id), std::string_view(firing.trigger), firing.at,
         std::string_view(firing.matched_json), std::string_view(firing.actions_json)}));
  }
  // Orders in ascending id so that concurrent units lock them in one order.
  std::map<std::int64_t, std::vector<const RuleFiringRecord*>> by_order;
  for (const auto& firing : firings) {
    if (firing.order_id != 0) by_order[firing.order_id].push_back(&firing);
  }
  for (const auto& [order_id, of_order] : by_order) ORDO_TRY(AppendRulesNodes(connection, order_id, of_order, now));
  return core::Ok();
}

core::Result<std::vector<RuleFiringRecord>> LoadRuleFiringsOfOrder(Connection& connection, std::int64_t order_id) {
  std::vector<RuleFiringRecord> firings;
  ORDO_TRY(connection.Query(std::string("SELECT ") + std::string(kFiringColumns) +
                                " FROM rule_firings WHERE order_id = $1 ORDER BY id",
                            {order_id}, [&](const Row& row) { firings.push_back(FiringFromRow(row)); }));
  return firings;
}

core::Result<std::vector<RuleFiringRecord>> LoadRuleFiringsOfSubject(Connection& connection,
                                                                     const std::string& subject, int limit) {
  std::vector<RuleFiringRecord> firings;
  const std::int64_t bounded = std::clamp(limit, 1, 1000);
  ORDO_TRY(connection.Query(std::string("SELECT ") + std::string(kFiringColumns) +
                                " FROM rule_firings WHERE subject = $1 ORDER BY id DESC LIMIT $2",
                            {std::string_view(subject), bounded},
                            [&](const Row& row) { firings.push_back(FiringFromRow(row)); }));
  return firings;
}

// ---- effects ----

core::Status UpsertRuleEffect(Connection& connection, const RuleEffectRecord& effect, core::UnixMillis now) {
  return connection.Exec(
      "INSERT INTO rule_effects (kind, effect_key, value, ruleset_id, version, rule_id, at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (kind, effect_key) DO UPDATE SET value = excluded.value, "
      "ruleset_id = excluded.ruleset_id, version = excluded.version, rule_id = excluded.rule_id, at = excluded.at",
      {std::string_view(effect.kind), std::string_view(effect.key), std::string_view(effect.value),
       std::string_view(effect.ruleset_id), effect.version, std::string_view(effect.rule_id), now});
}

core::Status DeleteRuleEffect(Connection& connection, const std::string& kind, const std::string& key) {
  return connection.Exec("DELETE FROM rule_effects WHERE kind = $1 AND effect_key = $2",
                         {std::string_view(kind), std::string_view(key)});
}

core::Result<std::vector<RuleEffectRecord>> LoadRuleEffects(Connection& connection, const std::string& kind) {
  std::vector<RuleEffectRecord> effects;
  ORDO_TRY(connection.Query(
      "SELECT kind, effect_key, value, ruleset_id, version, rule_id, at FROM rule_effects "
      "WHERE $1 = '' OR kind = $1 ORDER BY kind, effect_key",
      {std::string_view(kind)}, [&](const Row& row) {
        effects.push_back(RuleEffectRecord{std::string(row.Text(0)), std::string(row.Text(1)),
                                           std::string(row.Text(2)), std::string(row.Text(3)), row.Int(4),
                                           std::string(row.Text(5)), row.Int(6)});
      }));
  return effects;
}

// ---- quantity limits ----

core::Result<bool> TryInsertQuantityUse(Connection& connection, const QuantityUse& use, core::UnixMillis now) {
  if (IsPostgres(connection)) {
    // Held until commit: a second node's unit for the same key waits here and then counts the
    // committed use (READ COMMITTED takes a fresh snapshot per statement).
    ORDO_TRY(connection.Query("SELECT pg_advisory_xact_lock($1::integer, hashtext($2))",
                              {kQuantityLockSpace, std::string_view(use.scope_key)},
                              [](const Row&) {}));
  }
  bool recorded = false;
  ORDO_TRY(connection.Query("SELECT 1 FROM rule_quantity_uses WHERE scope_key = $1 AND order_id = $2",
                            {std::string_view(use.scope_key), use.order_id}, [&](const Row&) { recorded = true; }));
  if (recorded) return true;
  auto used = SumQuantityUses(connection, use.scope_key, use.window_start);
  if (!used) return std::move(used).error();
  if (*used + use.units > use.max_units) return false;
  ORDO_TRY(connection.Exec("INSERT INTO rule_quantity_uses (scope_key, order_id, units, at) VALUES ($1, $2, $3, $4)",
                           {std::string_view(use.scope_key), use.order_id, use.units, now}));
  return true;
}

core::Result<std::int64_t> SumQuantityUses(Connection& connection, const std::string& scope_key,
                                           core::UnixMillis since) {
  std::int64_t units = 0;
  ORDO_TRY(connection.Query(
      "SELECT COALESCE(SUM(units), 0) FROM rule_quantity_uses WHERE scope_key = $1 AND at >= $2",
      {std::string_view(scope_key), since}, [&](const Row& row) { units = row.Int(0); }));
  return units;
}

}  // namespace ordo::store::detail
