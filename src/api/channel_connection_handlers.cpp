// Channel connections (channels.manage): POST/GET /api/v1/channel-connections,
// GET/DELETE /api/v1/channel-connections/{id}. The secret is write-only: no reply carries it.
#include <string>

#include "api/handlers.hpp"
#include "api/reply.hpp"
#include "core/time.hpp"

namespace ordo::api {
namespace {

void WriteConnection(core::JsonWriter& writer, const store::ChannelConnectionRecord& record) {
  writer.StartObject();
  core::WriteKey(writer, "id");
  writer.Int64(record.id);
  core::WriteKey(writer, "channel");
  core::WriteString(writer, record.channel);
  core::WriteKey(writer, "name");
  core::WriteString(writer, record.name);
  core::WriteKey(writer, "has_secret");
  writer.Bool(!record.secret.empty());
  core::WriteKey(writer, "csv_profile");
  if (record.csv_profile.empty()) {
    writer.Null();
  } else {
    writer.RawValue(record.csv_profile.data(), record.csv_profile.size(), rapidjson::kObjectType);
  }
  core::WriteKey(writer, "created_at");
  core::WriteString(writer, core::FormatRfc3339(record.created_at));
  core::WriteKey(writer, "created_by");
  core::WriteString(writer, record.created_by);
  core::WriteKey(writer, "updated_at");
  core::WriteString(writer, core::FormatRfc3339(record.updated_at));
  core::WriteKey(writer, "disabled");
  writer.Bool(record.disabled);
  core::WriteKey(writer, "orders_received");
  writer.Int64(record.orders_received);
  core::WriteKey(writer, "stale_updates_ignored");
  writer.Int64(record.stale_updates_ignored);
  core::WriteKey(writer, "signature_failures");
  writer.Int64(record.signature_failures);
  core::WriteKey(writer, "last_received_at");
  if (record.last_received_at) {
    core::WriteString(writer, core::FormatRfc3339(*record.last_received_at));
  } else {
    writer.Null();
  }
  writer.EndObject();
}

auto ConnectionReply(const ExchangePtr& exchange, int status) {
  return ReplyOnStrand<store::ChannelConnectionRecord>(
      exchange, [status](Exchange& done, core::Result<store::ChannelConnectionRecord> record) {
        if (!record) return ReplyProblem(done, record.error());
        done.response.status = status;
        if (status == 201) done.response.AddHeader("Location", "/api/v1/channel-connections/" + std::to_string(record->id));
        WriteConnection(done.response.StartJson(), *record);
      });
}

}  // namespace

void AddChannelConnectionRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  router.Add({.method = Method::kPost, .pattern = "/api/v1/channel-connections", .permission = "channels.manage",
              .operation_id = "createChannelConnection",
              .summary = "Connect a shop or CSV source (secret write-only, stored encrypted; audited)",
              .tag = "channels", .success_status = 201, .request_schema = "ChannelConnectionInput",
              .response_schema = "ChannelConnection"},
             [svc](const ExchangePtr& exchange) {
               const Request& request = exchange->request;
               svc->channel_connections.Create(std::string(request.body), PrincipalOf(*exchange),
                                               std::string(request.client_ip), ConnectionReply(exchange, 201));
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/channel-connections", .permission = "channels.manage",
              .operation_id = "listChannelConnections", .summary = "Channel connections with their counters",
              .tag = "channels", .response_schema = "ChannelConnectionList"},
             [svc](const ExchangePtr& exchange) {
               svc->channel_connections.List(ReplyOnStrand<std::vector<store::ChannelConnectionRecord>>(
                   exchange, [](Exchange& done, core::Result<std::vector<store::ChannelConnectionRecord>> records) {
                     if (!records) return ReplyProblem(done, records.error());
                     core::JsonWriter& writer = done.response.StartJson();
                     writer.StartObject();
                     core::WriteKey(writer, "items");
                     writer.StartArray();
                     for (const store::ChannelConnectionRecord& record : *records) WriteConnection(writer, record);
                     writer.EndArray();
                     writer.EndObject();
                   }));
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/channel-connections/{id}", .permission = "channels.manage",
              .operation_id = "getChannelConnection",
              .summary = "One channel connection with its counters (orders received, stale updates, bad signatures)",
              .tag = "channels", .response_schema = "ChannelConnection"},
             [svc](const ExchangePtr& exchange) {
               core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
               if (!id) return FinishWithProblem(exchange, id.error());
               svc->channel_connections.Get(*id, ConnectionReply(exchange, 200));
             });
  router.Add({.method = Method::kDelete, .pattern = "/api/v1/channel-connections/{id}",
              .permission = "channels.manage", .operation_id = "disableChannelConnection",
              .summary = "Disable a channel connection (its pushes are refused; row and counters kept; audited)",
              .tag = "channels", .response_schema = "ChannelConnection"},
             [svc](const ExchangePtr& exchange) {
               core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
               if (!id) return FinishWithProblem(exchange, id.error());
               svc->channel_connections.Disable(*id, PrincipalOf(*exchange), std::string(exchange->request.client_ip),
                                                ConnectionReply(exchange, 200));
             });
}

}  // namespace ordo::api
