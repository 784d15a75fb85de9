// `ordo quality profile`: the profiler of service/quality_profiler.hpp over a database, as a
// report. The figures are the same the API's summary gives for the whole period (after a run).
#include "app/quality_profile_command.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "core/json.hpp"
#include "quality/metrics_summary.hpp"
#include "service/quality_profiler.hpp"

namespace ordo::app {
namespace {

std::string Percent(const std::optional<double>& score) {
  if (!score) return "-";
  char text[16];
  std::snprintf(text, sizeof text, "%.2f", std::round(*score * 100.0) / 100.0);
  return text;
}

std::string Pad(std::string_view text, std::size_t width, bool right = false) {
  // Widths count bytes: the report's words are ASCII.
  std::string out(text);
  if (out.size() < width) out.insert(right ? out.begin() : out.end(), width - out.size(), ' ');
  return out;
}

void WriteScoreJson(core::JsonWriter& writer, std::string_view key, const std::optional<double>& score) {
  core::WriteKey(writer, key);
  if (score) {
    writer.Double(std::round(*score * 100.0) / 100.0);
  } else {
    writer.Null();
  }
}

void WriteDimensionsJson(core::JsonWriter& writer, const std::vector<quality::DimensionScore>& dimensions) {
  core::WriteKey(writer, "dimensions");
  writer.StartArray();
  for (const quality::DimensionScore& score : dimensions) {
    writer.StartObject();
    core::WriteKey(writer, "dimension");
    core::WriteString(writer, quality::DimensionName(score.dimension));
    core::WriteKey(writer, "checks");
    writer.Int64(score.counts.checks);
    core::WriteKey(writer, "failed");
    writer.Int64(score.counts.failed());
    WriteScoreJson(writer, "score", score.score);
    WriteScoreJson(writer, "threshold", score.threshold);
    core::WriteKey(writer, "below_threshold");
    writer.Bool(score.below_threshold);
    writer.EndObject();
  }
  writer.EndArray();
}

struct Report {
  std::string db_url;
  const service::QualityProfile& profile;
  const quality::QualitySummary& summary;
  double seconds = 0;
  const std::optional<store::QualityRunOutcome>& saved;
  int top = 10;
};

std::string ReportJson(const Report& report) {
  const quality::QualitySummary& summary = report.summary;
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "orders");
  writer.Int64(report.profile.orders);
  core::WriteKey(writer, "from");
  core::WriteString(writer, summary.range.from);
  core::WriteKey(writer, "to");
  core::WriteString(writer, summary.range.to);
  core::WriteKey(writer, "checks");
  writer.Int64(report.profile.checks);
  core::WriteKey(writer, "failed_checks");
  writer.Int64(report.profile.failed_checks);
  WriteDimensionsJson(writer, summary.dimensions);
  core::WriteKey(writer, "by_channel");
  writer.StartArray();
  for (const quality::ChannelScores& channel : summary.by_channel) {
    writer.StartObject();
    core::WriteKey(writer, "channel");
    core::WriteString(writer, channel.channel);
    core::WriteKey(writer, "orders");
    writer.Int64(channel.orders);
    WriteDimensionsJson(writer, channel.dimensions);
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "top_failing_checks");
  writer.StartArray();
  int listed = 0;
  for (const quality::CheckScore& check : summary.by_check) {
    if (check.counts.failed() == 0 || listed++ >= report.top) break;
    const quality::CheckInfo& info = quality::InfoOf(check.check);
    writer.StartObject();
    core::WriteKey(writer, "check");
    core::WriteString(writer, info.name);
    core::WriteKey(writer, "dimension");
    core::WriteString(writer, quality::DimensionName(info.dimension));
    core::WriteKey(writer, "field");
    core::WriteString(writer, info.field);
    core::WriteKey(writer, "checks");
    writer.Int64(check.counts.checks);
    core::WriteKey(writer, "failed");
    writer.Int64(check.counts.failed());
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "saved_run");
  if (report.saved) {
    writer.StartObject();
    core::WriteKey(writer, "id");
    writer.Int64(report.saved->run.id);
    core::WriteKey(writer, "tickets_raised");
    writer.Int64(static_cast<std::int64_t>(report.saved->raised.size()));
    writer.EndObject();
  } else {
    writer.Null();
  }
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

void WriteHumanReport(std::ostream& out, const Report& report) {
  const quality::QualitySummary& summary = report.summary;
  out << "Quality profile of " << report.db_url << ": " << report.profile.orders << " orders";
  if (report.profile.orders > 0) out << " received " << summary.range.from << " … " << summary.range.to;
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", report.seconds);
  out << ", " << report.profile.checks << " checks (" << report.profile.failed_checks << " failed) in " << seconds
      << " s\n\n";

  out << Pad("dimension", 14) << Pad("score", 9, true) << Pad("threshold", 11, true) << Pad("checks", 10, true)
      << Pad("failed", 9, true) << "\n";
  for (const quality::DimensionScore& score : summary.dimensions) {
    out << Pad(quality::DimensionName(score.dimension), 14) << Pad(Percent(score.score), 9, true)
        << Pad(Percent(score.threshold), 11, true) << Pad(std::to_string(score.counts.checks), 10, true)
        << Pad(std::to_string(score.counts.failed()), 9, true) << (score.below_threshold ? "   below threshold" : "")
        << "\n";
  }

  if (!summary.by_channel.empty()) {
    out << "\n" << Pad("by channel", 14) << Pad("orders", 8, true);
    for (quality::Dimension dimension : quality::kAllDimensions) {
      out << Pad(quality::DimensionName(dimension).substr(0, 11), 13, true);
    }
    out << "\n";
    for (const quality::ChannelScores& channel : summary.by_channel) {
      out << Pad(channel.channel, 14) << Pad(std::to_string(channel.orders), 8, true);
      for (const quality::DimensionScore& score : channel.dimensions) out << Pad(Percent(score.score), 13, true);
      out << "\n";
    }
  }

  out << "\ntop failing checks\n";
  int listed = 0;
  for (const quality::CheckScore& check : summary.by_check) {
    if (check.counts.failed() == 0 || listed++ >= report.top) break;
    const quality::CheckInfo& info = quality::InfoOf(check.check);
    char share[32];
    std::snprintf(share, sizeof share, "%.2f %%", 100.0 * static_cast<double>(check.counts.failed()) /
                                                      static_cast<double>(check.counts.checks));
    out << "  " << Pad(quality::DimensionName(info.dimension), 13) << Pad(info.name, 22)
        << Pad(std::to_string(check.counts.failed()), 7, true) << " of " << Pad(std::to_string(check.counts.checks), 7)
        << " (" << share << ")\n";
  }
  if (listed == 0) out << "  none\n";
  if (report.saved) {
    out << "\nsaved as quality run " << report.saved->run.id << ": " << report.saved->raised.size()
        << " new tickets\n";
  }
}

}  // namespace

int RunQualityProfileCommand(const QualityProfileOptions& options, std::ostream& out, std::ostream& err) {
  service::ProfileOptions profile_options;
  for (const std::string& threshold : options.thresholds) {
    if (core::Status applied = quality::ApplyThresholdArgument(profile_options.config, threshold); !applied) {
      err << "ordo quality profile: --threshold " << threshold << ": " << applied.error().detail << "\n";
      return 2;
    }
  }
  const core::SystemClock clock;
  auto opened = OpenOrderStore(options.db_url, clock, options.pii_key);
  if (!opened) {
    err << "ordo quality profile: " << opened.error().detail << "\n";
    return ExitCodeFor(opened.error());
  }
  store::Store& db = *opened->store;
  profile_options.now = clock.Now();

  const auto started = std::chrono::steady_clock::now();
  service::QualityProfile profile;
  std::optional<store::QualityRunOutcome> saved;
  if (options.save) {
    core::Result<store::QualityRunRecord> begun = db.Quality().BeginQualityRun("cli");
    if (!begun) {
      err << "ordo quality profile: " << begun.error().detail << "\n";
      return 1;
    }
    core::Result<store::QualityRunOutcome> run =
        service::CompleteQualityRun(db.Quality(), *begun, profile_options, &profile);
    if (!run) {
      err << "ordo quality profile: " << run.error().detail << "\n";
      return 1;
    }
    saved = std::move(run).value();
  } else {
    core::Result<service::QualityProfile> scanned = service::ProfileOrders(db.Quality(), profile_options, nullptr);
    if (!scanned) {
      err << "ordo quality profile: " << scanned.error().detail << "\n";
      return 1;
    }
    profile = std::move(scanned).value();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const std::vector<quality::TallyGroup> groups = profile.tally.Groups();
  const std::vector<quality::QualityCountRow> rows = quality::CountRows(groups);
  quality::DayRange range;
  const std::vector<std::string> days = profile.tally.Days();
  if (!days.empty()) range = {days.front(), days.back()};
  const quality::QualitySummary summary = quality::Summarize(rows, range, profile_options.config);
  const Report report{options.db_url, profile, summary, seconds, saved, options.top};
  if (options.json) {
    out << ReportJson(report) << "\n";
  } else {
    WriteHumanReport(out, report);
  }
  return 0;
}

}  // namespace ordo::app
