#pragma once
// `ordo quality profile --db <url> [--pii-key-file …|--dev-insecure-key] [--json] [--save]
//  [--threshold completeness=98 …] [--top N]`: profiles every order of an existing database
// (issue 4, item 5) and prints the scores per dimension (with threshold), per channel and the
// checks that fail most — as a report for people, or as one JSON object (--json). Read-only
// unless --save, which records the profile as a quality run (daily counts, failing records,
// tickets and their `quality.threshold_breached` events), exactly like POST /api/v1/quality/runs.
// docs/quality.md shows a report.
#include <iosfwd>
#include <string>
#include <vector>

#include "app/pii_key.hpp"

namespace ordo::app {

struct QualityProfileOptions {
  std::string db_url = "sqlite:var/ordo.db";
  PiiKeyOptions pii_key;
  bool json = false;
  bool save = false;
  std::vector<std::string> thresholds;  // "completeness=98"
  int top = 10;                         // failing checks listed
};

// Exit code: 0, 1 when the store fails, 2 for bad arguments or no usable key.
int RunQualityProfileCommand(const QualityProfileOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ordo::app
