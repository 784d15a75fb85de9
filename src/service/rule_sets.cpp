#include "service/rule_sets.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "core/json.hpp"

namespace ordo::service {
namespace {

core::Error Invalid(std::string field, std::string code, std::string message) {
  return core::Error{core::ErrorCode::kInvalidArgument, "the request breaks a rule",
                     {{std::move(field), std::move(code), std::move(message)}}};
}

core::Status CheckId(const std::string& ruleset_id) {
  if (ValidRuleSetId(ruleset_id)) return core::Ok();
  return Invalid("id", "pattern", "a rule set id is 1-64 of a-z 0-9 _ -");
}

core::Result<std::string> AuditDetail(const std::string& ruleset_id,
                                      std::initializer_list<std::pair<std::string_view, std::int64_t>> numbers) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "ruleset_id");
  core::WriteString(writer, ruleset_id);
  for (const auto& [name, value] : numbers) {
    core::WriteKey(writer, name);
    writer.Int64(value);
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

store::AuditRecord MakeAudit(const security::Principal& actor, const std::string& ip, std::string action,
                             const std::string& ruleset_id, std::string detail_json) {
  const core::Actor who = actor.ToActor();
  store::AuditRecord audit;
  audit.actor_kind = who.kind;
  audit.actor_id = who.id;
  audit.ip = ip;
  audit.action = std::move(action);
  audit.subject = "ruleset:" + ruleset_id;
  audit.detail_json = std::move(detail_json);
  return audit;
}

std::string ActorName(const security::Principal& actor) {
  const core::Actor who = actor.ToActor();
  return who.kind + ":" + who.id;
}

}  // namespace

RuleSets::RuleSets(store::Store& store, const core::Clock& clock, const rules::FactCatalogue& catalogue,
                   core::UnixMillis poll_interval_millis)
    : store_(store), clock_(clock), catalogue_(catalogue), poll_interval_(poll_interval_millis),
      active_(std::make_shared<const ActiveRules>()) {}

RuleSets::~RuleSets() {
  bool started;
  {
    std::lock_guard lock(refresh_mutex_);
    started = started_;
    stopping_ = true;
  }
  if (started) store_.Rules().WatchRulePublications(nullptr);  // the watch thread is gone after this
  refresh_wake_.notify_all();
  if (refresher_.joinable()) refresher_.join();
}

core::Status RuleSets::Load() {
  ORDO_TRY(Reload());
  std::lock_guard lock(refresh_mutex_);
  if (started_ || stopping_) return core::Ok();
  started_ = true;
  store_.Rules().WatchRulePublications([this] {
    // On the store's listener thread: only wake the refresher.
    {
      std::lock_guard wake_lock(refresh_mutex_);
      notified_ = true;
    }
    refresh_wake_.notify_all();
  });
  refresher_ = std::thread([this] { RefreshLoop(); });
  return core::Ok();
}

void RuleSets::RefreshLoop() {
  while (true) {
    {
      std::unique_lock lock(refresh_mutex_);
      refresh_wake_.wait_for(lock, std::chrono::milliseconds(poll_interval_), [this] { return stopping_ || notified_; });
      if (stopping_) return;
      notified_ = false;
    }
    auto seq = store_.Rules().LatestRulePublicationSeq();
    if (!seq) {
      spdlog::warn("rules: cannot read the publications: {}", seq.error().detail);
      continue;
    }
    if (*seq == Current()->publication_seq) continue;
    if (core::Status reloaded = Reload(); !reloaded) {
      spdlog::warn("rules: reload failed: {}", reloaded.error().detail);
    }
  }
}

core::Status RuleSets::Reload() {
  std::lock_guard reload_lock(reload_mutex_);
  // The seq first: a publication committed after it makes the next check reload again.
  auto seq = store_.Rules().LatestRulePublicationSeq();
  if (!seq) return std::move(seq).error();
  auto heads = store_.Rules().ListRuleSets();
  if (!heads) return std::move(heads).error();
  const ActiveRulesPtr previous = Current();
  auto next = std::make_shared<ActiveRules>();
  next->publication_seq = *seq;
  for (const store::RuleSetHead& head : *heads) {
    const auto before = std::find_if(previous->sets.begin(), previous->sets.end(),
                                     [&](const ActiveRuleSet& set) { return set.ruleset_id == head.ruleset_id; });
    const bool had_before = before != previous->sets.end();
    if (head.published_version == 0) continue;
    if (had_before && before->version == head.published_version) {
      next->sets.push_back(*before);
      continue;
    }
    auto record = store_.Rules().GetRuleVersion(head.ruleset_id, head.published_version);
    if (!record) return std::move(record).error();
    auto parsed = rules::ParseRuleSet(record->document, catalogue_);
    std::shared_ptr<const rules::CompiledRuleSet> compiled;
    if (parsed) compiled = rules::CompiledRuleSet::Compile(*parsed, catalogue_);
    if (!parsed || !compiled) {
      load_failures_.fetch_add(1, std::memory_order_relaxed);
      // The detail names JSON pointers and rule codes, never order data.
      spdlog::error("rules: published rule set {} version {} does not load ({}); keeping version {}",
                    head.ruleset_id, head.published_version,
                    parsed ? std::string("compile failed") : parsed.error().detail,
                    had_before ? before->version : 0);
      if (had_before) next->sets.push_back(*before);
      continue;
    }
    next->sets.push_back(ActiveRuleSet{head.ruleset_id, head.published_version, std::move(parsed).value(), compiled});
  }
  // Heads come by id; the snapshot keeps that order.
  if (next->publication_seq >= previous->publication_seq) active_.store(std::move(next));
  return core::Ok();
}

core::Result<store::RuleVersionRecord> RuleSets::Save(const std::string& ruleset_id, std::string_view document_json,
                                                      std::string comment, std::int64_t based_on_version,
                                                      const security::Principal& actor, const std::string& ip,
                                                      std::string_view pointer_prefix) {
  ORDO_TRY(CheckId(ruleset_id));
  if (based_on_version < 0) {
    return Invalid(std::string(pointer_prefix.empty() ? "based_on" : "/based_on"), "type", "must be at least 0");
  }
  auto parsed = rules::ParseRuleSet(document_json, catalogue_);
  if (!parsed) {
    core::Error error = std::move(parsed).error();
    for (core::FieldError& field : error.fields) field.field = std::string(pointer_prefix) + field.field;
    return error;
  }
  auto canonical = CanonicalJson(document_json);
  if (!canonical) return std::move(canonical).error();
  store::RuleVersionRecord record;
  record.ruleset_id = ruleset_id;
  record.document = std::move(canonical).value();
  record.comment = std::move(comment);
  record.created_by = ActorName(actor);
  auto detail = AuditDetail(ruleset_id, {{"version", based_on_version + 1},
                                         {"based_on", based_on_version},
                                         {"rules", static_cast<std::int64_t>(parsed->rules.size())}});
  if (!detail) return std::move(detail).error();
  return store_.Rules().AddRuleVersion(std::move(record), based_on_version,
                                       MakeAudit(actor, ip, "rules.version.create", ruleset_id, std::move(*detail)));
}

core::Result<store::RuleVersionRecord> RuleSets::SaveFromBody(const std::string& ruleset_id, std::string_view body,
                                                              const security::Principal& actor, const std::string& ip) {
  ORDO_TRY(CheckId(ruleset_id));
  auto input = ParseRuleVersionInput(body);
  if (!input) return std::move(input).error();
  return Save(ruleset_id, input->ruleset_json, std::move(input->comment), input->based_on, actor, ip, "/ruleset");
}

core::Result<std::vector<store::RuleSetHead>> RuleSets::List() { return store_.Rules().ListRuleSets(); }

core::Result<std::vector<store::RuleVersionRecord>> RuleSets::Versions(const std::string& ruleset_id) {
  ORDO_TRY(CheckId(ruleset_id));
  return store_.Rules().ListRuleVersions(ruleset_id);
}

core::Result<store::RuleVersionRecord> RuleSets::Version(const std::string& ruleset_id, std::int64_t version) {
  ORDO_TRY(CheckId(ruleset_id));
  return store_.Rules().GetRuleVersion(ruleset_id, version);
}

core::Result<RuleSetDiff> RuleSets::Diff(const std::string& ruleset_id, std::int64_t from, std::int64_t to) {
  ORDO_TRY(CheckId(ruleset_id));
  auto older = store_.Rules().GetRuleVersion(ruleset_id, from);
  if (!older) return std::move(older).error();
  auto newer = store_.Rules().GetRuleVersion(ruleset_id, to);
  if (!newer) return std::move(newer).error();
  return DiffRuleSets(older->document, newer->document);
}

core::Result<std::vector<store::RulePublicationRecord>> RuleSets::Publications(const std::string& ruleset_id) {
  ORDO_TRY(CheckId(ruleset_id));
  return store_.Rules().ListRulePublications(ruleset_id);
}

core::Result<store::RulePublicationRecord> RuleSets::Publish(const std::string& ruleset_id, std::int64_t version,
                                                             std::int64_t expected_published,
                                                             const security::Principal& actor, const std::string& ip) {
  ORDO_TRY(CheckId(ruleset_id));
  auto record = store_.Rules().GetRuleVersion(ruleset_id, version);
  if (!record) return std::move(record).error();
  auto simulation = store_.Rules().LatestRuleSimulation(ruleset_id, version);
  if (!simulation) return std::move(simulation).error();
  if (!*simulation) {
    return core::Error{core::ErrorCode::kConflict, "version " + std::to_string(version) + " was never simulated",
                       {{"/version", "not_simulated",
                         "simulate this version (POST /api/v1/rulesets/{id}/simulate) before publishing it"}}};
  }
  // The catalogue may have changed since the version was saved: what would not load is refused.
  if (auto parsed = rules::ParseRuleSet(record->document, catalogue_); !parsed) {
    return core::Error{core::ErrorCode::kConflict, "version " + std::to_string(version) + " no longer validates",
                       {{"/version", "no_longer_valid", parsed.error().detail}}};
  }
  auto detail = AuditDetail(ruleset_id, {{"version", version},
                                         {"expected_published", expected_published},
                                         {"simulation_id", (*simulation)->id}});
  if (!detail) return std::move(detail).error();
  return PutInForce(ruleset_id, version, expected_published, "publish", actor, ip, std::move(*detail));
}

core::Result<store::RulePublicationRecord> RuleSets::Rollback(const std::string& ruleset_id, std::int64_t version,
                                                              std::int64_t expected_published,
                                                              const security::Principal& actor, const std::string& ip) {
  ORDO_TRY(CheckId(ruleset_id));
  auto history = store_.Rules().ListRulePublications(ruleset_id);
  if (!history) return std::move(history).error();
  const bool published_before = std::any_of(history->begin(), history->end(),
                                            [version](const auto& publication) { return publication.version == version; });
  if (!published_before) {
    return core::Error{core::ErrorCode::kConflict, "version " + std::to_string(version) + " was never published",
                       {{"/version", "never_published", "only a version that was in force can be rolled back to"}}};
  }
  auto detail = AuditDetail(ruleset_id, {{"version", version}, {"expected_published", expected_published}});
  if (!detail) return std::move(detail).error();
  return PutInForce(ruleset_id, version, expected_published, "rollback", actor, ip, std::move(*detail));
}

core::Result<store::RulePublicationRecord> RuleSets::PutInForce(const std::string& ruleset_id, std::int64_t version,
                                                                std::int64_t expected_published,
                                                                const std::string& kind,
                                                                const security::Principal& actor,
                                                                const std::string& ip, std::string detail_json) {
  auto published = store_.Rules().PublishRuleVersion(ruleset_id, version, expected_published, kind, ActorName(actor),
                                                     MakeAudit(actor, ip, "rules." + kind, ruleset_id,
                                                               std::move(detail_json)));
  if (!published) return published;
  // In force on this node before the answer goes out; other nodes follow through the watch.
  if (core::Status reloaded = Reload(); !reloaded) {
    spdlog::warn("rules: {} of {} version {} committed, but the reload failed: {}", kind, ruleset_id, version,
                 reloaded.error().detail);
  }
  return published;
}

}  // namespace ordo::service
