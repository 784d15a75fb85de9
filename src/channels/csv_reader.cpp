#include "channels/csv_reader.hpp"

namespace ordo::channels {

bool CsvRecord::blank() const {
  for (const std::string& field : fields) {
    if (!field.empty()) return false;
  }
  return true;
}

CsvReader::CsvReader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {
  // Excel writes "sep=<c>" as the first line when the delimiter is not the locale's.
  if (text_.size() >= 5 && text_.starts_with("sep=") && text_[4] != '\r' && text_[4] != '\n') {
    delimiter_ = text_[4];
    pos_ = 5;
    if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    line_ = 2;
  }
}

bool CsvReader::Next(CsvRecord& record) {
  record.fields.clear();
  record.unterminated_quote = false;
  if (pos_ >= text_.size()) return false;
  record.number = ++number_;
  record.line = line_;
  std::string field;
  bool quoted = false;       // inside a quoted section
  bool field_started = false;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (quoted) {
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field += '"';
          pos_ += 2;
        } else {
          quoted = false;
          ++pos_;
        }
        continue;
      }
      if (c == '\n' || (c == '\r' && (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '\n'))) ++line_;
      field += c;
      ++pos_;
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
      ++pos_;
      continue;
    }
    if (c == delimiter_) {
      record.fields.push_back(std::move(field));
      field.clear();
      field_started = false;
      ++pos_;
      continue;
    }
    if (c == '\r' || c == '\n') {
      ++pos_;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      record.fields.push_back(std::move(field));
      return true;
    }
    field += c;
    field_started = true;
    ++pos_;
  }
  record.unterminated_quote = quoted;
  record.fields.push_back(std::move(field));
  return true;
}

}  // namespace ordo::channels
