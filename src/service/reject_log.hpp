#pragma once
// The reject file of a bulk import: one JSON object per rejected row, in file order,
//   {"file":"orders.jsonl","line":17,"external_id":"5001","errors":[{"field":"/line_items/0/price",
//    "code":"decimal","message":"…"}]}
// ("row" instead of "line" for CSV: the spreadsheet row, header = 1; "rule" and "action" are
// added for an entry-rule violation). It names fields and rules, never values: the messages of
// the adapters and of the entry rules never quote a value, and the order number is the only
// value written (it identifies the order; it is not personal data).
//
// Resumable: bytes() after each committed batch goes into the checkpoint, and reopening with
// `keep_bytes` cuts off whatever a killed run wrote after that. Not thread-safe.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ordo::service {

struct RejectedRow {
  std::string file;
  bool csv_row = false;          // number is a CSV row (header = 1), else a line number
  std::uint64_t number = 0;      // 0: not known (a CSV order refused after mapping, see rows)
  std::string external_id;
  std::vector<core::FieldError> errors;
};

// The JSON line (with its '\n') for one rejected row.
std::string RejectLine(const RejectedRow& row);

class RejectLog {
 public:
  // Opens `path` for appending, first truncated to `keep_bytes` (0: a new, empty file).
  static core::Result<std::unique_ptr<RejectLog>> Open(const std::string& path, std::uint64_t keep_bytes);

  // Appends already formatted lines (RejectLine) and flushes them to the OS, so that a kill -9
  // after the checkpoint that counts them cannot lose them.
  core::Status Append(std::string_view lines);
  std::uint64_t bytes() const { return bytes_; }
  const std::string& path() const { return path_; }

 private:
  struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::string path_;
  std::uint64_t bytes_ = 0;
};

}  // namespace ordo::service
