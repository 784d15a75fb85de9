#include "service/quality_rules.hpp"

#include "core/json.hpp"
#include "service/identity.hpp"
#include "service/order_transitions.hpp"

namespace ordo::service {
namespace {

EntryRulesPtr DefaultActive() {
  auto active = std::make_shared<ActiveEntryRules>();
  active->rules = quality::DefaultEntryRules();
  return active;
}

// What the audit log keeps of a change: versions and counts (rule sets hold no personal data,
// but the document itself is in quality_rule_sets already).
std::string UpdateDetail(std::int64_t version, const quality::EntryRuleSet& rules) {
  std::int64_t reject = 0;
  for (const quality::EntryRule& rule : rules.rules) reject += rule.action == quality::RuleAction::kReject ? 1 : 0;
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "version");
  writer.Int64(version);
  core::WriteKey(writer, "previous_version");
  writer.Int64(version - 1);
  core::WriteKey(writer, "rules");
  writer.Uint64(rules.rules.size());
  core::WriteKey(writer, "reject_rules");
  writer.Int64(reject);
  core::WriteKey(writer, "quarantine_rules");
  writer.Int64(static_cast<std::int64_t>(rules.rules.size()) - reject);
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace

QualityRules::QualityRules(store::Store& store, const core::Clock& clock, BlockingPool& pool,
                           core::UnixMillis check_interval_millis)
    : store_(store), clock_(clock), pool_(pool), check_interval_(check_interval_millis), active_(DefaultActive()) {}

QualityRules::~QualityRules() {
  std::unique_lock lock(refresh_mutex_);
  refresh_done_.wait(lock, [this] { return !refreshing_; });
}

core::Status QualityRules::Load() {
  core::Result<store::RuleSetRecord> stored = store_.GetActiveRuleSet();
  last_check_.store(clock_.Now(), std::memory_order_relaxed);
  if (!stored) {
    if (stored.error().code == core::ErrorCode::kNotFound) return core::Ok();  // the default applies
    return std::move(stored).error();
  }
  core::Result<EntryRulesPtr> installed = Install(*stored);
  if (!installed) return std::move(installed).error();
  return core::Ok();
}

EntryRulesPtr QualityRules::Current() {
  EntryRulesPtr current = active_.load(std::memory_order_acquire);
  const core::UnixMillis now = clock_.Now();
  if (now - last_check_.load(std::memory_order_relaxed) < check_interval_) return current;
  {
    std::lock_guard lock(refresh_mutex_);
    if (refreshing_) return current;
    refreshing_ = true;
  }
  last_check_.store(now, std::memory_order_relaxed);
  store_.FindNewerRuleSet(current->rules.version,
                          [this](core::Result<std::optional<store::RuleSetRecord>> found) {
                            // A failed check (database busy or gone) is retried after the interval.
                            if (found && *found) (void)Install(**found);
                            RefreshDone();
                          });
  return current;
}

void QualityRules::RefreshDone() {
  std::lock_guard lock(refresh_mutex_);
  refreshing_ = false;
  refresh_done_.notify_all();
}

core::Result<EntryRulesPtr> QualityRules::Install(const store::RuleSetRecord& record) {
  core::Result<quality::EntryRuleSet> parsed = quality::ParseEntryRules(record.document);
  if (!parsed) {
    load_failures_.fetch_add(1, std::memory_order_relaxed);
    return core::MakeError(core::ErrorCode::kInternal, "the stored entry rule set version " +
                                                           std::to_string(record.version) +
                                                           " does not parse with this version of Ordo");
  }
  auto next = std::make_shared<ActiveEntryRules>();
  next->rules = std::move(parsed).value();
  next->rules.version = record.version;
  next->created_at = record.created_at;
  next->created_by = record.created_by;
  EntryRulesPtr installed = next;
  EntryRulesPtr current = active_.load(std::memory_order_acquire);
  // Versions only move forward, whichever of a PUT and a refresh finishes last.
  while (current->rules.version < installed->rules.version) {
    if (active_.compare_exchange_weak(current, installed, std::memory_order_acq_rel)) break;
  }
  return installed;
}

void QualityRules::Get(Done<EntryRulesPtr> done) {
  pool_.Post([this, done = std::move(done)] {
    core::Result<store::RuleSetRecord> stored = store_.GetActiveRuleSet();
    if (!stored) {
      if (stored.error().code == core::ErrorCode::kNotFound) return done(active_.load(std::memory_order_acquire));
      return done(std::move(stored).error());
    }
    core::Result<EntryRulesPtr> read = Install(*stored);
    if (!read) return done(std::move(read).error());
    // A PUT on this node may have installed a newer one since the read.
    EntryRulesPtr current = active_.load(std::memory_order_acquire);
    done(current->rules.version > (*read)->rules.version ? current : *read);
  });
}

void QualityRules::Put(std::string body, std::string if_match, security::Principal actor, std::string ip,
                       Done<EntryRulesPtr> done) {
  pool_.Post([this, body = std::move(body), if_match = std::move(if_match), actor = std::move(actor),
              ip = std::move(ip), done = std::move(done)] {
    bool malformed = false;
    const std::optional<std::int64_t> expected = ParseIfMatch(if_match, malformed);
    if (!expected) {
      return done(core::Error{core::ErrorCode::kMalformed, "say which version you replace",
                              {{"If-Match", malformed ? "format" : "required",
                                "send If-Match with the version you read (its ETag; 0 for the built-in default)"}}});
    }
    core::Result<quality::EntryRuleSet> parsed = quality::ParseEntryRules(body);
    if (!parsed) return done(std::move(parsed).error());
    const core::Actor who = actor.ToActor();
    store::RuleSetRecord record;
    record.document = quality::EntryRulesToJson(*parsed);
    record.created_by = who.kind + ":" + who.id;
    const std::int64_t version = *expected + 1;
    core::Result<store::RuleSetRecord> stored = store_.PutRuleSet(
        std::move(record), *expected,
        MakeAudit(who, ip, "quality.rules.update", "quality_rules:v" + std::to_string(version),
                  UpdateDetail(version, *parsed)));
    if (!stored) return done(std::move(stored).error());
    done(Install(*stored));
  });
}

}  // namespace ordo::service
