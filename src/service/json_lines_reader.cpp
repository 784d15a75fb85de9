#include "service/json_lines_reader.hpp"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace ordo::service {
namespace {

constexpr std::size_t kBufferBytes = 1 << 20;

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace

core::Result<JsonLinesReader> JsonLinesReader::Open(const std::string& path, std::uint64_t offset,
                                                    std::uint64_t line_number) {
  JsonLinesReader reader;
  reader.file_.reset(std::fopen(path.c_str(), "rb"));
  if (!reader.file_) {
    const bool missing = errno == ENOENT;
    return core::MakeError(missing ? core::ErrorCode::kNotFound : core::ErrorCode::kUnavailable,
                           "cannot open " + path + ": " + std::strerror(errno));
  }
  struct stat info {};
  if (fstat(fileno(reader.file_.get()), &info) == 0) reader.size_ = static_cast<std::uint64_t>(info.st_size);
  if (offset > 0 && std::fseek(reader.file_.get(), static_cast<long>(offset), SEEK_SET) != 0) {
    return core::MakeError(core::ErrorCode::kUnavailable, "cannot seek in " + path);
  }
  reader.offset_ = offset;
  reader.next_line_ = line_number == 0 ? 1 : line_number;
  reader.buffer_.resize(kBufferBytes);
  return reader;
}

bool JsonLinesReader::Refill() {
  if (eof_) return false;
  // Keep the unread tail; grow when one line fills the whole buffer.
  const std::size_t unread = end_ - begin_;
  if (begin_ > 0) std::memmove(buffer_.data(), buffer_.data() + begin_, unread);
  begin_ = 0;
  end_ = unread;
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  const std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_.get());
  end_ += got;
  if (got == 0) {
    eof_ = true;
    failed_ = std::ferror(file_.get()) != 0;
    return false;
  }
  return true;
}

bool JsonLinesReader::Next(JsonLine& line) {
  for (;;) {
    const char* start = buffer_.data() + begin_;
    const void* newline = std::memchr(start, '\n', end_ - begin_);
    std::size_t length = 0;
    std::size_t consumed = 0;
    if (newline != nullptr) {
      length = static_cast<std::size_t>(static_cast<const char*>(newline) - start);
      consumed = length + 1;
    } else if (Refill()) {
      continue;
    } else if (end_ > begin_) {
      length = end_ - begin_;  // the last line without '\n'
      consumed = length;
      start = buffer_.data() + begin_;
    } else {
      return false;
    }
    std::string_view text(start, length);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (offset_ == 0 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    begin_ += consumed;
    offset_ += consumed;
    const std::uint64_t number = next_line_++;
    if (IsBlank(text)) continue;
    line.text = text;
    line.number = number;
    line.end_offset = offset_;
    return true;
  }
}

}  // namespace ordo::service
