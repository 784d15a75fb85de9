#include "app/import_progress.hpp"

#include <algorithm>
#include <cmath>

namespace ordo::app {

std::string WithThousands(std::uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string grouped;
  grouped.reserve(digits.size() + digits.size() / 3);
  for (std::size_t digit_idx = 0; digit_idx < digits.size(); ++digit_idx) {
    if (digit_idx > 0 && (digits.size() - digit_idx) % 3 == 0) grouped += ',';
    grouped += digits[digit_idx];
  }
  return grouped;
}

std::string Duration(double seconds) {
  const auto total = static_cast<long long>(std::llround(std::max(0.0, seconds)));
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld", total / 60, total % 60);
  }
  return text;
}

std::string ProgressBarText(const service::ImportProgress& progress, const ProgressFigures& figures, int width) {
  std::string text = "[";
  const int filled = figures.fraction < 0 ? 0 : static_cast<int>(std::lround(figures.fraction * width));
  text.append(static_cast<std::size_t>(std::clamp(filled, 0, width)), '#');
  text.append(static_cast<std::size_t>(width - std::clamp(filled, 0, width)), '.');
  text += "] ";
  char figures_text[160];
  std::snprintf(figures_text, sizeof figures_text, "%3d%%  %s rows  %s rows/s  ETA %s  ",
                figures.fraction < 0 ? 0 : static_cast<int>(figures.fraction * 100),
                WithThousands(progress.counts.rows_read).c_str(),
                WithThousands(static_cast<std::uint64_t>(figures.rows_per_second)).c_str(),
                figures.eta_seconds < 0 ? "--:--" : Duration(figures.eta_seconds).c_str());
  return text + figures_text + progress.file;
}

std::string ProgressLineText(const service::ImportProgress& progress, const ProgressFigures& figures) {
  const service::ImportCounts& counts = progress.counts;
  std::string text = "ordo import: " + progress.file;
  if (figures.fraction >= 0) text += " " + std::to_string(static_cast<int>(figures.fraction * 100)) + "%";
  text += " rows=" + std::to_string(counts.rows_read) + " imported=" + std::to_string(counts.created + counts.updated) +
          " duplicates=" + std::to_string(counts.duplicates) + " quarantined=" + std::to_string(counts.quarantined) +
          " rejected=" + std::to_string(counts.rejected) +
          " rate=" + std::to_string(static_cast<std::uint64_t>(figures.rows_per_second)) + "/s";
  if (figures.eta_seconds >= 0) text += " eta=" + std::to_string(static_cast<long long>(std::ceil(figures.eta_seconds))) + "s";
  return text;
}

ImportProgressReporter::ImportProgressReporter(std::FILE* out, bool terminal, std::chrono::milliseconds interval)
    : out_(out), terminal_(terminal), interval_(interval) {}

ProgressFigures ImportProgressReporter::Figures(const service::ImportProgress& progress) {
  const Clock::time_point now = Clock::now();
  if (progress.file != file_) {
    file_ = progress.file;
    file_first_done_ = progress.done;
    file_first_at_ = now;
  }
  ProgressFigures figures;
  figures.fraction = progress.total > 0 ? std::min(1.0, static_cast<double>(progress.done) / progress.total) : -1;
  const double elapsed = std::chrono::duration<double>(now - started_).count();
  if (elapsed > 0) figures.rows_per_second = static_cast<double>(progress.counts.rows_read) / elapsed;
  const double file_elapsed = std::chrono::duration<double>(now - file_first_at_).count();
  if (progress.total > 0 && progress.done > file_first_done_ && file_elapsed > 0) {
    const double per_second = static_cast<double>(progress.done - file_first_done_) / file_elapsed;
    figures.eta_seconds = static_cast<double>(progress.total - std::min(progress.total, progress.done)) / per_second;
  }
  return figures;
}

void ImportProgressReporter::Report(const service::ImportProgress& progress) {
  const ProgressFigures figures = Figures(progress);
  const Clock::time_point now = Clock::now();
  const auto gap = terminal_ ? std::chrono::milliseconds(100) : interval_;
  if (shown_ && now - last_shown_ < gap) return;
  shown_ = true;
  last_shown_ = now;
  if (terminal_) {
    // \r back to the start, \x1b[K clears what a longer previous bar left behind.
    std::fprintf(out_, "\r%s\x1b[K", ProgressBarText(progress, figures, 30).c_str());
    bar_open_ = true;
  } else {
    std::fprintf(out_, "%s\n", ProgressLineText(progress, figures).c_str());
  }
  std::fflush(out_);
}

void ImportProgressReporter::Finish() {
  if (bar_open_) std::fprintf(out_, "\n");
  bar_open_ = false;
  std::fflush(out_);
}

}  // namespace ordo::app
