#pragma once
// `ordo import`: files of native channel payloads (JSON lines) or POS CSV into the store, with
// the order intake's semantics — each order mapped by its channel's adapter, normalised and
// judged by the entry rules in force (ReviewEntry: reject, quarantine or accept), stored with
// its personal data encrypted, its timeline event, outbox row and audit entry — at bulk speed.
//
// How it goes fast: rows are mapped and judged on the calling thread in batches of
// `batch_rows`, and each batch goes to the store as one Ingest call while the next batch is
// being mapped (`batches_in_flight` at most), so the two cores work on different stages. The
// command opens the store with a group-commit batch as large as a batch here, so each batch is
// one transaction (one WAL sync) instead of one per ~30 orders.
//
// Resumable: after every batch the store acknowledged, the file's checkpoint
// (import_checkpoint.hpp) and the reject file move forward together; a rerun of the same
// command skips committed rows (seek for JSON lines; CSV is mapped again and the committed
// orders skipped), cuts the reject file back to what the checkpoint counted and goes on. Rows
// committed after the last checkpoint come back as duplicates: orders are idempotent by
// (channel, external_id).
//
// Not thread-safe; one import at a time per object. The store and the rules must outlive it.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "channels/csv_profile.hpp"
#include "core/actor.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "service/import_checkpoint.hpp"
#include "service/import_source.hpp"
#include "service/quality_rules.hpp"
#include "service/reject_log.hpp"
#include "store/store.hpp"

namespace ordo::service {

struct BulkImportOptions {
  ImportSource source = ImportSource::kApi;
  channels::CsvProfile profile = channels::DefaultCsvProfile();  // pos_csv only
  std::string db_url;                 // names the database in checkpoints (hashed)
  std::string checkpoint_dir;         // "" = beside each input file
  bool restart = false;               // ignore (and replace) existing checkpoints
  std::size_t batch_rows = 4000;      // orders per store call
  std::size_t batches_in_flight = 2;  // store calls queued before mapping waits
  core::Actor actor{"system", "import"};
};

// What the progress callback sees after every committed batch.
struct ImportProgress {
  std::string file;
  std::uint64_t done = 0;   // bytes of the file committed (JSON lines) or rows (CSV)
  std::uint64_t total = 0;  // file size (JSON lines) or data rows (CSV)
  bool in_rows = false;     // done/total count rows (CSV), not bytes
  ImportCounts counts;      // this run, all files so far
};

struct ImportReport {
  ImportCounts counts;          // this run
  ImportCounts earlier;         // committed by earlier, interrupted runs of the same files
  std::uint64_t resumed_files = 0;
  bool interrupted = false;     // stopped by the stop flag; rerun to go on
};

// The checkpoint file of input `path`: "<dir>/<file name>.ordo-import", dir = checkpoint_dir or
// the input's own directory.
std::string ImportCheckpointPath(const BulkImportOptions& options, const std::string& path);
// The reject file's length that the furthest checkpoint of `files` counts (0: nothing to resume):
// open the RejectLog with it before BulkImport::Run, so a killed run's extra lines are cut off.
std::uint64_t ResumeRejectBytes(const BulkImportOptions& options, const std::vector<std::string>& files);

class BulkImport {
 public:
  using ProgressFn = std::function<void(const ImportProgress&)>;
  // `rejects` receives every rejected row; `stop` is polled between rows (Ctrl-C).
  BulkImport(store::Store& store, const core::Clock& clock, EntryRulesPtr rules, BulkImportOptions options,
             RejectLog& rejects, ProgressFn progress, const std::atomic<bool>& stop);

  // Imports `files` in order. A file-level problem (unreadable, not CSV, a required column
  // missing) is returned as the error, naming the file; rows never are (they go to the
  // reject file). On success (not interrupted) every checkpoint is removed.
  core::Result<ImportReport> Run(const std::vector<std::string>& files);

 private:
  struct Batch;
  class Pipeline;
  core::Status ImportJsonLines(const std::string& path, ImportCheckpoint& checkpoint, Pipeline& pipeline);
  core::Status ImportCsv(const std::string& path, ImportCheckpoint& checkpoint, Pipeline& pipeline);

  store::Store& store_;
  const core::Clock& clock_;
  EntryRulesPtr rules_;
  BulkImportOptions options_;
  RejectLog& rejects_;
  ProgressFn progress_;
  const std::atomic<bool>& stop_;
  ImportReport report_;
};

}  // namespace ordo::service
