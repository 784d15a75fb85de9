// /api/v1/quality/summary, /issues, /tickets, /runs: the data-quality dashboard (issue 4, item 4).
// Scores are percentages rounded to two decimals; an absent score (no check ran) is null.
//
// Permissions: the summary is a dashboard (dashboards.read); the failing records name orders,
// so they take orders.read and the caller's province and channel scopes, exactly like the
// order list (an operator fixing addresses works this list); tickets and runs are the data
// stewards' (quality.manage).
#include <cmath>
#include <string>

#include "api/handlers.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"
#include "service/cursor.hpp"

namespace ordo::api {
namespace {

void WriteScore(core::JsonWriter& writer, std::string_view key, const std::optional<double>& score) {
  core::WriteKey(writer, key);
  if (score) {
    writer.Double(std::round(*score * 100.0) / 100.0);
  } else {
    writer.Null();
  }
}

void WriteCounts(core::JsonWriter& writer, const quality::CheckCounts& counts) {
  core::WriteKey(writer, "checks");
  writer.Int64(counts.checks);
  core::WriteKey(writer, "failed");
  writer.Int64(counts.failed());
  WriteScore(writer, "score", counts.Score());
}

void WriteDimensions(core::JsonWriter& writer, const std::vector<quality::DimensionScore>& dimensions) {
  core::WriteKey(writer, "dimensions");
  writer.StartArray();
  for (const quality::DimensionScore& score : dimensions) {
    writer.StartObject();
    core::WriteKey(writer, "dimension");
    core::WriteString(writer, quality::DimensionName(score.dimension));
    WriteCounts(writer, score.counts);
    WriteScore(writer, "previous_score", score.previous_score);
    WriteScore(writer, "trend", score.trend);
    WriteScore(writer, "threshold", score.threshold);
    core::WriteKey(writer, "below_threshold");
    writer.Bool(score.below_threshold);
    writer.EndObject();
  }
  writer.EndArray();
}

void WriteRun(core::JsonWriter& writer, const store::QualityRunRecord& run) {
  writer.StartObject();
  core::WriteKey(writer, "id");
  writer.Int64(run.id);
  core::WriteKey(writer, "status");
  core::WriteString(writer, run.status);
  core::WriteKey(writer, "trigger");
  core::WriteString(writer, run.trigger);
  core::WriteKey(writer, "started_at");
  core::WriteString(writer, core::FormatRfc3339(run.started_at));
  core::WriteKey(writer, "finished_at");
  if (run.finished_at) {
    core::WriteString(writer, core::FormatRfc3339(*run.finished_at));
  } else {
    writer.Null();
  }
  core::WriteKey(writer, "orders");
  writer.Int64(run.orders);
  core::WriteKey(writer, "checks");
  writer.Int64(run.checks);
  core::WriteKey(writer, "failed_checks");
  writer.Int64(run.failed_checks);
  core::WriteKey(writer, "issues");
  writer.Int64(run.issues);
  core::WriteKey(writer, "issues_truncated");
  writer.Bool(run.issues_truncated);
  core::WriteKey(writer, "tickets_raised");
  writer.Int64(run.tickets_raised);
  core::WriteKey(writer, "error");
  core::WriteString(writer, run.error);
  writer.EndObject();
}

void WriteOptionalRun(core::JsonWriter& writer, const std::optional<store::QualityRunRecord>& run) {
  core::WriteKey(writer, "run");
  if (run) {
    WriteRun(writer, *run);
  } else {
    writer.Null();
  }
}

void WriteSummary(core::JsonWriter& writer, const service::QualitySummaryView& view) {
  const quality::QualitySummary& summary = view.summary;
  writer.StartObject();
  core::WriteKey(writer, "from");
  core::WriteString(writer, summary.range.from);
  core::WriteKey(writer, "to");
  core::WriteString(writer, summary.range.to);
  core::WriteKey(writer, "previous");
  writer.StartObject();
  core::WriteKey(writer, "from");
  core::WriteString(writer, summary.previous.from);
  core::WriteKey(writer, "to");
  core::WriteString(writer, summary.previous.to);
  core::WriteKey(writer, "orders");
  writer.Int64(summary.previous_orders);
  writer.EndObject();
  WriteOptionalRun(writer, view.run);
  core::WriteKey(writer, "orders");
  writer.Int64(summary.orders);
  WriteDimensions(writer, summary.dimensions);
  core::WriteKey(writer, "by_channel");
  writer.StartArray();
  for (const quality::ChannelScores& channel : summary.by_channel) {
    writer.StartObject();
    core::WriteKey(writer, "channel");
    core::WriteString(writer, channel.channel);
    core::WriteKey(writer, "orders");
    writer.Int64(channel.orders);
    WriteDimensions(writer, channel.dimensions);
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "by_field");
  writer.StartArray();
  for (const quality::FieldScore& field : summary.by_field) {
    writer.StartObject();
    core::WriteKey(writer, "dimension");
    core::WriteString(writer, quality::DimensionName(field.dimension));
    core::WriteKey(writer, "field");
    core::WriteString(writer, field.field);
    WriteCounts(writer, field.counts);
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "by_check");
  writer.StartArray();
  for (const quality::CheckScore& check : summary.by_check) {
    const quality::CheckInfo& info = quality::InfoOf(check.check);
    writer.StartObject();
    core::WriteKey(writer, "check");
    core::WriteString(writer, info.name);
    core::WriteKey(writer, "dimension");
    core::WriteString(writer, quality::DimensionName(info.dimension));
    core::WriteKey(writer, "field");
    core::WriteString(writer, info.field);
    WriteCounts(writer, check.counts);
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "by_day");
  writer.StartArray();
  for (const quality::DayScores& day : summary.by_day) {
    writer.StartObject();
    core::WriteKey(writer, "day");
    core::WriteString(writer, day.day);
    core::WriteKey(writer, "orders");
    writer.Int64(day.orders);
    core::WriteKey(writer, "scores");
    writer.StartObject();
    for (quality::Dimension dimension : quality::kAllDimensions) {
      WriteScore(writer, quality::DimensionName(dimension), day.scores[static_cast<std::size_t>(dimension)]);
    }
    writer.EndObject();
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

void WriteIssue(core::JsonWriter& writer, const store::QualityIssueRecord& issue) {
  writer.StartObject();
  core::WriteKey(writer, "order_id");
  writer.Int64(issue.order_id);
  for (auto [key, value] : {std::pair{"day", &issue.day}, std::pair{"channel", &issue.channel},
                            std::pair{"province", &issue.province}, std::pair{"dimension", &issue.dimension},
                            std::pair{"field", &issue.field}, std::pair{"check", &issue.check},
                            std::pair{"detail", &issue.detail}}) {
    core::WriteKey(writer, key);
    core::WriteString(writer, *value);
  }
  writer.EndObject();
}

void WriteTicket(core::JsonWriter& writer, const store::QualityTicketRecord& ticket) {
  writer.StartObject();
  core::WriteKey(writer, "id");
  writer.Int64(ticket.id);
  for (auto [key, value] : {std::pair{"dimension", &ticket.dimension}, std::pair{"channel", &ticket.channel},
                            std::pair{"day", &ticket.day}}) {
    core::WriteKey(writer, key);
    core::WriteString(writer, *value);
  }
  core::WriteKey(writer, "score");
  writer.Double(static_cast<double>(ticket.score_bp) / 100.0);
  core::WriteKey(writer, "threshold");
  writer.Double(static_cast<double>(ticket.threshold_bp) / 100.0);
  core::WriteKey(writer, "owner");
  if (ticket.owner.empty()) {
    writer.Null();
  } else {
    core::WriteString(writer, ticket.owner);
  }
  core::WriteKey(writer, "status");
  core::WriteString(writer, ticket.status);
  core::WriteKey(writer, "created_at");
  core::WriteString(writer, core::FormatRfc3339(ticket.created_at));
  core::WriteKey(writer, "updated_at");
  core::WriteString(writer, core::FormatRfc3339(ticket.updated_at));
  writer.EndObject();
}

void WriteCursor(core::JsonWriter& writer, const std::optional<std::int64_t>& next) {
  core::WriteKey(writer, "next_cursor");
  if (next) {
    core::WriteString(writer, service::EncodeCursor(*next));
  } else {
    writer.Null();
  }
}

void Summary(service::Services& services, const ExchangePtr& exchange) {
  core::Result<service::QueryParams> params = ParseQuery(exchange->request.query);
  if (!params) return FinishWithProblem(exchange, params.error());
  service::QualityMetrics& metrics = services.quality_metrics;
  core::Result<service::QualitySummaryQuery> query =
      service::BuildQualitySummaryQuery(*params, services.clock().Now(), metrics.options().config);
  if (!query) return FinishWithProblem(exchange, query.error());
  metrics.Summary(std::move(query).value(), PrincipalOf(*exchange).scopes,
                  ReplyOnStrand<service::QualitySummaryView>(
                      exchange, [](Exchange& done, core::Result<service::QualitySummaryView> view) {
                        if (!view) return ReplyProblem(done, view.error());
                        WriteSummary(done.response.StartJson(), *view);
                      }));
}

void Issues(service::Services& services, const ExchangePtr& exchange) {
  core::Result<service::QueryParams> params = ParseQuery(exchange->request.query);
  if (!params) return FinishWithProblem(exchange, params.error());
  core::Result<store::QualityIssueFilter> filter = service::BuildQualityIssueFilter(*params);
  if (!filter) return FinishWithProblem(exchange, filter.error());
  services.quality_metrics.Issues(
      std::move(filter).value(), PrincipalOf(*exchange).scopes,
      ReplyOnStrand<store::QualityIssuePage>(exchange, [](Exchange& done, core::Result<store::QualityIssuePage> page) {
        if (!page) return ReplyProblem(done, page.error());
        core::JsonWriter& writer = done.response.StartJson();
        writer.StartObject();
        WriteOptionalRun(writer, page->run);
        core::WriteKey(writer, "items");
        writer.StartArray();
        for (const store::QualityIssueRecord& issue : page->items) WriteIssue(writer, issue);
        writer.EndArray();
        WriteCursor(writer, page->next_cursor);
        writer.EndObject();
      }));
}

void Tickets(service::Services& services, const ExchangePtr& exchange) {
  core::Result<service::QueryParams> params = ParseQuery(exchange->request.query);
  if (!params) return FinishWithProblem(exchange, params.error());
  core::Result<store::QualityTicketFilter> filter = service::BuildQualityTicketFilter(*params);
  if (!filter) return FinishWithProblem(exchange, filter.error());
  services.quality_metrics.Tickets(
      std::move(filter).value(), PrincipalOf(*exchange).scopes,
      ReplyOnStrand<store::QualityTicketPage>(exchange, [](Exchange& done, core::Result<store::QualityTicketPage> page) {
        if (!page) return ReplyProblem(done, page.error());
        core::JsonWriter& writer = done.response.StartJson();
        writer.StartObject();
        core::WriteKey(writer, "items");
        writer.StartArray();
        for (const store::QualityTicketRecord& ticket : page->items) WriteTicket(writer, ticket);
        writer.EndArray();
        WriteCursor(writer, page->next_cursor);
        writer.EndObject();
      }));
}

void UpdateTicket(service::Services& services, const ExchangePtr& exchange) {
  core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
  if (!id) return FinishWithProblem(exchange, id.error());
  core::Result<store::QualityTicketPatch> patch = service::ParseQualityTicketPatch(exchange->request.body);
  if (!patch) return FinishWithProblem(exchange, patch.error());
  patch->id = *id;
  services.quality_metrics.UpdateTicket(
      std::move(patch).value(), PrincipalOf(*exchange), std::string(exchange->request.client_ip),
      ReplyOnStrand<store::QualityTicketRecord>(exchange,
                                                [](Exchange& done, core::Result<store::QualityTicketRecord> ticket) {
                                                  if (!ticket) return ReplyProblem(done, ticket.error());
                                                  WriteTicket(done.response.StartJson(), *ticket);
                                                }));
}

auto RunReply(const ExchangePtr& exchange, int status) {
  return ReplyOnStrand<store::QualityRunRecord>(exchange,
                                                [status](Exchange& done, core::Result<store::QualityRunRecord> run) {
                                                  if (!run) return ReplyProblem(done, run.error());
                                                  done.response.status = status;
                                                  if (status == 202) {
                                                    done.response.AddHeader("Location", "/api/v1/quality/runs/" +
                                                                                            std::to_string(run->id));
                                                  }
                                                  WriteRun(done.response.StartJson(), *run);
                                                });
}

void StartRun(service::Services& services, const ExchangePtr& exchange) {
  // The body is not read: a run takes no options (an empty body or {} are both fine).
  const core::Actor actor = ApiActor(*exchange);
  services.quality_metrics.StartRun("api:" + actor.id, RunReply(exchange, 202));
}

void GetRun(service::Services& services, const ExchangePtr& exchange) {
  core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
  if (!id) return FinishWithProblem(exchange, id.error());
  services.quality_metrics.GetRun(*id, RunReply(exchange, 200));
}

}  // namespace

void AddQualityMetricsRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  router.Add({.method = Method::kGet, .pattern = "/api/v1/quality/summary", .permission = "dashboards.read",
              .operation_id = "getQualitySummary",
              .summary = "Data-quality scores 0–100 per dimension with trends, per channel, field, check and day, "
                         "within the caller's scope",
              .tag = "quality", .response_schema = "QualitySummary",
              .query_params = {{"from", "first day, YYYY-MM-DD (default: 29 days before to)"},
                               {"to", "last day, YYYY-MM-DD (default: today, Beijing time)"},
                               {"channel", "one channel only"}}},
             [svc](const ExchangePtr& exchange) { Summary(*svc, exchange); });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/quality/issues", .permission = "orders.read",
              .operation_id = "listQualityIssues",
              .summary = "Failing checks of the latest quality run, newest orders first, within the caller's scope",
              .tag = "quality", .response_schema = "QualityIssuePage",
              .query_params = {{"dimension", "completeness, validity, consistency, timeliness, uniqueness, accuracy"},
                               {"field", "e.g. phone, district, totals"},
                               {"check", "a check name, e.g. phone_normalised"},
                               {"channel", "channel name"},
                               {"from", "first day, YYYY-MM-DD"},
                               {"to", "last day, YYYY-MM-DD"},
                               {"cursor", "next_cursor of the previous page"},
                               {"limit", "1..500, default 50"}}},
             [svc](const ExchangePtr& exchange) { Issues(*svc, exchange); });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/quality/tickets", .permission = "quality.manage",
              .operation_id = "listQualityTickets",
              .summary = "Remediation tickets raised by scores under their threshold, newest first",
              .tag = "quality", .response_schema = "QualityTicketPage",
              .query_params = {{"status", "open, acknowledged or resolved"},
                               {"dimension", "a dimension"},
                               {"channel", "channel name"},
                               {"cursor", "next_cursor of the previous page"},
                               {"limit", "1..500, default 50"}}},
             [svc](const ExchangePtr& exchange) { Tickets(*svc, exchange); });
  router.Add({.method = Method::kPatch, .pattern = "/api/v1/quality/tickets/{id}", .permission = "quality.manage",
              .operation_id = "updateQualityTicket", .summary = "Set a ticket's owner and/or status (audited)",
              .tag = "quality", .request_schema = "QualityTicketPatch", .response_schema = "QualityTicket"},
             [svc](const ExchangePtr& exchange) { UpdateTicket(*svc, exchange); });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/quality/runs", .permission = "quality.manage",
              .operation_id = "startQualityRun",
              .summary = "Profile every order in the background (409 while a run is in progress)",
              .tag = "quality", .success_status = 202, .response_schema = "QualityRun"},
             [svc](const ExchangePtr& exchange) { StartRun(*svc, exchange); });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/quality/runs/{id}", .permission = "quality.manage",
              .operation_id = "getQualityRun", .summary = "One quality run: status and counts", .tag = "quality",
              .response_schema = "QualityRun"},
             [svc](const ExchangePtr& exchange) { GetRun(*svc, exchange); });
}

}  // namespace ordo::api
