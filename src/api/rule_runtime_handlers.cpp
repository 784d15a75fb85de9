// The rules at work (issue 7, item 6): GET /orders/{id}/rules ("why was this order held / routed
// there": every firing with the leaves it matched and what its actions did, the facts the order
// was judged with, the routing its rules left) and the standing effects rules leave
// (GET /rules/effects, DELETE /rules/effects/{kind}/{key} to lift one, e.g. a lockdown).
#include <string>

#include "api/handlers.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "service/identity.hpp"
#include "service/rule_runtime.hpp"

namespace ordo::api {
namespace {

void WriteRaw(core::JsonWriter& writer, const std::string& json, rapidjson::Type type) {
  writer.RawValue(json.data(), json.size(), type);
}

void WriteFiring(core::JsonWriter& writer, const store::RuleFiringRecord& firing) {
  writer.StartObject();
  core::WriteKey(writer, "id");
  writer.Int64(firing.id);
  core::WriteKey(writer, "ruleset_id");
  core::WriteString(writer, firing.ruleset_id);
  core::WriteKey(writer, "version");
  writer.Int64(firing.version);
  core::WriteKey(writer, "rule_id");
  core::WriteString(writer, firing.rule_id);
  core::WriteKey(writer, "trigger");
  core::WriteString(writer, firing.trigger);
  core::WriteKey(writer, "subject");
  core::WriteString(writer, firing.subject);
  core::WriteKey(writer, "at");
  core::WriteString(writer, core::FormatRfc3339(firing.at));
  core::WriteKey(writer, "matched");
  WriteRaw(writer, firing.matched_json, rapidjson::kArrayType);
  core::WriteKey(writer, "actions");
  WriteRaw(writer, firing.actions_json, rapidjson::kArrayType);
  writer.EndObject();
}

void WriteExplanation(core::JsonWriter& writer, const service::OrderRulesExplanation& explanation) {
  writer.StartObject();
  core::WriteKey(writer, "order_id");
  writer.Int64(explanation.order_id);
  core::WriteKey(writer, "judged");
  writer.Bool(!explanation.directives_json.empty());
  core::WriteKey(writer, "facts");
  WriteRaw(writer, explanation.facts_json, rapidjson::kObjectType);
  core::WriteKey(writer, "directives");
  if (explanation.directives_json.empty()) {
    writer.Null();
  } else {
    WriteRaw(writer, explanation.directives_json, rapidjson::kObjectType);
  }
  core::WriteKey(writer, "firings");
  writer.StartArray();
  for (const store::RuleFiringRecord& firing : explanation.firings) WriteFiring(writer, firing);
  writer.EndArray();
  writer.EndObject();
}

void WriteWorkReport(core::JsonWriter& writer, const service::RuleWorkReport& report) {
  writer.StartObject();
  core::WriteKey(writer, "subjects");
  writer.Int64(report.subjects);
  core::WriteKey(writer, "firings");
  writer.Int64(report.firings);
  writer.EndObject();
}

void WriteEffects(core::JsonWriter& writer, const std::vector<store::RuleEffectRecord>& effects) {
  writer.StartObject();
  core::WriteKey(writer, "items");
  writer.StartArray();
  for (const store::RuleEffectRecord& effect : effects) {
    writer.StartObject();
    core::WriteKey(writer, "kind");
    core::WriteString(writer, effect.kind);
    core::WriteKey(writer, "key");
    core::WriteString(writer, effect.key);
    core::WriteKey(writer, "value");
    core::WriteString(writer, effect.value);
    core::WriteKey(writer, "ruleset_id");
    core::WriteString(writer, effect.ruleset_id);
    core::WriteKey(writer, "version");
    writer.Int64(effect.version);
    core::WriteKey(writer, "rule_id");
    core::WriteString(writer, effect.rule_id);
    core::WriteKey(writer, "at");
    core::WriteString(writer, core::FormatRfc3339(effect.at));
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

}  // namespace

void AddRuleRuntimeRoutes(Router& router, service::Services& services) {
  service::RuleEffectsAdmin* admin = &services.rule_effects;
  router.Add({.method = Method::kGet, .pattern = "/api/v1/orders/{id}/rules", .permission = "orders.read",
              .operation_id = "getOrderRules",
              .summary = "Why the rules held or routed this order: every firing (rule, set, version, the facts it "
                         "matched, what its actions did), the facts the order was judged with, its routing",
              .tag = "rules", .response_schema = "OrderRules"},
             [admin](const ExchangePtr& exchange) {
               core::Result<std::int64_t> id = ParsePathId(exchange->request.path_params[0], "id");
               if (!id) return FinishWithProblem(exchange, id.error());
               admin->ExplainOrder(*id, service::OrderScopeOf(PrincipalOf(*exchange)),
                                   ReplyOnStrand<service::OrderRulesExplanation>(
                                       exchange, [](Exchange& done, core::Result<service::OrderRulesExplanation> result) {
                                         if (!result) return ReplyProblem(done, result.error());
                                         WriteExplanation(done.response.StartJson(), *result);
                                       }));
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/rules/effects", .permission = "rules.read",
              .operation_id = "listRuleEffects",
              .summary = "What rules have switched on and left standing: hidden SKUs per channel, switched "
                         "carriers, regions closed to ordering (?kind= one of hide_sku, switch_carrier, block_ordering)",
              .tag = "rules", .response_schema = "RuleEffectList"},
             [admin](const ExchangePtr& exchange) {
               auto params = ParseQuery(exchange->request.query);
               if (!params) return FinishWithProblem(exchange, params.error());
               std::string kind;
               for (const auto& [name, value] : *params) {
                 if (name == "kind") kind = value;
               }
               admin->ListEffects(kind, ReplyOnStrand<std::vector<store::RuleEffectRecord>>(
                                            exchange, [](Exchange& done, core::Result<std::vector<store::RuleEffectRecord>> result) {
                                              if (!result) return ReplyProblem(done, result.error());
                                              WriteEffects(done.response.StartJson(), *result);
                                            }));
             });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/rules/run", .permission = "rules.write",
              .operation_id = "runRuleTrigger",
              .summary = "Run one trigger's rules now: stock.changed, carrier.sla_daily (today's check again) or schedule",
              .tag = "rules", .request_schema = "RuleRunInput", .response_schema = "RuleRunReport"},
             [admin](const ExchangePtr& exchange) {
               rapidjson::Document doc;
               if (auto parsed = core::ParseJson(exchange->request.body, doc); !parsed) {
                 return FinishWithProblem(exchange, parsed.error());
               }
               std::string trigger;
               if (doc.IsObject() && doc.HasMember("trigger") && doc["trigger"].IsString()) {
                 trigger = std::string(core::AsView(doc["trigger"]));
               }
               admin->RunTrigger(trigger, ReplyOnStrand<service::RuleWorkReport>(
                                              exchange, [](Exchange& done, core::Result<service::RuleWorkReport> result) {
                                                if (!result) return ReplyProblem(done, result.error());
                                                WriteWorkReport(done.response.StartJson(), *result);
                                              }));
             });
  router.Add({.method = Method::kDelete, .pattern = "/api/v1/rules/effects/{kind}/{key}", .permission = "rules.write",
              .operation_id = "clearRuleEffect",
              .summary = "Lift a standing effect (reopen a region, show a SKU again, end a carrier switch); audited",
              .tag = "rules", .success_status = 204},
             [admin](const ExchangePtr& exchange) {
               const auto& path = exchange->request.path_params;
               admin->ClearEffect(std::string(path[0]), std::string(path[1]), ApiActor(*exchange), std::string(exchange->request.client_ip),
                                  ReplyOnStrand<bool>(exchange, [](Exchange& done, core::Result<bool> result) {
                                    if (!result) return ReplyProblem(done, result.error());
                                    done.response.status = 204;
                                  }));
             });
}

}  // namespace ordo::api
