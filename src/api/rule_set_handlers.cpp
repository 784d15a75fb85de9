// Business rule sets (issue 7; docs/rules.md "Rule sets: versions and publication"):
//   GET  /api/v1/rules/facts                       the fact catalogue with each type's operators
//   GET  /api/v1/rulesets                          every set's newest and published version
//   POST /api/v1/rulesets/{id}/versions            a new immutable version (rules.write)
//   GET  /api/v1/rulesets/{id}/versions[/{version}]
//   GET  /api/v1/rulesets/{id}/diff?from=&to=
//   POST /api/v1/rulesets/{id}/publish | rollback  (rules.publish: sensitive, TOTP step-up)
//   GET  /api/v1/rulesets/{id}/publications
// Every store call blocks, so each route hands its work to the blocking pool. No route changes
// a stored version: versions are immutable.
#include <string>

#include "api/handlers.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"
#include "core/time.hpp"

namespace ordo::api {
namespace {

using service::RuleSets;

// Runs `work` (→ core::Result<T>) on the blocking pool and answers with `write(writer, value)`.
template <class T, class Work, class Write>
void OnPool(service::Services& services, const ExchangePtr& exchange, int status, Work work, Write write) {
  auto reply = ReplyOnStrand<T>(exchange, [status, write](Exchange& done, core::Result<T> result) {
    if (!result) return ReplyProblem(done, result.error());
    done.response.status = status;
    write(done.response.StartJson(), *result);
  });
  services.pool().Post([work = std::move(work), reply = std::move(reply)]() mutable { reply(work()); });
}

void WriteTimeOrNull(core::JsonWriter& writer, core::UnixMillis at) {
  if (at == 0) {
    writer.Null();
  } else {
    core::WriteString(writer, core::FormatRfc3339(at));
  }
}

void WriteVersion(core::JsonWriter& writer, const store::RuleVersionRecord& record, bool with_document) {
  writer.StartObject();
  core::WriteKey(writer, "ruleset_id");
  core::WriteString(writer, record.ruleset_id);
  core::WriteKey(writer, "version");
  writer.Int64(record.version);
  core::WriteKey(writer, "comment");
  core::WriteString(writer, record.comment);
  core::WriteKey(writer, "created_at");
  core::WriteString(writer, core::FormatRfc3339(record.created_at));
  core::WriteKey(writer, "created_by");
  core::WriteString(writer, record.created_by);
  if (with_document) {
    core::WriteKey(writer, "ruleset");
    // Stored canonical and validated: embedded as it is.
    writer.RawValue(record.document.data(), record.document.size(), rapidjson::kObjectType);
  }
  writer.EndObject();
}

void WritePublication(core::JsonWriter& writer, const store::RulePublicationRecord& publication) {
  writer.StartObject();
  core::WriteKey(writer, "seq");
  writer.Int64(publication.seq);
  core::WriteKey(writer, "ruleset_id");
  core::WriteString(writer, publication.ruleset_id);
  core::WriteKey(writer, "version");
  writer.Int64(publication.version);
  core::WriteKey(writer, "previous_version");
  writer.Int64(publication.previous_version);
  core::WriteKey(writer, "kind");
  core::WriteString(writer, publication.kind);
  core::WriteKey(writer, "at");
  core::WriteString(writer, core::FormatRfc3339(publication.at));
  core::WriteKey(writer, "actor");
  core::WriteString(writer, publication.actor);
  writer.EndObject();
}

// `in_force`: the version this node has installed (0: none), which trails published_version
// for a moment after another node published, or stays behind when the version does not load.
void WriteHead(core::JsonWriter& writer, const store::RuleSetHead& head, const service::ActiveRules& in_force) {
  std::int64_t in_force_version = 0;
  for (const auto& set : in_force.sets) {
    if (set.ruleset_id == head.ruleset_id) in_force_version = set.version;
  }
  writer.StartObject();
  core::WriteKey(writer, "ruleset_id");
  core::WriteString(writer, head.ruleset_id);
  core::WriteKey(writer, "latest_version");
  writer.Int64(head.latest_version);
  core::WriteKey(writer, "published_version");
  writer.Int64(head.published_version);
  core::WriteKey(writer, "in_force_version");
  writer.Int64(in_force_version);
  core::WriteKey(writer, "published_at");
  WriteTimeOrNull(writer, head.published_at);
  core::WriteKey(writer, "published_by");
  if (head.published_version == 0) {
    writer.Null();
  } else {
    core::WriteString(writer, head.published_by);
  }
  writer.EndObject();
}

void WriteDiff(core::JsonWriter& writer, const service::RuleSetDiff& diff) {
  writer.StartObject();
  core::WriteKey(writer, "added");
  writer.StartArray();
  for (const auto& id : diff.added) core::WriteString(writer, id);
  writer.EndArray();
  core::WriteKey(writer, "removed");
  writer.StartArray();
  for (const auto& id : diff.removed) core::WriteString(writer, id);
  writer.EndArray();
  core::WriteKey(writer, "changed");
  writer.StartArray();
  for (const auto& change : diff.changed) {
    writer.StartObject();
    core::WriteKey(writer, "rule_id");
    core::WriteString(writer, change.rule_id);
    core::WriteKey(writer, "members");
    writer.StartArray();
    for (const auto& member : change.members) core::WriteString(writer, member);
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

void WriteFacts(core::JsonWriter& writer, const rules::FactCatalogue& catalogue) {
  writer.StartObject();
  core::WriteKey(writer, "items");
  writer.StartArray();
  for (rules::Slot slot = 0; slot < catalogue.size(); ++slot) {
    const rules::FactDef& fact = catalogue.At(slot);
    writer.StartObject();
    core::WriteKey(writer, "path");
    core::WriteString(writer, fact.path);
    core::WriteKey(writer, "type");
    core::WriteString(writer, rules::FactTypeName(fact.type));
    core::WriteKey(writer, "description");
    core::WriteString(writer, fact.description);
    core::WriteKey(writer, "operators");
    writer.StartArray();
    for (std::size_t op_idx = 0; op_idx < rules::kOpCount; ++op_idx) {
      const auto op = static_cast<rules::Op>(op_idx);
      if (rules::OpValidFor(fact.type, op)) core::WriteString(writer, rules::OpName(op));
    }
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

// ?from=&to=: both required, positive integers.
core::Result<std::pair<std::int64_t, std::int64_t>> DiffRange(std::string_view query) {
  auto params = ParseQuery(query);
  if (!params) return std::move(params).error();
  std::optional<std::int64_t> from;
  std::optional<std::int64_t> to;
  std::vector<core::FieldError> errors;
  for (const auto& [name, value] : *params) {
    if (name != "from" && name != "to") {
      errors.push_back({name, "unknown_parameter", "this route takes from and to"});
      continue;
    }
    auto number = ParsePathId(value, name);
    if (!number) {
      errors.push_back({name, "type", "a version number (1, 2, ...)"});
      continue;
    }
    (name == "from" ? from : to) = *number;
  }
  if (!from) errors.push_back({"from", "required", "required: the older version"});
  if (!to) errors.push_back({"to", "required", "required: the newer version"});
  if (!errors.empty()) return core::Error{core::ErrorCode::kInvalidArgument, "the query breaks a rule", errors};
  return std::pair{*from, *to};
}

std::string IdOf(const Exchange& exchange) { return std::string(exchange.request.path_params[0]); }

template <class Writer>
auto ListWriter(Writer write_one) {
  return [write_one](core::JsonWriter& writer, const auto& items) {
    writer.StartObject();
    core::WriteKey(writer, "items");
    writer.StartArray();
    for (const auto& item : items) write_one(writer, item);
    writer.EndArray();
    writer.EndObject();
  };
}

// publish and rollback: the same body and answer, different use case.
void AddPublicationRoute(Router& router, service::Services& services, const std::string& verb) {
  service::Services* svc = &services;
  const bool rollback = verb == "rollback";
  router.Add({.method = Method::kPost, .pattern = "/api/v1/rulesets/{id}/" + verb, .permission = "rules.publish",
              .operation_id = rollback ? "rollbackRuleSet" : "publishRuleSet",
              .summary = rollback ? "Put a version that was in force before back in force (TOTP step-up; audited)"
                                  : "Put a simulated version in force on every node (TOTP step-up; audited)",
              .tag = "rules", .request_schema = "RulePublicationInput", .response_schema = "RulePublication",
              .path_param_type = "string"},
             [svc, rollback](const ExchangePtr& exchange) {
               OnPool<store::RulePublicationRecord>(
                   *svc, exchange, 200,
                   [svc, exchange, rollback]() -> core::Result<store::RulePublicationRecord> {
                     auto input = service::ParsePublicationInput(exchange->request.body);
                     if (!input) return std::move(input).error();
                     const std::string ip(exchange->request.client_ip);
                     return rollback ? svc->rule_sets.Rollback(IdOf(*exchange), input->version,
                                                               input->expected_published, PrincipalOf(*exchange), ip)
                                     : svc->rule_sets.Publish(IdOf(*exchange), input->version,
                                                              input->expected_published, PrincipalOf(*exchange), ip);
                   },
                   WritePublication);
             });
}

}  // namespace

void AddRuleSetRoutes(Router& router, service::Services& services) {
  service::Services* svc = &services;
  router.Add({.method = Method::kGet, .pattern = "/api/v1/rules/facts", .permission = "rules.read",
              .operation_id = "listRuleFacts",
              .summary = "The fact catalogue: every fact a rule may ask about, its type and its operators",
              .tag = "rules", .response_schema = "RuleFactList"},
             [svc](const ExchangePtr& exchange) {
               WriteFacts(exchange->response.StartJson(), svc->rule_sets.catalogue());
               exchange->Finish();
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/rulesets", .permission = "rules.read",
              .operation_id = "listRuleSets", .summary = "Every rule set with its newest and its published version",
              .tag = "rules", .response_schema = "RuleSetHeadList"},
             [svc](const ExchangePtr& exchange) {
               OnPool<std::vector<store::RuleSetHead>>(
                   *svc, exchange, 200, [svc] { return svc->rule_sets.List(); },
                   [svc](core::JsonWriter& writer, const std::vector<store::RuleSetHead>& heads) {
                     const service::ActiveRulesPtr in_force = svc->rule_sets.Current();
                     ListWriter([&](core::JsonWriter& out, const store::RuleSetHead& head) {
                       WriteHead(out, head, *in_force);
                     })(writer, heads);
                   });
             });
  router.Add({.method = Method::kPost, .pattern = "/api/v1/rulesets/{id}/versions", .permission = "rules.write",
              .operation_id = "createRuleSetVersion",
              .summary = "Store a new immutable version of a rule set (based_on: the newest version, 0 for a new "
                         "set; audited)",
              .tag = "rules", .success_status = 201, .request_schema = "RuleSetVersionInput",
              .response_schema = "RuleSetVersion", .path_param_type = "string"},
             [svc](const ExchangePtr& exchange) {
               OnPool<store::RuleVersionRecord>(
                   *svc, exchange, 201,
                   [svc, exchange] {
                     return svc->rule_sets.SaveFromBody(IdOf(*exchange), exchange->request.body,
                                                        PrincipalOf(*exchange), std::string(exchange->request.client_ip));
                   },
                   [](core::JsonWriter& writer, const store::RuleVersionRecord& record) {
                     WriteVersion(writer, record, true);
                   });
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/rulesets/{id}/versions", .permission = "rules.read",
              .operation_id = "listRuleSetVersions",
              .summary = "Every version of a rule set, newest first, without the documents",
              .tag = "rules", .response_schema = "RuleSetVersionList", .path_param_type = "string"},
             [svc](const ExchangePtr& exchange) {
               OnPool<std::vector<store::RuleVersionRecord>>(
                   *svc, exchange, 200, [svc, exchange] { return svc->rule_sets.Versions(IdOf(*exchange)); },
                   ListWriter([](core::JsonWriter& writer, const store::RuleVersionRecord& record) {
                     WriteVersion(writer, record, false);
                   }));
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/rulesets/{id}/versions/{version}",
              .permission = "rules.read", .operation_id = "getRuleSetVersion",
              .summary = "One version of a rule set with its document", .tag = "rules",
              .response_schema = "RuleSetVersion", .path_param_type = "string"},
             [svc](const ExchangePtr& exchange) {
               auto version = ParsePathId(exchange->request.path_params[1], "version");
               if (!version) return FinishWithProblem(exchange, version.error());
               OnPool<store::RuleVersionRecord>(
                   *svc, exchange, 200,
                   [svc, exchange, number = *version] { return svc->rule_sets.Version(IdOf(*exchange), number); },
                   [](core::JsonWriter& writer, const store::RuleVersionRecord& record) {
                     WriteVersion(writer, record, true);
                   });
             });
  router.Add({.method = Method::kGet, .pattern = "/api/v1/rulesets/{id}/diff", .permission = "rules.read",
              .operation_id = "diffRuleSetVersions",
              .summary = "Rules added, removed and changed (which members) between two versions", .tag = "rules",
              .response_schema = "RuleSetDiff",
              .query_params = {{"from", "the older version (required)"}, {"to", "the newer version (required)"}},
              .path_param_type = "string"},
             [svc](const ExchangePtr& exchange) {
               auto range = DiffRange(exchange->request.query);
               if (!range) return FinishWithProblem(exchange, range.error());
               OnPool<service::RuleSetDiff>(
                   *svc, exchange, 200,
                   [svc, exchange, range = *range] {
                     return svc->rule_sets.Diff(IdOf(*exchange), range.first, range.second);
                   },
                   WriteDiff);
             });
  AddPublicationRoute(router, services, "publish");
  AddPublicationRoute(router, services, "rollback");
  router.Add({.method = Method::kGet, .pattern = "/api/v1/rulesets/{id}/publications", .permission = "rules.read",
              .operation_id = "listRuleSetPublications",
              .summary = "Every publish and rollback of a rule set, newest first", .tag = "rules",
              .response_schema = "RulePublicationList", .path_param_type = "string"},
             [svc](const ExchangePtr& exchange) {
               OnPool<std::vector<store::RulePublicationRecord>>(
                   *svc, exchange, 200, [svc, exchange] { return svc->rule_sets.Publications(IdOf(*exchange)); },
                   ListWriter(WritePublication));
             });
}

}  // namespace ordo::api
