#pragma once
// `ordo import --db <url> --channel <c> [--profile-file F] [--reject-file F] FILE…`
// (service/bulk_import.hpp does the work; this file is the command: options, the store, the
// entry rules in force, Ctrl-C, progress and the summary).
#include <cstddef>
#include <string>
#include <vector>

#include "app/pii_key.hpp"

namespace ordo::app {

struct ImportOptions {
  PiiKeyOptions pii_key;
  std::string db_url = "sqlite:var/ordo.db";
  std::string channel;             // shopify, woocommerce, taobao, jd, douyin, api, pos_csv
  std::string profile_name;        // pos_csv: the CSV profile saved with the connection of this name
  std::string profile_file;        // a CSV profile JSON (channels/csv_profile.hpp)
  std::string reject_file;         // "" = <first file>.rejects.jsonl
  std::string checkpoint_dir;      // "" = beside each file
  bool restart = false;            // ignore checkpoints of an earlier, interrupted run
  std::size_t batch_rows = 4000;
  double progress_interval_seconds = 5;  // plain progress lines when stderr is not a terminal
  std::vector<std::string> files;
};

// The exit code: 0 done (rejected rows are listed, not failures), 1 the import failed (store,
// unreadable file), 2 usage (unknown channel, bad profile, --profile), 130 interrupted (rerun
// the same command to resume).
int RunImport(const ImportOptions& options);

}  // namespace ordo::app
