#pragma once
// What `ordo import` shows while it runs, on stderr. On a terminal: one bar redrawn in place
// (carriage return, at most 10 times a second) with rows done, rows/s and the ETA of the current
// file; otherwise (a log, a pipe, CI) a plain line every `interval` seconds, and never a
// carriage return. The formatting functions are pure (tested); ImportProgressReporter owns the
// clock and the stream. Not thread-safe: the import calls it from one thread.
#include <chrono>
#include <cstdio>
#include <string>

#include "service/bulk_import.hpp"

namespace ordo::app {

struct ProgressFigures {
  double fraction = 0;        // 0..1 of the current file, or < 0 when unknown
  double rows_per_second = 0; // this run
  double eta_seconds = -1;    // the current file; < 0 when unknown
};

// "[#########...........]  45%  120,000 rows  52,311 rows/s  ETA 0:03  orders.jsonl" (no newline).
std::string ProgressBarText(const service::ImportProgress& progress, const ProgressFigures& figures, int width);
// "ordo import: orders.jsonl 45% rows=120000 imported=119000 duplicates=0 rejected=1000 rate=52311/s eta=3s"
std::string ProgressLineText(const service::ImportProgress& progress, const ProgressFigures& figures);
// "12,345" (thousands separated by commas).
std::string WithThousands(std::uint64_t value);
// "1:05", "1:02:03".
std::string Duration(double seconds);

class ImportProgressReporter {
 public:
  // `out` (stderr) is not owned. `terminal`: draw the bar; else lines every `interval`.
  ImportProgressReporter(std::FILE* out, bool terminal, std::chrono::milliseconds interval);
  void Report(const service::ImportProgress& progress);
  // Ends the bar's line (terminal) so the summary starts on its own line.
  void Finish();

 private:
  using Clock = std::chrono::steady_clock;
  ProgressFigures Figures(const service::ImportProgress& progress);

  std::FILE* out_;
  bool terminal_;
  std::chrono::milliseconds interval_;
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_shown_{};
  bool shown_ = false;
  bool bar_open_ = false;
  // The current file's first report: its ETA comes from the rate since then.
  std::string file_;
  std::uint64_t file_first_done_ = 0;
  Clock::time_point file_first_at_{};
};

}  // namespace ordo::app
