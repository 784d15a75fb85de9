#pragma once
// The entry rules in force (quality/entry_rules.hpp): the active set for every ingest, and the
// use cases behind GET/PUT /api/v1/quality/rules.
//
// The active set is an immutable snapshot behind an atomic shared_ptr: Current() costs one
// atomic load and never blocks. A PUT on this node installs its version at once; other nodes
// on the same database notice within `check_interval` — Current() starts an asynchronous
// "is there a newer version?" read (one primary-key probe) when the last check is older than
// that, and keeps serving the snapshot it has meanwhile. Until a set is stored, the built-in
// default (version 0) applies.
//
// Thread-safe. `store`, `clock` and `pool` outlive this; the destructor waits for a refresh in
// flight (its callback runs on a store reader thread).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/result.hpp"
#include "core/time.hpp"
#include "quality/entry_rules.hpp"
#include "security/principal.hpp"
#include "service/blocking_pool.hpp"
#include "store/store.hpp"

namespace ordo::service {

struct ActiveEntryRules {
  quality::EntryRuleSet rules;       // rules.version: 0 for the built-in default
  core::UnixMillis created_at = 0;   // 0 for the default
  std::string created_by;            // "user:admin"; "" for the default
};
using EntryRulesPtr = std::shared_ptr<const ActiveEntryRules>;

class QualityRules {
 public:
  template <class T>
  using Done = std::function<void(core::Result<T>)>;

  QualityRules(store::Store& store, const core::Clock& clock, BlockingPool& pool,
               core::UnixMillis check_interval_millis = 5000);
  ~QualityRules();
  QualityRules(const QualityRules&) = delete;
  QualityRules& operator=(const QualityRules&) = delete;

  // Loads the newest stored set (blocking; `ordo serve` calls it before listening, so the
  // first order is judged by the stored rules). A stored document that no longer parses
  // (written by a newer Ordo) is kInternal naming its version.
  core::Status Load();

  // The set to judge an order with. Never blocks; may start a background version check.
  EntryRulesPtr Current();

  // GET: the newest stored set, read from the database (installed here if it is newer), or the
  // default. `done` runs on a pool thread.
  void Get(Done<EntryRulesPtr> done);
  // PUT: validates `body` (quality::ParseEntryRules: kMalformed / kInvalidArgument with JSON
  // pointers) and stores it as the next version, audited (quality.rules.update) in the same
  // transaction, then installs it. `if_match` must name the version it replaces ("3" or "\"3\"";
  // 0 while the default applies): missing → kMalformed, stale → kConflict.
  void Put(std::string body, std::string if_match, security::Principal actor, std::string ip,
           Done<EntryRulesPtr> done);

  // Stored sets that failed to parse on load or refresh (kept out; the previous set stays).
  std::uint64_t load_failures() const { return load_failures_.load(std::memory_order_relaxed); }

 private:
  // Parses and installs `record` unless a set at least as new is installed already.
  core::Result<EntryRulesPtr> Install(const store::RuleSetRecord& record);
  void RefreshDone();

  store::Store& store_;
  const core::Clock& clock_;
  BlockingPool& pool_;
  const core::UnixMillis check_interval_;
  std::atomic<EntryRulesPtr> active_;
  std::atomic<core::UnixMillis> last_check_{0};
  std::atomic<std::uint64_t> load_failures_{0};
  // A refresh in flight; the destructor waits for it.
  std::mutex refresh_mutex_;
  std::condition_variable refresh_done_;
  bool refreshing_ = false;  // guarded by refresh_mutex_
};

}  // namespace ordo::service
