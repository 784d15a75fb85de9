#include "store/detail/quality_repository.hpp"

#include <algorithm>

#include "core/json.hpp"
#include "store/detail/order_repository.hpp"

namespace ordo::store::detail {
namespace {

using core::ErrorCode;

constexpr const char* kRunColumns =
    "SELECT id, triggered_by, status, started_at, finished_at, orders, checks, failed_checks, issues, "
    "issues_truncated, tickets_raised, error FROM quality_runs ";
constexpr const char* kTicketColumns =
    "SELECT id, dimension, channel, day, score_bp, threshold_bp, owner, status, created_at, updated_at "
    "FROM quality_tickets ";

QualityRunRecord RunFromRow(const Row& row) {
  QualityRunRecord run;
  run.id = row.Int(0);
  run.trigger = row.Text(1);
  run.status = row.Text(2);
  run.started_at = row.Int(3);
  if (!row.IsNull(4)) run.finished_at = row.Int(4);
  run.orders = row.Int(5);
  run.checks = row.Int(6);
  run.failed_checks = row.Int(7);
  run.issues = row.Int(8);
  run.issues_truncated = row.Int(9) != 0;
  run.tickets_raised = row.Int(10);
  run.error = row.Text(11);
  return run;
}

QualityTicketRecord TicketFromRow(const Row& row) {
  QualityTicketRecord ticket;
  ticket.id = row.Int(0);
  ticket.dimension = row.Text(1);
  ticket.channel = row.Text(2);
  ticket.day = row.Text(3);
  ticket.score_bp = row.Int(4);
  ticket.threshold_bp = row.Int(5);
  ticket.owner = row.Text(6);
  ticket.status = row.Text(7);
  ticket.created_at = row.Int(8);
  ticket.updated_at = row.Int(9);
  return ticket;
}

// Builds " WHERE a = $1 AND b IN ($2, $3) …" from fixed fragments; every value is a parameter.
class Conditions {
 public:
  Conditions(std::string& sql, std::vector<Param>& params) : sql_(sql), params_(params) {}
  void Add(std::string_view clause, Param value) {
    Next();
    sql_ += clause;
    params_.push_back(value);
    sql_ += "$" + std::to_string(params_.size());
  }
  void AddIfSet(std::string_view clause, const std::string& value) {
    if (!value.empty()) Add(clause, std::string_view(value));
  }
  void In(std::string_view column, const std::vector<std::string>& values) {
    if (values.empty()) return;
    Next();
    sql_ += column;
    sql_ += " IN (";
    for (std::size_t value_idx = 0; value_idx < values.size(); ++value_idx) {
      if (value_idx > 0) sql_ += ", ";
      params_.push_back(std::string_view(values[value_idx]));
      sql_ += "$" + std::to_string(params_.size());
    }
    sql_ += ")";
  }
  void Raw(std::string_view clause) {
    Next();
    sql_ += clause;
  }

 private:
  void Next() {
    sql_ += first_ ? " WHERE " : " AND ";
    first_ = false;
  }
  std::string& sql_;
  std::vector<Param>& params_;
  bool first_ = true;
};

std::string BreachPayload(const QualityTicketRecord& ticket, core::UnixMillis now) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "type");
  core::WriteString(writer, kEventQualityThresholdBreached);
  core::WriteKey(writer, "occurred_at");
  core::WriteString(writer, core::FormatRfc3339(now));
  core::WriteKey(writer, "ticket");
  writer.StartObject();
  core::WriteKey(writer, "id");
  writer.Int64(ticket.id);
  core::WriteKey(writer, "dimension");
  core::WriteString(writer, ticket.dimension);
  core::WriteKey(writer, "channel");
  core::WriteString(writer, ticket.channel);
  core::WriteKey(writer, "day");
  core::WriteString(writer, ticket.day);
  core::WriteKey(writer, "score");
  writer.Double(static_cast<double>(ticket.score_bp) / 100.0);
  core::WriteKey(writer, "threshold");
  writer.Double(static_cast<double>(ticket.threshold_bp) / 100.0);
  core::WriteKey(writer, "status");
  core::WriteString(writer, ticket.status);
  writer.EndObject();
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace

core::Result<QualityScanPage> ScanOrdersForQuality(Connection& connection, std::int64_t after_id, int limit,
                                                   const FieldCipher* cipher) {
  const int page_size = std::clamp(limit, 1, 5000);
  QualityScanPage page;
  core::Status parse = core::Ok();
  const RowHandler collect = [&](const Row& row) {
    if (!parse) return;
    auto order = OrderFromRow(row, cipher);
    if (!order) {
      parse = core::MakeError(order.error().code, "order " + std::to_string(row.Int(0)) + ": " + order.error().detail);
      return;
    }
    page.items.push_back(QualityScanItem{std::move(order).value(), std::string(row.Text(4)), !row.IsNull(5), {}});
  };
  // One extra row tells whether the scan goes on.
  ORDO_TRY(connection.Query(
      "SELECT id, version, body, pii, province, anonymised_at FROM orders WHERE id > $1 ORDER BY id LIMIT $2",
      {after_id, std::int64_t{page_size + 1}}, collect));
  ORDO_TRY(parse);
  if (page.items.size() > static_cast<std::size_t>(page_size)) {
    page.items.pop_back();
    page.next_after_id = page.items.back().order.id;
  }
  if (page.items.empty()) return page;
  // The page's timelines in one statement; both lists are in id order, so one pass pairs them.
  std::size_t item_idx = 0;
  ORDO_TRY(connection.Query(
      "SELECT order_id, seq, at, node, actor_kind, actor_id, data FROM order_events "
      "WHERE order_id >= $1 AND order_id <= $2 ORDER BY order_id, seq",
      {page.items.front().order.id, page.items.back().order.id}, [&](const Row& row) {
        const std::int64_t order_id = row.Int(0);
        while (item_idx < page.items.size() && page.items[item_idx].order.id < order_id) ++item_idx;
        if (item_idx == page.items.size() || page.items[item_idx].order.id != order_id) return;
        order::TimelineEvent event;
        event.order_id = order_id;
        event.seq = row.Int(1);
        event.at = row.Int(2);
        event.node = row.Text(3);
        event.actor = core::Actor{std::string(row.Text(4)), std::string(row.Text(5))};
        event.data_json = row.Text(6);
        page.items[item_idx].timeline.push_back(std::move(event));
      }));
  return page;
}

core::Result<QualityRunRecord> InsertQualityRun(Connection& connection, std::string trigger, core::UnixMillis now) {
  QualityRunRecord run;
  run.trigger = std::move(trigger);
  run.started_at = now;
  ORDO_TRY(connection.Query(
      "INSERT INTO quality_runs (triggered_by, status, started_at, orders, checks, failed_checks, issues, "
      "issues_truncated, tickets_raised, error) VALUES ($1, 'running', $2, 0, 0, 0, 0, 0, 0, '') RETURNING id",
      {std::string_view(run.trigger), now}, [&](const Row& row) { run.id = row.Int(0); }));
  return run;
}

core::Status InsertQualityIssues(Connection& connection, const std::vector<QualityIssueRecord>& issues) {
  for (const QualityIssueRecord& issue : issues) {
    ORDO_TRY(connection.Exec(
        "INSERT INTO quality_issues (run_id, order_id, day, channel, province, dimension, field, check_code, detail) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {issue.run_id, issue.order_id, std::string_view(issue.day), std::string_view(issue.channel),
         std::string_view(issue.province), std::string_view(issue.dimension), std::string_view(issue.field),
         std::string_view(issue.check), std::string_view(issue.detail)}));
  }
  return core::Ok();
}

core::Result<QualityRunOutcome> FinishRun(Connection& connection, const QualityRunResult& result,
                                          core::UnixMillis now) {
  const std::int64_t run_id = result.run.id;
  for (const std::string& day : result.days) {
    ORDO_TRY(connection.Exec("DELETE FROM quality_daily WHERE day = $1", {std::string_view(day)}));
  }
  for (const QualityDailyRow& row : result.daily) {
    ORDO_TRY(connection.Exec(
        "INSERT INTO quality_daily (day, channel, province, dimension, field, check_code, checks, passed, run_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {std::string_view(row.day), std::string_view(row.channel), std::string_view(row.province),
         std::string_view(row.dimension), std::string_view(row.field), std::string_view(row.check), row.checks,
         row.passed, run_id}));
  }
  QualityRunOutcome outcome;
  for (const QualityTicketRecord& breach : result.breaches) {
    QualityTicketRecord ticket = breach;
    ticket.owner.clear();
    ticket.status = "open";
    ticket.created_at = now;
    ticket.updated_at = now;
    std::optional<std::int64_t> id;
    ORDO_TRY(connection.Query(
        "INSERT INTO quality_tickets (dimension, channel, day, score_bp, threshold_bp, owner, status, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, '', 'open', $6, $6) "
        "ON CONFLICT (dimension, channel, day) DO NOTHING RETURNING id",
        {std::string_view(ticket.dimension), std::string_view(ticket.channel), std::string_view(ticket.day),
         ticket.score_bp, ticket.threshold_bp, now},
        [&](const Row& row) { id = row.Int(0); }));
    if (!id) continue;  // raised by an earlier run
    ticket.id = *id;
    const std::string payload = BreachPayload(ticket, now);
    // Not an order's event: order_id 0. The dispatcher fans it out like any other outbox row.
    ORDO_TRY(connection.Exec(
        "INSERT INTO outbox (order_id, event_type, payload, created_at) VALUES (0, $1, $2, $3)",
        {std::string_view(kEventQualityThresholdBreached), std::string_view(payload), now}));
    outcome.raised.push_back(std::move(ticket));
  }
  const QualityRunRecord& run = result.run;
  ORDO_TRY(connection.Exec(
      "UPDATE quality_runs SET status = 'done', finished_at = $1, orders = $2, checks = $3, failed_checks = $4, "
      "issues = $5, issues_truncated = $6, tickets_raised = $7 WHERE id = $8",
      {now, run.orders, run.checks, run.failed_checks, run.issues, std::int64_t{run.issues_truncated ? 1 : 0},
       static_cast<std::int64_t>(outcome.raised.size()), run_id}));
  if (connection.ChangedRows() != 1) {
    return core::MakeError(ErrorCode::kNotFound, "no quality run with id " + std::to_string(run_id));
  }
  // Only the latest run's failing records are kept.
  ORDO_TRY(connection.Exec("DELETE FROM quality_issues WHERE run_id < $1", {run_id}));
  auto stored = LoadQualityRun(connection, run_id);
  if (!stored) return std::move(stored).error();
  outcome.run = std::move(stored).value();
  return outcome;
}

core::Status MarkRunFailed(Connection& connection, std::int64_t run_id, const std::string& error,
                           core::UnixMillis now) {
  ORDO_TRY(connection.Exec("UPDATE quality_runs SET status = 'failed', finished_at = $1, error = $2 WHERE id = $3",
                           {now, std::string_view(error), run_id}));
  return connection.Exec("DELETE FROM quality_issues WHERE run_id = $1", {run_id});
}

core::Result<QualityRunRecord> LoadQualityRun(Connection& connection, std::int64_t run_id) {
  std::optional<QualityRunRecord> run;
  ORDO_TRY(connection.Query(std::string(kRunColumns) + "WHERE id = $1", {run_id},
                            [&](const Row& row) { run = RunFromRow(row); }));
  if (!run) return core::MakeError(ErrorCode::kNotFound, "no quality run with id " + std::to_string(run_id));
  return std::move(*run);
}

core::Result<std::optional<QualityRunRecord>> LoadLatestDoneRun(Connection& connection) {
  std::optional<QualityRunRecord> run;
  ORDO_TRY(connection.Query(std::string(kRunColumns) + "WHERE status = 'done' ORDER BY id DESC LIMIT 1", {},
                            [&](const Row& row) { run = RunFromRow(row); }));
  return run;
}

core::Result<std::vector<QualityCount>> LoadCounts(Connection& connection, const QualityCountsFilter& filter) {
  std::string sql = "SELECT day, channel, check_code, CAST(SUM(checks) AS BIGINT), CAST(SUM(passed) AS BIGINT) "
                    "FROM quality_daily";
  std::vector<Param> params;
  Conditions where(sql, params);
  where.Add("day >= ", std::string_view(filter.from_day));
  where.Add("day <= ", std::string_view(filter.to_day));
  where.AddIfSet("channel = ", filter.channel);
  where.In("province", filter.scope_provinces);
  where.In("channel", filter.scope_channels);
  sql += " GROUP BY day, channel, check_code ORDER BY day, channel, check_code";
  std::vector<QualityCount> counts;
  const RowHandler collect = [&](const Row& row) {
    counts.push_back({std::string(row.Text(0)), std::string(row.Text(1)), std::string(row.Text(2)), row.Int(3),
                      row.Int(4)});
  };
  ORDO_TRY(connection.Run(sql, params, &collect));
  return counts;
}

core::Result<QualityIssuePage> QueryIssues(Connection& connection, const QualityIssueFilter& filter) {
  QualityIssuePage page;
  auto run = LoadLatestDoneRun(connection);
  if (!run) return std::move(run).error();
  page.run = std::move(run).value();
  if (!page.run) return page;
  std::string sql = "SELECT id, run_id, order_id, day, channel, province, dimension, field, check_code, detail "
                    "FROM quality_issues";
  std::vector<Param> params;
  Conditions where(sql, params);
  where.Add("run_id = ", page.run->id);
  where.AddIfSet("dimension = ", filter.dimension);
  where.AddIfSet("field = ", filter.field);
  where.AddIfSet("check_code = ", filter.check);
  where.AddIfSet("channel = ", filter.channel);
  where.AddIfSet("day >= ", filter.from_day);
  where.AddIfSet("day <= ", filter.to_day);
  if (filter.before_id) where.Add("id < ", *filter.before_id);
  where.In("province", filter.scope_provinces);
  where.In("channel", filter.scope_channels);
  const int limit = std::clamp(filter.limit, 1, 500);
  sql += " ORDER BY id DESC LIMIT " + std::to_string(limit + 1);
  const RowHandler collect = [&](const Row& row) {
    page.items.push_back(QualityIssueRecord{row.Int(0), row.Int(1), row.Int(2), std::string(row.Text(3)),
                                            std::string(row.Text(4)), std::string(row.Text(5)),
                                            std::string(row.Text(6)), std::string(row.Text(7)),
                                            std::string(row.Text(8)), std::string(row.Text(9))});
  };
  ORDO_TRY(connection.Run(sql, params, &collect));
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  return page;
}

core::Result<QualityTicketPage> QueryTickets(Connection& connection, const QualityTicketFilter& filter) {
  std::string sql = kTicketColumns;
  std::vector<Param> params;
  Conditions where(sql, params);
  where.AddIfSet("status = ", filter.status);
  where.AddIfSet("dimension = ", filter.dimension);
  where.AddIfSet("channel = ", filter.channel);
  if (filter.before_id) where.Add("id < ", *filter.before_id);
  where.In("channel", filter.scope_channels);
  const int limit = std::clamp(filter.limit, 1, 500);
  sql += " ORDER BY id DESC LIMIT " + std::to_string(limit + 1);
  QualityTicketPage page;
  const RowHandler collect = [&](const Row& row) { page.items.push_back(TicketFromRow(row)); };
  ORDO_TRY(connection.Run(sql, params, &collect));
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  return page;
}

core::Result<QualityTicketRecord> PatchTicket(Connection& connection, const QualityTicketPatch& patch,
                                              core::UnixMillis now) {
  std::string sql = "UPDATE quality_tickets SET owner = COALESCE($1, owner), status = COALESCE($2, status), "
                    "updated_at = $3";
  std::vector<Param> params{patch.owner ? Param(std::string_view(*patch.owner)) : Param(nullptr),
                            patch.status ? Param(std::string_view(*patch.status)) : Param(nullptr), now};
  Conditions where(sql, params);
  where.Add("id = ", patch.id);
  where.In("channel", patch.scope_channels);
  ORDO_TRY(connection.Run(sql, params, nullptr));
  if (connection.ChangedRows() != 1) {
    return core::MakeError(ErrorCode::kNotFound, "no quality ticket with id " + std::to_string(patch.id));
  }
  std::optional<QualityTicketRecord> ticket;
  ORDO_TRY(connection.Query(std::string(kTicketColumns) + "WHERE id = $1", {patch.id},
                            [&](const Row& row) { ticket = TicketFromRow(row); }));
  if (!ticket) return core::MakeError(ErrorCode::kNotFound, "no quality ticket with id " + std::to_string(patch.id));
  return std::move(*ticket);
}

}  // namespace ordo::store::detail
