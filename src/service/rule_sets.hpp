#pragma once
// Business rule sets (issue 7, docs/rules.md "Rule sets: versions and publication"): immutable
// versions, their diff, publication (only after a simulation) and rollback, and the published
// sets in force on this node.
//
// The sets in force are an immutable snapshot behind an atomic shared_ptr: Current() is one
// atomic load and never blocks. A publish or rollback on this node installs the new snapshot
// before it returns. Other nodes on the same PostgreSQL database learn of it from
// RulesStore::WatchRulePublications (LISTEN) and, as a safety net for a lost notification, from
// a poll of LatestRulePublicationSeq every `poll_interval`; both only wake this object's own
// refresher thread, which does the reading and compiling. A published version that no longer
// parses or compiles (the catalogue changed) is not installed: the previous set of that id
// stays in force, load_failures() counts it and the log names the set and version.
//
// Every other method blocks (store reads and writes): call it from the blocking pool.
// Thread-safe. `store`, `clock` and `catalogue` outlive this object.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "rules/compiled_rule_set.hpp"
#include "rules/fact_catalogue.hpp"
#include "rules/rule_set.hpp"
#include "security/principal.hpp"
#include "service/rule_set_diff.hpp"
#include "service/rule_set_json.hpp"
#include "store/rules_store.hpp"
#include "store/store.hpp"

namespace ordo::service {

struct ActiveRuleSet {
  std::string ruleset_id;
  std::int64_t version = 0;
  rules::RuleSet source;
  std::shared_ptr<const rules::CompiledRuleSet> compiled;
};

struct ActiveRules {
  std::int64_t publication_seq = 0;  // the newest publication this snapshot has seen
  std::vector<ActiveRuleSet> sets;   // by ruleset_id
};
using ActiveRulesPtr = std::shared_ptr<const ActiveRules>;

class RuleSets {
 public:
  RuleSets(store::Store& store, const core::Clock& clock, const rules::FactCatalogue& catalogue,
           core::UnixMillis poll_interval_millis = 5000);
  ~RuleSets();
  RuleSets(const RuleSets&) = delete;
  RuleSets& operator=(const RuleSets&) = delete;

  // Installs every published set (blocking; `ordo serve` calls it before listening) and, the
  // first time, starts the watch and the poll. A set that does not load is logged and counted,
  // not an error; only an unreachable store is.
  core::Status Load();
  ActiveRulesPtr Current() const { return active_.load(); }
  const rules::FactCatalogue& catalogue() const { return catalogue_; }
  std::uint64_t load_failures() const { return load_failures_.load(std::memory_order_relaxed); }

  // Validates `document_json` (rules::ParseRuleSet; field pointers get `pointer_prefix` in
  // front) and stores its canonical form as version based_on + 1, audited
  // "rules.version.create". kConflict when the set has moved past `based_on`.
  core::Result<store::RuleVersionRecord> Save(const std::string& ruleset_id, std::string_view document_json,
                                              std::string comment, std::int64_t based_on_version,
                                              const security::Principal& actor, const std::string& ip,
                                              std::string_view pointer_prefix = "");
  // The API's body: ParseRuleVersionInput, then Save with pointers into the body.
  core::Result<store::RuleVersionRecord> SaveFromBody(const std::string& ruleset_id, std::string_view body,
                                                      const security::Principal& actor, const std::string& ip);

  core::Result<std::vector<store::RuleSetHead>> List();
  core::Result<std::vector<store::RuleVersionRecord>> Versions(const std::string& ruleset_id);
  core::Result<store::RuleVersionRecord> Version(const std::string& ruleset_id, std::int64_t version);
  core::Result<RuleSetDiff> Diff(const std::string& ruleset_id, std::int64_t from, std::int64_t to);
  core::Result<std::vector<store::RulePublicationRecord>> Publications(const std::string& ruleset_id);

  // Puts `version` in force (audited "rules.publish") if the published version is still
  // `expected_published`. kConflict "not_simulated" unless the version was simulated.
  core::Result<store::RulePublicationRecord> Publish(const std::string& ruleset_id, std::int64_t version,
                                                     std::int64_t expected_published,
                                                     const security::Principal& actor, const std::string& ip);
  // Puts a version published before back in force (audited "rules.rollback"; no simulation
  // needed). kConflict "never_published" for a version that never was.
  core::Result<store::RulePublicationRecord> Rollback(const std::string& ruleset_id, std::int64_t version,
                                                      std::int64_t expected_published,
                                                      const security::Principal& actor, const std::string& ip);

 private:
  // Reads the heads and installs a new snapshot; one at a time.
  core::Status Reload();
  void RefreshLoop();
  core::Result<store::RulePublicationRecord> PutInForce(const std::string& ruleset_id, std::int64_t version,
                                                        std::int64_t expected_published, const std::string& kind,
                                                        const security::Principal& actor, const std::string& ip,
                                                        std::string detail_json);

  store::Store& store_;
  const core::Clock& clock_;
  const rules::FactCatalogue& catalogue_;
  const core::UnixMillis poll_interval_;
  std::atomic<ActiveRulesPtr> active_;
  std::atomic<std::uint64_t> load_failures_{0};
  std::mutex reload_mutex_;  // one Reload at a time

  std::mutex refresh_mutex_;
  std::condition_variable refresh_wake_;
  bool stopping_ = false;       // guarded by refresh_mutex_
  bool notified_ = false;       // guarded by refresh_mutex_: the watch saw a publication
  bool started_ = false;        // guarded by refresh_mutex_
  std::thread refresher_;
};

}  // namespace ordo::service
