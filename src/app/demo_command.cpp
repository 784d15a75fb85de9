// `ordo demo`: fills a database with deterministic demo orders (app/demo_data.hpp) and walks
// each through its life with real state-machine transitions, so that timelines, statuses and
// the outbox look like a shop that has been running for 90 days.
//
// How the timeline gets its times: the store stamps each ingest and transition with its
// injected clock when the work is queued (store/detail/sql_store.cpp), so a ReplayClock is set
// to each event's planned time just before it is queued. The work goes in levels — first every
// order's ingest (oldest first, one call each: its own receipt time), then every order's first step, then
// every second step, … — waiting for a level to commit before the next starts. Within a level
// all events belong to different orders, so they commit in shared group commits, in any order,
// and each order's own events keep their order. tests/app/demo_command_test.cpp checks that
// every timeline is in time order (it would not be if the store read its clock later).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/demo_data.hpp"
#include "app/demo_inventory.hpp"
#include "core/time.hpp"
#include "security/roles.hpp"
#include "service/customer_directory.hpp"
#include "store/store.hpp"

namespace ordo::app {
namespace {

constexpr std::size_t kInFlight = 4000;  // operations queued before waiting for them
constexpr int kMaxErrorsShown = 5;

// The simulated clock the store stamps events with. Set by the replay loop just before it
// queues each event; the store may read it on any of its threads, hence atomic.
class ReplayClock final : public core::Clock {
 public:
  explicit ReplayClock(core::UnixMillis start) : now_(start) {}
  core::UnixMillis Now() const override { return now_.load(std::memory_order_acquire); }
  void Set(core::UnixMillis now) { now_.store(now, std::memory_order_release); }

 private:
  std::atomic<core::UnixMillis> now_;
};

// Counts outstanding store callbacks; Wait() returns when all have run.
class Pending {
 public:
  void Add(int count) {
    std::lock_guard lock(mutex_);
    outstanding_ += count;
  }
  void Done() {
    std::lock_guard lock(mutex_);
    if (--outstanding_ == 0) done_.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return outstanding_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_;
  int outstanding_ = 0;  // guarded by mutex_
};

// What the replay did; written by store callbacks, read after each round's Wait().
struct Tally {
  std::mutex mutex;
  int created = 0;
  int already_present = 0;
  long steps = 0;
  int failures = 0;
  std::vector<std::string> first_errors;

  void Fail(const std::string& what) {
    std::lock_guard lock(mutex);
    ++failures;
    if (static_cast<int>(first_errors.size()) < kMaxErrorsShown) first_errors.push_back(what);
  }
};

// One demo user per built-in role: username = role name, password "<role>-demo-2026"
// (documented in README.md and docs/security.md; demo databases only). The region manager is
// scoped to 浙江省. Existing users are left alone, so running the demo again is harmless.
int CreateDemoUsers(store::Store& db, core::UnixMillis now) {
  int created = 0;
  for (const security::Role& role : security::BuiltInRoles()) {
    service::NewUser user{role.name, role.name + "-demo-2026", role.name, {}};
    if (role.name == security::role::kRegionManager) user.scope_args.push_back("province:浙江省");
    if (db.FindUserByName(user.username)) continue;
    core::Result<store::UserRecord> stored = CreateUserWithAudit(db, user, now);
    if (!stored) {
      if (stored.error().code == core::ErrorCode::kConflict) continue;  // created meanwhile
      std::fprintf(stderr, "ordo demo: cannot create demo user %s: %s\n", user.username.c_str(),
                   stored.error().detail.c_str());
      return -1;
    }
    ++created;
  }
  return created;
}

store::AuditRecord DemoAudit(std::string action, std::string subject) {
  store::AuditRecord audit;
  audit.actor_kind = "system";
  audit.actor_id = "demo";
  audit.action = std::move(action);
  audit.subject = std::move(subject);
  return audit;
}

// The demo's warehouses, stores, carrier table and stock (app/demo_inventory.hpp), once: a
// database that has locations already is left alone. Through the store, not the API: the
// national carrier table is larger than one request may be. Returns false on a store error.
bool LoadDemoInventory(store::Store& db) {
  store::InventoryStore& inventory = db.Inventory();
  auto existing = inventory.ListLocations();
  if (!existing) {
    std::fprintf(stderr, "ordo demo: locations: %s\n", existing.error().detail.c_str());
    return false;
  }
  if (!existing->empty()) return true;
  const std::vector<store::LocationRecord> locations = DemoLocations();
  // Backups name each other, so every location exists before any backup is set.
  for (store::LocationRecord location : locations) {
    location.backup_location_id.clear();
    auto created = inventory.CreateLocation(location, DemoAudit("location.create", "location:" + location.id));
    if (!created) {
      std::fprintf(stderr, "ordo demo: location %s: %s\n", location.id.c_str(), created.error().detail.c_str());
      return false;
    }
  }
  for (const store::LocationRecord& location : locations) {
    if (location.backup_location_id.empty()) continue;
    auto updated = inventory.UpdateLocation(location, std::nullopt, DemoAudit("location.update", "location:" + location.id));
    if (!updated) {
      std::fprintf(stderr, "ordo demo: location %s: %s\n", location.id.c_str(), updated.error().detail.c_str());
      return false;
    }
  }
  const std::vector<store::CarrierRateRecord> rates = DemoCarrierRates();
  if (auto replaced = inventory.ReplaceCarrierRates(rates, DemoAudit("carrier_rates.replace", "carrier_rates")); !replaced) {
    std::fprintf(stderr, "ordo demo: carrier rates: %s\n", replaced.error().detail.c_str());
    return false;
  }
  store::StockChangeRequest stock;
  stock.idempotency_key = "demo-initial-stock";
  stock.actor = core::Actor{"system", "demo"};
  stock.changes = DemoStock(DemoSkus());
  auto applied = inventory.ApplyStockChanges(stock);
  if (!applied) {
    std::fprintf(stderr, "ordo demo: stock: %s\n", applied.error().detail.c_str());
    return false;
  }
  std::printf("ordo demo: inventory: %zu locations, %zu carrier rates, %zu stock rows\n", locations.size(), rates.size(),
              stock.changes.size());
  return true;
}

bool HasOrders(store::Store& db) {
  store::OrderFilter filter;
  filter.limit = 1;
  auto page = db.ListOrdersSync(filter);
  return page.has_value() && !page->items.empty();
}

// The single customer view over the demo orders (what `ordo serve` would do at start), timed:
// the figure docs/customers.md quotes as the resolver's throughput.
int ResolveDemoCustomers(store::Store& db, const security::PiiCipher& cipher) {
  const core::SystemClock clock;
  service::CustomerDirectory directory(db, clock, cipher);
  if (core::Status restored = directory.Restore(); !restored) {
    std::fprintf(stderr, "ordo demo: customers: %s\n", restored.error().detail.c_str());
    return 1;
  }
  const auto started = std::chrono::steady_clock::now();
  long orders = 0;
  long merges = 0;
  for (;;) {
    auto batch = directory.ResolveNext(500);
    if (!batch) {
      std::fprintf(stderr, "ordo demo: customers: %s\n", batch.error().detail.c_str());
      return 1;
    }
    if (batch->orders == 0) break;
    orders += batch->orders;
    merges += batch->merges;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const customers::EngineStats stats = directory.Stats();
  std::printf("ordo demo: customers: %ld orders resolved in %.2f s (%.0f orders/s), %zu customers, %ld merges\n",
              orders, seconds, seconds > 0 ? static_cast<double>(orders) / seconds : 0.0, stats.customers, merges);
  return 0;
}

}  // namespace

int RunDemo(const DemoOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const core::UnixMillis now = core::SystemClock().Now();
  ReplayClock clock(now);
  auto opened = OpenOrderStore(options.db_url, clock, options.pii_key);
  if (!opened) {
    std::fprintf(stderr, "ordo demo: %s\n", opened.error().detail.c_str());
    return ExitCodeFor(opened.error());
  }
  store::Store& db = *opened->store;
  const int demo_users = CreateDemoUsers(db, now);
  if (demo_users < 0) return 1;
  if (demo_users > 0) {
    std::printf("ordo demo: %d demo users created (username = role, password <role>-demo-2026)\n", demo_users);
  }
  if (!LoadDemoInventory(db)) return 1;
  if (options.only_if_empty && HasOrders(db)) {
    std::printf("ordo demo: %s already has orders; left as it is\n", options.db_url.c_str());
    return 0;
  }

  DemoSpec spec;
  spec.orders = options.orders;
  spec.seed = options.seed;
  spec.now = now;
  spec.dirty_rate = options.dirty_rate;
  std::vector<DemoOrder> demos = GenerateDemoOrders(spec);
  std::vector<std::int64_t> order_ids(demos.size(), 0);  // 0: not (newly) ingested
  long total_steps = 0;
  for (const DemoOrder& demo : demos) total_steps += static_cast<long>(demo.steps.size());

  Tally tally;
  Pending pending;
  auto last_progress = std::chrono::steady_clock::now();
  const auto print_progress = [&](bool final_line) {
    const auto wall = std::chrono::steady_clock::now();
    if (!final_line && wall - last_progress < std::chrono::milliseconds(250)) return;
    last_progress = wall;
    const long done = tally.created + tally.already_present + tally.steps;
    const long all = static_cast<long>(demos.size()) + total_steps;
    std::fprintf(stderr, "\rordo demo: %d/%zu orders, %ld/%ld transitions (%3ld%%)%s", tally.created + tally.already_present,
                 demos.size(), tally.steps, total_steps, all == 0 ? 100 : done * 100 / all, final_line ? "\n" : "");
    std::fflush(stderr);
  };
  // Lets the queued work finish every kInFlight operations: bounded memory, a live progress line.
  std::size_t queued = 0;
  const auto throttle = [&](std::size_t count) {
    queued += count;
    if (queued < kInFlight) return;
    pending.Wait();
    queued = 0;
    print_progress(false);
  };

  // Level 0: every order is ingested, oldest first (ids follow time), each at its own receipt
  // time (received_at is the store's clock at ingest, and the timeliness metric reads it).
  for (std::size_t order_idx = 0; order_idx < demos.size(); ++order_idx) {
    const order::Order& order = demos[order_idx].order;
    std::vector<store::IngestItem> items;
    items.push_back(store::IngestItem{order, "", core::Actor{"channel", order.channel}});
    clock.Set(demos[order_idx].received_at);
    pending.Add(1);
    db.Ingest(std::move(items), [&, order_idx](std::vector<core::Result<store::IngestOutcome>> results) {
      for (const auto& result : results) {
        if (!result) {
          tally.Fail("ingest: " + result.error().detail);
          continue;
        }
        std::lock_guard lock(tally.mutex);
        if (result->kind == store::IngestKind::kCreated) {
          order_ids[order_idx] = result->order.id;
          ++tally.created;
        } else {
          ++tally.already_present;  // loaded before (same seed): leave its timeline alone
        }
      }
      pending.Done();
    });
    throttle(1);
  }
  pending.Wait();

  // Level k: the k-th step of every order that has one. All steps of a level are for different
  // orders, so they may commit in any order and in shared group commits.
  std::size_t max_steps = 0;
  for (const DemoOrder& demo : demos) max_steps = std::max(max_steps, demo.steps.size());
  for (std::size_t step_idx = 0; step_idx < max_steps; ++step_idx) {
    for (std::size_t order_idx = 0; order_idx < demos.size(); ++order_idx) {
      const DemoOrder& demo = demos[order_idx];
      if (order_ids[order_idx] == 0 || step_idx >= demo.steps.size()) continue;
      const DemoStep& step = demo.steps[step_idx];
      store::TransitionCommand command;
      command.order_id = order_ids[order_idx];
      command.to = step.to;
      command.reason = step.reason;
      command.actor = step.actor;
      clock.Set(step.at);
      pending.Add(1);
      db.Transition(std::move(command), [&, order_idx](core::Result<order::Order> result) {
        if (result) {
          std::lock_guard lock(tally.mutex);
          ++tally.steps;
        } else {
          tally.Fail("transition of " + demos[order_idx].order.external_id + ": " + result.error().detail);
          std::lock_guard lock(tally.mutex);
          order_ids[order_idx] = 0;  // its later steps would fail too
        }
        pending.Done();
      });
      throttle(1);
    }
    pending.Wait();  // the next level's steps follow these
  }
  print_progress(true);
  clock.Set(now);

  std::map<order::OrderStatus, int> statuses;
  for (std::size_t order_idx = 0; order_idx < demos.size(); ++order_idx) {
    if (order_ids[order_idx] != 0) ++statuses[FinalStatus(demos[order_idx])];
  }
  std::string mix;
  for (const auto& [status, count] : statuses) {
    mix += (mix.empty() ? "" : ", ") + std::string(order::StatusName(status)) + " " + std::to_string(count);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("ordo demo: %d orders created, %d already present, %ld transitions in %.1f s (seed %llu, %s)\n",
              tally.created, tally.already_present, tally.steps, seconds,
              static_cast<unsigned long long>(options.seed), db.BackendName().c_str());
  if (!mix.empty()) std::printf("ordo demo: statuses: %s\n", mix.c_str());
  if (options.dirty_rate > 0) {
    std::map<std::string, int> dirt;
    for (std::size_t order_idx = 0; order_idx < demos.size(); ++order_idx) {
      if (order_ids[order_idx] != 0 && !demos[order_idx].dirt.empty()) ++dirt[demos[order_idx].dirt];
    }
    std::string kinds;
    int dirty = 0;
    for (const auto& [kind, count] : dirt) {
      kinds += (kinds.empty() ? "" : ", ") + kind + " " + std::to_string(count);
      dirty += count;
    }
    std::printf("ordo demo: %d orders given dirt (rate %.2f): %s\n", dirty, options.dirty_rate, kinds.c_str());
  }
  if (tally.failures > 0) {
    std::fprintf(stderr, "ordo demo: %d operations failed; first ones:\n", tally.failures);
    for (const std::string& error : tally.first_errors) std::fprintf(stderr, "  %s\n", error.c_str());
    return 1;
  }
  return ResolveDemoCustomers(db, *opened->cipher);
}

}  // namespace ordo::app
