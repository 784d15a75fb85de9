// The simulation sandbox (issue 7, item 5): POST /api/v1/rulesets/{id}/simulate replays a stored
// version over the orders of a window and answers what would change against the published set.
// It takes seconds on a million orders: the service runs it on the blocking pool.
#include <string>

#include "api/handlers.hpp"
#include "api/reply.hpp"

namespace ordo::api {

void AddRuleSimulationRoutes(Router& router, service::Services& services) {
  service::RuleSimulation* simulation = &services.rule_simulation;
  router.Add({.method = Method::kPost, .pattern = "/api/v1/rulesets/{id}/simulate", .permission = "rules.write",
              .operation_id = "simulateRuleSet",
              .summary = "Replay a stored version over the orders created in [from, to) (their facts as they were) "
                         "against the published version: counts per rule and action, differing orders, a sample, "
                         "cross-rule conflicts (stored; publishing needs a simulated version)",
              .tag = "rules", .request_schema = "RuleSimulationInput", .response_schema = "RuleSimulationReport"},
             [simulation](const ExchangePtr& exchange) {
               core::Status started = simulation->Start(
                   std::string(exchange->request.path_params[0]), exchange->request.body,
                   ApiActor(*exchange).kind + ":" + ApiActor(*exchange).id,
                   ReplyOnStrand<store::RuleSimulationRecord>(
                       exchange, [](Exchange& done, core::Result<store::RuleSimulationRecord> record) {
                         if (!record) return ReplyProblem(done, record.error());
                         core::JsonWriter& writer = done.response.StartJson();
                         writer.RawValue(record->report_json.data(), record->report_json.size(), rapidjson::kObjectType);
                       }));
               if (!started) FinishWithProblem(exchange, started.error());
             });
}

}  // namespace ordo::api
