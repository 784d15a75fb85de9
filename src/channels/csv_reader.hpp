#pragma once
// CSV as POS and ERP exports and Excel write it: RFC 4180 plus what they add.
//   - fields separated by a delimiter (',' by default; ';' and '\t' occur), records by CRLF, LF
//     or a lone CR (old Mac Excel); the last record may end without one;
//   - a field in double quotes may hold delimiters, line breaks and doubled quotes ("" → ");
//   - Excel's own quirks: a "sep=;" first line sets the delimiter; text after a closing quote
//     is kept (a"b"c → a"b"c as Excel shows it, not an error); a quote inside an unquoted field is
//     an ordinary character.
// The input is UTF-8 already (text_encoding.hpp) and has no BOM. An unterminated quote is the one
// error: that record (to the end of the input) is reported broken.
//
//   CsvReader reader(text, ',');
//   CsvRecord record;
//   while (reader.Next(record)) { … record.fields … record.line … }
//
// Holds a view of `text`: the text must outlive the reader. Not thread-safe.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ordo::channels {

struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t number = 0;   // 1-based record number (the header is record 1): the spreadsheet row
  std::size_t line = 0;     // 1-based physical line where the record starts
  bool unterminated_quote = false;
  bool blank() const;       // no fields, or only empty ones (Excel's trailing ",,,," rows)
};

class CsvReader {
 public:
  CsvReader(std::string_view text, char delimiter);
  // Reads the next record into `record`; false at the end of the input.
  bool Next(CsvRecord& record);
  char delimiter() const { return delimiter_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t number_ = 0;
  char delimiter_;
};

}  // namespace ordo::channels
