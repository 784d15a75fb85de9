#pragma once
// Where a bulk import of one file stands, saved after every committed batch so that a rerun
// after Ctrl-C or kill -9 seeks straight to the first row not yet committed. Orders are
// idempotent by (channel, external_id) in the store, so a checkpoint that is behind (the batch
// committed, the process died before saving) only costs re-reading rows the store then reports
// as duplicates; it is never ahead, because it is saved after the store acknowledged the batch.
//
// Stored as a small JSON file beside the input ("<file>.ordo-import", or in --checkpoint-dir),
// replaced atomically (write + rename); removed when the file is done. It names the database
// by a hash of its URL (a URL may hold a password) and the file by its absolute path and size.
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"

namespace ordo::service {

struct ImportCounts {
  std::uint64_t rows_read = 0;    // data rows taken from the file (JSON lines, CSV rows)
  std::uint64_t created = 0;      // new orders
  std::uint64_t updated = 0;      // known orders whose content changed
  std::uint64_t duplicates = 0;   // known orders with the same content: nothing written
  std::uint64_t quarantined = 0;  // of created + updated: held for data review by the entry rules
  std::uint64_t rejected = 0;     // rows in the reject file
  ImportCounts& operator+=(const ImportCounts& other);
};

struct ImportCheckpoint {
  std::string db_hash;            // ImportDatabaseHash(url)
  std::string channel;
  std::string file;               // absolute path
  std::uint64_t file_size = 0;    // at the run that saved it; a smaller file now is another file
  std::uint64_t offset = 0;       // JSON lines: bytes committed (the next line starts here)
  std::uint64_t line = 1;         // JSON lines: the line number at `offset`
  std::uint64_t orders_done = 0;  // CSV: orders committed, in the order they first appear
  std::uint64_t reject_bytes = 0; // the reject file's length after the committed batches
  ImportCounts counts;            // so far, over every run of this file
  bool done = false;              // the whole file is committed (kept until the command succeeds)
};

std::string ImportDatabaseHash(const std::string& db_url);

std::string CheckpointToJson(const ImportCheckpoint& checkpoint);
std::optional<ImportCheckpoint> CheckpointFromJson(const std::string& json);

// nullopt when there is no checkpoint file (or it is unreadable: the import starts over).
std::optional<ImportCheckpoint> LoadCheckpoint(const std::string& path);
core::Status SaveCheckpoint(const std::string& path, const ImportCheckpoint& checkpoint);
void RemoveCheckpoint(const std::string& path);

}  // namespace ordo::service
