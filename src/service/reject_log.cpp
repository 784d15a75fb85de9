#include "service/reject_log.hpp"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

#include "core/json.hpp"

namespace ordo::service {

std::string RejectLine(const RejectedRow& row) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "file");
  core::WriteString(writer, row.file);
  if (row.number > 0) {
    core::WriteKey(writer, row.csv_row ? "row" : "line");
    writer.Uint64(row.number);
  }
  if (!row.external_id.empty()) {
    core::WriteKey(writer, "external_id");
    core::WriteString(writer, row.external_id);
  }
  core::WriteKey(writer, "errors");
  writer.StartArray();
  for (const core::FieldError& error : row.errors) {
    writer.StartObject();
    core::WriteKey(writer, "field");
    core::WriteString(writer, error.field);
    core::WriteKey(writer, "code");
    core::WriteString(writer, error.code);
    core::WriteKey(writer, "message");
    core::WriteString(writer, error.message);
    if (!error.rule.empty()) {
      core::WriteKey(writer, "rule");
      core::WriteString(writer, error.rule);
      core::WriteKey(writer, "action");
      core::WriteString(writer, error.action);
    }
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  std::string line(buffer.GetString(), buffer.GetSize());
  line += '\n';
  return line;
}

core::Result<std::unique_ptr<RejectLog>> RejectLog::Open(const std::string& path, std::uint64_t keep_bytes) {
  auto log = std::make_unique<RejectLog>();
  log->path_ = path;
  log->file_.reset(std::fopen(path.c_str(), keep_bytes == 0 ? "wb" : "r+b"));
  if (!log->file_) {
    return core::MakeError(core::ErrorCode::kUnavailable, "cannot open the reject file " + path + ": " +
                                                              std::strerror(errno));
  }
  if (keep_bytes > 0) {
    struct stat info {};
    const int fd = fileno(log->file_.get());
    if (fstat(fd, &info) != 0 || static_cast<std::uint64_t>(info.st_size) < keep_bytes) {
      return core::MakeError(core::ErrorCode::kConflict,
                             "the reject file " + path + " is shorter than the checkpoint says; rerun with --restart");
    }
    if (ftruncate(fd, static_cast<off_t>(keep_bytes)) != 0 || std::fseek(log->file_.get(), 0, SEEK_END) != 0) {
      return core::MakeError(core::ErrorCode::kUnavailable, "cannot truncate the reject file " + path);
    }
  }
  log->bytes_ = keep_bytes;
  return log;
}

core::Status RejectLog::Append(std::string_view lines) {
  if (lines.empty()) return core::Ok();
  if (std::fwrite(lines.data(), 1, lines.size(), file_.get()) != lines.size() || std::fflush(file_.get()) != 0) {
    return core::MakeError(core::ErrorCode::kUnavailable, "cannot write the reject file " + path_);
  }
  bytes_ += lines.size();
  return core::Ok();
}

}  // namespace ordo::service
