#include "app/import_command.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "app/import_progress.hpp"
#include "channels/csv_profile.hpp"
#include "channels/channel_order.hpp"
#include "store/channel_store.hpp"
#include "service/blocking_pool.hpp"
#include "service/bulk_import.hpp"
#include "service/quality_rules.hpp"

namespace ordo::app {
namespace {

// Set by SIGINT/SIGTERM: the import stops after the row it is on, commits what it mapped and
// saves its checkpoint. A second signal ends the process at once (the checkpoint makes that
// safe as well).
std::atomic<bool> g_stop{false};

extern "C" void OnStopSignal(int signal_number) {
  if (g_stop.exchange(true)) {
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
  }
}

int Usage(const std::string& message) {
  std::fprintf(stderr, "ordo import: %s\n", message.c_str());
  return 2;
}

// `origin` names where the JSON came from in the error ("--profile-file x.json", "connection pos_csv/x").
core::Result<channels::CsvProfile> ParseProfile(const std::string& json, const std::string& origin) {
  core::Result<channels::CsvProfile> profile = channels::ParseCsvProfile(json);
  if (!profile) {
    core::Error error = std::move(profile).error();
    std::string where = error.fields.empty() ? "" : " at " + error.fields.front().field + " (" + error.fields.front().code + ")";
    error.detail = origin + ": " + error.detail + where;
    return error;
  }
  return profile;
}

core::Result<channels::CsvProfile> LoadProfileFile(const ImportOptions& options) {
  if (options.profile_file.empty()) return channels::DefaultCsvProfile();
  std::ifstream in(options.profile_file, std::ios::binary);
  if (!in) return core::MakeError(core::ErrorCode::kNotFound, "cannot read --profile-file " + options.profile_file);
  const std::string json{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return ParseProfile(json, "--profile-file " + options.profile_file);
}

// The CSV profile saved with a pos_csv channel connection (`ordo channel add --csv-profile`).
core::Result<channels::CsvProfile> LoadSavedProfile(store::Store& store, const std::string& name) {
  const std::string channel(channels::ChannelName(channels::Channel::kPosCsv));
  core::Result<store::ChannelConnectionRecord> connection = store.Channels().FindChannelConnection(channel, name);
  if (!connection) {
    if (connection.error().code != core::ErrorCode::kNotFound) return std::move(connection).error();
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "--profile " + name + ": no " + channel + " connection of that name (ordo channel add --channel " +
                               channel + " --name " + name + " --csv-profile FILE)");
  }
  if (connection->disabled) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "--profile " + name + ": the connection is disabled");
  }
  if (connection->csv_profile.empty()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "--profile " + name + ": the connection has no saved CSV profile");
  }
  return ParseProfile(connection->csv_profile, "connection " + channel + "/" + name);
}

void PrintSummary(const service::ImportReport& report, double seconds, const std::string& reject_file) {
  service::ImportCounts total = report.earlier;
  total += report.counts;
  const service::ImportCounts& run = report.counts;
  const double rate = seconds > 0 ? static_cast<double>(run.rows_read) / seconds : 0;
  std::printf("ordo import: %s\n", report.interrupted ? "interrupted; run the same command again to resume" : "done");
  std::printf("  rows read            %s\n", WithThousands(total.rows_read).c_str());
  std::printf("  imported             %s (%s new, %s updated)\n", WithThousands(total.created + total.updated).c_str(),
              WithThousands(total.created).c_str(), WithThousands(total.updated).c_str());
  std::printf("  duplicates skipped   %s\n", WithThousands(total.duplicates).c_str());
  std::printf("  quarantined          %s (stored on hold for data review)\n", WithThousands(total.quarantined).c_str());
  std::printf("  rejected             %s%s\n", WithThousands(total.rejected).c_str(),
              total.rejected > 0 ? ("  → " + reject_file).c_str() : "");
  std::printf("  this run             %s rows in %.1f s, %s rows/s\n", WithThousands(run.rows_read).c_str(), seconds,
              WithThousands(static_cast<std::uint64_t>(rate)).c_str());
  if (report.resumed_files > 0) {
    std::printf("  resumed              %s rows were committed by an earlier run\n",
                WithThousands(report.earlier.rows_read).c_str());
  }
}

}  // namespace

int RunImport(const ImportOptions& options) {
  const auto source = service::ParseImportSource(options.channel);
  if (!source) {
    return Usage("unknown --channel " + options.channel +
                 " (shopify, woocommerce, taobao, jd, douyin, api, pos_csv)");
  }
  if (!options.profile_name.empty() && !options.profile_file.empty()) {
    return Usage("give either --profile or --profile-file, not both");
  }
  if ((!options.profile_file.empty() || !options.profile_name.empty()) && !service::IsCsvSource(*source)) {
    return Usage("--profile and --profile-file are for --channel pos_csv");
  }
  if (options.files.empty()) return Usage("no input FILE given");
  if (options.batch_rows == 0) return Usage("--batch-rows must be at least 1");
  core::Result<channels::CsvProfile> profile = LoadProfileFile(options);
  if (!profile) return Usage(profile.error().detail);

  const core::SystemClock clock;
  // One group commit per import batch: the store takes a whole batch in one transaction.
  auto opened = OpenOrderStore(options.db_url, clock, options.pii_key, static_cast<int>(options.batch_rows));
  if (!opened) {
    std::fprintf(stderr, "ordo import: %s\n", opened.error().detail.c_str());
    return ExitCodeFor(opened.error());
  }
  if (!options.profile_name.empty()) {
    profile = LoadSavedProfile(*opened->store, options.profile_name);
    if (!profile) {
      std::fprintf(stderr, "ordo import: %s\n", profile.error().detail.c_str());
      return profile.error().code == core::ErrorCode::kInvalidArgument ? 2 : ExitCodeFor(profile.error());
    }
  }
  service::BlockingPool pool(1);
  service::QualityRules rules(*opened->store, clock, pool);
  if (core::Status loaded = rules.Load(); !loaded) {
    std::fprintf(stderr, "ordo import: cannot load the entry rules: %s\n", loaded.error().detail.c_str());
    return 1;
  }

  service::BulkImportOptions import_options;
  import_options.source = *source;
  import_options.profile = std::move(profile).value();
  import_options.db_url = options.db_url;
  import_options.checkpoint_dir = options.checkpoint_dir;
  import_options.restart = options.restart;
  import_options.batch_rows = options.batch_rows;
  const std::string reject_path = options.reject_file.empty() ? options.files.front() + ".rejects.jsonl"
                                                              : options.reject_file;

  const bool terminal = isatty(STDERR_FILENO) == 1;
  ImportProgressReporter reporter(stderr, terminal,
                                  std::chrono::milliseconds(static_cast<long>(options.progress_interval_seconds * 1000)));
  // The reject log keeps what the checkpoints of an earlier, interrupted run counted.
  auto rejects = service::RejectLog::Open(reject_path, service::ResumeRejectBytes(import_options, options.files));
  if (!rejects) {
    std::fprintf(stderr, "ordo import: %s\n", rejects.error().detail.c_str());
    return 1;
  }

  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  const auto started = std::chrono::steady_clock::now();
  service::BulkImport import(*opened->store, clock, rules.Current(), std::move(import_options), **rejects,
                             [&reporter](const service::ImportProgress& progress) { reporter.Report(progress); },
                             g_stop);
  core::Result<service::ImportReport> report = import.Run(options.files);
  reporter.Finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!report) {
    std::fprintf(stderr, "ordo import: %s\n", report.error().detail.c_str());
    std::fprintf(stderr, "ordo import: what was committed stays; fix the problem and run the same command again\n");
    return report.error().code == core::ErrorCode::kInvalidArgument || report.error().code == core::ErrorCode::kMalformed
               ? 2 : 1;
  }
  PrintSummary(*report, seconds, reject_path);
  std::fflush(stdout);
  return report->interrupted ? 130 : 0;
}

}  // namespace ordo::app
