#pragma once
// The `ordo` subcommands. Each returns the process exit code. One file per command.
#include <cstdint>
#include <optional>
#include <string>

#include "app/pii_key.hpp"
#include <vector>

#include "core/result.hpp"
#include "service/identity.hpp"
#include "store/store.hpp"

namespace ordo::app {

struct ServeOptions {
  PiiKeyOptions pii_key;
  std::string db_url = "sqlite:var/ordo.db";
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  int threads = 0;                        // io threads; 0 = hardware concurrency
  std::string port_file;                  // when set, the bound port is written here once listening
  std::string static_dir;                 // console files (web/dist) served under /
  bool strict_json = true;
  // Scheduled retention: off unless a days value is given; then a run at start and one every
  // interval (fractions allowed, so tests can use a short one).
  std::optional<int> retention_anonymise_days;
  std::optional<int> retention_archive_days;
  std::optional<double> retention_interval_minutes;  // default 60
  // Request rate limits per principal (or IP when not signed in); 0 switches a bucket off.
  double rate_limit_rps = 100;          // sustained requests a second
  double rate_limit_burst = 200;        // requests at once
  double export_rate_limit_per_minute = 10;  // exports, on top of the general bucket (burst = same number)
  std::int64_t export_max_rows = 100'000;    // an export of more orders is refused (422 too_many_rows)
  // Scheduled data-quality runs: off unless given; then a run at start and one every interval.
  std::optional<double> quality_interval_minutes;
  std::vector<std::string> quality_thresholds;  // "completeness=98"
  // The sourcing worker's pause when it has caught up (ms); 0 switches it off (orders stay paid).
  int sourcing_idle_ms = 200;
  // The rule worker's period (stock.changed, carrier.sla_daily, schedule rules; ms); 0 switches
  // it off (order rules still run before sourcing).
  int rules_idle_ms = 500;
};
int RunServe(const ServeOptions& options);   // serve_command.cpp

int RunMigrate(const std::string& db_url);   // migrate_command.cpp

struct DemoOptions {
  PiiKeyOptions pii_key;
  std::string db_url = "sqlite:var/ordo.db";
  int orders = 2000;
  std::uint64_t seed = 42;
  bool only_if_empty = false;  // make run: fill an empty database, leave a used one alone
  double dirty_rate = 0;       // share of orders given typical dirt (DemoSpec::dirty_rate)
};
int RunDemo(const DemoOptions& options);     // demo_command.cpp

struct AdminCreateUserOptions {
  std::string db_url = "sqlite:var/ordo.db";
  std::string username;
  std::string password;
  std::string role;
  std::vector<std::string> scopes;  // "province:浙江省", "province:330000", "channel:tmall"
};
int RunAdminCreateUser(const AdminCreateUserOptions& options);  // admin_command.cpp
// Checks, hashes and stores a new user with its `user.create` audit entry (actor system).
core::Result<store::UserRecord> CreateUserWithAudit(store::Store& db, const service::NewUser& request,
                                                    core::UnixMillis now);

int RunAuditVerify(const std::string& db_url);  // audit_command.cpp

struct RetentionOptions {
  std::string db_url = "sqlite:var/ordo.db";
  PiiKeyOptions pii_key;
  std::optional<int> anonymise_after_days;
  std::optional<int> archive_after_days;
  bool erase = false;        // `ordo retention erase`: one data subject, now
  std::string customer_ref;
  std::string phone;
};
int RunRetention(const RetentionOptions& options);  // retention_command.cpp

}  // namespace ordo::app
