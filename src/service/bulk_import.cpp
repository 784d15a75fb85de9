#include "service/bulk_import.hpp"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <map>

#include "channels/csv_orders.hpp"
#include "service/entry_review.hpp"
#include "service/json_lines_reader.hpp"

namespace ordo::service {

// One batch on its way: the items for the store, what the reject file and the checkpoint need
// once the store answered, and where the file stands after it.
struct BulkImport::Batch {
  std::vector<store::IngestItem> items;
  std::vector<std::uint64_t> item_rows;  // each item's line (JSON lines) or 0 (CSV)
  std::vector<RejectedRow> rejects;      // rows refused before the store
  ImportCounts counts;                   // rows_read and rejected so far
  std::uint64_t offset = 0;
  std::uint64_t line = 1;
  std::uint64_t orders_done = 0;
  std::uint64_t progress_done = 0;
};

// Keeps up to `batches_in_flight` batches in the store; completes them in order (the store may
// finish a later one first on PostgreSQL's several writers): counts, reject file, checkpoint,
// progress.
class BulkImport::Pipeline {
 public:
  Pipeline(BulkImport& owner, ImportCheckpoint& checkpoint, std::string checkpoint_path, ImportProgress progress)
      : owner_(owner), checkpoint_(checkpoint), checkpoint_path_(std::move(checkpoint_path)),
        progress_(std::move(progress)) {}

  core::Status Submit(Batch batch) {
    auto promise = std::make_shared<std::promise<std::vector<core::Result<store::IngestOutcome>>>>();
    InFlight flight;
    flight.results = promise->get_future();
    flight.quarantine.reserve(batch.items.size());
    flight.external_ids.reserve(batch.items.size());
    for (const store::IngestItem& item : batch.items) {
      flight.quarantine.push_back(item.review && item.review->quarantine);
      flight.external_ids.push_back(item.order.external_id);
    }
    std::vector<store::IngestItem> items = std::move(batch.items);
    flight.batch = std::move(batch);
    if (items.empty()) {
      promise->set_value({});
    } else {
      owner_.store_.Ingest(std::move(items), [promise](std::vector<core::Result<store::IngestOutcome>> results) {
        promise->set_value(std::move(results));
      });
    }
    queue_.push_back(std::move(flight));
    while (queue_.size() > std::max<std::size_t>(1, owner_.options_.batches_in_flight)) ORDO_TRY(CompleteOldest());
    return core::Ok();
  }

  void SetTotal(std::uint64_t total, bool in_rows) {
    progress_.total = total;
    progress_.in_rows = in_rows;
  }

  core::Status Drain() {
    while (!queue_.empty()) ORDO_TRY(CompleteOldest());
    return core::Ok();
  }

 private:
  struct InFlight {
    Batch batch;
    std::vector<bool> quarantine;
    std::vector<std::string> external_ids;
    std::future<std::vector<core::Result<store::IngestOutcome>>> results;
  };

  core::Status CompleteOldest() {
    InFlight flight = std::move(queue_.front());
    queue_.pop_front();
    std::vector<core::Result<store::IngestOutcome>> results = flight.results.get();
    Batch& batch = flight.batch;
    ImportCounts counts = batch.counts;
    for (std::size_t item_idx = 0; item_idx < results.size(); ++item_idx) {
      core::Result<store::IngestOutcome>& result = results[item_idx];
      if (!result) {
        // The store being unreachable stops the import (the checkpoint stays before this batch);
        // an error of one order is that row's rejection.
        if (result.error().code == core::ErrorCode::kUnavailable) {
          return core::MakeError(core::ErrorCode::kUnavailable, "the store failed: " + result.error().detail);
        }
        RejectedRow row{.file = progress_.file, .csv_row = progress_.in_rows, .number = batch.item_rows[item_idx],
                        .external_id = flight.external_ids[item_idx], .errors = {}};
        row.errors.push_back({"", "store_refused", result.error().detail, "", ""});
        batch.rejects.push_back(std::move(row));
        ++counts.rejected;
        continue;
      }
      switch (result->kind) {
        case store::IngestKind::kCreated: ++counts.created; break;
        case store::IngestKind::kUpdated: ++counts.updated; break;
        case store::IngestKind::kUnchanged: ++counts.duplicates; break;
      }
      if (result->kind != store::IngestKind::kUnchanged && flight.quarantine[item_idx]) ++counts.quarantined;
    }
    // The reject file reads in file order; rows refused by the store join the mapped ones. (CSV
    // orders refused after mapping have no single row: they stay in order of first appearance.)
    const bool numbered = std::all_of(batch.rejects.begin(), batch.rejects.end(),
                                      [](const RejectedRow& row) { return row.number > 0; });
    if (numbered) std::stable_sort(batch.rejects.begin(), batch.rejects.end(),
                     [](const RejectedRow& a, const RejectedRow& b) { return a.number < b.number; });
    std::string lines;
    for (const RejectedRow& row : batch.rejects) lines += RejectLine(row);
    ORDO_TRY(owner_.rejects_.Append(lines));

    checkpoint_.offset = batch.offset;
    checkpoint_.line = batch.line;
    checkpoint_.orders_done = batch.orders_done;
    checkpoint_.reject_bytes = owner_.rejects_.bytes();
    checkpoint_.counts += counts;
    ORDO_TRY(SaveCheckpoint(checkpoint_path_, checkpoint_));
    owner_.report_.counts += counts;

    progress_.done = batch.progress_done;
    progress_.counts = owner_.report_.counts;
    if (owner_.progress_) owner_.progress_(progress_);
    return core::Ok();
  }

  BulkImport& owner_;
  ImportCheckpoint& checkpoint_;
  std::string checkpoint_path_;
  ImportProgress progress_;
  std::deque<InFlight> queue_;
};

namespace {

std::string DisplayName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

std::string AbsolutePath(const std::string& path) {
  std::error_code error;
  const auto absolute = std::filesystem::absolute(path, error);
  return error ? path : absolute.lexically_normal().string();
}

std::uint64_t FileSize(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? 0 : static_cast<std::uint64_t>(size);
}

}  // namespace

BulkImport::BulkImport(store::Store& store, const core::Clock& clock, EntryRulesPtr rules, BulkImportOptions options,
                       RejectLog& rejects, ProgressFn progress, const std::atomic<bool>& stop)
    : store_(store), clock_(clock), rules_(std::move(rules)), options_(std::move(options)), rejects_(rejects),
      progress_(std::move(progress)), stop_(stop) {}

std::string ImportCheckpointPath(const BulkImportOptions& options, const std::string& path) {
  const std::filesystem::path input(AbsolutePath(path));
  const std::filesystem::path dir = options.checkpoint_dir.empty() ? input.parent_path()
                                                                    : std::filesystem::path(options.checkpoint_dir);
  return (dir / (input.filename().string() + ".ordo-import")).string();
}

namespace {

// The checkpoint of `path` if it belongs to this import (same database, channel, file, and the
// file has not shrunk), else a fresh one.
ImportCheckpoint CheckpointFor(const std::string& checkpoint_path, const std::string& path, const std::string& db_hash,
                               std::string_view channel, bool restart, bool& resumed) {
  ImportCheckpoint fresh{.db_hash = db_hash, .channel = std::string(channel), .file = AbsolutePath(path)};
  fresh.file_size = FileSize(path);
  resumed = false;
  if (restart) return fresh;
  std::optional<ImportCheckpoint> saved = LoadCheckpoint(checkpoint_path);
  if (!saved || saved->db_hash != fresh.db_hash || saved->channel != fresh.channel || saved->file != fresh.file ||
      fresh.file_size < saved->file_size) {
    return fresh;
  }
  resumed = true;
  saved->file_size = fresh.file_size;
  return *saved;
}

}  // namespace

std::uint64_t ResumeRejectBytes(const BulkImportOptions& options, const std::vector<std::string>& files) {
  std::uint64_t bytes = 0;
  const std::string db_hash = ImportDatabaseHash(options.db_url);
  for (const std::string& file : files) {
    bool resumed = false;
    const ImportCheckpoint checkpoint = CheckpointFor(ImportCheckpointPath(options, file), file, db_hash,
                                                      ImportSourceName(options.source), options.restart, resumed);
    if (resumed) bytes = checkpoint.reject_bytes;
  }
  return bytes;
}

core::Result<ImportReport> BulkImport::Run(const std::vector<std::string>& files) {
  report_ = {};
  const std::string db_hash = ImportDatabaseHash(options_.db_url);
  std::vector<std::string> checkpoint_paths;
  for (const std::string& file : files) {
    const std::string checkpoint_path = ImportCheckpointPath(options_, file);
    checkpoint_paths.push_back(checkpoint_path);
    bool resumed = false;
    ImportCheckpoint checkpoint = CheckpointFor(checkpoint_path, file, db_hash, ImportSourceName(options_.source),
                                                options_.restart, resumed);
    if (resumed) {
      ++report_.resumed_files;
      report_.earlier += checkpoint.counts;
      if (checkpoint.done) continue;
    }
    ImportProgress progress{.file = DisplayName(file)};
    Pipeline pipeline(*this, checkpoint, checkpoint_path, progress);
    const core::Status imported = IsCsvSource(options_.source) ? ImportCsv(file, checkpoint, pipeline)
                                                                : ImportJsonLines(file, checkpoint, pipeline);
    // Whatever happened, what was queued is completed and checkpointed before returning.
    const core::Status drained = pipeline.Drain();
    if (!imported) {
      core::Error error = imported.error();
      error.detail = file + ": " + error.detail;
      return error;
    }
    ORDO_TRY(drained);
    if (stop_.load()) {
      report_.interrupted = true;
      return report_;
    }
    checkpoint.done = true;
    ORDO_TRY(SaveCheckpoint(checkpoint_path, checkpoint));
  }
  for (const std::string& checkpoint_path : checkpoint_paths) RemoveCheckpoint(checkpoint_path);
  return report_;
}

core::Status BulkImport::ImportJsonLines(const std::string& path, ImportCheckpoint& checkpoint, Pipeline& pipeline) {
  auto reader = JsonLinesReader::Open(path, checkpoint.offset, checkpoint.line);
  if (!reader) return std::move(reader).error();
  const std::string file = DisplayName(path);
  const core::UnixMillis now = clock_.Now();
  pipeline.SetTotal(reader->size(), false);
  Batch batch;  // starts where the checkpoint stands, so an empty batch does not move it back
  batch.offset = checkpoint.offset;
  batch.line = checkpoint.line;
  batch.progress_done = checkpoint.offset;
  JsonLine line;
  while (!stop_.load(std::memory_order_relaxed) && reader->Next(line)) {
    ++batch.counts.rows_read;
    batch.offset = line.end_offset;
    batch.line = line.number + 1;
    batch.progress_done = line.end_offset;
    core::Result<order::Order> mapped = MapJsonRow(options_.source, line.text, now);
    core::Result<store::EntryReview> review = core::MakeError(core::ErrorCode::kInternal, "unset");
    if (mapped) review = ReviewEntry(*mapped, *rules_);
    if (!mapped || !review) {
      core::Error error = mapped ? std::move(review).error() : std::move(mapped).error();
      if (error.fields.empty()) error.fields.push_back({"", "malformed", error.detail, "", ""});
      batch.rejects.push_back({file, false, line.number, mapped ? mapped->external_id : std::string(),
                               std::move(error.fields)});
      ++batch.counts.rejected;
    } else {
      store::IngestItem item;
      item.order = std::move(mapped).value();
      item.review = std::move(review).value();
      item.actor = options_.actor;
      batch.items.push_back(std::move(item));
      batch.item_rows.push_back(line.number);
    }
    if (batch.items.size() + batch.rejects.size() >= options_.batch_rows) {
      Batch next;
      next.offset = batch.offset;
      next.line = batch.line;
      next.progress_done = batch.progress_done;
      ORDO_TRY(pipeline.Submit(std::exchange(batch, std::move(next))));
    }
  }
  if (reader->failed()) return core::MakeError(core::ErrorCode::kUnavailable, "reading the file failed");
  // The last (or, after Ctrl-C, the partial) batch: what was mapped is committed.
  return pipeline.Submit(std::move(batch));
}

core::Status BulkImport::ImportCsv(const std::string& path, ImportCheckpoint& checkpoint, Pipeline& pipeline) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::MakeError(core::ErrorCode::kNotFound, "cannot open the file");
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // The whole file is mapped at once: the adapter groups rows into orders wherever in the file
  // they are. On a resume the committed orders (the first orders_done) are skipped.
  core::Result<channels::CsvImport> mapped = channels::MapCsvOrders(bytes, options_.profile, clock_.Now());
  if (!mapped) return std::move(mapped).error();
  const std::string file = DisplayName(path);
  Batch batch;
  batch.orders_done = checkpoint.orders_done;
  if (checkpoint.orders_done == 0) {
    // The adapter's refusals, one reject line per row, go with the first batch.
    std::map<std::size_t, RejectedRow> by_row;
    for (const channels::CsvRejection& rejection : mapped->rejections) {
      RejectedRow& row = by_row[rejection.row];
      row.file = file;
      row.csv_row = true;
      row.number = rejection.row;
      if (row.external_id.empty()) row.external_id = rejection.external_id;
      row.errors.push_back({rejection.column, rejection.code, rejection.message, "", ""});
    }
    for (auto& [row_number, row] : by_row) batch.rejects.push_back(std::move(row));
    batch.counts.rows_read += by_row.size();
    batch.counts.rejected += by_row.size();
    batch.progress_done = by_row.size();
  } else {
    batch.progress_done = checkpoint.counts.rows_read;
  }
  pipeline.SetTotal(mapped->rows, true);
  for (std::size_t order_idx = checkpoint.orders_done; order_idx < mapped->orders.size(); ++order_idx) {
    if (stop_.load(std::memory_order_relaxed)) break;
    order::Order& order = mapped->orders[order_idx].order;
    const std::uint64_t rows = std::max<std::size_t>(1, order.lines.size());  // one row per line
    batch.counts.rows_read += rows;
    batch.progress_done += rows;
    batch.orders_done = order_idx + 1;
    core::Result<store::EntryReview> review = ReviewEntry(order, *rules_);
    if (!review) {
      batch.rejects.push_back({file, true, 0, order.external_id, std::move(review).error().fields});
      ++batch.counts.rejected;
    } else {
      store::IngestItem item;
      item.order = std::move(order);
      item.review = std::move(review).value();
      item.actor = options_.actor;
      batch.items.push_back(std::move(item));
      batch.item_rows.push_back(0);
    }
    if (batch.items.size() + batch.rejects.size() >= options_.batch_rows) {
      Batch next;
      next.orders_done = batch.orders_done;
      next.progress_done = batch.progress_done;
      ORDO_TRY(pipeline.Submit(std::exchange(batch, std::move(next))));
    }
  }
  return pipeline.Submit(std::move(batch));
}

}  // namespace ordo::service
