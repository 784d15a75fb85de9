// The entry rules: GET (dashboards.read: whoever works the data_review holds must see why an
// order was held) and PUT (quality.manage) /api/v1/quality/rules.
#include <string>

#include "api/handlers.hpp"
#include "api/reply.hpp"
#include "core/time.hpp"

namespace ordo::api {
namespace {

// {"version", "default", "created_at", "created_by", "rules": [...]}, with the version as ETag.
void WriteRuleSet(Exchange& done, const service::ActiveEntryRules& active) {
  done.response.AddHeader("ETag", "\"" + std::to_string(active.rules.version) + "\"");
  core::JsonWriter& writer = done.response.StartJson();
  writer.StartObject();
  core::WriteKey(writer, "version");
  writer.Int64(active.rules.version);
  core::WriteKey(writer, "default");
  writer.Bool(active.rules.version == 0);
  core::WriteKey(writer, "created_at");
  if (active.rules.version == 0) {
    writer.Null();
  } else {
    core::WriteString(writer, core::FormatRfc3339(active.created_at));
  }
  core::WriteKey(writer, "created_by");
  if (active.rules.version == 0) {
    writer.Null();
  } else {
    core::WriteString(writer, active.created_by);
  }
  core::WriteKey(writer, "rules");
  quality::WriteEntryRuleArray(active.rules, writer);
  writer.EndObject();
}

auto RuleSetReply(const ExchangePtr& exchange) {
  return ReplyOnStrand<service::EntryRulesPtr>(
      exchange, [](Exchange& done, core::Result<service::EntryRulesPtr> active) {
        if (!active) return ReplyProblem(done, active.error());
        WriteRuleSet(done, **active);
      });
}

}  // namespace

void AddQualityRuleRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  router.Add({.method = Method::kGet, .pattern = "/api/v1/quality/rules", .permission = "dashboards.read",
              .operation_id = "getEntryRules",
              .summary = "The entry rules in force (version 0: the built-in default), ETag = version",
              .tag = "quality", .response_schema = "EntryRuleSet"},
             [svc](const ExchangePtr& exchange) { svc->quality_rules.Get(RuleSetReply(exchange)); });
  router.Add({.method = Method::kPut, .pattern = "/api/v1/quality/rules", .permission = "quality.manage",
              .operation_id = "putEntryRules",
              .summary = "Store a new version of the entry rules (If-Match: the version replaced; audited)",
              .tag = "quality", .request_schema = "EntryRuleSetInput", .response_schema = "EntryRuleSet",
              .headers = {"If-Match"}},
             [svc](const ExchangePtr& exchange) {
               const Request& request = exchange->request;
               svc->quality_rules.Put(std::string(request.body), std::string(request.if_match),
                                      PrincipalOf(*exchange), std::string(request.client_ip),
                                      RuleSetReply(exchange));
             });
}

}  // namespace ordo::api
