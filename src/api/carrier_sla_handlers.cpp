// Carrier SLA (issue 7): GET /api/v1/carriers/sla — per carrier, the complete days it missed its
// on-time target running (the rule fact carrier.sla_miss_days), the daily on-time rates of the
// window and why (service/carrier_sla_service.hpp, docs/sourcing.md "Carrier SLA and switches").
#include <string>

#include "api/handlers.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"
#include "service/sourcing_adapter.hpp"

namespace ordo::api {
namespace {

void WriteDay(core::JsonWriter& writer, const sourcing::CarrierSlaDay& day) {
  writer.StartObject();
  core::WriteKey(writer, "date");
  core::WriteString(writer, service::LocalDate(day.local_day));
  const std::pair<const char*, std::int64_t> counts[] = {
      {"due", day.due}, {"on_time", day.on_time}, {"late", day.late}, {"open", day.open}};
  for (const auto& [name, value] : counts) {
    core::WriteKey(writer, name);
    writer.Int64(value);
  }
  core::WriteKey(writer, "on_time_rate");
  if (day.on_time_rate) {
    writer.Double(*day.on_time_rate);
  } else {
    writer.Null();
  }
  core::WriteKey(writer, "verdict");
  core::WriteString(writer, sourcing::ToString(day.verdict));
  writer.EndObject();
}

void WriteReport(core::JsonWriter& writer, const service::CarrierSlaReport& report) {
  writer.StartObject();
  core::WriteKey(writer, "last_complete_date");
  core::WriteString(writer, service::LocalDate(report.last_complete_day));
  core::WriteKey(writer, "days");
  writer.Int(report.days);
  core::WriteKey(writer, "policy");
  writer.StartObject();
  core::WriteKey(writer, "on_time_threshold");
  writer.Double(report.policy.on_time_threshold);
  core::WriteKey(writer, "min_parcels");
  writer.Int64(report.policy.min_parcels);
  writer.EndObject();
  core::WriteKey(writer, "carriers");
  writer.StartArray();
  for (const sourcing::CarrierSlaStatus& status : report.carriers) {
    writer.StartObject();
    core::WriteKey(writer, "carrier");
    core::WriteString(writer, status.carrier);
    core::WriteKey(writer, "sla_miss_days");
    writer.Int(status.sla_miss_days);
    core::WriteKey(writer, "reason");
    core::WriteString(writer, status.reason);
    core::WriteKey(writer, "daily");
    writer.StartArray();
    for (const sourcing::CarrierSlaDay& day : status.days) WriteDay(writer, day);
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

}  // namespace

void AddCarrierSlaRoutes(Router& router, service::Services& services) {
  service::CarrierSla* sla = &services.carrier_sla;
  router.Add({.method = Method::kGet, .pattern = "/api/v1/carriers/sla", .permission = "ops.read",
              .operation_id = "getCarrierSla",
              .summary = "Per carrier: complete local days in a row below the on-time threshold (sla_miss_days), "
                         "the daily on-time rates of the last `days` days (1-60, default 14) and the reason",
              .tag = "sourcing", .response_schema = "CarrierSlaReport"},
             [sla](const ExchangePtr& exchange) {
               core::Result<service::QueryParams> params = ParseQuery(exchange->request.query);
               if (!params) return FinishWithProblem(exchange, params.error());
               core::Result<int> days = service::ParseCarrierSlaDays(*params);
               if (!days) return FinishWithProblem(exchange, days.error());
               sla->Report(*days, ReplyOnStrand<service::CarrierSlaReport>(
                                      exchange, [](Exchange& done, core::Result<service::CarrierSlaReport> report) {
                                        if (!report) return ReplyProblem(done, report.error());
                                        WriteReport(done.response.StartJson(), *report);
                                      }));
             });
}

}  // namespace ordo::api
