// `ordo serve`: open the store (migrating it), start the webhook dispatcher, serve the HTTP API
// until SIGTERM/SIGINT, then shut down in the order that loses nothing.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "api/api_server.hpp"
#include "app/commands.hpp"
#include "app/version.hpp"
#include "core/time.hpp"
#include "events/dispatcher.hpp"
#include "service/customer_resolver.hpp"
#include "service/rule_worker.hpp"
#include "service/sourcing_worker.hpp"
#include "service/quality_run_scheduler.hpp"
#include "service/retention_scheduler.hpp"
#include "service/services.hpp"
#include "store/store.hpp"

namespace ordo::app {
namespace {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// "127.0.0.1:8080", "0.0.0.0:0", "localhost:8080".
core::Result<ListenAddress> ParseListen(const std::string& listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "--listen must be host:port");
  }
  ListenAddress address;
  address.host = listen.substr(0, colon);
  const std::string_view port_text = std::string_view(listen).substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "--listen port must be 0..65535");
  }
  address.port = static_cast<std::uint16_t>(port);
  return address;
}

// Written to a temporary name and renamed, so a reader never sees a half-written port.
bool WritePortFile(const std::string& path, std::uint16_t port) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!(out << port << '\n')) return false;
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  return !ec;
}

// The scheduled retention asked for by the flags; nullptr when no days value is given.
std::unique_ptr<service::RetentionScheduler> MakeRetentionScheduler(const ServeOptions& options, store::Store& store) {
  if (!options.retention_anonymise_days && !options.retention_archive_days) return nullptr;
  const double minutes = options.retention_interval_minutes.value_or(60.0);
  const auto interval = std::chrono::milliseconds(static_cast<std::int64_t>(minutes * 60'000.0));
  spdlog::info("scheduled retention every {} min (anonymise after {} days, archive after {} days)", minutes,
               options.retention_anonymise_days ? std::to_string(*options.retention_anonymise_days) : "-",
               options.retention_archive_days ? std::to_string(*options.retention_archive_days) : "-");
  return std::make_unique<service::RetentionScheduler>(
      store,
      store::RetentionPolicy{.anonymise_after_days = options.retention_anonymise_days,
                             .archive_after_days = options.retention_archive_days},
      interval, [](const core::Result<store::RetentionReport>& report) {
        // Counts only: which orders were touched is in the database, not in the log.
        if (report) {
          spdlog::info("retention run: {} orders anonymised, {} archived", report->anonymised, report->archived);
        } else {
          spdlog::error("retention run failed: {}", report.error().detail);
        }
      });
}

// The scheduled quality runs asked for by --quality-interval-minutes; nullptr when not given.
std::unique_ptr<service::QualityRunScheduler> MakeQualityScheduler(const ServeOptions& options,
                                                                   service::QualityMetrics& metrics) {
  if (!options.quality_interval_minutes) return nullptr;
  const double minutes = *options.quality_interval_minutes;
  spdlog::info("scheduled data-quality runs every {} min", minutes);
  return std::make_unique<service::QualityRunScheduler>(
      metrics, std::chrono::milliseconds(static_cast<std::int64_t>(minutes * 60'000.0)),
      [](const core::Result<store::QualityRunOutcome>& outcome) {
        // Counts only: which orders failed which check is in quality_issues, not in the log.
        if (outcome) {
          spdlog::info("quality run {}: {} orders, {} of {} checks failed, {} tickets raised", outcome->run.id,
                       outcome->run.orders, outcome->run.failed_checks, outcome->run.checks, outcome->raised.size());
        } else {
          spdlog::warn("quality run skipped or failed: {}", outcome.error().detail);
        }
      });
}

void ConfigureLogging() {
  // ORDO_LOG_LEVEL=debug shows one line per request (id, route, status, latency; never bodies).
  if (const char* level = std::getenv("ORDO_LOG_LEVEL")) spdlog::set_level(spdlog::level::from_str(level));
}

}  // namespace

int RunServe(const ServeOptions& options) {
  ConfigureLogging();
  core::Result<ListenAddress> listen = ParseListen(options.listen);
  if (!listen) {
    std::fprintf(stderr, "ordo serve: %s\n", listen.error().detail.c_str());
    return 2;
  }
  if (!options.static_dir.empty() && !std::filesystem::is_directory(options.static_dir)) {
    std::fprintf(stderr, "ordo serve: --static-dir %s is not a directory\n", options.static_dir.c_str());
    return 2;
  }
  if (options.retention_interval_minutes && !options.retention_anonymise_days && !options.retention_archive_days) {
    std::fprintf(stderr,
                 "ordo serve: --retention-interval-minutes needs --retention-anonymise-days or "
                 "--retention-archive-days\n");
    return 2;
  }
  service::QualityMetricsOptions quality_options;
  for (const std::string& threshold : options.quality_thresholds) {
    if (core::Status applied = quality::ApplyThresholdArgument(quality_options.config, threshold); !applied) {
      std::fprintf(stderr, "ordo serve: --quality-threshold %s: %s\n", threshold.c_str(), applied.error().detail.c_str());
      return 2;
    }
  }
  int threads = options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  if (threads < 1) threads = 1;

  const core::SystemClock clock;
  auto opened = OpenOrderStore(options.db_url, clock, options.pii_key);
  if (!opened) {
    std::fprintf(stderr, "ordo serve: %s\n", opened.error().detail.c_str());
    return ExitCodeFor(opened.error());
  }
  // The ciphers outlive the store: `order_store` is destroyed after `store` is reset below.
  OrderStore order_store = std::move(opened).value();
  std::unique_ptr<store::Store> store = std::move(order_store.store);

  auto services = std::make_unique<service::Services>(*store, clock, service::ServiceOptions{
                                                                         .strict_json = options.strict_json,
                                                                         .blocking_threads = 2,
                                                                         .exports = {.max_rows = options.export_max_rows},
                                                                         .quality = std::move(quality_options),
                                                                         .pii_cipher = order_store.cipher.get()});
  // The single customer view: rebuilt from what the store recorded before the first request.
  if (services->customers) {
    if (core::Status restored = services->customers->Restore(); !restored) {
      std::fprintf(stderr, "ordo serve: customers: %s\n", restored.error().detail.c_str());
      return 1;
    }
    const customers::EngineStats stats = services->customers->Stats();
    spdlog::info("customers: {} restored ({} orders, {} merges in effect)", stats.customers, stats.orders,
                 stats.active_merges);
  }
  // The first order must be judged by the stored entry rules, not the default.
  if (core::Status loaded = services->quality_rules.Load(); !loaded) {
    std::fprintf(stderr, "ordo serve: entry rules: %s\n", loaded.error().detail.c_str());
    return ExitCodeFor(loaded.error());
  }
  {
    const service::EntryRulesPtr rules = services->quality_rules.Current();
    spdlog::info("entry rules: version {} ({} rules{})", rules->rules.version, rules->rules.rules.size(),
                 rules->rules.version == 0 ? ", the built-in default" : "");
  }
  // Business rule sets in force before the first request (issue 7); then watched and polled.
  if (core::Status loaded = services->rule_sets.Load(); !loaded) {
    std::fprintf(stderr, "ordo serve: rule sets: %s\n", loaded.error().detail.c_str());
    return ExitCodeFor(loaded.error());
  }
  spdlog::info("rule sets: {} published in force ({} failed to load)", services->rule_sets.Current()->sets.size(),
               services->rule_sets.load_failures());
  api::ApiServerOptions api_options;
  api_options.http.host = listen->host;
  api_options.http.port = listen->port;
  api_options.http.threads = threads;
  api_options.static_dir = options.static_dir;
  api_options.version = kVersion;
  api_options.rate_limit.requests_per_second = options.rate_limit_rps;
  api_options.rate_limit.burst = options.rate_limit_burst;
  api_options.rate_limit.exports_per_minute = options.export_rate_limit_per_minute;
  api_options.rate_limit.export_burst = std::max(1.0, options.export_rate_limit_per_minute);
  core::Result<std::unique_ptr<api::ApiServer>> listening = api::ApiServer::Listen(*services, api_options);
  if (!listening) {
    std::fprintf(stderr, "ordo serve: %s\n", listening.error().detail.c_str());
    return 1;
  }
  std::unique_ptr<api::ApiServer> server = std::move(listening).value();

  auto dispatcher = std::make_unique<events::Dispatcher>(*store, events::DispatcherOptions{});
  if (core::Status started = dispatcher->Start(); !started) {
    std::fprintf(stderr, "ordo serve: webhook dispatcher: %s\n", started.error().detail.c_str());
    return 1;
  }

  const std::uint16_t port = server->port();
  if (!options.port_file.empty() && !WritePortFile(options.port_file, port)) {
    std::fprintf(stderr, "ordo serve: cannot write --port-file %s\n", options.port_file.c_str());
    return 1;
  }
  std::printf("ordo listening on http://%s:%u (%s, %d threads)\n", listen->host.c_str(), port,
              store->BackendName().c_str(), threads);
  std::fflush(stdout);
  std::unique_ptr<service::CustomerResolver> resolver;
  if (services->customers) {
    resolver = std::make_unique<service::CustomerResolver>(*services->customers, std::chrono::milliseconds(200));
    resolver->Start();
  }
  // Order rules run in the sourcing worker, before each paid order is sourced.
  services->sourcing.SetGate(&services->rule_runtime);
  std::shared_ptr<service::SourcingWorker> sourcing;
  if (options.sourcing_idle_ms > 0) {
    sourcing = std::make_shared<service::SourcingWorker>(services->sourcing,
                                                         std::chrono::milliseconds(options.sourcing_idle_ms));
  }
  std::shared_ptr<service::RuleWorker> rule_worker;
  if (options.rules_idle_ms > 0) {
    rule_worker = std::make_shared<service::RuleWorker>(services->rule_runtime,
                                                        std::chrono::milliseconds(options.rules_idle_ms));
  }
  // Weak: a stock change still queued on the pool at shutdown finds the workers gone.
  services->inventory.SetStockChangedHook([sourcing_worker = std::weak_ptr(sourcing),
                                           rules_worker = std::weak_ptr(rule_worker)] {
    if (auto alive = sourcing_worker.lock()) alive->Wake();
    if (auto alive = rules_worker.lock()) alive->Wake();
  });
  if (sourcing) sourcing->Start();
  if (rule_worker) rule_worker->Start();
  std::unique_ptr<service::RetentionScheduler> retention = MakeRetentionScheduler(options, *store);
  if (retention) retention->Start();
  std::unique_ptr<service::QualityRunScheduler> quality_runs = MakeQualityScheduler(options, services->quality_metrics);
  if (quality_runs) quality_runs->Start();

  server->Run();  // returns after SIGTERM/SIGINT once in-flight requests are answered

  // Shutdown order: nothing new is sent out, then the use cases' blocking work drains, then the
  // store commits what is queued and joins its threads, and only then the I/O context goes
  // (late store callbacks may still post to it).
  if (resolver) resolver->Stop();  // joins: the batch in progress commits first
  resolver.reset();
  if (sourcing) sourcing->Stop();  // joins: the order in progress commits first
  sourcing.reset();
  if (rule_worker) rule_worker->Stop();  // joins: the subject in progress commits first
  rule_worker.reset();
  if (retention) retention->Stop();  // joins: a run in progress completes first
  retention.reset();
  if (quality_runs) quality_runs->Stop();
  quality_runs.reset();
  dispatcher->Stop();
  dispatcher.reset();
  services.reset();
  store.reset();
  server.reset();
  std::printf("ordo stopped\n");
  return 0;
}

}  // namespace ordo::app
