// ordo — the single binary: serve, migrate, demo, import, admin, audit, retention, quality, channel, version.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include "app/channel_command.hpp"
#include "app/commands.hpp"
#include "app/import_command.hpp"
#include "app/quality_command.hpp"
#include "app/quality_profile_command.hpp"
#include "app/sourcing_command.hpp"
#include "app/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Ordo — order management hub"};
  app.require_subcommand(1);

  ordo::app::ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Run the HTTP API and console");
  serve_cmd->add_option("--db", serve.db_url, "sqlite:<path> or postgresql://…")->capture_default_str();
  serve_cmd->add_option("--listen", serve.listen, "host:port (port 0 = any free port)")->capture_default_str();
  serve_cmd->add_option("--threads", serve.threads, "I/O threads (0 = one per core)");
  serve_cmd->add_option("--port-file", serve.port_file, "write the bound port to this file once listening");
  serve_cmd->add_option("--static-dir", serve.static_dir, "console files served under /");
  serve_cmd->add_flag("!--lenient-json", serve.strict_json, "accept unknown fields in order JSON");
  serve_cmd->add_option("--pii-key-file", serve.pii_key.key_file, "key for personal data at rest (32 bytes, hex/base64)");
  serve_cmd->add_flag("--dev-insecure-key", serve.pii_key.dev_insecure_key, "development only: a publicly known key");
  serve_cmd->add_option("--retention-anonymise-days", serve.retention_anonymise_days,
                        "scheduled retention: remove personal data of orders older than N days")
      ->check(CLI::Range(0, 36500));
  serve_cmd->add_option("--retention-archive-days", serve.retention_archive_days,
                        "scheduled retention: archive orders older than N days")
      ->check(CLI::Range(0, 36500));
  serve_cmd->add_option("--retention-interval-minutes", serve.retention_interval_minutes,
                        "minutes between scheduled retention runs (default 60; needs a --retention-…-days)")
      ->check(CLI::Range(0.001, 525600.0));
  serve_cmd->add_option("--rate-limit-rps", serve.rate_limit_rps, "requests a second per principal or IP (0 = no limit)")
      ->capture_default_str()->check(CLI::Range(0.0, 1e9));
  serve_cmd->add_option("--rate-limit-burst", serve.rate_limit_burst, "requests at once per principal or IP")
      ->capture_default_str()->check(CLI::Range(1.0, 1e9));
  serve_cmd->add_option("--export-rate-limit", serve.export_rate_limit_per_minute,
                        "exports a minute per principal (0 = no export limit)")
      ->capture_default_str()->check(CLI::Range(0.0, 1e6));
  serve_cmd->add_option("--quality-interval-minutes", serve.quality_interval_minutes,
                        "scheduled data-quality runs: one at start, then every M minutes (default: off)")
      ->check(CLI::Range(0.001, 525600.0));
  serve_cmd->add_option("--quality-threshold", serve.quality_thresholds,
                        "<dimension>=<percent>: a score under it raises a ticket (default 95 each); repeatable");
  serve_cmd->add_option("--sourcing-idle-ms", serve.sourcing_idle_ms,
                        "sourcing worker's pause when caught up (0 = do not source orders)")
      ->capture_default_str()->check(CLI::Range(0, 600'000));
  serve_cmd->add_option("--rules-idle-ms", serve.rules_idle_ms,
                        "rule worker's period for stock, carrier SLA and schedule rules (0 = off; order rules still run)")
      ->capture_default_str()->check(CLI::Range(0, 600'000));
  serve_cmd->add_option("--export-max-rows", serve.export_max_rows, "orders per export at most (more: 422, narrow the filter)")
      ->capture_default_str()->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000}));

  std::string migrate_db = "sqlite:var/ordo.db";
  auto* migrate_cmd = app.add_subcommand("migrate", "Apply pending schema migrations");
  migrate_cmd->add_option("--db", migrate_db)->capture_default_str();

  ordo::app::DemoOptions demo;
  auto* demo_cmd = app.add_subcommand("demo", "Load deterministic demo data");
  demo_cmd->add_option("--db", demo.db_url)->capture_default_str();
  demo_cmd->add_option("--orders", demo.orders)->capture_default_str()->check(CLI::Range(0, 10'000'000));
  demo_cmd->add_option("--seed", demo.seed)->capture_default_str();
  demo_cmd->add_option("--dirty-rate", demo.dirty_rate,
                       "share of orders (0..1) given typical dirt: messy phones, short province names, missing "
                       "districts, totals that do not add up, duplicates across channels, late receipt")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  demo_cmd->add_flag("--if-empty", demo.only_if_empty, "do nothing when the database already has orders");
  demo_cmd->add_option("--pii-key-file", demo.pii_key.key_file, "key for personal data at rest (32 bytes, hex/base64)");
  demo_cmd->add_flag("--dev-insecure-key", demo.pii_key.dev_insecure_key, "development only: a publicly known key");

  ordo::app::AdminCreateUserOptions create_user;
  auto* admin_cmd = app.add_subcommand("admin", "Administration from the shell");
  admin_cmd->require_subcommand(1);
  auto* create_user_cmd = admin_cmd->add_subcommand("create-user", "Create a user (the first admin, scripts)");
  create_user_cmd->add_option("--db", create_user.db_url)->capture_default_str();
  create_user_cmd->add_option("--username", create_user.username)->required();
  create_user_cmd->add_option("--password", create_user.password, "at least 10 characters, not the username")
      ->required();
  create_user_cmd->add_option("--role", create_user.role, "a built-in role (admin, operator, auditor, …) or a stored custom role")->required();
  create_user_cmd->add_option("--scope", create_user.scopes, "province:<name|GB/T 2260 code>, channel:<code>, location:<id>; repeatable");

  std::string audit_db = "sqlite:var/ordo.db";
  auto* audit_cmd = app.add_subcommand("audit", "Audit log tools");
  audit_cmd->require_subcommand(1);
  auto* audit_verify_cmd = audit_cmd->add_subcommand("verify", "Check the audit log's hash chain");
  audit_verify_cmd->add_option("--db", audit_db)->capture_default_str();

  ordo::app::RetentionOptions retention;
  auto* retention_cmd = app.add_subcommand("retention", "Retention policy and erasure requests");
  retention_cmd->require_subcommand(1);
  auto* retention_run_cmd = retention_cmd->add_subcommand("run", "Anonymise and archive old orders (audited)");
  auto* retention_erase_cmd = retention_cmd->add_subcommand("erase", "Remove one customer's personal data now");
  for (auto* command : {retention_run_cmd, retention_erase_cmd}) {
    command->add_option("--db", retention.db_url)->capture_default_str();
    command->add_option("--pii-key-file", retention.pii_key.key_file, "key for personal data at rest");
    command->add_flag("--dev-insecure-key", retention.pii_key.dev_insecure_key, "development only");
  }
  retention_run_cmd->add_option("--anonymise-after-days", retention.anonymise_after_days)->check(CLI::Range(0, 36500));
  retention_run_cmd->add_option("--archive-after-days", retention.archive_after_days)->check(CLI::Range(0, 36500));
  retention_erase_cmd->add_option("--customer-ref", retention.customer_ref);
  retention_erase_cmd->add_option("--phone", retention.phone, "matched through the blind index");

  ordo::app::QualityNormalizeOptions normalize;
  auto* quality_cmd = app.add_subcommand("quality", "Data quality tools");
  quality_cmd->require_subcommand(1);
  auto* normalize_cmd = quality_cmd->add_subcommand(
      "normalize", "Normalise one raw value per stdin line; one JSON object per line on stdout");
  normalize_cmd
      ->add_option("--kind", normalize.kind, "phone or address")
      ->required()
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, ordo::app::NormalizeKind>{{"phone", ordo::app::NormalizeKind::kPhone},
                                                          {"address", ordo::app::NormalizeKind::kAddress}}));
  normalize_cmd->add_option("--region", normalize.region, "default region of phone numbers (ISO 3166 alpha-2)")
      ->capture_default_str();

  ordo::app::QualityProfileOptions profile;
  auto* profile_cmd = quality_cmd->add_subcommand(
      "profile", "Score every order of a database on six data-quality dimensions; a report or JSON");
  profile_cmd->add_option("--db", profile.db_url)->capture_default_str();
  profile_cmd->add_option("--pii-key-file", profile.pii_key.key_file, "key for personal data at rest");
  profile_cmd->add_flag("--dev-insecure-key", profile.pii_key.dev_insecure_key, "development only");
  profile_cmd->add_flag("--json", profile.json, "one JSON object instead of the report");
  profile_cmd->add_flag("--save", profile.save,
                        "record the profile as a quality run (daily counts, failing records, tickets, events)");
  profile_cmd->add_option("--threshold", profile.thresholds, "<dimension>=<percent> (default 95 each); repeatable");
  profile_cmd->add_option("--top", profile.top, "failing checks listed")->capture_default_str()->check(CLI::Range(0, 100));

  ordo::app::ImportOptions import;
  auto* import_cmd = app.add_subcommand(
      "import",
      "Import orders from files: JSON lines of a channel's native payloads (one order per line), or POS CSV. "
      "Runs the entry rules like the API; bad rows go to a reject file (fields and rules, never values); "
      "rerun the same command after an interruption to resume without duplicates");
  import_cmd->add_option("--db", import.db_url)->capture_default_str();
  import_cmd->add_option("--channel", import.channel, "shopify, woocommerce, taobao, jd, douyin, api (canonical order JSON), pos_csv")
      ->required();
  import_cmd->add_option("--profile", import.profile_name, "pos_csv: the CSV profile saved with the connection of that name (ordo channel add --csv-profile)");
  import_cmd->add_option("--profile-file", import.profile_file, "CSV profile JSON for pos_csv (docs/channels.md); default: the built-in one");
  import_cmd->add_option("--reject-file", import.reject_file, "rejected rows, JSON lines (default: <first FILE>.rejects.jsonl)");
  import_cmd->add_option("--checkpoint-dir", import.checkpoint_dir, "where <file>.ordo-import checkpoints go (default: beside each FILE)");
  import_cmd->add_flag("--restart", import.restart, "ignore the checkpoints of an interrupted run and start over");
  import_cmd->add_option("--batch-rows", import.batch_rows, "orders per transaction")->capture_default_str()->check(CLI::Range(1, 100000));
  import_cmd->add_option("--progress-interval", import.progress_interval_seconds,
                         "seconds between progress lines when stderr is not a terminal")
      ->capture_default_str()->check(CLI::Range(0.0, 3600.0));
  import_cmd->add_option("--pii-key-file", import.pii_key.key_file, "key for personal data at rest (32 bytes, hex/base64)");
  import_cmd->add_flag("--dev-insecure-key", import.pii_key.dev_insecure_key, "development only: a publicly known key");
  import_cmd->add_option("FILE", import.files, "input files, imported in order")->required();
  ordo::app::ChannelCommandOptions channel;
  auto* channel_cmd = app.add_subcommand("channel", "Channel connections (shops, CSV sources)");
  channel_cmd->require_subcommand(1);
  auto* channel_add_cmd = channel_cmd->add_subcommand("add", "Connect a shop or CSV source (secret stored encrypted)");
  auto* channel_list_cmd = channel_cmd->add_subcommand("list", "The connections with their counters");
  for (auto* command : {channel_add_cmd, channel_list_cmd}) {
    command->add_option("--db", channel.db_url)->capture_default_str();
    command->add_option("--pii-key-file", channel.pii_key.key_file, "key for personal data at rest");
    command->add_flag("--dev-insecure-key", channel.pii_key.dev_insecure_key, "development only");
  }
  channel_add_cmd->add_option("--channel", channel.channel, "shopify, woocommerce, taobao, jd, douyin, pos_csv")
      ->required();
  channel_add_cmd->add_option("--name", channel.name, "the connection's name, unique per channel")->required();
  channel_add_cmd->add_option("--secret", channel.secret, "the webhook signing secret (shopify, woocommerce)");
  channel_add_cmd->add_option("--csv-profile", channel.csv_profile_file, "pos_csv: a CSV profile JSON file");

  ordo::app::SourcingCommandOptions sourcing;
  auto* sourcing_cmd = app.add_subcommand("sourcing", "Sourcing: batch re-allocation, one sourcing pass");
  sourcing_cmd->require_subcommand(1);
  auto* rebalance_cmd = sourcing_cmd->add_subcommand(
      "rebalance", "Allocate scarce stock across the orders waiting for it (GLPK MIP: most orders filled, weighted "
                   "by priority and promise date), compared with first come, first served; dry run unless --apply");
  auto* sourcing_run_cmd = sourcing_cmd->add_subcommand("run", "Source every paid order and waiting order once");
  for (auto* command : {rebalance_cmd, sourcing_run_cmd}) {
    command->add_option("--db", sourcing.db_url)->capture_default_str();
    command->add_option("--pii-key-file", sourcing.pii_key.key_file, "key for personal data at rest");
    command->add_flag("--dev-insecure-key", sourcing.pii_key.dev_insecure_key, "development only");
  }
  rebalance_cmd->add_flag("--apply", sourcing.apply, "reserve the MIP's choice");
  rebalance_cmd->add_option("--time-limit-ms", sourcing.time_limit_ms, "GLPK's time limit")
      ->capture_default_str()->check(CLI::Range(100, 600'000));
  rebalance_cmd->add_flag("--json", sourcing.json, "the report as JSON");

  auto* version_cmd = app.add_subcommand("version", "Print the version");

  CLI11_PARSE(app, argc, argv);

  if (serve_cmd->parsed()) return ordo::app::RunServe(serve);
  if (migrate_cmd->parsed()) return ordo::app::RunMigrate(migrate_db);
  if (demo_cmd->parsed()) return ordo::app::RunDemo(demo);
  if (import_cmd->parsed()) return ordo::app::RunImport(import);
  if (retention_cmd->parsed()) {
    retention.erase = retention_erase_cmd->parsed();
    return ordo::app::RunRetention(retention);
  }
  if (create_user_cmd->parsed()) return ordo::app::RunAdminCreateUser(create_user);
  if (audit_verify_cmd->parsed()) return ordo::app::RunAuditVerify(audit_db);
  if (channel_add_cmd->parsed()) return ordo::app::RunChannelAdd(channel, std::cout, std::cerr);
  if (channel_list_cmd->parsed()) return ordo::app::RunChannelList(channel, std::cout, std::cerr);
  if (normalize_cmd->parsed()) return ordo::app::RunQualityNormalize(normalize, std::cin, std::cout);
  if (profile_cmd->parsed()) return ordo::app::RunQualityProfileCommand(profile, std::cout, std::cerr);
  if (rebalance_cmd->parsed()) return ordo::app::RunSourcingRebalance(sourcing, std::cout, std::cerr);
  if (sourcing_run_cmd->parsed()) return ordo::app::RunSourcingPass(sourcing, std::cout, std::cerr);
  if (version_cmd->parsed()) {
    std::printf("ordo %s\n", ordo::app::kVersion);
    return 0;
  }
  return 2;
}
