#pragma once
// Reads a JSON-lines file one line at a time from a byte offset, for the bulk import: each line
// comes with its 1-based line number and the offset just after it, which is what a checkpoint
// records so that a rerun can seek straight to where the last one stopped.
//
// Lines end at '\n'; a '\r' before it and a UTF-8 BOM at the start of the file are dropped.
// Blank lines (only spaces/tabs) are skipped but counted. Reads through a 1 MiB buffer; a line
// longer than the buffer grows it. Not thread-safe.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ordo::service {

struct JsonLine {
  std::string_view text;       // valid until the next call to Next
  std::uint64_t number = 0;    // 1-based line number in the file
  std::uint64_t end_offset = 0;  // byte offset just after the line's '\n'
};

class JsonLinesReader {
 public:
  // Opens `path` and seeks to `offset`, which must be the start of line `line_number`
  // (0 and 1 for a new import). kNotFound / kUnavailable when the file cannot be read.
  static core::Result<JsonLinesReader> Open(const std::string& path, std::uint64_t offset = 0,
                                            std::uint64_t line_number = 1);

  // The next non-blank line; false at the end of the file (or on a read error: see error()).
  bool Next(JsonLine& line);
  bool failed() const { return failed_; }
  std::uint64_t size() const { return size_; }       // file size in bytes at open
  std::uint64_t offset() const { return offset_; }   // bytes consumed so far

 private:
  struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  bool Refill();

  std::unique_ptr<std::FILE, FileCloser> file_;
  std::string buffer_;
  std::size_t begin_ = 0;  // unread bytes are buffer_[begin_, end_)
  std::size_t end_ = 0;
  bool eof_ = false;
  bool failed_ = false;
  std::uint64_t size_ = 0;
  std::uint64_t offset_ = 0;
  std::uint64_t next_line_ = 1;
};

}  // namespace ordo::service
